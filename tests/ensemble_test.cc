// Uncertain inputs (schema, validation, sampling) and ensembles: determinism across threads
// and partial splits (the MPI path), summaries against closed forms, the quantile sketch.
#include "parley/ensemble.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <limits>
#include <pcg_random.hpp>
#include <string>
#include <vector>

#include "analysis/sampling.h"
#include "parley/io.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::HasSubstr;

// One issue on [0, 100]; `positions` holds YAML for each actor's stance.
Scenario OneIssue(const std::vector<std::string>& stances, const std::string& extra = "") {
  std::string text = "actors:\n";
  for (std::size_t a = 0; a < stances.size(); ++a) {
    text += "  - {id: A" + std::to_string(a) + ", capability: 1}\n";
  }
  text += "issues:\n  - id: x\n    status_quo: 50\n    positions:\n";
  for (std::size_t a = 0; a < stances.size(); ++a) {
    text += "      A" + std::to_string(a) + ": " + stances[a] + "\n";
  }
  return ParseYamlScenario(text + extra, "test.yaml");
}

TEST(Uncertainty, ReadsDistributionsWithNominalValues) {
  const Scenario scenario = OneIssue({"{position: {uniform: [60, 80]}, salience: 1}",
                                      "{position: {triangular: [10, 20, 40]}, salience: "
                                      "{beta: [2, 6]}}",
                                      "[{normal: [50, 5]}, 0.5]"});
  ASSERT_EQ(scenario.uncertain_inputs().size(), 4u);
  EXPECT_DOUBLE_EQ(scenario.stance(0, 0)->position, 70);
  EXPECT_DOUBLE_EQ(scenario.stance(1, 0)->position, 20);    // triangular: the mode
  EXPECT_DOUBLE_EQ(scenario.stance(1, 0)->salience, 0.25);  // beta: the mean 2 / 8
  EXPECT_DOUBLE_EQ(scenario.stance(2, 0)->position, 50);
  EXPECT_EQ(scenario.InputLabel(scenario.uncertain_inputs()[0]), "A0.x.position");
  EXPECT_EQ(scenario.InputLabel(scenario.uncertain_inputs()[2]), "A1.x.salience");
  const Distribution& normal = scenario.uncertain_inputs()[3].distribution;
  EXPECT_EQ(normal.kind, DistributionKind::kNormal);
  EXPECT_EQ(normal.low, 0);  // truncated to the scale
  EXPECT_EQ(normal.high, 100);
}

TEST(Uncertainty, CertainScenariosKeepTheirHash) {
  const Scenario certain = OneIssue({"{position: 70, salience: 1}"});
  const Scenario uncertain = OneIssue({"{position: {uniform: [60, 80]}, salience: 1}"});
  EXPECT_TRUE(certain.uncertain_inputs().empty());
  EXPECT_NE(certain.ContentHash(), uncertain.ContentHash());
  EXPECT_NE(uncertain.ContentHash(), OneIssue({"{position: {uniform: [60, 80]}, salience: 1}"},
                                              "uncertainty: "
                                              "{relative_noise: 0.1}\n")
                                         .ContentHash());
}

TEST(Uncertainty, CapabilityAndSalienceScale) {
  const Scenario scenario = ParseYamlScenario(
      "salience_scale: 100\nactors:\n  - {id: A, capability: {uniform: [1, 3]}}\n"
      "issues:\n  - id: x\n    positions:\n      A: {position: 5, salience: {uniform: [20, "
      "60]}}\n",
      "test.yaml");
  ASSERT_EQ(scenario.uncertain_inputs().size(), 2u);
  EXPECT_DOUBLE_EQ(scenario.actor(0).capability, 2);
  EXPECT_DOUBLE_EQ(scenario.stance(0, 0)->salience, 0.4);
  EXPECT_DOUBLE_EQ(scenario.uncertain_inputs()[1].distribution.high, 0.6);
}

