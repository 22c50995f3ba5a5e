// eum: the replication trace reproduced round by round, the published EC-10 figures, edge
// cases, the fast algorithm against the naive oracle, and the parameter plumbing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "models/eum_core.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

namespace eum = internal::eum;
using testing::MakeScenario;

// Bueno de Mesquita (1994), the EC emission-standards issue (Scholz et al. 2011, table 1).
constexpr const char* kEc10 =
    "Actor,Capability,Position,Salience\n"
    "Netherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\nLuxembourg,0.03,4,0.2\nGermany,0.16,4,0.8\n"
    "France,0.16,10,0.6\nItaly,0.16,10,0.6\nUK,0.16,10,0.9\nIreland,0.05,7,0.1\n"
    "Denmark,0.05,4,1.0\nGreece,0.08,7,0.7\n";

const char* const kTracePath = PARLEY_SHARED_DIR "/data/eum/Example.trace.json";

Result RunEum(const std::string& spec, const Scenario& scenario) {
  return DefaultRegistry().Create(spec)->Run(scenario);
}

// |a - b| <= `relative` x the larger magnitude, or x `floor` when both are smaller (values
// that are zero in exact arithmetic then compare absolutely).
::testing::AssertionResult Close(double a, double b, double relative = 1e-9, double floor = 1e-3) {
  const double scale = std::max({std::abs(a), std::abs(b), floor});
  if (std::abs(a - b) <= relative * scale) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " vs " << b << " (difference " << a - b << ")";
}

// Against the reference trace: 1e-9 relative, however small the value (zeros exactly).
::testing::AssertionResult TraceClose(double a, double b) { return Close(a, b, 1e-9, 0.0); }

double Detail(const Result& result, const std::string& issue, const std::string& name) {
  for (const parley::Detail& detail : result.details) {
    if (detail.issue_id == issue && detail.name == name) return detail.value;
  }
  ADD_FAILURE() << "no detail " << name << " for issue " << issue;
  return NAN;
}

using eum::ReplicationConfig;

eum::OfferKind KindFromName(const std::string& name) {
  if (name == "confrontation") return eum::OfferKind::kConfrontation;
  if (name == "compromise") return eum::OfferKind::kCompromise;
  if (name == "capitulation") return eum::OfferKind::kCapitulation;
  return eum::OfferKind::kNone;
}

TEST(EumReplication, PublishedTableReproducesTheLoggedRun) {
  const Scenario scenario = ParseBdmCsvScenario(kEc10, "ec10.csv");
  const Result result = RunEum("eum(preset=replication)", scenario);
  // Example.log: final "Mean position", and the first round's three offer blocks.
  EXPECT_TRUE(Close(result.forecasts[0].position, 7.242130958473938, 1e-12));
  EXPECT_TRUE(Close(Detail(result, "ec10", "mean"), 7.242130958473938, 1e-12));
  EXPECT_EQ(Detail(result, "ec10", "median"), 7.0);  // trace: median_position_after, round 10
  EXPECT_EQ(Detail(result, "ec10", "rounds"), 10);
  ASSERT_GE(result.moves.size(), 3u);
  const Move& belgium = result.moves[0];
  EXPECT_EQ(belgium.round, 1);
  EXPECT_EQ(belgium.actor_id, "Belgium");
  EXPECT_EQ(belgium.toward_id, "France");
  EXPECT_EQ(belgium.kind, "compromise");
  EXPECT_TRUE(Close(belgium.eu_self, -0.11483050347300794, 1e-12));
  EXPECT_TRUE(Close(belgium.eu_other, 0.2432965945234421, 1e-12));
  EXPECT_TRUE(Close(belgium.to, 8.415932315426764, 1e-12));
  EXPECT_EQ(result.moves[1].actor_id, "Luxembourg");
  EXPECT_EQ(result.moves[1].kind, "confrontation");
  EXPECT_EQ(result.moves[1].to, 7.0);
  EXPECT_EQ(result.moves[2].actor_id, "Ireland");
  EXPECT_EQ(result.moves[2].toward_id, "Luxembourg");
  EXPECT_EQ(result.moves.size(), 30u);  // three movers in each of the ten rounds
  // Round 1 risk exponents (Example.rounds.csv); rows 0-9 are round 0.
  ASSERT_EQ(result.trajectory.size(), 110u);
  EXPECT_TRUE(Close(result.trajectory[10].risk, 1.4056527842180304, 1e-12));  // Netherlands
  EXPECT_TRUE(Close(result.trajectory[17].risk, 0.5000000000000001, 1e-12));  // Ireland
  EXPECT_TRUE(Close(result.trajectory[18].risk, 1.9999999999999998, 1e-12));  // Denmark
  // Initial state of the log: median 7, mean 7.389955686853767.
  eum::IssueActors actors{{0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08},
                          {0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7}};
  const std::vector<double> initial{4, 7, 4, 4, 10, 10, 10, 7, 4, 7};
  EXPECT_TRUE(Close(eum::MeanPosition(actors, initial), 7.389955686853767, 1e-12));
  EXPECT_EQ(eum::MedianPosition(eum::MedianRule::kCondorcet, actors, initial), 7.0);
}

