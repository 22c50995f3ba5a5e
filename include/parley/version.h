// parley/version.h: the library version, recorded in every output file.
#ifndef PARLEY_VERSION_H_
#define PARLEY_VERSION_H_

namespace parley {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace parley

#endif  // PARLEY_VERSION_H_