TEST(Uncertainty, RelativeNoiseCoversEveryOtherField) {
  const Scenario scenario =
      OneIssue({"{position: {uniform: [60, 80]}, salience: 1}", "{position: 30, salience: 0.5}"},
               "uncertainty: {relative_noise: 0.1}\n");
  // 2 capabilities, 2 positions, 2 saliences; A0's position keeps its own distribution.
  ASSERT_EQ(scenario.uncertain_inputs().size(), 6u);
  EXPECT_FALSE(scenario.uncertain_inputs()[0].from_noise);
  int noise = 0;
  for (const UncertainInput& input : scenario.uncertain_inputs()) {
    if (!input.from_noise) continue;
    ++noise;
    EXPECT_EQ(input.distribution.kind, DistributionKind::kNormal);
    if (input.field == UncertainField::kPosition) EXPECT_DOUBLE_EQ(input.distribution.sd, 10);
    if (input.field == UncertainField::kSalience) EXPECT_DOUBLE_EQ(input.distribution.sd, 0.1);
    if (input.field == UncertainField::kCapability) {
      EXPECT_DOUBLE_EQ(input.distribution.sd, 0.1);
    }
  }
  EXPECT_EQ(noise, 5);
}

class DistributionErrors : public ::testing::TestWithParam<testing::BadInput> {};

TEST_P(DistributionErrors, NameLineFieldAndExpectation) {
  testing::ExpectRejected(ScenarioFormat::kYaml, GetParam(), "bad.yaml");
}

std::string Stance(const std::string& stance) {
  return "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n      A: " +
         stance + "\n";
}

INSTANTIATE_TEST_SUITE_P(
    Yaml, DistributionErrors,
    ::testing::Values(
        testing::BadInput{"uniform outside scale",
                          Stance("{position: {uniform: [60, 120]}, salience: 1}"),
                          {"bad.yaml:6:", "issues[0].positions.A.position",
                           "reaches outside the valid range [0, 100]"}},
        testing::BadInput{"uniform reversed",
                          Stance("{position: {uniform: [80, 60]}, salience: 1}"),
                          {"bad.yaml:6:", "lower bound 80 is not below upper bound 60"}},
        testing::BadInput{"triangular mode outside",
                          Stance("{position: {triangular: [10, 50, 40]}, salience: 1}"),
                          {"bad.yaml:6:", "mode 50 is outside [10, 40]"}},
        testing::BadInput{"normal sd zero",
                          Stance("{position: {normal: [50, 0]}, salience: 1}"),
                          {"bad.yaml:6:", "standard deviation 0 is not positive"}},
        testing::BadInput{"normal mean outside",
                          Stance("{position: {normal: [150, 5]}, salience: 1}"),
                          {"bad.yaml:6:", "position: is 150; expected a value within the scale"}},
        testing::BadInput{"normal nan",
                          Stance("{position: {normal: [.nan, 5]}, salience: 1}"),
                          {"bad.yaml:6:", "expected a finite number"}},
        testing::BadInput{"beta shape",
                          Stance("{position: {beta: [0, 2]}, salience: 1}"),
                          {"bad.yaml:6:", "shape parameters must be > 0"}},
        testing::BadInput{"salience above one",
                          Stance("{position: 5, salience: {uniform: [0.5, 1.5]}}"),
                          {"bad.yaml:6:", "positions.A.salience", "valid range [0, 1]"}},
        testing::BadInput{"unknown distribution",
                          Stance("{position: {lognormal: [1, 2]}, salience: 1}"),
                          {"bad.yaml:6:", "unknown distribution 'lognormal'"}},
        testing::BadInput{"wrong count",
                          Stance("{position: {uniform: [1, 2, 3]}, salience: 1}"),
                          {"bad.yaml:6:", "has 3 numbers; expected [low, high]"}},
        testing::BadInput{"two keys",
                          Stance("{position: {uniform: [1, 2], normal: [1, 2]}, salience: 1}"),
                          {"bad.yaml:6:", "expected a number or one distribution"}},
        testing::BadInput{"capability beta unbounded",
                          "actors:\n  - {id: A, capability: {beta: [2, 2]}}\nissues: []\n",
                          {"bad.yaml:2:", "actors[0].capability.beta", "[alpha, beta, low, high]"}},
        testing::BadInput{"capability uniform at zero",
                          "actors:\n  - {id: A, capability: {uniform: [0, 2]}}\nissues: []\n",
                          {"bad.yaml:2:", "valid range (0, inf)"}},
        testing::BadInput{
            "noise out of range",
            Stance("{position: 5, salience: 1}") + "uncertainty: {relative_noise: 2}\n",
            {"bad.yaml:7:", "uncertainty.relative_noise", "expected a share"}}),
    testing::BadInputName);

