// The one-page brief (parley/brief.h): hand-made scenarios whose findings are known (a
// decider's position is the static models' forecast, the spread names the models at its
// ends, an uncertain position tops the tornado), the flagship's deciders, the three
// renderers, and determinism.
#include "parley/brief.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "parley/decision.h"
#include "parley/io.h"
#include "parley/linkage.h"
#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const Scenario& Flagship() {
  static const Scenario scenario =
      ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  return scenario;
}

// A cheap brief of the flagship, made once for the tests that only read it.
const Brief& FlagshipBrief() {
  static const Brief brief = [] {
    BriefOptions options;
    options.runs = 200;
    return MakeBrief(Flagship(), options);
  }();
  return brief;
}

// Three actors on [0, 100]: issue "x" (status quo 50) decided by A2, issue "y" (status quo
// 20) bargained; and "z", where only A0 takes part. `uncertain_y` makes A0's position on
// y uniform on [0, 20] (nominal 10).
Scenario DecidedScenario(bool uncertain_y = false) {
  ScenarioBuilder builder("decided.yaml");
  builder.SetName("decided");
  builder.AddActor({"A0", "", 1.0});
  builder.AddActor({"A1", "", 2.0});
  builder.AddActor({"A2", "", 3.0});
  for (const auto& [id, status_quo] : {std::pair{"x", 50.0}, {"y", 20.0}, {"z", 0.0}}) {
    Issue issue;
    issue.id = id;
    issue.status_quo = status_quo;
    builder.AddIssue(issue);
  }
  builder.SetStance("A0", "x", {10, 0.5});
  builder.SetStance("A1", "x", {60, 0.8});
  builder.SetStance("A2", "x", {90, 0.4});
  builder.SetStance("A0", "y", {10, 0.9});
  builder.SetStance("A1", "y", {70, 0.3});
  builder.SetStance("A2", "y", {40, 0.6});
  builder.SetStance("A0", "z", {30, 0.2});
  Decision decision;
  decision.rule = DecisionRule::kDecider;
  decision.decider = "A2";
  builder.SetDecision("x", decision);
  if (uncertain_y) {
    Distribution uniform;
    uniform.kind = DistributionKind::kUniform;
    uniform.low = 0;
    uniform.high = 20;
    builder.SetUncertainty("A0", "y", UncertainField::kPosition, uniform);
  }
  return builder.Build();
}

const IssueBrief& IssueOf(const Brief& brief, const std::string& id) {
  for (const IssueBrief& issue : brief.issues) {
    if (issue.issue_id == id) return issue;
  }
  throw std::out_of_range(id);
}

TEST(Brief, TheDecidersPositionIsTheStaticModelsForecast) {
  const Brief brief = MakeBrief(DecidedScenario(), {});
  const IssueBrief& x = IssueOf(brief, "x");
  EXPECT_EQ(x.decider, "A2");
  EXPECT_EQ(x.decided_by, "decider A2");
  ASSERT_TRUE(x.decider_stated);
  EXPECT_EQ(*x.decider_stated, 90);
  EXPECT_EQ(x.status_quo, 50);
  for (const ModelForecast& model : x.models) {
    if (model.model == "compromise" || model.model == "median" || model.model == "nash" ||
        model.model == "procedural") {
      EXPECT_DOUBLE_EQ(model.position, 90) << model.model;
      EXPECT_EQ(model.rule.rfind("decider A2", 0), 0u) << model.rule;
    }
  }
  // Four of the seven default models sit at 90: whatever the others say, the median is 90.
  ASSERT_EQ(x.models.size(), 7u);
  EXPECT_DOUBLE_EQ(x.forecast, 90);
  // The bargaining stage alone: the compromise model's capability x salience mean.
  const ModelForecast& compromise = x.models.front();
  ASSERT_EQ(compromise.model, "compromise");
  ASSERT_TRUE(compromise.bargained);
  EXPECT_NEAR(*compromise.bargained, (10 * 0.5 + 60 * 1.6 + 90 * 1.2) / (0.5 + 1.6 + 1.2), 1e-9);
  // An issue without a block has no decider.
  EXPECT_EQ(IssueOf(brief, "y").decided_by, "bargaining");
  EXPECT_TRUE(IssueOf(brief, "y").decider.empty());
  EXPECT_FALSE(IssueOf(brief, "y").bargained);

  const std::string text = BriefToText(brief);
  EXPECT_THAT(text, HasSubstr("Decided by: decider A2."));
  EXPECT_THAT(text, HasSubstr("A2 states 90.0"));
}

