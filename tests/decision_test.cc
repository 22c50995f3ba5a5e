// The decision stage (parley/decision.h): hand-solved examples of every rule, the
// conformance properties every model must keep once issues have deciders, the decision
// block in the readers and writers, and its validation messages.
#include "parley/decision.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "parley/agenda.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

using testing::BadInput;
using ::testing::HasSubstr;

// One issue on [0, 100]; actors A0.. with the given positions (salience 1) and
// capabilities, status quo `status_quo`, and the given decision block.
Scenario OneIssue(const std::vector<double>& position, const std::vector<double>& capability,
                  std::optional<double> status_quo, const Decision& decision) {
  ScenarioBuilder builder;
  for (std::size_t a = 0; a < position.size(); ++a) {
    builder.AddActor({"A" + std::to_string(a), "", capability[a]});
  }
  Issue issue;
  issue.id = "x";
  issue.status_quo = status_quo;
  builder.AddIssue(issue);
  for (std::size_t a = 0; a < position.size(); ++a) {
    builder.SetStance("A" + std::to_string(a), "x", {position[a], 1.0});
  }
  builder.SetDecision("x", decision);
  return builder.Build();
}

Decision Decider(const std::string& id, std::vector<std::string> veto = {},
                 std::string setter = "") {
  Decision decision;
  decision.rule = DecisionRule::kDecider;
  decision.decider = id;
  decision.veto = std::move(veto);
  decision.agenda_setter = std::move(setter);
  return decision;
}

Decision Vote(double threshold, std::vector<std::pair<std::string, double>> weights = {},
              std::string setter = "") {
  Decision decision;
  decision.rule = DecisionRule::kVote;
  decision.threshold = threshold;
  decision.voting_weights = std::move(weights);
  decision.agenda_setter = std::move(setter);
  return decision;
}

Decision Unanimity(std::string setter = "") {
  Decision decision;
  decision.rule = DecisionRule::kUnanimity;
  decision.agenda_setter = std::move(setter);
  return decision;
}

// The decision stage on the stated positions, as the procedural model applies it.
double Procedural(const Scenario& scenario) {
  return DefaultRegistry().Create("procedural")->Run(scenario).forecasts.at(0).position;
}

// ---------------------------------------------------------------------------------------
// Hand-solved examples (each worked out on paper in the comment).

TEST(Decide, TheDeciderTakesItsOwnPosition) {
  // A0 decides; the heavyweights A1 and A2 only influence.
  const Scenario scenario = OneIssue({20, 80, 90}, {1, 50, 50}, 50.0, Decider("A0"));
  const DecisionOutcome outcome = Decide(scenario, 0, {20, 80, 90});
  EXPECT_EQ(outcome.position, 20);
  EXPECT_EQ(outcome.explanation, "decider A0");
  EXPECT_EQ(Procedural(scenario), 20);
}

TEST(Decide, AVetoPlayerKeepsTheOutcomeInItsWinSet) {
  // q = 50. A1 at 40 accepts [30, 50] (points at least as close to 40 as 50 is): the
  // decider's 20 is cut to 30. A1 at 60 accepts [50, 70]: nothing below 50, so 50 stays.
  const Scenario scenario = OneIssue({20, 40}, {1, 1}, 50.0, Decider("A0", {"A1"}));
  DecisionOutcome outcome = Decide(scenario, 0, {20, 40});
  EXPECT_DOUBLE_EQ(outcome.position, 30);
  EXPECT_EQ(outcome.explanation, "decider A0; veto A1 (binding)");
  EXPECT_EQ(outcome.pivotal, "A1");
  EXPECT_FALSE(outcome.blocked);
  outcome = Decide(scenario, 0, {20, 60});
  EXPECT_DOUBLE_EQ(outcome.position, 50);
  EXPECT_TRUE(outcome.blocked);
  EXPECT_THAT(outcome.explanation, HasSubstr("status quo kept"));
  // A veto player the decider's wish already satisfies does not bind.
  outcome = Decide(scenario, 0, {45, 40});
  EXPECT_DOUBLE_EQ(outcome.position, 45);
  EXPECT_EQ(outcome.explanation, "decider A0; veto A1");
}

