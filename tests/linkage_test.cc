// Linkage analysis: every part against hand-computed values on small scenarios.
#include "parley/linkage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "io/csv.h"
#include "parley/agenda.h"
#include "parley/io.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::HasSubstr;
using testing::MakeScenario;
using ::testing::ThrowsMessage;

// A classic logroll: A cares most about issue 0 (wants 100), B about issue 1 (wants 0);
// each status quo sits at the end the other prefers.
Scenario Logroll() {
  return MakeScenario({1, 1}, {0.0, 100.0},
                      {{0, 0, 100, 0.9}, {0, 1, 100, 0.1}, {1, 0, 0, 0.1}, {1, 1, 0, 0.9}});
}

TEST(Deals, EqualGainDealByHand) {
  // A: k at 0 (s .2), l at 0 (s .8); B: k at 100 (s .6), l at 100 (s .4).
  // A values l relatively more (.8/.2 = 4 > .4/.6), so A gives way on k, B on l.
  // Acceptable rates (k per l): from B's .4/.6 to A's 4; equal gain (.8+.4)/(.2+.6) = 1.5.
  // Largest deal at 1.5: B's move on l = min(1, 1/1.5) = 2/3, A's move on k = 1 (all the
  // way); gains: A .8*2/3 - .2*1 = 1/3, B .6*1 - .4*2/3 = 1/3.
  const Scenario scenario = MakeScenario(
      {1, 1}, {50.0, 50.0}, {{0, 0, 0, 0.2}, {0, 1, 0, 0.8}, {1, 0, 100, 0.6}, {1, 1, 100, 0.4}});
  const std::vector<Deal> deals = FindDeals(scenario);
  ASSERT_EQ(deals.size(), 1u);
  const Deal& deal = deals[0];
  EXPECT_EQ(deal.actor_i, "A0");
  EXPECT_EQ(deal.issue_i, "I0");
  EXPECT_EQ(deal.actor_j, "A1");
  EXPECT_EQ(deal.issue_j, "I1");
  EXPECT_NEAR(deal.rate_min, 0.4 / 0.6, 1e-12);
  EXPECT_NEAR(deal.rate_max, 4, 1e-12);
  EXPECT_NEAR(deal.rate_equal, 1.5, 1e-12);
  EXPECT_NEAR(deal.move_i, 100, 1e-9);
  EXPECT_NEAR(deal.move_j, 200.0 / 3, 1e-9);
  EXPECT_NEAR(deal.target_i, 100, 1e-9);
  EXPECT_NEAR(deal.target_j, 100 - 200.0 / 3, 1e-9);
  EXPECT_NEAR(deal.gain_i, 1.0 / 3, 1e-12);
  EXPECT_NEAR(deal.gain_j, 1.0 / 3, 1e-12);
  EXPECT_NEAR(deal.joint_gain, 2.0 / 3, 1e-12);
}

TEST(Deals, RatesAreInTheScenariosOwnUnits) {
  // The same bargain with issue 0 on a 0-10 scale: moves on it are ten times smaller in
  // its units, and so are the rates (issue-0 units per issue-1 unit).
  ScenarioBuilder builder;
  builder.AddActor({"A", "", 1});
  builder.AddActor({"B", "", 1});
  Issue small;
  small.id = "small";
  small.scale_max = 10;
  Issue big;
  big.id = "big";
  builder.AddIssue(small);
  builder.AddIssue(big);
  builder.SetStance("A", "small", {0, 0.2});
  builder.SetStance("A", "big", {0, 0.8});
  builder.SetStance("B", "small", {10, 0.6});
  builder.SetStance("B", "big", {100, 0.4});
  const std::vector<Deal> deals = FindDeals(builder.Build());
  ASSERT_EQ(deals.size(), 1u);
  EXPECT_NEAR(deals[0].rate_equal, 0.15, 1e-12);
  EXPECT_NEAR(deals[0].move_i, 10, 1e-9);
  EXPECT_NEAR(deals[0].move_j, 200.0 / 3, 1e-9);
}

