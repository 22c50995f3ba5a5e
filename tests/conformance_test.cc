// The conformance suite every registered model must pass (OpenSpiel-style: one suite,
// run over the whole registry). A model added to RegisterBuiltinModels is tested here
// without further work.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "parley/io.h"
#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

using testing::MakeScenario;

std::vector<std::string> AllModelNames() {
  std::vector<std::string> names;
  for (const ModelDescriptor* descriptor : DefaultRegistry().descriptors()) {
    names.push_back(descriptor->name);
  }
  return names;
}

class Conformance : public ::testing::TestWithParam<std::string> {
 protected:
  Result Run(const Scenario& scenario) const {
    return DefaultRegistry().Create(GetParam())->Run(scenario);
  }
};

// Positions scaled to [0, 1] of each issue, for tolerances independent of the scale.
double Relative(const Scenario& scenario, const Result& result, std::size_t issue) {
  const Issue& target = scenario.issue(issue);
  return (result.forecasts.at(issue).position - target.scale_min) / target.range();
}

TEST_P(Conformance, RecordsItsResolvedSpecAndTheInputHash) {
  const Scenario scenario = testing::RandomScenario(1, 5, 2);
  const Result result = Run(scenario);
  EXPECT_EQ(result.model, GetParam());
  // The recorded spec names every parameter and reproduces the run on its own.
  const ModelSpec recorded = DefaultRegistry().Parse(result.spec);
  EXPECT_EQ(recorded.name, GetParam());
  for (const auto& [name, value] : result.parameters) {
    EXPECT_NE(result.spec.find(name + "=" + value), std::string::npos) << name;
  }
  const Result rerun = DefaultRegistry().Create(result.spec)->Run(scenario);
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    EXPECT_EQ(rerun.forecasts[k].position, result.forecasts[k].position);
  }
  EXPECT_EQ(result.input_hash, scenario.ContentHash());
  EXPECT_EQ(result.parameters.size(), DefaultRegistry().Find(GetParam())->params.size());
  ASSERT_EQ(result.forecasts.size(), scenario.issue_count());
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    EXPECT_EQ(result.forecasts[k].issue_id, scenario.issue(k).id);
  }
}

TEST_P(Conformance, ForecastsLieWithinEachScale) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const Scenario scenario = testing::RandomScenario(seed, 2 + seed % 9, 1 + seed % 4);
    const Result result = Run(scenario);
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      const double position = result.forecasts[k].position;
      EXPECT_TRUE(std::isfinite(position)) << "seed " << seed;
      EXPECT_GE(position, scenario.issue(k).scale_min) << "seed " << seed;
      EXPECT_LE(position, scenario.issue(k).scale_max) << "seed " << seed;
    }
  }
}

TEST_P(Conformance, UnanimousActorsGetTheirCommonPosition) {
  // Everyone at 35 on issue 0 and at 80 on issue 1, status quo elsewhere.
  const Scenario scenario = MakeScenario({1, 2, 3}, {10.0, 20.0},
                                         {{0, 0, 35, 0.5},
                                          {1, 0, 35, 1},
                                          {2, 0, 35, 0.2},
                                          {0, 1, 80, 1},
                                          {1, 1, 80, 0.3},
                                          {2, 1, 80, 0.7}});
  const Result result = Run(scenario);
  EXPECT_NEAR(result.forecasts[0].position, 35, 1e-7);
  EXPECT_NEAR(result.forecasts[1].position, 80, 1e-7);
}

TEST_P(Conformance, ASingleActorGetsItsPosition) {
  const Scenario scenario =
      MakeScenario({7}, {90.0, std::nullopt}, {{0, 0, 12, 0.6}, {0, 1, 64, 1}});
  const Result result = Run(scenario);
  EXPECT_NEAR(result.forecasts[0].position, 12, 1e-7);
  EXPECT_NEAR(result.forecasts[1].position, 64, 1e-7);
}

TEST_P(Conformance, InvariantToActorOrder) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const Scenario scenario = testing::RandomScenario(seed, 6, 3);
    const Result forward = Run(scenario);
    const Result backward = Run(testing::ReverseActors(scenario));
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      EXPECT_NEAR(Relative(scenario, forward, k), Relative(scenario, backward, k), 1e-9)
          << "seed " << seed << " issue " << k;
    }
  }
}