// Every round of the reference trace, for both algorithms: danger levels, R, r, the
// probability matrix, every EU pair, every offer and position, the mean and the median.
void CheckTrace(eum::Algorithm algorithm) {
  std::ifstream file(kTracePath);
  const nlohmann::json trace = nlohmann::json::parse(file);
  eum::IssueActors actors;
  std::vector<double> position;
  for (const auto& actor : trace["actors"]) {
    actors.capability.push_back(actor["c"].get<double>());
    actors.salience.push_back(actor["s"].get<double>());
    position.push_back(actor["x0"].get<double>());
  }
  const std::size_t n = position.size();
  const double range = eum::PositionRange(position);
  ASSERT_EQ(range, trace["position_range"].get<double>());
  const eum::Config config = ReplicationConfig();
  int pairs_checked = 0;
  for (const auto& round : trace["rounds"]) {
    SCOPED_TRACE("round " + std::to_string(round["round"].get<int>()));
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(position[i], round["x_before"][i].get<double>()) << "actor " << i;
    }
    eum::RoundTrace internals;
    const eum::RoundOutcome outcome =
        eum::RunRound(config, algorithm, actors, position, range, 0.0, &internals);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_TRUE(TraceClose(internals.danger[i], round["danger_level_r1"][i].get<double>()));
      EXPECT_TRUE(
          TraceClose(internals.risk_acceptance[i], round["risk_acceptance_R"][i].get<double>()));
      EXPECT_TRUE(TraceClose(outcome.r[i], round["r"][i].get<double>()));
      for (std::size_t j = 0; j < n; ++j) {
        EXPECT_TRUE(TraceClose(internals.probability[i * n + j],
                               round["probability_matrix_after_r_update"][i][j].get<double>()))
            << "P(" << i << "," << j << ")";
      }
    }
    std::size_t distinct_pairs = 0;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) distinct_pairs += position[i] != position[j];
    }
    EXPECT_EQ(round["pairs_i_receives_from_j"].size(), distinct_pairs);
    for (const auto& pair : round["pairs_i_receives_from_j"]) {
      const std::size_t i = pair["i"], j = pair["j"];
      EXPECT_TRUE(TraceClose(internals.eu_ij[i * n + j], pair["eu_ij"].get<double>()));
      EXPECT_TRUE(TraceClose(internals.eu_ji[i * n + j], pair["eu_ji"].get<double>()));
      ++pairs_checked;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto& expected = round["best_offer"][i];
      const eum::Offer& offer = outcome.offer[i];
      if (expected.is_null()) {
        EXPECT_EQ(offer.kind, eum::OfferKind::kNone) << "actor " << i;
      } else {
        EXPECT_EQ(offer.kind, KindFromName(expected["type"])) << "actor " << i;
        EXPECT_EQ(offer.from, expected["from"].get<std::size_t>());
        EXPECT_TRUE(TraceClose(offer.eu_ij, expected["eu"].get<double>()));
        EXPECT_TRUE(TraceClose(offer.eu_ji, expected["other_eu"].get<double>()));
        EXPECT_TRUE(TraceClose(offer.position, expected["position"].get<double>()));
      }
      EXPECT_TRUE(TraceClose(outcome.position[i], round["x_after"][i].get<double>()));
    }
    // Continue from the reference's own positions, so one miss does not cascade.
    for (std::size_t i = 0; i < n; ++i) position[i] = round["x_after"][i].get<double>();
    EXPECT_TRUE(
        Close(eum::MeanPosition(actors, position), round["mean_position_after"].get<double>()));
    EXPECT_TRUE(TraceClose(eum::MedianPosition(eum::MedianRule::kCondorcet, actors, position),
                           round["median_position_after"].get<double>()));
  }
  EXPECT_EQ(trace["rounds"].size(), 10u);
  EXPECT_GT(pairs_checked, 700);
}

