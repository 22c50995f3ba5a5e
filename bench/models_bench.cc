// Benchmarks of the baseline models: one full run over every issue, by scenario size.
#include <benchmark/benchmark.h>

#include <random>

#include "bench_util.h"
#include "parley/io.h"
#include "parley/registry.h"

namespace {

// The models' benchmarks use seed 42 (their figures in earlier notes were taken with it).
parley::Scenario BenchScenario(std::size_t actors, std::size_t issues) {
  return parley::bench::RandomScenario(actors, issues, 42);
}

void RunModel(benchmark::State& state, const char* spec) {
  const parley::Scenario scenario = BenchScenario(static_cast<std::size_t>(state.range(0)),
                                                  static_cast<std::size_t>(state.range(1)));
  const auto model = parley::DefaultRegistry().Create(spec);
  for (auto _ : state) {
    benchmark::DoNotOptimize(model->Run(scenario));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Compromise(benchmark::State& state) { RunModel(state, "compromise"); }
void BM_Median(benchmark::State& state) { RunModel(state, "median"); }
void BM_NashQuadratic(benchmark::State& state) { RunModel(state, "nash(utility=quadratic)"); }
void BM_NashLinear(benchmark::State& state) { RunModel(state, "nash(utility=linear)"); }

// The decision stage's cost: a model run on the flagship as it is (a decider on every
// issue) and with every decision block removed (range 0 = with, 1 = without).
void BM_FlagshipDecisionStage(benchmark::State& state, const char* spec) {
  const parley::Scenario flagship =
      parley::ReadScenarioFile(PARLEY_SOURCE_DIR "/examples/korea-2017.yaml");
  parley::ScenarioBuilder builder;
  for (const parley::Actor& actor : flagship.actors()) builder.AddActor(actor);
  for (parley::Issue issue : flagship.issues()) {
    if (state.range(0) == 1) issue.decision.reset();
    builder.AddIssue(issue);
  }
  for (std::size_t k = 0; k < flagship.issue_count(); ++k) {
    for (std::size_t a = 0; a < flagship.actor_count(); ++a) {
      if (const parley::Stance* stance = flagship.stance(a, k)) {
        builder.SetStance(flagship.actor(a).id, flagship.issue(k).id, *stance);
      }
    }
  }
  const parley::Scenario scenario = builder.Build();
  const auto model = parley::DefaultRegistry().Create(spec);
  for (auto _ : state) {
    benchmark::DoNotOptimize(model->Run(scenario));
  }
  state.SetLabel(state.range(0) == 0 ? "with decision blocks" : "without");
}

void BM_ReadFlagship(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        parley::ReadScenarioFile(PARLEY_SOURCE_DIR "/examples/korea-2017.yaml"));
  }
}

BENCHMARK(BM_Compromise)->Args({6, 4})->Args({100, 10})->Args({10000, 10});
BENCHMARK(BM_Median)->Args({6, 4})->Args({100, 10})->Args({10000, 10});
BENCHMARK(BM_NashQuadratic)
    ->Args({6, 4})
    ->Args({100, 10})
    ->Args({1000, 10})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NashLinear)
    ->Args({6, 4})
    ->Args({30, 4})
    ->Args({100, 10})
    ->Args({1000, 10})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_FlagshipDecisionStage, compromise, "compromise")->Arg(0)->Arg(1);
BENCHMARK_CAPTURE(BM_FlagshipDecisionStage, eum, "eum")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadFlagship)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
