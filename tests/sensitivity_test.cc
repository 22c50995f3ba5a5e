// Sensitivity analysis: Sobol indices of an additive linear model against their closed
// form, tornado order and values, determinism across threads, errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "parley/ensemble.h"
#include "parley/io.h"

namespace parley {
namespace {

// compromise = (2 A + B + C) / 4 with A ~ U(0, 100), B ~ U(20, 60), C = 50: additive and
// linear, so S_i = S_Ti = w_i^2 Var_i / sum_j w_j^2 Var_j with w = (1/2, 1/4):
// Var contributions 100^2 / 12 / 4 = 208.33 and 40^2 / 12 / 16 = 8.33.
Scenario Linear() {
  return ParseYamlScenario(
      "actors:\n  - {id: A, capability: 2}\n  - {id: B, capability: 1}\n"
      "  - {id: C, capability: 1}\nissues:\n  - id: x\n    positions:\n"
      "      A: {position: {uniform: [0, 100]}, salience: 1}\n"
      "      B: {position: {uniform: [20, 60]}, salience: 1}\n"
      "      C: {position: 50, salience: 1}\n",
      "linear.yaml");
}

TEST(Sobol, AdditiveLinearModelMatchesClosedForm) {
  SensitivityOptions options;
  options.runs = 8192;
  options.seed = 5;
  const SensitivityResult result = RunSensitivity(Linear(), "compromise", options);
  ASSERT_EQ(result.issues.size(), 1u);
  const IssueSensitivity& x = result.issues[0];
  const double va = 10000.0 / 12 / 4, vb = 1600.0 / 12 / 16;
  const double expected[] = {va / (va + vb), vb / (va + vb)};
  EXPECT_NEAR(x.variance, va + vb, 0.05 * (va + vb));
  ASSERT_EQ(x.sobol.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const SobolIndex& index = x.sobol[i];
    EXPECT_GT(index.first_se, 0);
    EXPECT_LT(index.first_se, 0.05);
    EXPECT_NEAR(index.first, expected[i], std::max(4 * index.first_se, 0.01)) << index.input;
    EXPECT_NEAR(index.total, expected[i], std::max(4 * index.total_se, 0.01)) << index.input;
  }
  EXPECT_EQ(x.sobol[0].input, "A.x.position");
  EXPECT_EQ(result.model_runs, 8192u * 4 + 5);
}

TEST(Tornado, OrdersByswingWithExactValues) {
  SensitivityOptions options;
  options.runs = 64;
  const SensitivityResult result = RunSensitivity(Linear(), "compromise", options);
  const IssueSensitivity& x = result.issues[0];
  EXPECT_DOUBLE_EQ(x.nominal, (2 * 50 + 40 + 50) / 4.0);
  ASSERT_EQ(x.tornado.size(), 2u);
  EXPECT_EQ(x.tornado[0].input, "A.x.position");
  EXPECT_DOUBLE_EQ(x.tornado[0].low_value, 5);  // the 5th and 95th percentiles
  EXPECT_DOUBLE_EQ(x.tornado[0].high_value, 95);
  EXPECT_NEAR(x.tornado[0].swing(), 0.5 * 90, 1e-9);
  EXPECT_EQ(x.tornado[1].input, "B.x.position");
  EXPECT_NEAR(x.tornado[1].swing(), 0.25 * 36, 1e-9);
}

TEST(Sensitivity, IdenticalForAnyThreadCount) {
  SensitivityOptions options;
  options.runs = 500;
  options.threads = 1;
  const std::string one = SensitivityToJson(RunSensitivity(Linear(), "median", options));
  options.threads = 2;
  EXPECT_EQ(SensitivityToJson(RunSensitivity(Linear(), "median", options)), one);
  options.threads = 4;
  EXPECT_EQ(SensitivityToJson(RunSensitivity(Linear(), "median", options)), one);
  EXPECT_THAT(SensitivityToCsv(RunSensitivity(Linear(), "median", options)),
              ::testing::HasSubstr("sobol_total_se"));
}

TEST(Sensitivity, NeedsUncertainInputs) {
  const Scenario certain = ParseYamlScenario(
      "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n"
      "      A: {position: 5, salience: 1}\n",
      "certain.yaml");
  EXPECT_THROW(RunSensitivity(certain, "compromise", {}), InputError);
  try {
    RunSensitivity(certain, "compromise", {});
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("certain.yaml: uncertainty: the scenario has "
                                                   "no uncertain inputs"));
  }
}

}  // namespace
}  // namespace parley
