// nash: hand-solved bargains, degenerate cases, and a brute-force check of the solver.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::HasSubstr;
using testing::MakeScenario;
using ::testing::ThrowsMessage;

Result RunNash(const std::string& spec, const Scenario& scenario) {
  return DefaultRegistry().Create(spec)->Run(scenario);
}

// Two actors, one issue on [0, 100], status quo 0; A wants 100, B wants 50, salience 1.
Scenario TwoActorsStatusQuoZero(double capability_a, double capability_b) {
  return MakeScenario({capability_a, capability_b}, {0.0}, {{0, 0, 100, 1}, {1, 0, 50, 1}});
}

TEST(Nash, LinearEqualWeightsStopsAtTheKink) {
  // Gains: A: x, B: x for x <= 50 and 100 - x beyond; log x + log(100 - x) falls past 50,
  // and both gains rise up to 50: the solution is B's ideal point, 50.
  const Result result = RunNash("nash(utility=linear)", TwoActorsStatusQuoZero(1, 1));
  EXPECT_NEAR(result.forecasts[0].position, 50, 1e-7);
}

TEST(Nash, LinearUnequalWeightsSolvesTheFirstOrderCondition) {
  // Weights 2:1 on x in [50, 100]: d/dx [2 log x + log(100 - x)] = 0  =>  x = 200/3.
  const Result result = RunNash("nash(utility=linear)", TwoActorsStatusQuoZero(2, 1));
  EXPECT_NEAR(result.forecasts[0].position, 200.0 / 3, 1e-7);
}

TEST(Nash, QuadraticSolvesTheFirstOrderCondition) {
  // Gains A: 100^2 - (100 - x)^2 = x (200 - x), B: 50^2 - (x - 50)^2 = x (100 - x);
  // maximise 2 log x + log(200 - x) + log(100 - x): 4x^2 - 900x + 40000 = 0, so
  // x = (900 - sqrt(170000)) / 8 = 61.0388...
  const Result result = RunNash("nash(utility=quadratic)", TwoActorsStatusQuoZero(1, 1));
  EXPECT_NEAR(result.forecasts[0].position, (900 - std::sqrt(170000.0)) / 8, 1e-7);
}

TEST(Nash, StatusQuoBetweenOpposedActorsIsTheSolution) {
  // Every move hurts one side, so no bargain beats the status quo.
  const Scenario scenario = MakeScenario({1, 3}, {50.0}, {{0, 0, 0, 1}, {1, 0, 100, 1}});
  for (const char* utility : {"linear", "quadratic"}) {
    const Result result = RunNash(std::string("nash(utility=") + utility + ")", scenario);
    EXPECT_NEAR(result.forecasts[0].position, 50, 1e-7) << utility;
  }
}

TEST(Nash, ActorSatisfiedByTheStatusQuoStillLetsOthersGainElsewhere) {
  // A sits at the status quo of issue 0 and cares only about it; B cares about both
  // issues. The solution keeps issue 0 at the status quo and gives B its ideal on issue 1.
  const Scenario scenario =
      MakeScenario({1, 1}, {20.0, 0.0}, {{0, 0, 20, 1}, {1, 0, 80, 0.5}, {1, 1, 60, 1}});
  for (const char* utility : {"linear", "quadratic"}) {
    const Result result = RunNash(std::string("nash(utility=") + utility + ")", scenario);
    EXPECT_NEAR(result.forecasts[0].position, 20, 1e-6) << utility;
    EXPECT_NEAR(result.forecasts[1].position, 60, 1e-6) << utility;
  }
}

TEST(Nash, LinkageTradesAcrossIssues) {
  // Classic logroll: A cares most about issue 0, B about issue 1; status quo at each
  // one's least-liked end. Linking lets each win where it cares most.
  const Scenario scenario = MakeScenario(
      {1, 1}, {0.0, 100.0}, {{0, 0, 100, 0.9}, {0, 1, 100, 0.1}, {1, 0, 0, 0.1}, {1, 1, 0, 0.9}});
  const Result result = RunNash("nash(utility=linear)", scenario);
  EXPECT_NEAR(result.forecasts[0].position, 100, 1e-6);
  EXPECT_NEAR(result.forecasts[1].position, 0, 1e-6);
  // Both gain 0.9 - 0.1 = 0.8 (scale-normalised utility).
  ASSERT_EQ(result.details.size(), 2u);
  EXPECT_EQ(result.details[0].name, "utility_gain");
  EXPECT_NEAR(result.details[0].value, 0.8, 1e-7);
  EXPECT_NEAR(result.details[1].value, 0.8, 1e-7);
}

TEST(Nash, MissingStatusQuo) {
  const Scenario scenario = MakeScenario({1, 1}, {std::nullopt}, {{0, 0, 20, 1}, {1, 0, 60, 1}});
  // worst: disagreement at each actor's farthest end (A: 100, B: 0); gains are
  // 80 - |x - 20| and 60 - |x - 60|, equal weights: on [20, 60] maximise
  // log(100 - x) + log(x) => x = 50.
  EXPECT_NEAR(RunNash("nash(utility=linear)", scenario).forecasts[0].position, 50, 1e-7);
  EXPECT_THAT([&] { RunNash("nash(no_status_quo=error)", scenario); },
              ThrowsMessage<InputError>(HasSubstr("issue 'I0' has no status quo")));
}

