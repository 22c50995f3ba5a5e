// The chart libraries an HTML report inlines: Vega, Vega-Lite and vega-embed, the files
// web/package-lock.json pins, compiled into the library by tools/embed_assets.cc (the
// definitions are generated at build time; see CMakeLists.txt). Private to the library.
#ifndef PARLEY_REPORT_ASSETS_H_
#define PARLEY_REPORT_ASSETS_H_

#include <string>
#include <string_view>

namespace parley::internal {

// The minified scripts (build/*.min.js, without their source map comments) and the
// package versions they come from.
std::string_view VegaJs();
std::string_view VegaJsVersion();
std::string_view VegaLiteJs();
std::string_view VegaLiteJsVersion();
std::string_view VegaEmbedJs();
std::string_view VegaEmbedJsVersion();

// `code` as an inline <script data-library="name"> element (for the report and parley
// studio's page).
std::string InlineScript(std::string_view code, std::string_view name);

}  // namespace parley::internal

#endif  // PARLEY_REPORT_ASSETS_H_