TEST(Deals, NoDealWhenSaliencesAreProportional) {
  // Same marginal rates of substitution: nothing to trade (Tollison & Willett 1979).
  const Scenario scenario = MakeScenario(
      {1, 1}, {50.0, 50.0}, {{0, 0, 0, 0.2}, {0, 1, 0, 0.4}, {1, 0, 100, 0.3}, {1, 1, 100, 0.6}});
  EXPECT_TRUE(FindDeals(scenario).empty());
}

TEST(Deals, RankedByJointGain) {
  const Scenario scenario = testing::RandomScenario(3, 6, 4);
  const std::vector<Deal> deals = FindDeals(scenario);
  ASSERT_FALSE(deals.empty());
  for (std::size_t d = 0; d < deals.size(); ++d) {
    EXPECT_GT(deals[d].gain_i, 0);
    EXPECT_GT(deals[d].gain_j, 0);
    EXPECT_NEAR(deals[d].gain_i, deals[d].gain_j, 1e-12);  // equal gain
    EXPECT_GT(deals[d].rate_equal, deals[d].rate_min);
    EXPECT_LT(deals[d].rate_equal, deals[d].rate_max);
    if (d > 0) EXPECT_GE(deals[d - 1].joint_gain, deals[d].joint_gain);
  }
}

TEST(LinkedVsSeparate, LogrollGainsOnlyWhenLinked) {
  // Alone, each issue's status quo is the ideal point of one side: no bargain beats it,
  // so nash keeps both status quos and nobody gains. Linked, each wins where it cares
  // most: (100, 0), gains .9 - .1 = .8 each (linear utility).
  LinkageOptions options;
  options.utility = UtilityShape::kLinear;
  options.model_pairs.clear();
  const LinkageReport report = AnalyzeLinkage(Logroll(), options);
  ASSERT_EQ(report.comparisons.size(), 1u);
  const LinkageComparison& nash = report.comparisons[0];
  EXPECT_NEAR(nash.separate[0].position, 0, 1e-6);
  EXPECT_NEAR(nash.separate[1].position, 100, 1e-6);
  EXPECT_NEAR(nash.linked[0].position, 100, 1e-6);
  EXPECT_NEAR(nash.linked[1].position, 0, 1e-6);
  for (const ActorGain& actor : nash.actors) {
    EXPECT_NEAR(actor.separate, 0, 1e-8) << actor.actor_id;
    EXPECT_NEAR(actor.linked, 0.8, 1e-8) << actor.actor_id;
  }
}

TEST(LinkedVsSeparate, ModelPairsRunBothModels) {
  LinkageOptions options;
  options.model_pairs = {{"compromise", "nash(utility=linear)"}};
  const LinkageReport report = AnalyzeLinkage(Logroll(), options);
  ASSERT_EQ(report.comparisons.size(), 2u);
  // compromise: weights .9 and .1 -> 90 on issue 0, 10 on issue 1.
  EXPECT_NEAR(report.comparisons[1].separate[0].position, 90, 1e-9);
  EXPECT_NEAR(report.comparisons[1].separate[1].position, 10, 1e-9);
  EXPECT_NEAR(report.comparisons[1].linked[0].position, 100, 1e-6);
  options.model_pairs = {{"compromise", "nosuchmodel"}};
  const LinkageReport without = AnalyzeLinkage(Logroll(), options);
  EXPECT_EQ(without.comparisons.size(), 1u);
  EXPECT_THAT(without.notes, ::testing::Contains(HasSubstr("left out")));
}

TEST(Agenda, DroppingAnIssueRemovesTheAgreement) {
  LinkageOptions options;
  options.utility = UtilityShape::kLinear;
  options.model_pairs.clear();
  options.edits = {ParseAgendaEdit(AgendaEdit::Kind::kDropIssue, "I1")};
  const LinkageReport report = AnalyzeLinkage(Logroll(), options);
  ASSERT_EQ(report.agenda.size(), 1u);
  const AgendaOutcome& change = report.agenda[0];
  EXPECT_EQ(change.description, "drop issue I1");
  // Linked, both gain; with issue 1 gone, B has nothing to win: no agreement beats the
  // status quo for both (Sebenius 1983), and nash stays at the status quo.
  EXPECT_TRUE(change.agreement_before);
  EXPECT_FALSE(change.agreement_after);
  ASSERT_EQ(change.after.size(), 1u);
  EXPECT_NEAR(change.after[0].position, 0, 1e-6);
  ASSERT_EQ(change.actors.size(), 2u);
  EXPECT_NEAR(*change.actors[0].before, 0.8, 1e-8);
  EXPECT_NEAR(*change.actors[0].after, 0, 1e-8);
}