TEST(Brief, SpreadNamesTheModelsAtItsEnds) {
  const Scenario scenario = DecidedScenario();
  const Brief brief = MakeBrief(scenario, {});
  const Registry& registry = DefaultRegistry();
  const std::vector<std::string> names = registry.DefaultModels(scenario);
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    std::vector<double> forecasts;
    for (const std::string& name : names) {
      forecasts.push_back(registry.Create(name)->Run(scenario).forecasts[k].position);
    }
    const auto low = std::min_element(forecasts.begin(), forecasts.end());
    const auto high = std::max_element(forecasts.begin(), forecasts.end());
    const IssueBrief& issue = brief.issues[k];
    EXPECT_EQ(issue.low, *low);
    EXPECT_EQ(issue.high, *high);
    EXPECT_EQ(issue.low_model, names[low - forecasts.begin()]);
    EXPECT_EQ(issue.high_model, names[high - forecasts.begin()]);
    const bool wide = *high - *low > 0.5 * scenario.issue(k).range();
    const bool flagged =
        std::any_of(issue.caveats.begin(), issue.caveats.end(), [](const std::string& caveat) {
          return caveat.find("more than half the scale") != std::string::npos;
        });
    EXPECT_EQ(flagged, wide) << issue.issue_id;
  }
  // Issue z has one participant: every model forecasts its position.
  EXPECT_EQ(IssueOf(brief, "z").low, 30);
  EXPECT_EQ(IssueOf(brief, "z").high, 30);
}

TEST(Brief, AgendaDropsEachIssueAndActorAndSaysWhyOneCannotBeDropped) {
  const Brief brief = MakeBrief(DecidedScenario(), {});
  ASSERT_EQ(brief.agenda.size(), 6u);  // three issues, three actors
  EXPECT_EQ(brief.agenda[0].description, "drop issue x");
  EXPECT_TRUE(brief.agenda[0].skipped.empty());
  EXPECT_EQ(brief.agenda[3].description, "drop actor A0");
  // A0 is z's only participant: without it the scenario is invalid.
  EXPECT_FALSE(brief.agenda[3].skipped.empty());
  EXPECT_THAT(BriefToText(brief), HasSubstr("drop actor A0: not analysed"));
  // Dropping A2 takes x's decider with it: x is then bargained and its forecast moves.
  EXPECT_EQ(brief.agenda[5].description, "drop actor A2");
  EXPECT_EQ(brief.agenda[5].shift_issue, "x");
  EXPECT_DOUBLE_EQ(brief.agenda[5].shift_before, 90);
}

TEST(Brief, LinkageListsTheBestDealsByJointGain) {
  const Scenario scenario = DecidedScenario();
  const Brief brief = MakeBrief(scenario, {});
  const std::vector<Deal> deals = FindDeals(scenario);
  EXPECT_EQ(brief.deal_count, deals.size());
  ASSERT_EQ(brief.deals.size(), std::min<std::size_t>(3, deals.size()));
  for (std::size_t d = 0; d < brief.deals.size(); ++d) {
    EXPECT_EQ(brief.deals[d].deal.joint_gain, deals[d].joint_gain);
    const Deal& deal = brief.deals[d].deal;
    EXPECT_EQ(brief.deals[d].from_i,
              scenario.stance(*scenario.FindActor(deal.actor_i), *scenario.FindIssue(deal.issue_i))
                  ->position);
  }
  ASSERT_FALSE(brief.linkage.empty());
  EXPECT_EQ(brief.linkage.front().linked_model, "nash");
}

TEST(Brief, WithoutUncertaintyThereAreNoRangesAndNothingToRank) {
  const Brief brief = MakeBrief(DecidedScenario(), {});
  EXPECT_TRUE(brief.ensemble_spec.empty());
  EXPECT_TRUE(brief.sensitivity_spec.empty());
  EXPECT_TRUE(brief.hinges.empty());
  for (const IssueBrief& issue : brief.issues) EXPECT_FALSE(issue.ensemble_p5);
  const std::string text = BriefToText(brief);
  EXPECT_THAT(text, HasSubstr("declares no uncertain inputs"));
  EXPECT_THAT(text, Not(HasSubstr("Inputs' uncertainty")));
}

