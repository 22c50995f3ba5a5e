// ScenarioBuilder: every validation rule of scenario.h, with the message it gives.
#include "parley/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "parley/io.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

Issue MakeIssue(const std::string& id, double min = 0, double max = 100) {
  Issue issue;
  issue.id = id;
  issue.scale_min = min;
  issue.scale_max = max;
  return issue;
}

TEST(ScenarioBuilder, BuildsAValidScenario) {
  ScenarioBuilder builder("file.yaml");
  builder.AddActor({"A", "Alpha", 2});
  builder.AddActor({"B", "", 1});
  builder.AddIssue(MakeIssue("x"));
  builder.SetStance("A", "x", {10, 0.5});
  Scenario scenario = builder.Build();
  EXPECT_EQ(scenario.actor_count(), 2u);
  EXPECT_EQ(scenario.actor(1).name, "B");  // the name defaults to the id
  EXPECT_EQ(scenario.FindActor("B"), 1u);
  EXPECT_EQ(scenario.FindIssue("y"), std::nullopt);
  ASSERT_NE(scenario.stance(0, 0), nullptr);
  EXPECT_EQ(scenario.stance(0, 0)->position, 10);
  EXPECT_EQ(scenario.stance(1, 0), nullptr);  // B takes no part
  EXPECT_EQ(scenario.source(), "file.yaml");
}

TEST(ScenarioBuilder, RejectsNonPositiveCapability) {
  ScenarioBuilder builder("f.yaml");
  EXPECT_THAT(
      [&] {
        builder.AddActor({"A", "", 0}, {"f.yaml", 7, 3}, "actors[0]");
      },
      ThrowsMessage<InputError>(AllOf(HasSubstr("f.yaml:7:3"), HasSubstr("actors[0].capability"),
                                      HasSubstr("is 0; expected a number > 0"))));
  EXPECT_THROW(builder.AddActor({"A", "", -1}), InputError);
}

TEST(ScenarioBuilder, RejectsNanAndInfinity) {
  ScenarioBuilder builder;
  EXPECT_THAT(
      [&] {
        builder.AddActor({"A", "", std::nan("")});
      },
      ThrowsMessage<InputError>(HasSubstr("is nan; expected a finite number")));
  builder.AddActor({"A", "", 1});
  builder.AddIssue(MakeIssue("x"));
  EXPECT_THAT(
      [&] {
        builder.SetStance("A", "x", {std::numeric_limits<double>::infinity(), 1});
      },
      ThrowsMessage<InputError>(HasSubstr("position: is inf")));
  EXPECT_THAT(
      [&] {
        builder.SetStance("A", "x", {1, std::nan("")});
      },
      ThrowsMessage<InputError>(HasSubstr("salience: is nan")));
}

TEST(ScenarioBuilder, RejectsDuplicateIds) {
  ScenarioBuilder builder("s.yaml");
  builder.AddActor({"A", "", 1}, {"s.yaml", 3, 5});
  EXPECT_THAT(
      [&] {
        builder.AddActor({"A", "", 1}, {"s.yaml", 6, 5}, "actors[1]");
      },
      ThrowsMessage<InputError>(AllOf(HasSubstr("s.yaml:6:5"), HasSubstr("duplicate actor id 'A'"),
                                      HasSubstr("first defined at s.yaml:3:5"))));
  builder.AddIssue(MakeIssue("x"));
  EXPECT_THAT([&] { builder.AddIssue(MakeIssue("x")); },
              ThrowsMessage<InputError>(HasSubstr("duplicate issue id 'x'")));
  builder.SetStance("A", "x", {1, 1});
  EXPECT_THAT(
      [&] {
        builder.SetStance("A", "x", {2, 1});
      },
      ThrowsMessage<InputError>(HasSubstr("already has a position")));
}

