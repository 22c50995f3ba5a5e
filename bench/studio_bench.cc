// parley studio: the server's share of one edit (apply it, rerun the models, build the
// State), on the flagship and on 100 actors x 8 issues with the studio's default models
// (above 30 actors without exchange and smp); and the brief and linkage analysis that
// follows (GET /api/analysis). The page's share is measured by the browser test.
#include <benchmark/benchmark.h>

#include <string>

#include "bench_util.h"
#include "parley/io.h"
#include "parley/studio.h"

namespace {

// Alternates one salience between two values, so that every iteration is a real change.
std::string SalienceEdit(const std::string& issue, const std::string& actor, double value) {
  return "[{\"op\": \"set\", \"path\": [\"issues\", \"" + issue + "\", \"positions\", \"" + actor +
         "\", \"salience\"], \"value\": " + std::to_string(value) + "}]";
}

parley::Scenario StudioScenario(std::int64_t which) {
  if (which == 0) return parley::ReadScenarioFile(PARLEY_SOURCE_DIR "/examples/korea-2017.yaml");
  return parley::bench::RandomScenario(100, 8);
}

void BM_StudioEdit(benchmark::State& state) {
  parley::StudioSession session(StudioScenario(state.range(0)), {});
  const std::string issue = state.range(0) == 0 ? "nk-pressure" : "I0";
  const std::string actor = state.range(0) == 0 ? "CHN" : "A0";
  int edit = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(session.Apply(SalienceEdit(issue, actor, ++edit % 2 ? 0.3 : 0.4)));
  }
  state.SetLabel(state.range(0) == 0 ? "flagship" : "100 actors x 8 issues");
}
BENCHMARK(BM_StudioEdit)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StudioAnalysis(benchmark::State& state) {
  parley::StudioSession session(StudioScenario(0), {});
  int edit = 0;
  for (auto _ : state) {
    state.PauseTiming();
    session.Apply(SalienceEdit("nk-pressure", "CHN", ++edit % 2 ? 0.3 : 0.4));
    state.ResumeTiming();
    benchmark::DoNotOptimize(session.Analysis());
  }
  state.SetLabel("flagship: brief and linkage after one edit");
}
BENCHMARK(BM_StudioAnalysis)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