TEST(Decide, AVetoPlayerAtTheStatusQuoBlocksEveryMove) {
  const Scenario scenario = OneIssue({0, 50, 100}, {5, 1, 5}, 50.0, Decider("A0", {"A1"}));
  for (const double wish : {0.0, 10.0, 49.0, 51.0, 100.0}) {
    EXPECT_DOUBLE_EQ(Decide(scenario, 0, {wish, 50, 100}).position, 50) << wish;
  }
  EXPECT_DOUBLE_EQ(Procedural(scenario), 50);
}

TEST(Decide, SimpleMajorityMovesToTheMedianVoter) {
  // Equal weights at 10, 30, 90; q = 50. Both pivots are the voter at 30 (two of three
  // voters at or on either side of it): q moves down to 30.
  const Scenario scenario = OneIssue({10, 30, 90}, {1, 1, 1}, 50.0, Vote(0.5));
  const DecisionOutcome outcome = Decide(scenario, 0, {10, 30, 90});
  EXPECT_DOUBLE_EQ(outcome.position, 30);
  EXPECT_EQ(outcome.explanation, "vote 0.5: pivot A1");
}

TEST(Decide, QualifiedMajorityHasAGridlockInterval) {
  // Four equal voters at 10, 30, 60, 90 and a threshold of 0.74 (2.96 of 4 votes): the
  // upward pivot is 30 (three voters at or above it), the downward pivot 60. A status quo
  // inside [30, 60] stays; above 60 it moves to 60, below 30 to 30 (Krehbiel 1998).
  for (const auto& [status_quo, expected] :
       std::vector<std::pair<double, double>>{{50, 50}, {80, 60}, {20, 30}, {30, 30}}) {
    const Scenario scenario = OneIssue({10, 30, 60, 90}, {1, 1, 1, 1}, status_quo, Vote(0.74));
    EXPECT_DOUBLE_EQ(Decide(scenario, 0, {10, 30, 60, 90}).position, expected) << status_quo;
  }
  const Scenario gridlock = OneIssue({10, 30, 60, 90}, {1, 1, 1, 1}, 50.0, Vote(0.74));
  EXPECT_EQ(Decide(gridlock, 0, {10, 30, 60, 90}).explanation,
            "vote 0.74: pivot gridlock between A1 and A2");
}

TEST(Decide, VotingWeightsReplaceCapabilities) {
  // Capabilities would make A0 (100) the majority; the formal votes give A1 and A2 three
  // of four: the simple-majority outcome is the weighted median of the votes, 70.
  const Scenario scenario =
      OneIssue({10, 70, 90}, {100, 1, 1}, 50.0, Vote(0.5, {{"A0", 1}, {"A1", 2}, {"A2", 1}}));
  EXPECT_DOUBLE_EQ(Decide(scenario, 0, {10, 70, 90}).position, 70);
}

TEST(Decide, AnAgendaSetterProposesItsBestPointThePivotAccepts) {
  // Voters A0..A3 at 10, 30, 60, 90 (one vote each), threshold 0.74, q = 80; the agenda
  // setter A4 (no vote) at 0. The downward pivot (60) accepts [40, 80], its win-set of 80:
  // the setter proposes 40 (Romer & Rosenthal 1978).
  const Scenario scenario =
      OneIssue({10, 30, 60, 90, 0}, {1, 1, 1, 1, 1}, 80.0,
               Vote(0.74, {{"A0", 1}, {"A1", 1}, {"A2", 1}, {"A3", 1}}, "A4"));
  const DecisionOutcome outcome = Decide(scenario, 0, {10, 30, 60, 90, 0});
  EXPECT_DOUBLE_EQ(outcome.position, 40);
  EXPECT_EQ(outcome.pivotal, "A2");
  EXPECT_THAT(outcome.explanation, HasSubstr("agenda A4"));
}

TEST(Decide, AnAgendaSetterFacingADeciderOffersWhatTheDeciderAccepts) {
  // The decider A0 accepts or rejects the setter A1's proposal; q = 50.
  const Scenario scenario = OneIssue({30, 0}, {1, 1}, 50.0, Decider("A0", {}, "A1"));
  EXPECT_DOUBLE_EQ(Decide(scenario, 0, {30, 0}).position, 10);  // A0's win-set [10, 50]
  EXPECT_DOUBLE_EQ(Decide(scenario, 0, {60, 0}).position, 50);  // [50, 70]: nothing lower
}

