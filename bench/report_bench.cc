// Benchmarks of the HTML report (parley report) on the flagship scenario.
//   BM_ReportFlagship/0:    every model's forecast, trajectories, linkage and leverage; no
//                           ensemble (the part that does not grow with --runs).
//   BM_ReportFlagship/2000: the same plus 2,000 ensemble runs per model and the sensitivity
//                           analysis, as `make demo` writes it (threads: every core).
#include <benchmark/benchmark.h>

#include <string>

#include "parley/io.h"
#include "parley/report.h"

namespace {

void BM_ReportFlagship(benchmark::State& state) {
  const parley::Scenario scenario =
      parley::ReadScenarioFile(std::string(PARLEY_SOURCE_DIR) + "/examples/korea-2017.yaml");
  parley::ReportOptions options;
  options.runs = static_cast<std::uint64_t>(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string html = parley::BuildReportHtml(scenario, options);
    bytes = html.size();
    benchmark::DoNotOptimize(html.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ReportFlagship)->Arg(0)->Arg(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
