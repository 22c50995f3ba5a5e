// Trade data in a scenario and the leverage rule (src/trade/leverage_rule.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "parley/ensemble.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// A (capability 2), B (1) and the target T (1) on issue x; T trades 60 with A and 20 with B
// out of 100. Countries: A = USA, B = CHN, T = PRK (mapped in trade.countries).
constexpr const char* kThreeActors = R"(
actors:
  - {id: A, capability: 2}
  - {id: B, capability: 1}
  - {id: T, capability: 1}
issues:
  - id: x
    positions: {A: [100, 1], B: [0, 1], T: [0, 1]}
  - id: y
    positions: {A: [10, 1], B: [90, 1]}
)";

std::string WithTrade(const std::string& trade_and_leverage) {
  return std::string(kThreeActors) + trade_and_leverage;
}

constexpr const char* kTrade = R"(
trade:
  year: 2016
  countries: {A: USA, B: 710, T: North Korea}
  data:
    - year: 2016
      totals: {T: 100}
      flows:
        - {reporter: T, partner: A, imports: 50, exports: 10}
        - {reporter: T, partner: B, total: 20}
)";

TEST(LeverageRule, DerivesIssueCapabilitiesByHand) {
  // beta = .5, capability shares 2/4, 1/4, 1/4; trade shares .6, .2, 0 (T itself):
  // A .5*.5 + .5*.6 = .55, B .5*.25 + .5*.2 = .225, T .5*.25 = .125.
  const Scenario scenario = ParseYamlScenario(
      WithTrade(std::string(kTrade) + "leverage: {weight: 0.5, issues: {x: {targets: [T]}}}\n"),
      "lev.yaml");
  EXPECT_NEAR(scenario.Capability(0, 0), 0.55, 1e-12);
  EXPECT_NEAR(scenario.Capability(1, 0), 0.225, 1e-12);
  EXPECT_NEAR(scenario.Capability(2, 0), 0.125, 1e-12);
  EXPECT_EQ(scenario.Capability(0, 1), 2);  // issue y has no rule: the general capability
  ASSERT_EQ(scenario.derivations().size(), 3u);
  const CapabilityDerivation& a = scenario.derivations()[0];
  EXPECT_EQ(a.actor_id, "A");
  EXPECT_EQ(a.issue_id, "x");
  EXPECT_EQ(a.year, 2016);
  EXPECT_NEAR(a.capability_share, 0.5, 1e-12);
  EXPECT_NEAR(a.trade_share, 0.6, 1e-12);
  EXPECT_THAT(a.inputs, HasSubstr("T trade with A 60 of 100 (60.0%)"));
  // Every per-issue model uses the derived weights: compromise = (.55*100)/(.9).
  const Result result = DefaultRegistry().Create("compromise")->Run(scenario);
  EXPECT_NEAR(result.forecasts[0].position, 55 / 0.9, 1e-9);
  EXPECT_THAT(DerivationsToText(scenario), HasSubstr("A on x (2016): 0.550"));
  // The JSON writer keeps the derived capabilities, so the JSON reads back identically.
  EXPECT_EQ(ParseJsonScenario(ScenarioToJson(scenario), "lev.json").ContentHash(),
            scenario.ContentHash());
}

TEST(LeverageRule, EnsemblesRederiveFromDrawnCapabilities) {
  // A's capability is uncertain (nominal 2): each draw must move its weight on x, and B's and
  // T's through the shared total, by the same rule: (1-b) c_i / sum c + b trade_share.
  std::string yaml =
      WithTrade(std::string(kTrade) + "leverage: {weight: 0.5, issues: {x: {targets: [T]}}}\n");
  yaml.replace(yaml.find("{id: A, capability: 2}"), 22, "{id: A, capability: {uniform: [1, 3]}}");
  const Scenario scenario = ParseYamlScenario(yaml, "lev.yaml");
  EXPECT_NEAR(scenario.Capability(0, 0), 0.55, 1e-12);
  bool moved = false;
  for (std::uint64_t run = 0; run < 5; ++run) {
    const Scenario drawn = SampleScenario(scenario, 7, run);
    const double a = drawn.actor(0).capability;
    const double total = a + 2;
    EXPECT_NEAR(drawn.Capability(0, 0), 0.5 * a / total + 0.5 * 0.6, 1e-12) << "run " << run;
    EXPECT_NEAR(drawn.Capability(1, 0), 0.5 * 1 / total + 0.5 * 0.2, 1e-12) << "run " << run;
    EXPECT_NEAR(drawn.Capability(2, 0), 0.5 * 1 / total, 1e-12) << "run " << run;
    EXPECT_EQ(drawn.Capability(0, 1), a);  // issue y: the general capability
    moved = moved || std::abs(drawn.Capability(0, 0) - 0.55) > 1e-6;
  }
  EXPECT_TRUE(moved);
}

