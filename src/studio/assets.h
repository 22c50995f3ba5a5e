// parley studio's page (web/studio/), compiled into the library by tools/embed_assets.cc
// (the definitions are generated at build time; see CMakeLists.txt). Private to the library.
#ifndef PARLEY_SRC_STUDIO_ASSETS_H_
#define PARLEY_SRC_STUDIO_ASSETS_H_

#include <string_view>

namespace parley::internal {

std::string_view StudioIndexHtml();
std::string_view StudioCss();
std::string_view StudioJs();

}  // namespace parley::internal

#endif  // PARLEY_SRC_STUDIO_ASSETS_H_