TEST(Decide, UnanimityKeepsAStatusQuoBetweenTheExtremes) {
  // Positions 20, 40, 70: q = 50 stays (someone loses from any move); q = 10 moves to 20
  // and q = 90 to 70, where the last actor consents.
  for (const auto& [status_quo, expected] :
       std::vector<std::pair<double, double>>{{50, 50}, {10, 20}, {90, 70}}) {
    const Scenario scenario = OneIssue({20, 40, 70}, {1, 1, 1}, status_quo, Unanimity());
    EXPECT_DOUBLE_EQ(Decide(scenario, 0, {20, 40, 70}).position, expected) << status_quo;
  }
  // One actor at the status quo keeps it, whatever the others want.
  const Scenario scenario = OneIssue({0, 50, 100}, {9, 1, 9}, 50.0, Unanimity());
  EXPECT_DOUBLE_EQ(Decide(scenario, 0, {0, 50, 100}).position, 50);
  EXPECT_DOUBLE_EQ(Procedural(scenario), 50);
}

TEST(Decide, UnanimityWithAnAgendaSetter) {
  // q = 90; win-sets: A0 at 20 [-50, 90], A1 at 40 [-10, 90], A2 at 70 [50, 90]. The
  // setter A0 proposes its best point in the intersection [50, 90]: 50.
  const Scenario scenario = OneIssue({20, 40, 70}, {1, 1, 1}, 90.0, Unanimity("A0"));
  const DecisionOutcome outcome = Decide(scenario, 0, {20, 40, 70});
  EXPECT_DOUBLE_EQ(outcome.position, 50);
  EXPECT_EQ(outcome.pivotal, "A2");
}

TEST(Decide, AVoteWithoutAStatusQuoGoesToTheWeightedMedian) {
  const Scenario scenario = OneIssue({10, 60, 90}, {1, 3, 1}, std::nullopt, Vote(0.5));
  EXPECT_DOUBLE_EQ(Decide(scenario, 0, {10, 60, 90}).position, 60);
}

TEST(Decide, IndependentOfActorOrder) {
  const Scenario forward =
      OneIssue({10, 30, 60, 90, 0}, {1, 2, 3, 4, 5}, 80.0, Vote(0.74, {}, "A4"));
  const Scenario backward = testing::ReverseActors(forward);
  const DecisionOutcome a = Decide(forward, 0, {10, 30, 60, 90, 0});
  const DecisionOutcome b = Decide(backward, 0, {0, 90, 60, 30, 10});
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.explanation, b.explanation);
}

// ---------------------------------------------------------------------------------------
// Every model honours the decision structure.

std::vector<std::string> AllModelNames() {
  std::vector<std::string> names;
  for (const ModelDescriptor* descriptor : DefaultRegistry().descriptors()) {
    names.push_back(descriptor->name);
  }
  return names;
}

// The last position each actor reaches in a result's trajectory, else its stated one:
// worked out here independently of ApplyDecisionStage.
std::vector<double> FinalPositions(const Scenario& scenario, const Result& result,
                                   std::size_t issue) {
  std::vector<double> position(scenario.actor_count(), std::nan(""));
  std::vector<int> round(scenario.actor_count(), -1);
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    if (const Stance* stance = scenario.stance(a, issue)) position[a] = stance->position;
  }
  for (const ActorRound& step : result.trajectory) {
    if (step.issue_id != scenario.issue(issue).id) continue;
    const std::size_t a = *scenario.FindActor(step.actor_id);
    if (step.round >= round[a]) {
      round[a] = step.round;
      position[a] = step.position;
    }
  }
  return position;
}

