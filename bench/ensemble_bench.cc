// Ensemble throughput: runs per second for compromise, nash and eum on the flagship
// scenario (with relative noise 0.1 on every input) at 1 and 2 threads, and on a
// 100-actor, 5-issue scenario; plus the sampler alone. Items = model runs, so
// items_per_second is runs per second. Wall-clock time (UseRealTime) since the work is
// spread over threads.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "analysis/sampling.h"
#include "parley/ensemble.h"
#include "parley/io.h"

namespace {

const parley::Scenario& Flagship() {
  static const parley::Scenario scenario = [] {
    std::string text = parley::ScenarioToJson(
        parley::ReadScenarioFile(PARLEY_SOURCE_DIR "/examples/korea-2017.yaml"));
    if (text.find("\"uncertainty\"") == std::string::npos) {
      text.insert(text.find('{') + 1, "\"uncertainty\": {\"relative_noise\": 0.1},");
    }
    return parley::ParseJsonScenario(text, "korea.json");
  }();
  return scenario;
}

const parley::Scenario& Large() {
  static const parley::Scenario scenario = [] {
    std::mt19937_64 engine(6);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    parley::ScenarioBuilder builder("bench");
    for (int a = 0; a < 100; ++a)
      builder.AddActor({"A" + std::to_string(a), "", 0.1 + unit(engine)});
    for (int k = 0; k < 5; ++k) {
      parley::Issue issue;
      issue.id = "I" + std::to_string(k);
      issue.status_quo = 100 * unit(engine);
      builder.AddIssue(issue);
    }
    for (int a = 0; a < 100; ++a) {
      for (int k = 0; k < 5; ++k) {
        builder.SetStance("A" + std::to_string(a), "I" + std::to_string(k),
                          {100 * unit(engine), 0.05 + 0.95 * unit(engine)});
      }
    }
    builder.SetRelativeNoise(0.1);
    return builder.Build();
  }();
  return scenario;
}

void Ensemble(benchmark::State& state, const parley::Scenario& scenario, const char* spec,
              std::uint64_t runs) {
  parley::EnsembleOptions options;
  options.runs = runs;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(parley::RunEnsemble(scenario, {spec}, options));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(runs));
}

void BM_FlagshipCompromise(benchmark::State& s) { Ensemble(s, Flagship(), "compromise", 65536); }
void BM_FlagshipNash(benchmark::State& s) { Ensemble(s, Flagship(), "nash", 16384); }
void BM_FlagshipEum(benchmark::State& s) { Ensemble(s, Flagship(), "eum", 8192); }
void BM_LargeCompromise(benchmark::State& s) { Ensemble(s, Large(), "compromise", 8192); }
void BM_LargeNash(benchmark::State& s) { Ensemble(s, Large(), "nash", 2048); }
void BM_LargeEum(benchmark::State& s) { Ensemble(s, Large(), "eum", 128); }

BENCHMARK(BM_FlagshipCompromise)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FlagshipNash)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FlagshipEum)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LargeCompromise)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LargeNash)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LargeEum)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// Drawing every input of one run into the workspace (no model): the sampler's cost.
void BM_DrawFlagship(benchmark::State& state) {
  parley::internal::ScenarioWorkspace workspace(Flagship(), Flagship().ContentHash());
  std::uint64_t run = 0;
  for (auto _ : state) {
    workspace.Draw(1, run++);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["inputs"] = static_cast<double>(workspace.input_count());
}
BENCHMARK(BM_DrawFlagship);

}  // namespace