TEST(InverseCdf, ClosedForms) {
  Distribution uniform{DistributionKind::kUniform, 60, 80};
  EXPECT_DOUBLE_EQ(InverseCdf(uniform, 0.25), 65);
  Distribution triangular{DistributionKind::kTriangular, 0, 100, 25};
  EXPECT_DOUBLE_EQ(InverseCdf(triangular, 0.25), 25);  // F(mode) = 0.25
  EXPECT_NEAR(InverseCdf(triangular, 0.5), 100 - std::sqrt(0.5 * 100 * 75), 1e-9);
  Distribution normal{DistributionKind::kNormal, 0, 100, 0, 50, 10};
  EXPECT_NEAR(InverseCdf(normal, 0.5), 50, 1e-9);
  EXPECT_NEAR(InverseCdf(normal, 0.975), 50 + 19.59964, 1e-3);
  Distribution half{DistributionKind::kNormal, 50, 100, 0, 50, 10};  // truncated at the mean
  EXPECT_NEAR(InverseCdf(half, 0.5), 50 + 10 * 0.6744898, 1e-4);
  Distribution beta{DistributionKind::kBeta, 0, 100, 0, 0, 0, 1, 1};
  EXPECT_NEAR(InverseCdf(beta, 0.3), 30, 1e-9);  // Beta(1, 1) is uniform
}