// Two issues and four actors; issue I0 is decided by A0 with A1 as a veto player, issue I1
// by a qualified majority with A3 as agenda setter.
Scenario TwoDecidedIssues(std::uint64_t seed) {
  const Scenario random = testing::RandomScenario(seed, 4, 2);
  ScenarioBuilder builder;
  for (const Actor& actor : random.actors()) builder.AddActor(actor);
  for (std::size_t k = 0; k < 2; ++k) {
    Issue issue = random.issue(k);
    issue.status_quo = 25 + 50 * k;
    issue.decision = k == 0 ? Decider("A0", {"A1"}) : Vote(0.7, {}, "A3");
    builder.AddIssue(issue);
  }
  for (std::size_t k = 0; k < 2; ++k) {
    for (std::size_t a = 0; a < 4; ++a) {
      Stance stance = *random.stance(a, k);
      stance.salience = std::max(stance.salience, 0.1);
      builder.SetStance(random.actor(a).id, random.issue(k).id, stance);
    }
  }
  return builder.Build();
}

Scenario WithoutDecisions(const Scenario& scenario) {
  ScenarioBuilder builder;
  for (const Actor& actor : scenario.actors()) builder.AddActor(actor);
  for (Issue issue : scenario.issues()) {
    issue.decision.reset();
    builder.AddIssue(issue);
  }
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      if (const Stance* stance = scenario.stance(a, k)) {
        builder.SetStance(scenario.actor(a).id, scenario.issue(k).id, *stance);
      }
    }
  }
  return builder.Build();
}

class DecisionConformance : public ::testing::TestWithParam<std::string> {
 protected:
  Result Run(const Scenario& scenario) const {
    return DefaultRegistry().Create(GetParam())->Run(scenario);
  }
};

TEST_P(DecisionConformance, ADeciderWhoStandsAloneGetsItsOwnPosition) {
  // A0 alone takes part in I0 and decides it; everyone bargains over I1.
  ScenarioBuilder builder;
  for (int a = 0; a < 3; ++a) builder.AddActor({"A" + std::to_string(a), "", 1.0 + a});
  Issue alone;
  alone.id = "I0";
  alone.status_quo = 50;
  alone.decision = Decider("A0");
  Issue shared;
  shared.id = "I1";
  shared.status_quo = 10;
  builder.AddIssue(alone);
  builder.AddIssue(shared);
  builder.SetStance("A0", "I0", {83, 0.7});
  for (int a = 0; a < 3; ++a)
    builder.SetStance("A" + std::to_string(a), "I1", {20.0 + 30 * a, 0.5});
  const Result result = Run(builder.Build());
  EXPECT_NEAR(result.forecasts[0].position, 83, 1e-7);
  EXPECT_EQ(result.forecasts[0].rule, "decider A0");
  EXPECT_EQ(result.forecasts[1].rule, "bargaining");
  EXPECT_FALSE(result.forecasts[1].bargained.has_value());
}

TEST_P(DecisionConformance, TheRuleIsAppliedToThePositionsBargainingLeaves) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const Scenario scenario = TwoDecidedIssues(seed);
    const Result decided = Run(scenario);
    const Result bargained = Run(WithoutDecisions(scenario));
    for (std::size_t k = 0; k < 2; ++k) {
      // The bargaining stage does not see the rule; the decision stage follows it.
      ASSERT_TRUE(decided.forecasts[k].bargained.has_value());
      EXPECT_EQ(*decided.forecasts[k].bargained, bargained.forecasts[k].position) << seed;
      const std::vector<double> position = FinalPositions(scenario, decided, k);
      EXPECT_EQ(decided.forecasts[k].position, Decide(scenario, k, position).position) << seed;
    }
    // I0: the outcome lies in the veto player's win-set of the status quo (its final
    // position p: between q and 2p - q).
    const double q = *scenario.issue(0).status_quo;
    const double veto = FinalPositions(scenario, decided, 0)[1];
    const double outcome = decided.forecasts[0].position;
    EXPECT_LE(std::abs(outcome - veto), std::abs(q - veto) + 1e-9) << seed;
  }
}

TEST_P(DecisionConformance, InvariantToActorOrder) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const Scenario scenario = TwoDecidedIssues(seed);
    const Result forward = Run(scenario);
    const Result backward = Run(testing::ReverseActors(scenario));
    for (std::size_t k = 0; k < 2; ++k) {
      EXPECT_NEAR(forward.forecasts[k].position, backward.forecasts[k].position, 1e-7)
          << "seed " << seed << " issue " << k;
    }
  }
}