TEST(ScenarioBuilder, RejectsUnknownActorAndIssue) {
  ScenarioBuilder builder;
  builder.AddActor({"USA", "", 1});
  builder.AddActor({"CHN", "", 1});
  builder.AddIssue(MakeIssue("trade"));
  EXPECT_THAT(
      [&] {
        builder.SetStance("PRC", "trade", {1, 1});
      },
      ThrowsMessage<InputError>(AllOf(HasSubstr("unknown actor 'PRC'"), HasSubstr("USA, CHN"))));
  EXPECT_THAT(
      [&] {
        builder.SetStance("USA", "tariffs", {1, 1});
      },
      ThrowsMessage<InputError>(HasSubstr("unknown issue 'tariffs'")));
}

TEST(ScenarioBuilder, RejectsBadScalesAndPositions) {
  ScenarioBuilder builder;
  builder.AddActor({"A", "", 1});
  EXPECT_THAT([&] { builder.AddIssue(MakeIssue("x", 5, 5)); },
              ThrowsMessage<InputError>(HasSubstr("min 5 is not below max 5")));
  Issue with_bad_status_quo = MakeIssue("y");
  with_bad_status_quo.status_quo = 120;
  EXPECT_THAT([&] { builder.AddIssue(with_bad_status_quo); },
              ThrowsMessage<InputError>(HasSubstr("status_quo: is 120; expected a value within")));
  builder.AddIssue(MakeIssue("z", -10, 10));
  EXPECT_THAT(
      [&] {
        builder.SetStance("A", "z", {11, 0.5});
      },
      ThrowsMessage<InputError>(
          HasSubstr("position: is 11; expected a value within the scale of issue 'z'")));
  EXPECT_THAT(
      [&] {
        builder.SetStance("A", "z", {0, 1.5});
      },
      ThrowsMessage<InputError>(HasSubstr("salience: is 1.5; expected a value in [0, 1]")));
  EXPECT_THAT(
      [&] {
        builder.SetStance("A", "z", {0, -0.1});
      },
      ThrowsMessage<InputError>(HasSubstr("salience: is -0.1")));
}

TEST(ScenarioBuilder, RejectsEmptyScenarios) {
  ScenarioBuilder no_actors("e.yaml");
  EXPECT_THAT([&] { no_actors.Build(); },
              ThrowsMessage<InputError>(HasSubstr("e.yaml: actors: the scenario has no actors")));
  ScenarioBuilder no_issues;
  no_issues.AddActor({"A", "", 1});
  EXPECT_THAT([&] { no_issues.Build(); }, ThrowsMessage<InputError>(HasSubstr("no issues")));
}

TEST(ScenarioBuilder, RejectsIssuesNobodyTakesPartIn) {
  ScenarioBuilder builder("p.yaml");
  builder.AddActor({"A", "", 1});
  builder.AddIssue(MakeIssue("x"), {"p.yaml", 12, 5}, "issues[0]");
  builder.AddIssue(MakeIssue("y"), {"p.yaml", 20, 5}, "issues[1]");
  builder.SetStance("A", "x", {1, 1});
  EXPECT_THAT([&] { builder.Build(); },
              ThrowsMessage<InputError>(AllOf(HasSubstr("p.yaml:20:5: issues[1]"),
                                              HasSubstr("no actor takes part in issue 'y'"))));
}

TEST(ScenarioBuilder, RejectsIssuesWithOnlyZeroSalience) {
  ScenarioBuilder builder;
  builder.AddActor({"A", "", 1});
  builder.AddIssue(MakeIssue("x"));
  builder.SetStance("A", "x", {1, 0});
  EXPECT_THAT([&] { builder.Build(); },
              ThrowsMessage<InputError>(HasSubstr("every actor gives issue 'x' salience 0")));
}

TEST(ScenarioBuilder, RejectsIdsThatWouldBreakTidyOutput) {
  ScenarioBuilder builder;
  EXPECT_THAT(
      [&] {
        builder.AddActor({"", "", 1});
      },
      ThrowsMessage<InputError>(HasSubstr("is empty")));
  EXPECT_THAT(
      [&] {
        builder.AddActor({"a,b", "", 1});
      },
      ThrowsMessage<InputError>(HasSubstr("contains a comma")));
}

