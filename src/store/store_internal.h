// Helpers the run store's files share (src/store/). Private to the library.
#ifndef PARLEY_SRC_STORE_STORE_INTERNAL_H_
#define PARLEY_SRC_STORE_STORE_INTERNAL_H_

#include <string>
#include <utility>
#include <vector>

#include "parley/store.h"

namespace parley::store {

// `text` as a JSON string literal, quotes included.
std::string JsonString(const std::string& text);
// A model's parameters as models.parameters holds them (a flat JSON object of strings).
std::vector<std::pair<std::string, std::string>> ParseParameters(const std::string& json);
// A --since value ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ") as the created_at text it
// compares with; throws InputError for anything else.
std::string NormaliseSince(const std::string& since);
// What changed between two stored runs (diff.cc).
RunDiff DiffRuns(const RunRecord& old_run, const RunRecord& new_run);
// The summary line of a loaded run.
RunSummary SummaryOf(const RunRecord& run);

}  // namespace parley::store

#endif  // PARLEY_SRC_STORE_STORE_INTERNAL_H_