// The standard normal quantile (AS 241) against the one parley 0.1 used, Boost's erfc_inv,
// on the grid of probabilities a 32-bit draw gives: within 8 ulp everywhere (the documented
// change of the last bits, analysis/sampling.h), and against reference values.
TEST(NormalQuantile, AgreesWithBoostToAFewUlps) {
  using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  auto boost_quantile = [](double p) {
    return -std::sqrt(2.0) * boost::math::erfc_inv(2 * p, Policy());
  };
  pcg32 rng(2024, 1);
  double worst = 0;
  for (int i = 0; i < 400000; ++i) {
    std::uint32_t bits = rng();
    if (i < 1000) bits = static_cast<std::uint32_t>(i);                       // lower tail
    if (i >= 1000 && i < 2000) bits = ~static_cast<std::uint32_t>(i - 1000);  // upper tail
    const double p = internal::UnitFromBits(bits);
    const double expected = boost_quantile(p);
    const double ulp = std::nextafter(std::abs(expected), 1e300) - std::abs(expected);
    const double ulps = std::abs(internal::StandardNormalQuantile(p) - expected) / ulp;
    worst = std::max(worst, ulps);
    ASSERT_LE(ulps, 8) << "p = " << p;
  }
  EXPECT_GT(worst, 0);  // not the same function: the last bits differ
  // Reference values (R's qnorm) to 16 digits; 2e-15 is about 9 ulp.
  const std::vector<std::pair<double, double>> known = {{0.975, 1.959963984540054},
                                                        {0.025, -1.959963984540054},
                                                        {0.999, 3.090232306167814},
                                                        {0.1, -1.281551565544600},
                                                        {1e-10, -6.361340902404056}};
  for (const auto& [p, z] : known) {
    EXPECT_NEAR(internal::StandardNormalQuantile(p), z, 2e-15 * std::abs(z)) << p;
  }
  EXPECT_EQ(internal::StandardNormalQuantile(0.5), 0.0);
  EXPECT_EQ(internal::StandardNormalQuantile(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(internal::StandardNormalQuantile(1.0), std::numeric_limits<double>::infinity());
}

TEST(NormalQuantile, BatchIsBitIdenticalToScalar) {
  std::vector<double> p = {
      0.0, 1.0,    0.075,      0.925, std::nextafter(0.075, 0.0), std::nextafter(0.925, 1.0),
      0.5, 1e-300, 1 - 0x1p-53};
  pcg32 rng(5, 5);
  for (int i = 0; i < 10000; ++i) p.push_back(internal::UnitFromBits(rng()));
  std::vector<double> z(p.size());
  internal::StandardNormalQuantiles(p.data(), z.data(), p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double scalar = internal::StandardNormalQuantile(p[i]);
    EXPECT_TRUE(z[i] == scalar || (std::isnan(z[i]) && std::isnan(scalar))) << p[i];
  }
}

// The value of an uncertain input in a scenario.
double InputValue(const Scenario& scenario, const UncertainInput& input) {
  if (input.field == UncertainField::kCapability) return scenario.actor(input.actor).capability;
  const parley::Stance* stance = scenario.stance(input.actor, input.issue);
  return input.field == UncertainField::kPosition ? stance->position : stance->salience;
}

// Draw computes the normal inputs together (vectorised); each value must still be the
// input's own inverse CDF at its own pcg32 output, as the header documents.
TEST(Sampling, DrawGivesEachInputItsInverseCdf) {
  const Scenario scenario =
      OneIssue({"{position: {uniform: [60, 80]}, salience: {beta: [2, 5]}}",
                "{position: {triangular: [10, 20, 40]}, salience: 0.5}",
                "{position: {normal: [95, 30]}, salience: {normal: [0.9, 0.3]}}",
                "{position: 30, salience: 0.7}"},
               "uncertainty: {relative_noise: 0.2}\n");
  internal::ScenarioWorkspace workspace(scenario, scenario.ContentHash());
  ASSERT_EQ(workspace.input_count(), scenario.uncertain_inputs().size());
  for (std::uint64_t run = 0; run < 500; ++run) {
    workspace.Draw(17, run);
    pcg32 rng(17, run);
    for (std::size_t i = 0; i < workspace.input_count(); ++i) {
      const double expected = workspace.sampler(i)(internal::UnitFromBits(rng()));
      ASSERT_EQ(InputValue(workspace.scenario(), scenario.uncertain_inputs()[i]), expected)
          << "run " << run << " input " << i;
    }
  }
}

// Truncated normal draws (inversion on [Phi(a), Phi(b)]) follow the truncated normal: the
// Kolmogorov-Smirnov distance to its CDF, the mean and variance, a tail share, and the
// support, for mild and heavy truncation and a capability's (0, inf).
TEST(Sampling, TruncatedNormalDrawsFollowTheTruncatedNormal) {
  struct Case {
    std::string stance;
    double mean, sd, low, high;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Case> cases = {
      {"{position: {normal: [40, 15]}, salience: 1}", 40, 15, 0, 100},
      {"{position: {normal: [90, 20]}, salience: 1}", 90, 20, 0, 100},
      {"{position: 50, salience: {normal: [0.95, 0.3]}}", 0.95, 0.3, 0, 1}};
  auto phi = [](double z) { return std::exp(-z * z / 2) / std::sqrt(2 * M_PI); };
  auto cdf = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  const std::size_t n = 100000;
  for (const Case& c : cases) {
    const Scenario scenario = OneIssue({c.stance});
    internal::ScenarioWorkspace workspace(scenario, scenario.ContentHash());
    ASSERT_EQ(workspace.input_count(), 1u);
    std::vector<double> x(n);
    for (std::size_t run = 0; run < n; ++run) {
      workspace.Draw(3, run);
      x[run] = InputValue(workspace.scenario(), scenario.uncertain_inputs()[0]);
    }
    const double alpha = (c.low - c.mean) / c.sd, beta = (c.high - c.mean) / c.sd;
    const double mass = cdf(beta) - cdf(alpha);
    auto truncated_cdf = [&](double v) { return (cdf((v - c.mean) / c.sd) - cdf(alpha)) / mass; };
    std::sort(x.begin(), x.end());
    EXPECT_GE(x.front(), c.low);
    EXPECT_LE(x.back(), c.high);
    double ks = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double f = truncated_cdf(x[i]);
      ks = std::max({ks, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    EXPECT_LT(ks, 1.95 / std::sqrt(static_cast<double>(n))) << c.stance;  // 0.1% level
    // Moments of the truncated normal (Johnson, Kotz & Balakrishnan 1994, ch. 13).
    const double lambda = (phi(alpha) - phi(beta)) / mass;
    const double mean = c.mean + c.sd * lambda;
    const double variance =
        c.sd * c.sd * (1 + (alpha * phi(alpha) - beta * phi(beta)) / mass - lambda * lambda);
    double sum = 0, squares = 0;
    for (double v : x) sum += v;
    const double sample_mean = sum / n;
    for (double v : x) squares += (v - sample_mean) * (v - sample_mean);
    const double sample_variance = squares / (n - 1);
    EXPECT_NEAR(sample_mean, mean, 5 * std::sqrt(variance / n)) << c.stance;
    EXPECT_NEAR(sample_variance, variance, 5 * variance * std::sqrt(2.0 / n)) << c.stance;
    // The upper 1% of the truncated distribution: tails come from the other branch of AS 241.
    const double tail_point =
        c.mean + c.sd * internal::StandardNormalQuantile(cdf(alpha) + 0.99 * mass);
    const double share =
        static_cast<double>(x.end() - std::upper_bound(x.begin(), x.end(), tail_point)) / n;
    EXPECT_NEAR(share, 0.01, 5 * std::sqrt(0.01 * 0.99 / n)) << c.stance;
  }
  // A capability under relative noise: normal on (0, inf), never 0.
  const Scenario noisy =
      OneIssue({"{position: 50, salience: 1}"}, "uncertainty: {relative_noise: 1}\n");
  internal::ScenarioWorkspace workspace(noisy, noisy.ContentHash());
  for (std::uint64_t run = 0; run < 20000; ++run) {
    workspace.Draw(9, run);
    EXPECT_GT(workspace.scenario().actor(0).capability, 0);
    EXPECT_LT(workspace.scenario().actor(0).capability, inf);
  }
}

std::string Json(const Scenario& scenario, const std::vector<std::string>& specs,
                 EnsembleOptions options) {
  return EnsembleToJson(RunEnsemble(scenario, specs, options));
}

TEST(Ensemble, IdenticalForAnyThreadCount) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  EnsembleOptions options;
  options.runs = 3000;  // 47 blocks, the last one partial
  options.seed = 7;
  options.thresholds.push_back(ParseThreshold("nk-pressure>=60", scenario));
  // The flagship with more relative noise, set in memory.
  std::string text = ScenarioToJson(scenario);
  const std::string noise = "\"relative_noise\": 0.05";
  ASSERT_NE(text.find(noise), std::string::npos);
  text.replace(text.find(noise), noise.size(), "\"relative_noise\": 0.1");
  const Scenario uncertain = ParseJsonScenario(text, "korea.json");
  ASSERT_EQ(uncertain.relative_noise(), 0.1);
  ASSERT_FALSE(uncertain.uncertain_inputs().empty());
  options.threads = 1;
  const std::string one = Json(uncertain, {"compromise", "eum"}, options);
  options.threads = 2;
  EXPECT_EQ(Json(uncertain, {"compromise", "eum"}, options), one);
  options.threads = 4;
  EXPECT_EQ(Json(uncertain, {"compromise", "eum"}, options), one);
  EXPECT_THAT(one, HasSubstr("\"moves\""));
  EXPECT_THAT(one, HasSubstr("\"kind\""));  // eum moves are tallied
}

TEST(Ensemble, JsonWriterKeepsTheUncertainty) {
  // Written to JSON and read back, the flagship draws the same inputs: every distribution
  // (uniform, triangular) and the relative noise survive the round trip.
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const Scenario round_trip = ParseJsonScenario(ScenarioToJson(scenario), "korea.json");
  ASSERT_EQ(round_trip.uncertain_inputs().size(), scenario.uncertain_inputs().size());
  EXPECT_EQ(round_trip.relative_noise(), scenario.relative_noise());
  for (std::size_t i = 0; i < scenario.uncertain_inputs().size(); ++i) {
    EXPECT_EQ(round_trip.InputLabel(round_trip.uncertain_inputs()[i]),
              scenario.InputLabel(scenario.uncertain_inputs()[i]));
  }
  for (std::uint64_t run = 0; run < 20; ++run) {
    const Scenario expected = SampleScenario(scenario, 3, run);
    const Scenario drawn = SampleScenario(round_trip, 3, run);
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      EXPECT_EQ(drawn.actor(a).capability, expected.actor(a).capability);
      for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        if (const auto* stance = expected.stance(a, k)) {
          EXPECT_EQ(drawn.stance(a, k)->position, stance->position) << a << " " << k;
          EXPECT_EQ(drawn.stance(a, k)->salience, stance->salience) << a << " " << k;
        }
      }
    }
  }
}

TEST(Ensemble, SplitIntoPartialsLikeMpiRanks) {
  const Scenario scenario = OneIssue({"{position: {uniform: [20, 80]}, salience: 1}",
                                      "{position: {normal: [40, 15]}, salience: 0.5}"});
  EnsembleOptions options;
  options.runs = 300;  // 5 blocks of 64, the last partial
  options.seed = 3;
  options.threads = 2;
  const std::string whole = Json(scenario, {"compromise", "median"}, options);
  for (const std::vector<std::uint64_t>& cuts :
       {std::vector<std::uint64_t>{0, 2, 5}, {0, 1, 3, 5}, {0, 0, 5}}) {
    std::vector<EnsemblePartial> partials;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      const EnsemblePartial partial =
          RunEnsembleBlocks(scenario, {"compromise", "median"}, options, cuts[i], cuts[i + 1]);
      partials.push_back(EnsemblePartial::Deserialize(partial.Serialize()));
    }
    EXPECT_EQ(EnsembleToJson(FinishEnsemble(scenario, {"compromise", "median"}, options, partials)),
              whole);
  }
}

TEST(Ensemble, UniformPositionGivesUniformOutcome) {
  const double a = 60, b = 80;
  const Scenario scenario = OneIssue({"{position: {uniform: [60, 80]}, salience: 1}"});
  EnsembleOptions options;
  options.runs = 100000;
  options.thresholds.push_back(ParseThreshold("x>=75", scenario));
  const EnsembleResult result = RunEnsemble(scenario, {"compromise"}, options);
  const IssueSummary& x = result.models[0].issues[0];
  const double sd = (b - a) / std::sqrt(12.0);
  EXPECT_NEAR(x.mean, (a + b) / 2, 4 * sd / std::sqrt(1e5));
  EXPECT_NEAR(x.sd, sd, 0.01 * sd);
  for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) {
    EXPECT_NEAR(x.quantiles[q], a + kQuantileLevels[q] * (b - a), 0.1) << q;
  }
  EXPECT_NEAR(result.models[0].threshold_probability[0], 0.25, 0.005);
  EXPECT_GE(x.min, a);
  EXPECT_LE(x.max, b);
  // 20 bins of 5 on [0, 100]: all runs in bins 12..15, about a quarter each.
  for (std::size_t bin = 12; bin < 16; ++bin) {
    EXPECT_NEAR(static_cast<double>(x.histogram[bin]) / 1e5, 0.25, 0.01) << bin;
  }
}