TEST(Brief, TheUncertainPositionTopsTheTornadoAndBracketsTheForecast) {
  BriefOptions options;
  options.runs = 400;
  const Brief brief = MakeBrief(DecidedScenario(/*uncertain_y=*/true), options);
  EXPECT_THAT(brief.ensemble_spec, HasSubstr("compromise("));
  EXPECT_THAT(brief.sensitivity_spec, HasSubstr("compromise("));
  ASSERT_EQ(brief.hinges.size(), 3u);
  const IssueHinges& y = brief.hinges[1];
  ASSERT_EQ(y.issue_id, "y");
  ASSERT_EQ(y.top.size(), 1u);  // the only uncertain input
  EXPECT_EQ(y.top[0].input, "A0.y.position");
  // Compromise on y: (p0 0.9 + 70 x 0.6 + 40 x 1.8) / 3.3, so its swing is 0.9 / 3.3 times
  // A0's swing between its 5% and 95% quantiles (1 and 19).
  EXPECT_NEAR(y.top[0].swing(), 18 * 0.9 / 3.3, 1e-9);
  EXPECT_NEAR(y.nominal, (10 * 0.9 + 70 * 0.6 + 40 * 1.8) / 3.3, 1e-9);
  // Nothing uncertain moves x or z.
  EXPECT_TRUE(brief.hinges[0].top.empty());
  const IssueBrief& issue = IssueOf(brief, "y");
  ASSERT_TRUE(issue.ensemble_p5 && issue.ensemble_p95);
  EXPECT_LT(*issue.ensemble_p5, y.nominal);
  EXPECT_GT(*issue.ensemble_p95, y.nominal);
  EXPECT_THAT(BriefToText(brief), HasSubstr("A0.y.position"));
}

TEST(Brief, JsonHasEveryPart) {
  const nlohmann::json json = nlohmann::json::parse(BriefToJson(FlagshipBrief()));
  for (const char* key :
       {"scenario", "models", "seed", "ensemble", "issues", "linkage", "agenda", "sensitivity"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  ASSERT_EQ(json["issues"].size(), Flagship().issue_count());
  const nlohmann::json& issue = json["issues"][0];
  for (const char* key : {"id", "status_quo", "decided_by", "decider", "forecast", "spread",
                          "models", "decider_position", "ensemble", "caveats"}) {
    EXPECT_TRUE(issue.contains(key)) << key;
  }
  EXPECT_EQ(issue["forecast"].get<double>(), FlagshipBrief().issues[0].forecast);
  EXPECT_EQ(json["linkage"]["deals"].size(), FlagshipBrief().deals.size());
  EXPECT_EQ(json["ensemble"]["runs"], 200);
}

TEST(Brief, WithAnErrorModelEachIssueGetsTheWiderRange) {
  BriefOptions options;
  options.runs = 200;
  options.errors = "deu3";
  const Brief brief = MakeBrief(Flagship(), options);
  EXPECT_EQ(brief.errors_from, "deu3-dev.tsv");
  for (const IssueBrief& issue : brief.issues) {
    ASSERT_TRUE(issue.error_p5 && issue.error_p95 && issue.ensemble_p5) << issue.issue_id;
    // The model's own error widens the range from the inputs alone.
    EXPECT_LE(*issue.error_p5, *issue.ensemble_p5 + 1e-9) << issue.issue_id;
    EXPECT_GE(*issue.error_p95, *issue.ensemble_p95 - 2.5) << issue.issue_id;
    EXPECT_GT(*issue.error_p95 - *issue.error_p5, *issue.ensemble_p95 - *issue.ensemble_p5);
  }
  EXPECT_THAT(BriefToText(brief), HasSubstr("own error as well"));
  EXPECT_THAT(BriefToJson(brief), HasSubstr("\"with_model_error\""));
}

TEST(Brief, FlagshipNamesEveryIssueWithItsDecider) {
  const Brief& brief = FlagshipBrief();
  const std::string text = BriefToText(brief);
  const std::string markdown = BriefToMarkdown(brief);
  EXPECT_EQ(text.rfind("Findings", 0), 0u);
  EXPECT_EQ(markdown.rfind("# Findings", 0), 0u);
  ASSERT_EQ(brief.issues.size(), Flagship().issue_count());
  for (const Issue& issue : Flagship().issues()) {
    ASSERT_TRUE(issue.decision) << issue.id;
    EXPECT_EQ(IssueOf(brief, issue.id).decider, issue.decision->decider);
    EXPECT_THAT(text, HasSubstr(issue.id));
    EXPECT_THAT(text, HasSubstr("Decided by: " + DescribeDecision(issue)));
  }
  // Every line fits a terminal.
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 80u) << line;
}

TEST(Brief, SameInputAndSeedGiveIdenticalOutputForAnyThreads) {
  BriefOptions one;
  one.runs = 200;
  one.threads = 1;
  BriefOptions two = one;
  two.threads = 2;
  const Brief a = MakeBrief(Flagship(), one);
  const Brief b = MakeBrief(Flagship(), two);
  EXPECT_EQ(BriefToText(a), BriefToText(FlagshipBrief()));
  EXPECT_EQ(BriefToText(a), BriefToText(b));
  EXPECT_EQ(BriefToJson(a), BriefToJson(b));
  EXPECT_EQ(BriefToMarkdown(a), BriefToMarkdown(b));
}

TEST(Brief, BadSensitivityModelIsAnInputError) {
  BriefOptions options;
  options.runs = 10;
  options.sensitivity_model = "nosuchmodel";
  EXPECT_THROW(MakeBrief(Flagship(), options), InputError);
}

}  // namespace
}  // namespace parley