TEST(EumReplication, TraceEveryRoundNaive) {
  if (!testing::FileExists(kTracePath)) GTEST_SKIP() << kTracePath << " absent (../shared)";
  CheckTrace(eum::Algorithm::kNaive);
}

TEST(EumReplication, TraceEveryRoundFast) {
  if (!testing::FileExists(kTracePath)) GTEST_SKIP() << kTracePath << " absent (../shared)";
  CheckTrace(eum::Algorithm::kFast);
}

TEST(EumReplication, ModelOutputMatchesTraceMovesAndPositions) {
  if (!testing::FileExists(kTracePath)) GTEST_SKIP() << kTracePath << " absent (../shared)";
  std::ifstream file(kTracePath);
  const nlohmann::json trace = nlohmann::json::parse(file);
  const Scenario scenario =
      ReadScenarioFile(PARLEY_SHARED_DIR "/data/eum/" + trace["csv"].get<std::string>());
  for (const char* algorithm : {"naive", "fast"}) {
    SCOPED_TRACE(algorithm);
    const Result result =
        RunEum(std::string("eum(preset=replication,algorithm=") + algorithm + ")", scenario);
    std::size_t move = 0;
    for (const auto& round : trace["rounds"]) {
      const int number = round["round"];
      for (std::size_t i = 0; i < trace["actors"].size(); ++i) {
        const ActorRound& row = result.trajectory[number * trace["actors"].size() + i];
        EXPECT_EQ(row.round, number);
        EXPECT_TRUE(TraceClose(row.position, round["x_after"][i].get<double>()));
        EXPECT_TRUE(TraceClose(row.risk, round["r"][i].get<double>()));
        const auto& offer = round["best_offer"][i];
        if (offer.is_null()) continue;
        ASSERT_LT(move, result.moves.size());
        const Move& made = result.moves[move++];
        EXPECT_EQ(made.round, number);
        EXPECT_EQ(made.actor_id, trace["actors"][i]["name"].get<std::string>());
        EXPECT_EQ(made.toward_id, offer["from_name"].get<std::string>());
        EXPECT_EQ(made.kind, offer["type"].get<std::string>());
        EXPECT_TRUE(TraceClose(made.from, round["x_before"][i].get<double>()));
        EXPECT_TRUE(TraceClose(made.to, offer["position"].get<double>()));
        EXPECT_TRUE(TraceClose(made.eu_self, offer["eu"].get<double>()));
        EXPECT_TRUE(TraceClose(made.eu_other, offer["other_eu"].get<double>()));
      }
    }
    EXPECT_EQ(move, result.moves.size());
    EXPECT_TRUE(TraceClose(result.forecasts[0].position,
                           trace["rounds"].back()["mean_position_after"].get<double>()));
    EXPECT_TRUE(TraceClose(Detail(result, scenario.issue(0).id, "median"),
                           trace["rounds"].back()["median_position_after"].get<double>()));
  }
}

// Edge cases, under both presets and both algorithms: finite output, sensible behaviour.
const char* const kAllSpecs[] = {
    "eum(algorithm=naive)", "eum(algorithm=fast)", "eum(preset=replication,algorithm=naive)",
    "eum(preset=replication,algorithm=fast)", "eum(q=0.5,t=0.3,capitulation=off)"};

void ExpectFinite(const Result& result) {
  for (const auto& forecast : result.forecasts) EXPECT_TRUE(std::isfinite(forecast.position));
  for (const auto& detail : result.details) EXPECT_TRUE(std::isfinite(detail.value));
  for (const auto& row : result.trajectory) {
    EXPECT_TRUE(std::isfinite(row.position));
    EXPECT_TRUE(std::isfinite(row.risk));
  }
  for (const auto& move : result.moves) {
    EXPECT_TRUE(std::isfinite(move.to) && std::isfinite(move.eu_self) &&
                std::isfinite(move.eu_other));
  }
}