TEST(Ensemble, TwoEqualUniformsGiveATriangle) {
  const Scenario scenario = OneIssue({"{position: {uniform: [0, 100]}, salience: 1}",
                                      "{position: {uniform: [0, 100]}, salience: 1}"});
  EnsembleOptions options;
  options.runs = 100000;
  options.thresholds.push_back(ParseThreshold("x>=75", scenario));
  options.thresholds.push_back(ParseThreshold("x<25", scenario));
  const EnsembleResult result = RunEnsemble(scenario, {"compromise"}, options);
  const IssueSummary& x = result.models[0].issues[0];
  // (X + Y) / 2 of independent U(0, 100): triangular on [0, 100], mode 50, sd 100/sqrt(24);
  // P(>= 75) = P(< 25) = 2 (1/4)^2 / 1 ... = 0.125; p05 = 100 sqrt(0.05 / 2).
  EXPECT_NEAR(x.mean, 50, 0.3);
  EXPECT_NEAR(x.sd, 100 / std::sqrt(24.0), 0.2);
  EXPECT_NEAR(x.quantiles[0], 100 * std::sqrt(0.025), 0.3);
  EXPECT_NEAR(x.quantiles[2], 50, 0.3);
  EXPECT_NEAR(result.models[0].threshold_probability[0], 0.125, 0.004);
  EXPECT_NEAR(result.models[0].threshold_probability[1], 0.125, 0.004);
}

