// smp: golden tests against KTAB's reference runs (../shared/data/ktab, skipped without it)
// and the model's own invariants.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "parley/io.h"
#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

const std::string kKtab = PARLEY_SHARED_DIR "/data/ktab/";

struct Reference {
  std::vector<std::string> fractional;                            // "%.4f" per turn
  std::map<std::string, std::vector<std::string>> positions;      // "actor|dim" -> "%5.1f"
  std::map<std::string, std::vector<std::string>> probabilities;  // actor -> "%.4f"
};

std::vector<std::string> Words(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

Reference ReadReference(const std::string& path) {
  Reference reference;
  std::ifstream in(path);
  bool positions = false, probabilities = false;
  const std::string fractional = "Fractional change compared to first step: ";
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(fractional, 0) == 0) {
      reference.fractional.push_back(Words(line.substr(fractional.size()))[0]);
    } else if (line.rfind("History of actor positions", 0) == 0) {
      positions = true;
    } else if (line.rfind("History of actors' winning", 0) == 0) {
      positions = false;
      probabilities = true;
    } else if (positions || probabilities) {
      const std::size_t comma = line.find(", ");
      const std::size_t colon = line.find(':');
      if (comma == std::string::npos || colon == std::string::npos) continue;
      const std::string actor = line.substr(0, comma);
      std::string label = line.substr(comma + 2, colon - comma - 2);
      while (!label.empty() && label.back() == ' ') label.pop_back();
      if (probabilities) {
        reference.probabilities[actor] = Words(line.substr(colon + 1));
      } else {
        reference.positions[actor + "|" + label] = Words(line.substr(colon + 1));
      }
    }
  }
  return reference;
}