TEST_P(DecisionConformance, AVetoPlayerAtTheStatusQuoBlocksStaticModels) {
  // For every model: whenever the veto player ends bargaining at the status quo, nothing
  // moves; static models leave it there, so for them the status quo always stays.
  const Scenario scenario = OneIssue({0, 50, 100}, {5, 1, 5}, 50.0, Decider("A0", {"A1"}));
  const Result result = Run(scenario);
  const std::vector<double> position = FinalPositions(scenario, result, 0);
  if (position[1] == 50) EXPECT_DOUBLE_EQ(result.forecasts[0].position, 50);
  if (result.trajectory.empty()) EXPECT_DOUBLE_EQ(result.forecasts[0].position, 50);
}

TEST_P(DecisionConformance, UnanimityWithOneActorAtTheStatusQuoKeepsIt) {
  // A1 sits at the status quo between the others: no change is unanimous. Static models
  // leave A1 there; a model that moves it must still keep the outcome inside the
  // unanimity core of the positions it leaves.
  const Scenario scenario = OneIssue({0, 50, 100}, {5, 1, 5}, 50.0, Unanimity());
  const Result result = Run(scenario);
  const std::vector<double> position = FinalPositions(scenario, result, 0);
  const double low = std::min({position[0], position[1], position[2]});
  const double high = std::max({position[0], position[1], position[2]});
  EXPECT_DOUBLE_EQ(result.forecasts[0].position, std::clamp(50.0, low, high));
  if (result.trajectory.empty()) EXPECT_DOUBLE_EQ(result.forecasts[0].position, 50);
}

TEST_P(DecisionConformance, RunsOnEveryCaseFile) {
  // The case library: every model runs on every file, and every decided issue says how.
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::ProjectPath("examples/cases"))) {
    if (entry.path().extension() != ".yaml") continue;
    const Scenario scenario = ReadScenarioFile(entry.path().string());
    const Result result = Run(scenario);
    ASSERT_EQ(result.forecasts.size(), scenario.issue_count()) << entry.path();
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      const Issue& issue = scenario.issue(k);
      EXPECT_GE(result.forecasts[k].position, issue.scale_min) << entry.path();
      EXPECT_LE(result.forecasts[k].position, issue.scale_max) << entry.path();
      ASSERT_TRUE(issue.decision.has_value()) << entry.path() << " " << issue.id;
      EXPECT_NE(result.forecasts[k].rule, "bargaining") << entry.path();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllModels, DecisionConformance, ::testing::ValuesIn(AllModelNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// ---------------------------------------------------------------------------------------
// The flagship: each issue has its decider (April 2017 authority, sources in the file).

TEST(Flagship, EveryIssueHasItsDecider) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"nk-pressure", "decider CHN"},
      {"trade-terms", "decider USA"},
      {"nk-program", "decider PRK"},
      {"taiwan", "decider USA, veto CONGRESS"}};
  for (const auto& [issue, description] : expected) {
    EXPECT_EQ(DescribeDecision(scenario.issue(*scenario.FindIssue(issue))), description);
  }
  // The procedural benchmark: deciders' stated positions (the US itself stands at the
  // status quo on Taiwan, so Congress's veto does not bind there).
  const Result procedural = DefaultRegistry().Create("procedural")->Run(scenario);
  EXPECT_DOUBLE_EQ(procedural.Forecast("nk-pressure"), 40);
  EXPECT_DOUBLE_EQ(procedural.Forecast("trade-terms"), 30);
  EXPECT_DOUBLE_EQ(procedural.Forecast("nk-program"), 100);
  EXPECT_DOUBLE_EQ(procedural.Forecast("taiwan"), 0);
  EXPECT_EQ(procedural.forecasts[3].rule, "decider USA; veto CONGRESS");
}

// ---------------------------------------------------------------------------------------
// The decision block in files: read, written, round-tripped, validated.

const char* const kDecidedYaml = R"(name: decided
actors:
  - {id: A, capability: 2}
  - {id: B, capability: 1}
  - {id: C, capability: 1}
issues:
  - id: x
    status_quo: 50
    positions: {A: [10, 1], B: [60, 0.5], C: [90, 0.5]}
    decision:
      rule: vote
      threshold: 0.74
      voting_weights: {A: 29, B: 12, C: 7}
      veto: [C]
      agenda_setter: B
      note: Council votes
  - id: y
    status_quo: 0
    positions: {A: [100, 1], B: [20, 1]}
    decision: {rule: decider, decider: A, veto: [B]}
  - id: z
    status_quo: 30
    positions: {A: [100, 1], B: [20, 1]}
    decision: {rule: unanimity}
)";