TEST(Ensemble, SketchBeyondTheCapStaysWithinItsBound) {
  const Scenario scenario = OneIssue({"{position: {triangular: [10, 30, 90]}, salience: 1}",
                                      "{position: {normal: [60, 20]}, salience: 0.7}"});
  EnsembleOptions options;
  options.runs = 20000;
  const EnsembleResult exact = RunEnsemble(scenario, {"compromise"}, options);
  options.quantile_cap = 1000;  // force the sketch
  const EnsembleResult sketch = RunEnsemble(scenario, {"compromise"}, options);
  ASSERT_TRUE(exact.exact_quantiles);
  ASSERT_FALSE(sketch.exact_quantiles);
  // Documented bound: one bin width plus the gap between neighbouring order statistics
  // (about range / runs here).
  const double bound = 100.0 / kSketchBins + 100.0 / 20000;
  for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) {
    EXPECT_NEAR(sketch.models[0].issues[0].quantiles[q], exact.models[0].issues[0].quantiles[q],
                bound)
        << q;
  }
  EXPECT_EQ(sketch.models[0].issues[0].mean, exact.models[0].issues[0].mean);
}

TEST(Ensemble, BlockSizeDependsOnRunsOnly) {
  EXPECT_EQ(EnsembleBlockRuns(10), 64u);
  EXPECT_EQ(EnsembleBlockRuns(1000000), 64u);
  EXPECT_EQ(EnsembleBlockRuns(10000000), 153u);
  EXPECT_EQ(EnsembleBlockRuns(1000000000), 15259u);  // at most 65536 blocks
}