TEST(LeverageRule, IssueCapabilityCanBeGivenByHand) {
  const Scenario scenario = ParseYamlScenario(R"(
actors: [{id: A, capability: 2}, {id: B, capability: 1}]
issues:
  - id: x
    positions: {A: {position: 100, salience: 1, capability: 1}, B: [0, 1]}
)",
                                              "own.yaml");
  EXPECT_EQ(scenario.Capability(0, 0), 1);
  EXPECT_NEAR(DefaultRegistry().Create("compromise")->Run(scenario).forecasts[0].position, 50,
              1e-12);
}

TEST(LeverageRule, ErrorsNameTheField) {
  const auto parse = [](const std::string& text) { return ParseYamlScenario(text, "e.yaml"); };
  EXPECT_THAT([&] { parse(WithTrade("leverage: {weight: 0.5, issues: {x: {targets: [T]}}}\n")); },
              ThrowsMessage<InputError>(HasSubstr("leverage: needs a 'trade' section")));
  EXPECT_THAT(
      [&] {
        parse(WithTrade(std::string(kTrade) +
                        "leverage: {weight: 1, issues: {x: {targets: [T]}}}\n"));
      },
      ThrowsMessage<InputError>(
          AllOf(HasSubstr("leverage.weight: is 1"), HasSubstr("expected a share in [0, 1)"))));
  EXPECT_THAT(
      [&] {
        parse(WithTrade(std::string(kTrade) +
                        "leverage: {weight: 0.5, issues: {z: {targets: [T]}}}\n"));
      },
      ThrowsMessage<InputError>(HasSubstr("unknown issue 'z'")));
  EXPECT_THAT(
      [&] {
        parse(WithTrade(R"(
trade:
  year: 2015
  countries: {A: USA, B: 710, T: North Korea}
  data: [{year: 2015, totals: {T: 100}}]
leverage: {weight: 0.5, issues: {x: {targets: [A]}}}
)"));
      },
      ThrowsMessage<InputError>(HasSubstr("target 'A' has no trade recorded for 2015")));
  EXPECT_THAT(
      [&] {
        parse(WithTrade(R"(
trade:
  year: 2015
  data: [{year: 2016, totals: {PRK: 10}}]
)"));
      },
      ThrowsMessage<InputError>(AllOf(HasSubstr("trade.year"), HasSubstr("2015 has no trade"))));
  EXPECT_THAT(
      [&] {
        parse(WithTrade(R"(
trade:
  data: [{year: 2016, flows: [{reporter: Atlantis, partner: CHN, total: 5}]}]
)"));
      },
      ThrowsMessage<InputError>(AllOf(HasSubstr("trade.data[0].flows[0].reporter"),
                                      HasSubstr("'Atlantis' is neither a country"))));
  EXPECT_THAT(
      [&] {
        parse(WithTrade(R"(
trade:
  data: [{year: 2016, flows: [{reporter: PRK, partner: CHN, total: 5, imports: 2}]}]
)"));
      },
      ThrowsMessage<InputError>(HasSubstr("gives total and imports/exports")));
  EXPECT_THAT(
      [&] {
        parse(WithTrade(R"(
trade:
  data: [{year: 2016, totals: {PRK: -3}}]
)"));
      },
      ThrowsMessage<InputError>(HasSubstr("totals.PRK: is -3; expected a number > 0")));
  EXPECT_THAT(
      [&] {
        parse(R"(
actors: [{id: A, capability: 1}]
issues: [{id: x, positions: {A: {position: 1, salience: 1, capability: 0}}}]
)");
      },
      ThrowsMessage<InputError>(HasSubstr("positions.A.capability: is 0; expected a number > 0")));
}

TEST(LeverageRule, FlagshipChinaWeighsMostOnPressure) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const std::size_t pressure = *scenario.FindIssue("nk-pressure");
  const std::size_t china = *scenario.FindActor("CHN");
  // .5 * 80 / 260 (capability share among the six participants) + .5 * 5510 / 6020 [ITC].
  EXPECT_NEAR(scenario.Capability(china, pressure), 0.5 * 80 / 260 + 0.5 * 5510.0 / 6020, 1e-12);
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    if (a != china && scenario.stance(a, pressure) != nullptr)
      EXPECT_LT(scenario.Capability(a, pressure), scenario.Capability(china, pressure));
  }
  EXPECT_EQ(scenario.derivations().size(), 6u);
}

}  // namespace
}  // namespace parley