TEST(DecisionBlock, ReadFromYamlAndRoundTripsThroughJson) {
  const Scenario scenario = ParseScenario(kDecidedYaml, ScenarioFormat::kYaml, "d.yaml");
  const Decision& vote = scenario.issue(0).decision.value();
  EXPECT_EQ(vote.rule, DecisionRule::kVote);
  EXPECT_EQ(vote.threshold, 0.74);
  ASSERT_EQ(vote.voting_weights.size(), 3u);
  EXPECT_EQ(vote.voting_weights[0], (std::pair<std::string, double>{"A", 29}));
  EXPECT_EQ(vote.veto, std::vector<std::string>{"C"});
  EXPECT_EQ(vote.agenda_setter, "B");
  EXPECT_EQ(vote.note, "Council votes");
  EXPECT_EQ(scenario.issue(1).decision->decider, "A");
  EXPECT_EQ(scenario.issue(2).decision->rule, DecisionRule::kUnanimity);
  // JSON writer -> JSON reader: the same scenario, block included.
  const Scenario again =
      ParseScenario(ScenarioToJson(scenario), ScenarioFormat::kJson, "again.json");
  EXPECT_EQ(again.ContentHash(), scenario.ContentHash());
  EXPECT_EQ(ScenarioToJson(again), ScenarioToJson(scenario));
  // A block changes the hash: results record which rule was in force.
  const std::string plain =
      std::string(kDecidedYaml).substr(0, std::string(kDecidedYaml).find("    decision:"));
  EXPECT_NE(ParseScenario(plain + "\n", ScenarioFormat::kYaml, "p.yaml").ContentHash(),
            scenario.ContentHash());
}

TEST(DecisionBlock, ResultsSayWhichRuleDecidedEachIssue) {
  const Scenario scenario = ParseScenario(kDecidedYaml, ScenarioFormat::kYaml, "d.yaml");
  const std::vector<Result> results = {DefaultRegistry().Create("compromise")->Run(scenario)};
  const std::string json = ResultsToJson(scenario, results);
  EXPECT_THAT(json, HasSubstr("\"rule\": \"decider A; veto B (binding)"));
  EXPECT_THAT(json, HasSubstr("\"bargained\":"));
  const std::string csv = ResultsToCsv(scenario, results);
  EXPECT_THAT(csv, HasSubstr("input_hash,rule,bargained\n"));
  const std::string table = ResultsToTable(scenario, results);
  EXPECT_THAT(table, HasSubstr("decided by"));
  EXPECT_THAT(table, HasSubstr("vote 0.74 of weighted votes, veto C, agenda B"));
  EXPECT_THAT(table, HasSubstr("before the decision stage"));
  EXPECT_THAT(TraceToText(scenario, results), HasSubstr("decision stage"));
  // y: A wants 100, B (veto) at 20 accepts [0, 40]: 40. z: unanimity, q = 30 between 20
  // and 100 stays.
  EXPECT_DOUBLE_EQ(results[0].Forecast("y"), 40);
  EXPECT_DOUBLE_EQ(results[0].Forecast("z"), 30);
}

TEST(DecisionBlock, DroppingTheDeciderLeavesTheIssueToBargaining) {
  const Scenario scenario = ParseScenario(kDecidedYaml, ScenarioFormat::kYaml, "d.yaml");
  const Scenario without_a = WithoutActors(scenario, {"A"});
  EXPECT_FALSE(without_a.issue(1).decision.has_value());  // A decided y
  // x keeps its vote; A leaves the voters.
  ASSERT_TRUE(without_a.issue(0).decision.has_value());
  EXPECT_EQ(without_a.issue(0).decision->voting_weights.size(), 2u);
  const Scenario without_b = WithoutActors(scenario, {"B"});
  EXPECT_TRUE(without_b.issue(0).decision->agenda_setter.empty());
  EXPECT_TRUE(without_b.issue(1).decision->veto.empty());
}

class DecisionErrors : public ::testing::TestWithParam<BadInput> {};