TEST(Agenda, AddingAnIssueFromTheScenarioComparesWithoutIt) {
  LinkageOptions options;
  options.utility = UtilityShape::kLinear;
  options.model_pairs.clear();
  options.edits = {ParseAgendaEdit(AgendaEdit::Kind::kAddIssue, "I0")};
  const AgendaOutcome change = AnalyzeLinkage(Logroll(), options).agenda.at(0);
  EXPECT_FALSE(change.agreement_before);
  EXPECT_TRUE(change.agreement_after);
  EXPECT_EQ(change.before.size(), 1u);
  EXPECT_EQ(change.after.size(), 2u);
}

TEST(Agenda, DefaultAddsEachIssueLast) {
  LinkageOptions options;
  options.model_pairs.clear();
  const LinkageReport report = AnalyzeLinkage(Logroll(), options);
  ASSERT_EQ(report.agenda.size(), 2u);
  EXPECT_EQ(report.agenda[0].description, "add issue I0");
  EXPECT_EQ(report.agenda[1].description, "add issue I1");
}

TEST(Agenda, DroppingAnActorMarksItAbsent) {
  const Scenario scenario =
      MakeScenario({1, 1, 1}, {50.0}, {{0, 0, 0, 1}, {1, 0, 60, 1}, {2, 0, 100, 0.5}});
  LinkageOptions options;
  options.edits = {ParseAgendaEdit(AgendaEdit::Kind::kDropActor, "A2")};
  const AgendaOutcome change = AnalyzeLinkage(scenario, options).agenda.at(0);
  ASSERT_EQ(change.actors.size(), 3u);
  EXPECT_TRUE(change.actors[2].before.has_value());
  EXPECT_FALSE(change.actors[2].after.has_value());
}

TEST(Agenda, EditsFromAnotherFile) {
  const Scenario base = MakeScenario({1, 1}, {50.0}, {{0, 0, 0, 1}, {1, 0, 100, 1}});
  const Scenario donor = ParseYamlScenario(R"(
actors: [{id: A0, capability: 1}, {id: A1, capability: 1}, {id: C, capability: 2}]
issues:
  - id: extra
    status_quo: 10
    positions: {A0: [90, 0.5], A1: [20, 0.1]}
  - id: I0
    positions: {C: [40, 1]}
)",
                                           "donor.yaml");
  const Scenario with_issue = WithIssueFrom(base, donor, "extra");
  EXPECT_EQ(with_issue.issue_count(), 2u);
  EXPECT_EQ(with_issue.stance(0, 1)->position, 90);
  const Scenario with_actor = WithActorFrom(base, donor, "C");
  EXPECT_EQ(with_actor.actor_count(), 3u);
  EXPECT_EQ(with_actor.stance(2, 0)->position, 40);
  EXPECT_THAT([&] { WithIssueFrom(base, donor, "nope"); },
              ThrowsMessage<InputError>(HasSubstr("no issue 'nope' in donor.yaml")));
  EXPECT_THAT([&] { WithIssueFrom(base, donor, "I0"); },
              ThrowsMessage<InputError>(HasSubstr("already has an issue 'I0'")));
  EXPECT_THAT([&] { WithoutIssues(base, {"I9"}); },
              ThrowsMessage<InputError>(HasSubstr("no issue 'I9'")));
  EXPECT_THAT([&] { WithoutIssues(base, {"I0"}); },
              ThrowsMessage<InputError>(HasSubstr("no issues")));
  EXPECT_THAT([&] { ParseAgendaEdit(AgendaEdit::Kind::kAddIssue, "file.yaml:"); },
              ThrowsMessage<InputError>(HasSubstr("is not ID or FILE:ID")));
  EXPECT_EQ(ParseAgendaEdit(AgendaEdit::Kind::kAddIssue, "x.yaml:taiwan").file, "x.yaml");
}

