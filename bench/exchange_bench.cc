// The exchange model in its two arithmetics: double (the default) and decimal (decide's
// 28-digit decimals, arithmetic=decimal), 10 rounds, on random scenarios of COP21's size
// (15 actors x 13 issues) and larger, and on COP21 itself when ../shared has it.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "bench_util.h"
#include "parley/io.h"
#include "parley/registry.h"

namespace {

const char* Spec(std::int64_t decimal) {
  return decimal != 0 ? "exchange(arithmetic=decimal)" : "exchange(arithmetic=double)";
}

// Arguments: actors, issues, arithmetic (0 = double, 1 = decimal).
void BM_Exchange(benchmark::State& state) {
  const parley::Scenario scenario = parley::bench::RandomScenario(
      static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
  const auto model = parley::DefaultRegistry().Create(Spec(state.range(2)));
  for (auto _ : state) benchmark::DoNotOptimize(model->Run(scenario));
  state.SetLabel(state.range(2) != 0 ? "decimal" : "double");
}

void BM_ExchangeCop21(benchmark::State& state) {
  const std::string path = PARLEY_SOURCE_DIR "/../shared/data/exchange/cop21.csv";
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("COP21 (../shared/data/exchange/cop21.csv) is absent");
    return;
  }
  const parley::Scenario scenario = parley::ReadScenarioFile(path);
  const auto model = parley::DefaultRegistry().Create(Spec(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(model->Run(scenario));
  state.SetLabel(state.range(0) != 0 ? "decimal" : "double");
}

BENCHMARK(BM_Exchange)
    ->Args({15, 13, 0})
    ->Args({15, 13, 1})
    ->Args({40, 13, 0})
    ->Args({40, 13, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExchangeCop21)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