std::string Decided(const std::string& block, const std::string& status_quo = "status_quo: 50") {
  return "actors:\n  - {id: A, capability: 1}\n  - {id: B, capability: 1}\n"
         "  - {id: C, capability: 1}\nissues:\n  - id: x\n    " +
         status_quo + "\n    positions: {A: [10, 1], B: [60, 0]}\n    decision: " + block + "\n";
}

TEST_P(DecisionErrors, NameLineFieldAndExpectation) {
  testing::ExpectRejected(ScenarioFormat::kYaml, GetParam(), "d.yaml");
}

INSTANTIATE_TEST_SUITE_P(
    Yaml, DecisionErrors,
    ::testing::Values(
        BadInput{"unknown rule",
                 Decided("{rule: dictator}"),
                 {"d.yaml:9:", "issues[0].decision.rule", "expected decider, vote or unanimity"}},
        BadInput{"decider missing",
                 Decided("{rule: decider}"),
                 {"d.yaml:9:", "issues[0].decision.decider", "is missing"}},
        BadInput{"unknown decider",
                 Decided("{rule: decider, decider: Z}"),
                 {"d.yaml:9:", "issues[0].decision.decider", "unknown actor 'Z'",
                  "expected one of the actors defined: A, B, C"}},
        BadInput{"decider without a stance",
                 Decided("{rule: decider, decider: C}"),
                 {"issues[0].decision.decider", "takes no part in issue 'x'"}},
        BadInput{"decider with zero salience",
                 Decided("{rule: decider, decider: B}"),
                 {"issues[0].decision.decider", "salience 0", "salience > 0"}},
        BadInput{"threshold above one",
                 Decided("{rule: vote, threshold: 1.5}"),
                 {"d.yaml:9:", "issues[0].decision.threshold", "is 1.5", "(0, 1]"}},
        BadInput{"threshold zero",
                 Decided("{rule: vote, threshold: 0}"),
                 {"issues[0].decision.threshold", "is 0", "(0, 1]"}},
        BadInput{"threshold nan",
                 Decided("{rule: vote, threshold: .nan}"),
                 {"issues[0].decision.threshold", "expected a finite number"}},
        BadInput{"threshold missing",
                 Decided("{rule: vote}"),
                 {"issues[0].decision.threshold", "is missing"}},
        BadInput{"threshold with decider",
                 Decided("{rule: decider, decider: A, threshold: 0.5}"),
                 {"issues[0].decision.threshold", "expected it only with rule: vote"}},
        BadInput{"negative voting weight",
                 Decided("{rule: vote, threshold: 0.5, voting_weights: {A: -1}}"),
                 {"issues[0].decision.voting_weights.A", "is -1", "expected a number > 0"}},
        BadInput{"voter without a stance",
                 Decided("{rule: vote, threshold: 0.5, voting_weights: {C: 1}}"),
                 {"issues[0].decision.voting_weights.C", "takes no part"}},
        BadInput{"veto without status quo",
                 Decided("{rule: decider, decider: A, veto: [B]}", ""),
                 {"issues[0].decision.veto[0]", "has no status_quo"}},
        BadInput{"unknown veto player",
                 Decided("{rule: decider, decider: A, veto: [Q]}"),
                 {"issues[0].decision.veto[0]", "unknown actor 'Q'"}},
        BadInput{"agenda setter without status quo",
                 Decided("{rule: decider, decider: A, agenda_setter: B}", ""),
                 {"issues[0].decision.agenda_setter", "has no status_quo"}},
        BadInput{"unanimity without status quo",
                 Decided("{rule: unanimity}", ""),
                 {"issues[0].decision.rule", "has no status_quo"}},
        BadInput{"qualified majority without status quo",
                 Decided("{rule: vote, threshold: 0.74}", ""),
                 {"issues[0].decision.threshold", "has no status_quo"}},
        BadInput{"unknown field",
                 Decided("{rule: unanimity, vetoes: [A]}"),
                 {"issues[0].decision.vetoes", "unknown field 'vetoes'"}},
        BadInput{
            "not a mapping", Decided("decider"), {"issues[0].decision", "expected a mapping"}}),
    testing::BadInputName);

}  // namespace
}  // namespace parley