TEST(Enforcement, CriticalDiscountFactorsByHand) {
  // Issue 0: A has C=3, D=6, P=1 -> (6-3)/(6-1) = .6; B has C=2, D=3, P=0 -> 1/3.
  // Issue 1: A has C=5, D=6, P=1 -> .2; B has C=4, D=3 (no temptation) -> 0.
  // Linked (pooled): A (3 + 1)/(5 + 5) = .4; B (1 + 0)/(3 + (4 - 0)) = 1/7.
  ScenarioBuilder builder;
  builder.AddActor({"A", "", 1});
  builder.AddActor({"B", "", 1});
  Issue first, second;
  first.id = "first";
  second.id = "second";
  builder.AddIssue(first);
  builder.AddIssue(second);
  builder.SetStance("A", "first", {10, 1, RepeatedGamePayoffs{3, 6, 1}});
  builder.SetStance("B", "first", {90, 1, RepeatedGamePayoffs{2, 3, 0}});
  builder.SetStance("A", "second", {10, 1, RepeatedGamePayoffs{5, 6, 1}});
  builder.SetStance("B", "second", {90, 1, RepeatedGamePayoffs{4, 3, 0}});
  const std::optional<Enforcement> enforcement = AnalyzeEnforcement(builder.Build());
  ASSERT_TRUE(enforcement.has_value());
  ASSERT_EQ(enforcement->issues.size(), 2u);
  EXPECT_NEAR(enforcement->issues[0].critical, 0.6, 1e-12);
  EXPECT_NEAR(enforcement->issues[0].actor_critical[1].second, 1.0 / 3, 1e-12);
  EXPECT_NEAR(enforcement->issues[1].critical, 0.2, 1e-12);
  EXPECT_EQ(enforcement->issues[1].actor_critical[1].second, 0);
  EXPECT_NEAR(enforcement->separate_critical, 0.6, 1e-12);
  EXPECT_NEAR(enforcement->actor_linked[0].second, 0.4, 1e-12);
  EXPECT_NEAR(enforcement->actor_linked[1].second, 1.0 / 7, 1e-12);
  EXPECT_NEAR(enforcement->linked_critical, 0.4, 1e-12);  // linking lowers it from .6
}

TEST(Enforcement, AbsentWithoutPayoffsAndValidated) {
  EXPECT_FALSE(AnalyzeEnforcement(Logroll()).has_value());
  EXPECT_THAT(
      [] {
        ParseYamlScenario(R"(
actors: [{id: A, capability: 1}]
issues:
  - id: x
    positions:
      A: {position: 1, salience: 1, payoffs: {cooperate: 1, defect: 2, punished: 3}}
)",
                          "p.yaml");
      },
      ThrowsMessage<InputError>(HasSubstr("p.yaml:6:10: issues[0].positions.A.payoffs.punished: "
                                          "is 3, not below cooperate (1)")));
}

TEST(LinkageOutput, FlagshipReportHasEveryPartInEveryFormat) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const LinkageReport report = AnalyzeLinkage(scenario, LinkageOptions{});
  const std::string table = LinkageToTable(report, 5);
  for (const char* part : {"1. Linked vs separate", "2. Deals", "3. Agenda changes",
                           "4. Enforcement", "add issue taiwan", "USA gives way on"}) {
    EXPECT_THAT(table, HasSubstr(part));
  }
  const auto json = nlohmann::json::parse(LinkageToJson(report));
  EXPECT_EQ(json["input_hash"], scenario.ContentHash());
  EXPECT_EQ(json["deals"].size(), report.deals.size());
  EXPECT_EQ(json["agenda"].size(), 4u);
  EXPECT_FALSE(json["enforcement"].is_null());
  const auto records = internal::ParseCsv(LinkageToCsv(report), "linkage.csv");
  ASSERT_GT(records.size(), 1u);
  EXPECT_EQ(records[0].fields.size(), 8u);
  for (const auto& record : records) EXPECT_EQ(record.fields.size(), 8u);
}

}  // namespace
}  // namespace parley
