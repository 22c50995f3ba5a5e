// Helpers the benchmarks share.
#ifndef PARLEY_BENCH_BENCH_UTIL_H_
#define PARLEY_BENCH_BENCH_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "parley/scenario.h"

namespace parley::bench {

// Actors "A0".. and issues "I0".. on [0, 100], every actor on every issue, with random
// capabilities, status quos, positions and saliences, the same for a seed.
inline Scenario RandomScenario(std::size_t actors, std::size_t issues, std::uint64_t seed = 2017) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  ScenarioBuilder builder("bench");
  builder.SetName("bench");
  for (std::size_t a = 0; a < actors; ++a) {
    builder.AddActor({"A" + std::to_string(a), "", 0.1 + unit(engine)});
  }
  for (std::size_t k = 0; k < issues; ++k) {
    Issue issue;
    issue.id = "I" + std::to_string(k);
    issue.status_quo = 100 * unit(engine);
    builder.AddIssue(issue);
  }
  for (std::size_t a = 0; a < actors; ++a) {
    for (std::size_t k = 0; k < issues; ++k) {
      builder.SetStance("A" + std::to_string(a), "I" + std::to_string(k),
                        {100 * unit(engine), 0.05 + 0.95 * unit(engine)});
    }
  }
  return builder.Build();
}

// One issue `issue_id` on [0, 100] with actors "A0".. of the given capabilities, positions
// and saliences.
inline Scenario OneIssueScenario(const std::string& name, const std::string& issue_id,
                                 const std::vector<double>& capability,
                                 const std::vector<double>& position,
                                 const std::vector<double>& salience) {
  ScenarioBuilder builder(name);
  Issue issue;
  issue.id = issue_id;
  builder.AddIssue(issue);
  for (std::size_t a = 0; a < capability.size(); ++a) {
    const std::string id = "A" + std::to_string(a);
    builder.AddActor({id, "", capability[a]});
    builder.SetStance(id, issue_id, {position[a], salience[a]});
  }
  return builder.Build();
}

}  // namespace parley::bench

#endif  // PARLEY_BENCH_BENCH_UTIL_H_