TEST(EumEdgeCases, AllActorsAtOnePositionStayThere) {
  const Scenario scenario =
      MakeScenario({1, 2, 3}, {std::nullopt}, {{0, 0, 40, 0.5}, {1, 0, 40, 1}, {2, 0, 40, 0.2}});
  for (const char* spec : kAllSpecs) {
    SCOPED_TRACE(spec);
    const Result result = RunEum(spec, scenario);
    ExpectFinite(result);
    EXPECT_EQ(result.forecasts[0].position, 40);
    EXPECT_EQ(Detail(result, "I0", "median"), 40);
    EXPECT_TRUE(result.moves.empty());
    for (const auto& row : result.trajectory) EXPECT_EQ(row.risk, 1.0);  // equal danger
  }
}

TEST(EumEdgeCases, OneParticipantKeepsItsPosition) {
  // A1 takes no part: the issue has a single participant, who has nobody to bargain with.
  const Scenario scenario = MakeScenario({1, 1}, {std::nullopt}, {{0, 0, 35, 0.5}});
  for (const char* spec : kAllSpecs) {
    SCOPED_TRACE(spec);
    const Result result = RunEum(spec, scenario);
    ExpectFinite(result);
    EXPECT_EQ(result.forecasts[0].position, 35);
    EXPECT_TRUE(result.moves.empty());
  }
}

TEST(EumEdgeCases, EqualDangerLevelsGiveRiskNeutralActors) {
  // Mirror-image actors: equal danger levels, where the reference divides by zero.
  const Scenario scenario = MakeScenario({1, 1}, {std::nullopt}, {{0, 0, 0, 1}, {1, 0, 100, 1}});
  for (const char* spec : kAllSpecs) {
    SCOPED_TRACE(spec);
    const Result result = RunEum(spec, scenario);
    ExpectFinite(result);
    for (const auto& row : result.trajectory) EXPECT_EQ(row.risk, 1.0);
    EXPECT_NEAR(result.forecasts[0].position, 50, 1e-9);
  }
  eum::RoundTrace internals;
  eum::RunRound(ReplicationConfig(), eum::Algorithm::kNaive, {{1, 1}, {1, 1}}, {0, 100}, 100, 0,
                &internals);
  EXPECT_EQ(internals.risk_acceptance, (std::vector<double>{0, 0}));
}

TEST(EumEdgeCases, TwoActorsTheWeakerSalientOneGivesWay) {
  // B (weak, low stake) faces A (strong, fully engaged).
  const Scenario scenario = MakeScenario({10, 1}, {std::nullopt}, {{0, 0, 20, 1}, {1, 0, 80, 0.3}});
  for (const char* spec : kAllSpecs) {
    SCOPED_TRACE(spec);
    const Result result = RunEum(spec, scenario);
    ExpectFinite(result);
    const double forecast = result.forecasts[0].position;
    EXPECT_GE(forecast, 20);
    EXPECT_LE(forecast, 80);
    for (const Move& move : result.moves) EXPECT_EQ(move.actor_id, "A1") << move.kind;
  }
}

TEST(EumEdgeCases, ZeroSalienceActorsCastNoVotesButMayMove) {
  // A2 does not care: weight 0 in every vote and in the mean; nothing becomes NaN.
  const Scenario scenario =
      MakeScenario({1, 1, 5}, {std::nullopt}, {{0, 0, 10, 0.9}, {1, 0, 60, 0.6}, {2, 0, 95, 0}});
  for (const char* spec : kAllSpecs) {
    SCOPED_TRACE(spec);
    const Result result = RunEum(spec, scenario);
    ExpectFinite(result);
    EXPECT_GE(result.forecasts[0].position, 10);
    EXPECT_LE(result.forecasts[0].position, 60);  // A2's position carries no weight
  }
  // With only zero-salience participants besides one actor, P's pair denominator can be
  // zero: an even chance, still finite.
  const Scenario lonely = MakeScenario({1, 1}, {std::nullopt}, {{0, 0, 50, 1}, {1, 0, 0, 0}});
  for (const char* spec : kAllSpecs) ExpectFinite(RunEum(spec, lonely));
}