std::string Format(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string Trimmed(std::string text) {
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  return text;
}

// Compares a run of smp(capabilities=raw) on `input` with KTAB's log `log`, at the log's
// printed precision; returns the number of printed values compared.
int ExpectMatchesReference(const std::string& input, const std::string& log) {
  const Scenario scenario = ReadScenarioFile(kKtab + input);
  const Result result = DefaultRegistry().Create("smp(capabilities=raw)")->Run(scenario);
  const Reference reference = ReadReference(kKtab + log);
  int compared = 0;
  std::map<std::string, double> details;
  for (const Detail& detail : result.details)
    details[detail.actor_id + "|" + detail.name] = detail.value;
  EXPECT_EQ(details["|turns"], static_cast<double>(reference.fractional.size()));
  for (std::size_t t = 1; t <= reference.fractional.size(); ++t) {
    const auto found = details.find("|fractional_change_turn_" + std::to_string(t));
    if (found == details.end()) break;
    EXPECT_EQ(Format("%.4f", found->second), reference.fractional[t - 1]) << "turn " << t;
    ++compared;
  }
  std::map<std::string, std::vector<double>> positions;
  for (const ActorRound& row : result.trajectory) {
    positions[row.actor_id + "|" + row.issue_id].push_back(row.position);
  }
  EXPECT_EQ(positions.size(), reference.positions.size());
  for (const auto& [key, printed] : reference.positions) {
    const std::vector<double>& ours = positions[key];
    if (ours.size() != printed.size()) {
      ADD_FAILURE() << key << ": " << ours.size() << " states, KTAB " << printed.size();
      continue;
    }
    for (std::size_t t = 0; t < printed.size(); ++t) {
      EXPECT_EQ(Trimmed(Format("%5.1f", ours[t])), printed[t]) << key << " turn " << t;
      ++compared;
    }
  }
  EXPECT_EQ(reference.probabilities.size(), scenario.actor_count());
  for (const auto& [actor, printed] : reference.probabilities) {
    for (std::size_t t = 0; t < printed.size(); ++t) {
      const auto found = details.find(actor + "|win_probability_turn_" + std::to_string(t));
      if (found == details.end()) {
        ADD_FAILURE() << actor << " turn " << t;
        break;
      }
      EXPECT_EQ(Format("%.4f", found->second), printed[t]) << actor << " turn " << t;
      ++compared;
    }
  }
  return compared;
}

TEST(SmpGolden, ReproducesKtabSoePolComp) {
  if (!testing::FileExists(kKtab + "SOE-Pol-Comp.csv")) GTEST_SKIP() << "no ../shared/data/ktab";
  // 27 fractional changes, 13 actors x 2 dimensions x 28 states, 13 x 28 probabilities.
  EXPECT_EQ(ExpectMatchesReference("SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt"),
            27 + 13 * 2 * 28 + 13 * 28);
}

TEST(SmpGolden, ReproducesKtabDummyData3Dim) {
  if (!testing::FileExists(kKtab + "dummyData_3Dim.csv")) GTEST_SKIP() << "no ../shared/data/ktab";
  EXPECT_EQ(ExpectMatchesReference("dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt"),
            10 + 7 * 3 * 11 + 7 * 11);
}

TEST(SmpGolden, DefaultCapabilityScalingChangesNothingAtPrintedPrecision) {
  if (!testing::FileExists(kKtab + "dummyData_3Dim.csv")) GTEST_SKIP() << "no ../shared/data/ktab";
  const Scenario scenario = ReadScenarioFile(kKtab + "dummyData_3Dim.csv");
  const Result raw = DefaultRegistry().Create("smp(capabilities=raw)")->Run(scenario);
  const Result scaled = DefaultRegistry().Create("smp")->Run(scenario);
  ASSERT_EQ(raw.trajectory.size(), scaled.trajectory.size());
  for (std::size_t r = 0; r < raw.trajectory.size(); ++r) {
    EXPECT_NEAR(raw.trajectory[r].position, scaled.trajectory[r].position, 1e-6);
  }
}

Scenario ThreeActors() {
  return testing::MakeScenario({100, 60, 35}, {std::nullopt, std::nullopt},
                               {{0, 0, 30, 0.24},
                                {0, 1, 20, 0.48},
                                {1, 0, 45, 0.447},
                                {1, 1, 65, 0.413},
                                {2, 0, 30, 0.289},
                                {2, 1, 15, 0.651}});
}

TEST(Smp, ReportsEveryTurnForEveryActorAndIssue) {
  const Scenario scenario = ThreeActors();
  const Result result = DefaultRegistry().Create("smp")->Run(scenario);
  int turns = -1;
  for (const Detail& detail : result.details) {
    if (detail.name == "turns") turns = static_cast<int>(detail.value);
  }
  ASSERT_GE(turns, 2);
  EXPECT_EQ(result.trajectory.size(), static_cast<std::size_t>(turns + 1) * 3 * 2);
  for (int t = 0; t <= turns; ++t) {
    double total = 0;
    int count = 0;
    for (const Detail& detail : result.details) {
      if (detail.name == "win_probability_turn_" + std::to_string(t)) {
        total += detail.value;
        ++count;
        EXPECT_GE(detail.value, 0);
        EXPECT_LE(detail.value, 1);
      }
    }
    EXPECT_EQ(count, 3);
    EXPECT_GT(total, 0.99);  // > 1 when actors share a position
  }
  EXPECT_EQ(result.trajectory.front().position, 30);
}

TEST(Smp, StopsAtTheTurnCap) {
  const Result result =
      DefaultRegistry().Create("smp(max_turns=1,min_turns=1)")->Run(ThreeActors());
  int turns = -1;
  for (const Detail& detail : result.details) {
    if (detail.name == "turns") turns = static_cast<int>(detail.value);
  }
  EXPECT_EQ(turns, 1);
}

TEST(Smp, EveryOptionRuns) {
  for (const char* spec :
       {"smp(victory=square,pce=markov_uniform)", "smp(voting=binary,pce=markov_incentive)",
        "smp(interpolation=s2pmax,bargain=init_rcvr)", "smp(bargain=power_weighted)",
        "smp(risk_range=max,risk_adjust=full,third_party=full)",
        "smp(victory=binary,voting=asym_prosp,third_party=none,interpolation=s1p1)"}) {
    const Result result = DefaultRegistry().Create(spec)->Run(ThreeActors());
    for (const IssueForecast& forecast : result.forecasts) {
      EXPECT_TRUE(std::isfinite(forecast.position)) << spec;
      EXPECT_GE(forecast.position, 0) << spec;
      EXPECT_LE(forecast.position, 100) << spec;
    }
  }
}

}  // namespace
}  // namespace parley