TEST(Nash, ScaleOfAnIssueDoesNotChangeTheBargain) {
  // The same bargain on [0, 100] and on [0, 10] (positions scaled): same relative outcome.
  const Scenario wide = TwoActorsStatusQuoZero(2, 1);
  ScenarioBuilder builder;
  builder.AddActor({"A0", "", 2});
  builder.AddActor({"A1", "", 1});
  Issue narrow_issue;
  narrow_issue.id = "I0";
  narrow_issue.scale_max = 10;
  narrow_issue.status_quo = 0;
  builder.AddIssue(narrow_issue);
  builder.SetStance("A0", "I0", {10, 1});
  builder.SetStance("A1", "I0", {5, 1});
  const Scenario narrow = builder.Build();
  EXPECT_NEAR(RunNash("nash", narrow).forecasts[0].position * 10,
              RunNash("nash", wide).forecasts[0].position, 1e-7);
}

// Brute force for two issues: nested golden-section search on the Nash product, which is
// concave, so the partial maximum over one coordinate is concave in the other.
double GoldenMax(const std::function<double(double)>& f, double lo, double hi, double& arg) {
  const double ratio = (std::sqrt(5.0) - 1) / 2;
  double a = lo, b = hi;
  double c = b - ratio * (b - a), d = a + ratio * (b - a);
  double fc = f(c), fd = f(d);
  for (int i = 0; i < 90; ++i) {
    if (fc < fd) {
      a = c, c = d, fc = fd, d = a + ratio * (b - a), fd = f(d);
    } else {
      b = d, d = c, fd = fc, c = b - ratio * (b - a), fc = f(c);
    }
  }
  arg = (a + b) / 2;
  return f(arg);
}

TEST(Nash, MatchesBruteForceOnRandomTwoIssueBargains) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    // No status quo: every interior point is a strict gain for everyone, so the
    // golden-section search never meets the -infinity region.
    const Scenario drawn = testing::RandomScenario(seed, 4, 2);
    ScenarioBuilder builder;
    for (const Actor& actor : drawn.actors()) builder.AddActor(actor);
    for (Issue issue : drawn.issues()) {
      issue.status_quo.reset();
      builder.AddIssue(issue);
    }
    for (std::size_t a = 0; a < drawn.actor_count(); ++a) {
      for (std::size_t k = 0; k < 2; ++k) {
        builder.SetStance(drawn.actor(a).id, drawn.issue(k).id, *drawn.stance(a, k));
      }
    }
    const Scenario scenario = builder.Build();
    for (const bool quadratic : {false, true}) {
      double capability_total = 0;
      for (const Actor& actor : scenario.actors()) capability_total += actor.capability;
      auto loss = [&](double d) { return quadratic ? d * d : std::abs(d); };
      auto nash_product = [&](double x0, double x1) {
        double value = 0;
        for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
          double gain = 0;
          const double x[2] = {x0, x1};
          for (std::size_t k = 0; k < 2; ++k) {
            const Stance& stance = *scenario.stance(a, k);
            const double ideal = stance.position / 100;
            gain += stance.salience * (loss(std::max(ideal, 1 - ideal)) - loss(x[k] / 100 - ideal));
          }
          if (gain <= 0) return -std::numeric_limits<double>::infinity();
          value += scenario.actor(a).capability / capability_total * std::log(gain);
        }
        return value;
      };
      double best_x0 = 0, best_x1 = 0;
      GoldenMax(
          [&](double x0) {
            double x1 = 0;
            return GoldenMax([&](double y) { return nash_product(x0, y); }, 0, 100, x1);
          },
          0, 100, best_x0);
      GoldenMax([&](double y) { return nash_product(best_x0, y); }, 0, 100, best_x1);
      const Result result =
          RunNash(quadratic ? "nash(utility=quadratic)" : "nash(utility=linear)", scenario);
      // Compare Nash products (robust where the maximum is flat) and positions.
      EXPECT_NEAR(nash_product(result.forecasts[0].position, result.forecasts[1].position),
                  nash_product(best_x0, best_x1), 1e-9)
          << "seed " << seed << (quadratic ? " quadratic" : " linear");
      EXPECT_NEAR(result.forecasts[0].position, best_x0, 1e-4) << "seed " << seed;
      EXPECT_NEAR(result.forecasts[1].position, best_x1, 1e-4) << "seed " << seed;
    }
  }
}

TEST(Nash, FlagshipForecastsStayWithinTheScaleAndRecordGains) {
  const Scenario scenario =
      testing::RandomScenario(99, 30, 5);  // a larger random bargain: solver robustness
  for (const char* utility : {"linear", "quadratic"}) {
    const Result result = RunNash(std::string("nash(utility=") + utility + ")", scenario);
    ASSERT_EQ(result.forecasts.size(), 5u);
    for (const IssueForecast& forecast : result.forecasts) {
      EXPECT_GE(forecast.position, 0);
      EXPECT_LE(forecast.position, 100);
    }
    for (const Detail& detail : result.details) {
      // Nobody is worse off than at the status quo (up to the solver's tolerance).
      EXPECT_GE(detail.value, -1e-9) << detail.actor_id;
    }
  }
}

}  // namespace
}  // namespace parley