TEST(EumEdgeCases, DuplicatePositionsActAlike) {
  // Two identical actors behave identically and never bargain with each other.
  const Scenario scenario =
      MakeScenario({2, 2, 3, 1}, {std::nullopt},
                   {{0, 0, 30, 0.7}, {1, 0, 30, 0.7}, {2, 0, 70, 0.8}, {3, 0, 50, 0.4}});
  for (const char* spec : kAllSpecs) {
    SCOPED_TRACE(spec);
    const Result result = RunEum(spec, scenario);
    ExpectFinite(result);
    for (std::size_t k = 0; k + 1 < result.trajectory.size(); ++k) {
      const ActorRound& a = result.trajectory[k];
      const ActorRound& b = result.trajectory[k + 1];
      if (a.actor_id == "A0" && b.actor_id == "A1") {
        EXPECT_EQ(a.position, b.position);
        EXPECT_EQ(a.risk, b.risk);
      }
    }
    for (const Move& move : result.moves) {
      EXPECT_FALSE((move.actor_id == "A0" && move.toward_id == "A1") ||
                   (move.actor_id == "A1" && move.toward_id == "A0"));
    }
  }
}

TEST(EumEdgeCases, RandomScenariosNeverProduceNaN) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int sample = 0; sample < 40; ++sample) {
    const std::size_t n = 2 + sample % 9;
    std::vector<double> capability;
    std::vector<testing::StanceRow> rows;
    for (std::size_t a = 0; a < n; ++a) {
      capability.push_back(std::pow(10.0, 6 * unit(random) - 3));
      const double salience = unit(random) < 0.3 ? 0.0 : unit(random);
      const double position = unit(random) < 0.4 ? 50.0 : std::round(100 * unit(random));
      rows.push_back({a, 0, position, a == 0 ? 1.0 : salience});
    }
    const Scenario scenario = MakeScenario(capability, {std::nullopt}, rows);
    for (const char* spec : kAllSpecs) ExpectFinite(RunEum(spec, scenario));
  }
}

// The fast algorithm against the naive oracle, round internals and whole runs.
void ExpectSameRound(const eum::Config& config, const eum::IssueActors& actors,
                     const std::vector<double>& position) {
  const double range = eum::PositionRange(position);
  const double median = eum::MedianPosition(config.median, actors, position);
  eum::RoundTrace naive_trace, fast_trace;
  const eum::RoundOutcome naive =
      eum::RunRound(config, eum::Algorithm::kNaive, actors, position, range, median, &naive_trace);
  const eum::RoundOutcome fast =
      eum::RunRound(config, eum::Algorithm::kFast, actors, position, range, median, &fast_trace);
  const std::size_t n = position.size();
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_TRUE(Close(naive_trace.danger[i], fast_trace.danger[i]));
    EXPECT_TRUE(Close(naive.r[i], fast.r[i]));
    EXPECT_EQ(naive.offer[i].kind, fast.offer[i].kind) << "actor " << i;
    EXPECT_EQ(naive.offer[i].from, fast.offer[i].from) << "actor " << i;
    EXPECT_TRUE(Close(naive.position[i], fast.position[i]));
  }
  for (std::size_t k = 0; k < n * n; ++k) {
    EXPECT_TRUE(Close(naive_trace.probability[k], fast_trace.probability[k])) << k;
    EXPECT_TRUE(Close(naive_trace.eu_ij[k], fast_trace.eu_ij[k])) << k;
    EXPECT_TRUE(Close(naive_trace.eu_ji[k], fast_trace.eu_ji[k])) << k;
  }
}

TEST(EumFastVsNaive, RoundInternalsAgreeOnRandomScenarios) {
  std::mt19937_64 random(2011);
  std::uniform_real_distribution<double> unit(0, 1);
  eum::Config corrected;
  eum::Config bdm_q = corrected;
  bdm_q.q = 0.6;
  bdm_q.t = 0.25;
  eum::Config triples_linear = corrected;
  triples_linear.probability = eum::Probability::kTriples;
  const eum::Config configs[] = {corrected, ReplicationConfig(), bdm_q, triples_linear};
  for (int sample = 0; sample < 30; ++sample) {
    const std::size_t n = 2 + static_cast<std::size_t>(unit(random) * 60);
    eum::IssueActors actors;
    std::vector<double> position;
    for (std::size_t a = 0; a < n; ++a) {
      actors.capability.push_back(0.1 + 10 * unit(random));
      actors.salience.push_back(unit(random) < 0.1 ? 0.0 : unit(random));
      // A few shared positions, as after confrontations.
      position.push_back(unit(random) < 0.3 ? 25.0 * std::floor(4 * unit(random))
                                            : 100 * unit(random));
    }
    for (const eum::Config& config : configs) {
      SCOPED_TRACE("sample " + std::to_string(sample) + ", n " + std::to_string(n));
      ExpectSameRound(config, actors, position);
    }
  }
}