TEST_P(Conformance, InvariantToScalingAllCapabilities) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const Scenario scenario = testing::RandomScenario(seed, 5, 2);
    const Result base = Run(scenario);
    for (const double factor : {1e-3, 7.0, 1e4}) {
      const Result scaled = Run(testing::ScaleCapabilities(scenario, factor));
      for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        EXPECT_NEAR(Relative(scenario, base, k), Relative(scenario, scaled, k), 1e-9)
            << "seed " << seed << " factor " << factor;
      }
    }
  }
}

TEST_P(Conformance, DeterministicBitForBit) {
  const Scenario scenario = testing::RandomScenario(5, 8, 3);
  const Result first = Run(scenario);
  const Result second = Run(scenario);
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    EXPECT_EQ(first.forecasts[k].position, second.forecasts[k].position);
  }
}

TEST_P(Conformance, RunsOnTheFlagshipScenario) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const Result result = Run(scenario);
  ASSERT_EQ(result.forecasts.size(), scenario.issue_count());
}

void ExpectSameResult(const Result& got, const Result& expected) {
  EXPECT_EQ(got.model, expected.model);
  EXPECT_EQ(got.spec, expected.spec);
  EXPECT_EQ(got.parameters, expected.parameters);
  EXPECT_EQ(got.input_hash, expected.input_hash);
  EXPECT_EQ(got.seed, expected.seed);
  ASSERT_EQ(got.forecasts.size(), expected.forecasts.size());
  for (std::size_t k = 0; k < got.forecasts.size(); ++k) {
    EXPECT_EQ(got.forecasts[k].issue_id, expected.forecasts[k].issue_id);
    EXPECT_EQ(got.forecasts[k].position, expected.forecasts[k].position) << k;
    EXPECT_EQ(got.forecasts[k].rule, expected.forecasts[k].rule) << k;
    EXPECT_EQ(got.forecasts[k].bargained, expected.forecasts[k].bargained) << k;
  }
  ASSERT_EQ(got.details.size(), expected.details.size());
  for (std::size_t i = 0; i < got.details.size(); ++i) {
    EXPECT_EQ(got.details[i].issue_id, expected.details[i].issue_id);
    EXPECT_EQ(got.details[i].actor_id, expected.details[i].actor_id);
    EXPECT_EQ(got.details[i].name, expected.details[i].name);
    EXPECT_EQ(got.details[i].value, expected.details[i].value);
  }
  ASSERT_EQ(got.trajectory.size(), expected.trajectory.size());
  for (std::size_t i = 0; i < got.trajectory.size(); ++i) {
    EXPECT_EQ(got.trajectory[i].position, expected.trajectory[i].position);
    EXPECT_EQ(got.trajectory[i].actor_id, expected.trajectory[i].actor_id);
  }
  ASSERT_EQ(got.moves.size(), expected.moves.size());
  for (std::size_t i = 0; i < got.moves.size(); ++i) {
    EXPECT_EQ(got.moves[i].kind, expected.moves[i].kind);
    EXPECT_EQ(got.moves[i].to, expected.moves[i].to);
  }
  ASSERT_EQ(got.exchanges.size(), expected.exchanges.size());
  for (std::size_t i = 0; i < got.exchanges.size(); ++i) {
    EXPECT_EQ(got.exchanges[i].gain, expected.exchanges[i].gain);
  }
}

// Model::RunInto (ensembles, sensitivity) gives Run's Result whatever the Result and the
// workspace held before: one Result reused across scenarios of different shapes.
TEST_P(Conformance, RunIntoMatchesRun) {
  const std::unique_ptr<Model> model = DefaultRegistry().Create(GetParam());
  const std::unique_ptr<ModelWorkspace> workspace = model->NewWorkspace();
  const std::vector<Scenario> scenarios = {
      ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml")),
      testing::RandomScenario(3, 7, 3), testing::RandomScenario(4, 2, 1),
      ReadScenarioFile(testing::ProjectPath("examples/cases/eu-turkey-2016.yaml")),
      testing::RandomScenario(5, 5, 4)};
  Result reused;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t s = 0; s < scenarios.size(); ++s) {
      SCOPED_TRACE("scenario " + std::to_string(s));
      model->RunInto(scenarios[s], *workspace, reused);
      ExpectSameResult(reused, model->Run(scenarios[s]));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllModels, Conformance, ::testing::ValuesIn(AllModelNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace parley
