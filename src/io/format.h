// Formatting helpers shared by the writers (results, linkage reports). Private.
#ifndef PARLEY_IO_FORMAT_H_
#define PARLEY_IO_FORMAT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace parley {
struct Result;
namespace internal {

// RFC 4180 quoting: only fields that need it.
std::string CsvField(const std::string& text);
// Shortest text that reads back to the same double.
std::string CsvNumber(double value);
// Pretty JSON with a final newline. Scenarios hold only valid UTF-8, but a Result may carry
// text from anywhere (e.g. an id built by a caller): invalid bytes are replaced rather than
// thrown over while writing.
std::string Dump(const nlohmann::ordered_json& json);

// One model's result as ResultsToJson writes it: spec, parameters, input hash, seed,
// forecasts, and details, trajectory, moves and exchanges where it has them.
nlohmann::ordered_json ResultJson(const Result& result);

}  // namespace internal
}  // namespace parley

#endif  // PARLEY_IO_FORMAT_H_