TEST(EumFastVsNaive, WholeRunsAgree) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const Scenario scenario = testing::RandomScenario(seed, 3 + seed * 4, 2);
    for (const char* preset : {"corrected", "replication"}) {
      SCOPED_TRACE(std::string(preset) + " seed " + std::to_string(seed));
      const std::string base = std::string("eum(preset=") + preset + ",rounds=12,algorithm=";
      const Result naive = RunEum(base + "naive)", scenario);
      const Result fast = RunEum(base + "fast)", scenario);
      ASSERT_EQ(naive.trajectory.size(), fast.trajectory.size());
      ASSERT_EQ(naive.moves.size(), fast.moves.size());
      for (std::size_t k = 0; k < naive.forecasts.size(); ++k) {
        EXPECT_TRUE(Close(naive.forecasts[k].position, fast.forecasts[k].position));
      }
      for (std::size_t k = 0; k < naive.trajectory.size(); ++k) {
        EXPECT_TRUE(Close(naive.trajectory[k].position, fast.trajectory[k].position));
        EXPECT_TRUE(Close(naive.trajectory[k].risk, fast.trajectory[k].risk));
      }
      for (std::size_t k = 0; k < naive.moves.size(); ++k) {
        EXPECT_EQ(naive.moves[k].toward_id, fast.moves[k].toward_id);
        EXPECT_TRUE(Close(naive.moves[k].eu_self, fast.moves[k].eu_self));
      }
    }
  }
}

TEST(EumFastVsNaive, MedianRulesAgreeWithBruteForce) {
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int sample = 0; sample < 50; ++sample) {
    const std::size_t n = 1 + sample % 12;
    eum::IssueActors actors;
    std::vector<double> position;
    for (std::size_t a = 0; a < n; ++a) {
      actors.capability.push_back(unit(random));
      actors.salience.push_back(unit(random));
      position.push_back(std::round(10 * unit(random)));
    }
    // The reference's scan: a later position replaces the median if it wins the vote.
    std::vector<double> distinct = position;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    double median = distinct[0];
    for (double p : distinct) {
      double votes = 0;
      for (std::size_t a = 0; a < n; ++a) {
        votes += actors.capability[a] * actors.salience[a] *
                 (std::abs(position[a] - median) - std::abs(position[a] - p));
      }
      if (votes > 1e-12) median = p;
    }
    EXPECT_EQ(eum::MedianPosition(eum::MedianRule::kCondorcet, actors, position), median);
  }
}

// Parameters, presets, stopping and multi-issue runs.
TEST(EumModel, RegisteredWithEveryParameterInTheSpec) {
  const ModelDescriptor* descriptor = DefaultRegistry().Find("eum");
  ASSERT_NE(descriptor, nullptr);
  EXPECT_FALSE(descriptor->citation.empty());
  // The parsed spec already names what each preset chose, so it says what will run.
  const ModelSpec spec = DefaultRegistry().Parse("eum");
  EXPECT_EQ(spec.text,
            "eum(preset=corrected,probability=pair,votes=linear,risk=actors,expectation=bdm,"
            "q=1,t=1,compromise=ratio,selection=nearest,capitulation=on,median=weighted,"
            "stop=converge,rounds=10,tolerance=1e-06,patience=2,algorithm=auto)");
  EXPECT_EQ(DefaultRegistry().Create("eum(preset=replication,votes=linear)")->spec().text,
            "eum(preset=replication,probability=triples,votes=linear,risk=actors,"
            "expectation=status_quo,q=1,t=1,compromise=ratio,selection=scholz,"
            "capitulation=off,median=condorcet,stop=fixed,rounds=10,tolerance=1e-06,patience=2,"
            "algorithm=auto)");
  EXPECT_THROW(DefaultRegistry().Parse("eum(preset=bdm)"), InputError);
  EXPECT_THROW(DefaultRegistry().Parse("eum(q=2)"), InputError);
}