TEST(ScenarioBuilder, RejectsTextThatIsNotUtf8) {
  ScenarioBuilder builder("latin1.csv");
  // "Kóln" in Latin-1, as a spreadsheet might save it.
  EXPECT_THAT(
      [&] {
        builder.AddActor({"K\xf3ln", "", 1}, {"latin1.csv", 4, 0}, "Actor");
      },
      ThrowsMessage<InputError>(
          AllOf(HasSubstr("latin1.csv:4: Actor.id"), HasSubstr("is not valid UTF-8"))));
  EXPECT_NO_THROW(builder.AddActor({"K\xc3\xb6ln", "", 1}));  // UTF-8 is fine
  Issue issue = MakeIssue("x");
  issue.max_label = "\xed\xa0\x80";  // an encoded surrogate is not UTF-8 either
  EXPECT_THROW(builder.AddIssue(issue), InputError);
}

TEST(Scenario, ContentHashIsStableAndSensitive) {
  const Scenario base = testing::MakeScenario({1, 2}, {50}, {{0, 0, 10, 1}, {1, 0, 90, 0.5}});
  const Scenario same = testing::MakeScenario({1, 2}, {50}, {{0, 0, 10, 1}, {1, 0, 90, 0.5}});
  const Scenario moved = testing::MakeScenario({1, 2}, {50}, {{0, 0, 10, 1}, {1, 0, 91, 0.5}});
  const Scenario no_status_quo =
      testing::MakeScenario({1, 2}, {std::nullopt}, {{0, 0, 10, 1}, {1, 0, 90, 0.5}});
  EXPECT_EQ(base.ContentHash().size(), 16u);
  EXPECT_EQ(base.ContentHash(), same.ContentHash());
  EXPECT_NE(base.ContentHash(), moved.ContentHash());
  EXPECT_NE(base.ContentHash(), no_status_quo.ContentHash());
}

TEST(Scenario, FindsEachUncertainInputByField) {
  // The flagship declares CHN's capability and positions such as CHN's on nk-pressure, and
  // adds relative noise to every other number.
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const std::size_t china = *scenario.FindActor("CHN");
  const std::size_t usa = *scenario.FindActor("USA");
  const std::size_t pressure = *scenario.FindIssue("nk-pressure");
  const UncertainInput* capability =
      scenario.FindUncertainInput(UncertainField::kCapability, china, UncertainInput::kNoIssue);
  ASSERT_NE(capability, nullptr);
  EXPECT_FALSE(capability->from_noise);
  EXPECT_EQ(capability->distribution.kind, DistributionKind::kUniform);
  const UncertainInput* position =
      scenario.FindUncertainInput(UncertainField::kPosition, china, pressure);
  ASSERT_NE(position, nullptr);
  EXPECT_EQ(position->distribution.kind, DistributionKind::kTriangular);
  const UncertainInput* noise =
      scenario.FindUncertainInput(UncertainField::kSalience, usa, pressure);
  ASSERT_NE(noise, nullptr);
  EXPECT_TRUE(noise->from_noise);
  // Every input is found where it is, and nothing else is.
  std::size_t found = 0;
  for (const UncertainInput& input : scenario.uncertain_inputs()) {
    EXPECT_EQ(scenario.FindUncertainInput(input.field, input.actor, input.issue), &input);
    ++found;
  }
  EXPECT_EQ(found, scenario.uncertain_inputs().size());
  const std::size_t north_korea = *scenario.FindActor("PRK");
  const std::size_t trade = *scenario.FindIssue("trade-terms");
  ASSERT_EQ(scenario.stance(north_korea, trade), nullptr);
  EXPECT_EQ(scenario.FindUncertainInput(UncertainField::kPosition, north_korea, trade), nullptr);
}

}  // namespace
}  // namespace parley