TEST(Ensemble, SampleScenarioMatchesTheRunsDraws) {
  const Scenario scenario = OneIssue({"{position: {uniform: [0, 100]}, salience: 1}"});
  EnsembleOptions options;
  options.runs = 1;
  options.seed = 11;
  const EnsembleResult result = RunEnsemble(scenario, {"compromise"}, options);
  EXPECT_EQ(SampleScenario(scenario, 11, 0).stance(0, 0)->position,
            result.models[0].issues[0].mean);
}

// Exact quantiles (found by selection) are the type 7 quantiles of the sorted run values.
TEST(Ensemble, ExactQuantilesAreType7OfTheRunValues) {
  const Scenario scenario = OneIssue({"{position: {triangular: [10, 30, 90]}, salience: 1}",
                                      "{position: {normal: [60, 20]}, salience: 0.7}"});
  EnsembleOptions options;
  options.runs = 1001;
  options.seed = 5;
  const EnsemblePartial partial = RunEnsembleBlocks(scenario, {"compromise"}, options, 0, 100);
  std::vector<double> sorted = partial.values;
  ASSERT_EQ(sorted.size(), options.runs);
  std::sort(sorted.begin(), sorted.end());
  const EnsembleResult result = FinishEnsemble(scenario, {"compromise"}, options, {partial});
  for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) {
    const double h = 1000 * kQuantileLevels[q];
    const std::size_t below = static_cast<std::size_t>(std::floor(h));
    const double expected = sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
    EXPECT_EQ(result.models[0].issues[0].quantiles[q], expected) << kQuantileLevels[q];
  }
}

TEST(Threshold, Parses) {
  const Scenario scenario = OneIssue({"{position: 5, salience: 1}"});
  EXPECT_EQ(ParseThreshold("x>=60", scenario).op, Threshold::Op::kGreaterEqual);
  EXPECT_EQ(ParseThreshold("x>60", scenario).op, Threshold::Op::kGreater);
  EXPECT_EQ(ParseThreshold("x<=60", scenario).op, Threshold::Op::kLessEqual);
  const Threshold less = ParseThreshold("x<6e1", scenario);
  EXPECT_EQ(less.op, Threshold::Op::kLess);
  EXPECT_EQ(less.value, 60);
  EXPECT_TRUE(less.Holds(59.9));
  EXPECT_FALSE(less.Holds(60));
}

TEST(Threshold, RejectsBadInput) {
  const Scenario scenario = OneIssue({"{position: 5, salience: 1}"});
  auto message = [&](const std::string& text) {
    try {
      ParseThreshold(text, scenario);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(message("x=60"), HasSubstr("has no comparison"));
  EXPECT_THAT(message(">=60"), HasSubstr("has no comparison"));
  EXPECT_THAT(message("y>=60"), HasSubstr("unknown issue 'y'"));
  EXPECT_THAT(message("x>=high"), HasSubstr("'high' is not a number"));
  EXPECT_THAT(message("x>="), HasSubstr("is not a number"));
  EXPECT_THAT(message("x>=60"), HasSubstr("no error"));
  EXPECT_THAT(message("x=>60"), HasSubstr("--threshold"));
}

}  // namespace
}  // namespace parley
