// Formatting helpers shared by the writers (results, linkage reports). Private.
#ifndef PARLEY_IO_FORMAT_H_
#define PARLEY_IO_FORMAT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace parley::internal {

// RFC 4180 quoting: only fields that need it.
std::string CsvField(const std::string& text);
// Shortest text that reads back to the same double.
std::string CsvNumber(double value);
// Pretty JSON with a final newline. Scenarios hold only valid UTF-8, but a Result may carry
// text from anywhere (e.g. an id built by a caller): invalid bytes are replaced rather than
// thrown over while writing.
std::string Dump(const nlohmann::ordered_json& json);

}  // namespace parley::internal

#endif  // PARLEY_IO_FORMAT_H_