TEST(EumModel, ParametersShowWhatThePresetChoseAndOverridesWin) {
  const Scenario scenario = ParseBdmCsvScenario(kEc10, "ec10.csv");
  const Result result = RunEum("eum(preset=replication,capitulation=on)", scenario);
  std::map<std::string, std::string> values(result.parameters.begin(), result.parameters.end());
  EXPECT_EQ(values["probability"], "triples");
  EXPECT_EQ(values["selection"], "scholz");
  EXPECT_EQ(values["capitulation"], "on");
  EXPECT_EQ(values["stop"], "fixed");
  EXPECT_NE(result.spec.find("capitulation=on"), std::string::npos);
  EXPECT_NE(result.spec.find("probability=triples"), std::string::npos);
  EXPECT_EQ(result.spec.find("=preset"), std::string::npos);
  const Result corrected = RunEum("eum", scenario);
  std::map<std::string, std::string> defaults(corrected.parameters.begin(),
                                              corrected.parameters.end());
  EXPECT_EQ(defaults["probability"], "pair");
  EXPECT_EQ(defaults["votes"], "linear");
  EXPECT_EQ(defaults["capitulation"], "on");
  ExpectFinite(corrected);
  // An explicit list of every resolved value reproduces the run under the other preset.
  std::string explicit_spec = "eum(preset=replication";
  for (const auto& [name, value] : corrected.parameters) {
    if (name != "preset") explicit_spec += "," + name + "=" + value;
  }
  const Result again = RunEum(explicit_spec + ")", scenario);
  EXPECT_EQ(again.forecasts[0].position, corrected.forecasts[0].position);
}

TEST(EumModel, ConvergenceStopsEarlyAndFixedRunsEveryRound) {
  // Everyone but one outlier agrees; the outlier gives way and the rest stay put.
  const Scenario scenario = MakeScenario(
      {5, 5, 5, 1}, {std::nullopt}, {{0, 0, 40, 1}, {1, 0, 40, 1}, {2, 0, 40, 1}, {3, 0, 90, 0.5}});
  const Result converging = RunEum("eum(stop=converge,rounds=50,patience=2)", scenario);
  EXPECT_LT(Detail(converging, "I0", "rounds"), 50);
  EXPECT_EQ(Detail(converging, "I0", "converged"), 1);
  const Result fixed = RunEum("eum(stop=fixed,rounds=7)", scenario);
  EXPECT_EQ(Detail(fixed, "I0", "rounds"), 7);
  EXPECT_EQ(fixed.trajectory.size(), 4u * 8u);                                       // rounds 0..7
  EXPECT_NEAR(converging.forecasts[0].position, fixed.forecasts[0].position, 1e-4);  // 1e-6 x range
  const Result none = RunEum("eum(rounds=0)", scenario);
  EXPECT_NEAR(none.forecasts[0].position, (40.0 * 15 + 90 * 0.5) / 15.5, 1e-12);
}

TEST(EumModel, IssuesRunSeparatelyOverTheirOwnParticipants) {
  // A2 takes no part in issue 1; each issue equals a run of that issue alone.
  const Scenario both = MakeScenario(
      {1, 2, 3}, {std::nullopt, std::nullopt},
      {{0, 0, 10, 0.5}, {1, 0, 60, 0.9}, {2, 0, 90, 0.4}, {0, 1, 20, 1}, {1, 1, 80, 0.3}});
  const Scenario first =
      MakeScenario({1, 2, 3}, {std::nullopt}, {{0, 0, 10, 0.5}, {1, 0, 60, 0.9}, {2, 0, 90, 0.4}});
  const Scenario second = MakeScenario({1, 2}, {std::nullopt}, {{0, 0, 20, 1}, {1, 0, 80, 0.3}});
  for (const char* spec : {"eum", "eum(preset=replication)"}) {
    SCOPED_TRACE(spec);
    const Result result = RunEum(spec, both);
    ASSERT_EQ(result.forecasts.size(), 2u);
    EXPECT_EQ(result.forecasts[0].position, RunEum(spec, first).forecasts[0].position);
    EXPECT_EQ(result.forecasts[1].position, RunEum(spec, second).forecasts[0].position);
    for (const ActorRound& row : result.trajectory) {
      EXPECT_FALSE(row.issue_id == "I1" && row.actor_id == "A2");
    }
  }
}

}  // namespace
}  // namespace parley
