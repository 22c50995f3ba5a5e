// Helpers shared by the tests: scenarios built in code, and the paths of project files.
#ifndef PARLEY_TESTS_TEST_UTIL_H_
#define PARLEY_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parley/io.h"
#include "parley/scenario.h"

namespace parley::testing {

// A stance row for MakeScenario: actor index, issue index, position, salience.
struct StanceRow {
  std::size_t actor;
  std::size_t issue;
  double position;
  double salience;
};

// Actors "A0", "A1", ... with the given capabilities; issues "I0", "I1", ... on [0, 100]
// with the given status quos (nullopt = none).
Scenario MakeScenario(const std::vector<double>& capabilities,
                      const std::vector<std::optional<double>>& status_quos,
                      const std::vector<StanceRow>& stances);

// A random valid scenario: every actor on every issue, positions on [0, 100] (some
// repeated), saliences in (0, 1], capabilities in (0, 10]; deterministic for a seed.
Scenario RandomScenario(std::uint64_t seed, std::size_t actors, std::size_t issues);

// The same scenario with actors listed in reverse order / capabilities times `factor`.
Scenario ReverseActors(const Scenario& scenario);
Scenario ScaleCapabilities(const Scenario& scenario, double factor);

// <project>/path and ../shared/path (the latter may not exist in a user's clone).
std::string ProjectPath(const std::string& path);
std::string SharedPath(const std::string& path);
bool FileExists(const std::string& path);

// A malformed input and the parts its error message must contain (file:line, field,
// what was expected), for the readers' parameterised error tests.
struct BadInput {
  const char* name;  // test name: letters, digits and spaces
  std::string text;
  std::vector<const char*> expected;
};

// Checks that parsing bad.text in `format` (as file `source`) throws an InputError whose
// message contains every expected part.
void ExpectRejected(ScenarioFormat format, const BadInput& bad, const std::string& source);

// gtest parameter names from BadInput::name.
std::string BadInputName(const ::testing::TestParamInfo<BadInput>& info);

}  // namespace parley::testing

#endif  // PARLEY_TESTS_TEST_UTIL_H_
