// compromise and median: hand-computed values.
#include <gtest/gtest.h>

#include "core/weights.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

using testing::MakeScenario;

double Forecast(const std::string& spec, const Scenario& scenario, std::size_t issue = 0) {
  return DefaultRegistry().Create(spec)->Run(scenario).forecasts.at(issue).position;
}

TEST(Compromise, WeightedMeanByHand) {
  // weights c*s: 2*0.5 = 1, 1*1 = 1, 4*0.25 = 1 -> mean of 10, 40, 100 = 50.
  const Scenario scenario =
      MakeScenario({2, 1, 4}, {std::nullopt}, {{0, 0, 10, 0.5}, {1, 0, 40, 1}, {2, 0, 100, 0.25}});
  EXPECT_DOUBLE_EQ(Forecast("compromise", scenario), 50);
  // capability only: (2*10 + 40 + 4*100) / 7 = 460/7.
  EXPECT_DOUBLE_EQ(Forecast("compromise(weight=capability)", scenario), 460.0 / 7);
  // salience only: (5 + 40 + 25) / 1.75 = 40.
  EXPECT_DOUBLE_EQ(Forecast("compromise(weight=salience)", scenario), 40);
  EXPECT_DOUBLE_EQ(Forecast("compromise(weight=equal)", scenario), 50);
}

TEST(Compromise, NonParticipantsAreLeftOut) {
  const Scenario scenario =
      MakeScenario({1, 1, 1}, {50, 50}, {{0, 0, 0, 1}, {1, 0, 30, 1}, {2, 1, 80, 1}});
  EXPECT_DOUBLE_EQ(Forecast("compromise", scenario, 0), 15);
  EXPECT_DOUBLE_EQ(Forecast("compromise", scenario, 1), 80);
}

TEST(Compromise, EcExampleMeanMatchesThePublishedReplication) {
  // Scholz, Calbert & Smith (2011) / the replication's log: initial mean position of the
  // EC emissions example = sum c*s*x / sum c*s.
  const Scenario scenario = ParseBdmCsvScenario(
      "Actor,Capability,Position,Salience\n"
      "Netherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\nLuxembourg,0.03,4,0.2\nGermany,0.16,4,0.8\n"
      "France,0.16,10,0.6\nItaly,0.16,10,0.6\nUK,0.16,10,0.9\nIreland,0.05,7,0.1\n"
      "Denmark,0.05,4,1.0\nGreece,0.08,7,0.7\n",
      "Example.csv");
  // Hand sum: c*s = .064 .032 .006 .128 .096 .096 .144 .005 .05 .056 (total .677);
  // c*s*x = .256 .224 .024 .512 .96 .96 1.44 .035 .2 .392 (total 5.003).
  EXPECT_NEAR(Forecast("compromise", scenario), 5.003 / 0.677, 1e-12);
  // Median: weight at 4 = .248, at 7 = .093, at 10 = .336; half = .3385, so 7 is the
  // median (.248 + .093 = .341 > .3385).
  EXPECT_DOUBLE_EQ(Forecast("median", scenario), 7);
}

TEST(Median, WeightedMedianByHand) {
  // weights 1, 1, 3 at 10, 20, 90: 90 holds more than half.
  const Scenario heavy =
      MakeScenario({1, 1, 3}, {std::nullopt}, {{0, 0, 10, 1}, {1, 0, 20, 1}, {2, 0, 90, 1}});
  EXPECT_DOUBLE_EQ(Forecast("median", heavy), 90);
  EXPECT_DOUBLE_EQ(Forecast("median(weight=equal)", heavy), 20);
}

TEST(Median, ExactSplitGivesTheMidpointOfTheMedianInterval) {
  const Scenario split = MakeScenario({1, 1}, {std::nullopt}, {{0, 0, 10, 1}, {1, 0, 70, 1}});
  EXPECT_DOUBLE_EQ(Forecast("median", split), 40);
  EXPECT_DOUBLE_EQ(Forecast("median", testing::ReverseActors(split)), 40);
}

TEST(Median, ZeroWeightActorsDoNotBoundTheMedianInterval) {
  // Half the weight at 10, half at 70, a zero-salience actor at 30: the interval is
  // still [10, 70].
  const Scenario scenario =
      MakeScenario({1, 1, 1}, {std::nullopt}, {{0, 0, 10, 1}, {1, 0, 30, 0}, {2, 0, 70, 1}});
  EXPECT_DOUBLE_EQ(Forecast("median", scenario), 40);
}

TEST(WeightedStatistics, AllZeroWeightsFallBackToUnweighted) {
  EXPECT_DOUBLE_EQ(internal::WeightedMean({1, 2, 6}, {0, 0, 0}), 3);
  EXPECT_DOUBLE_EQ(internal::WeightedMedian({1, 2, 6}, {0, 0, 0}), 2);
  EXPECT_DOUBLE_EQ(internal::WeightedMedian({1, 2, 6, 8}, {0, 0, 0, 0}), 4);
}

}  // namespace
}  // namespace parley
