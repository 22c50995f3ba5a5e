// Benchmarks of smp (KTAB's spatial model of politics) on KTAB's own inputs from
// ../shared/data/ktab (skipped when absent): one full run with KTAB's CSV defaults. The
// counters give the turns run and the time per turn; KTAB's -O2 figures for the same inputs
// (../shared/data/ktab/README.md): SOE-Pol-Comp 0.82 s, dummyData_6Dim 3.6 s,
// dummyData-a040 7.95 s per run. A synthetic 1-D series (n = 40 ... 640 actors, fixed at 10
// turns) gives the growth exponent of the time per turn. Issue 19's figures, at n = 160, 500
// and 1,000 synthetic actors in one dimension: SmpTurns (3 turns, per turn) and SmpRun (a
// whole run through the registry with the default stopping rule, per run and per turn):
// --benchmark_filter='Smp(Turns|Run)'.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_util.h"
#include "models/smp_core.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "parley/scenario.h"

namespace {

namespace smp = parley::internal::smp;

const std::string kKtab = PARLEY_SOURCE_DIR "/../shared/data/ktab/";

// Whole smp runs with KTAB's defaults (the stopping rule decides the turns): the turns
// taken and the seconds per turn as counters.
void TimeWholeRuns(benchmark::State& state, const parley::Scenario& scenario) {
  const auto model = parley::DefaultRegistry().Create("smp");
  double turns = 0;
  for (auto _ : state) {
    const parley::Result result = model->Run(scenario);
    for (const parley::Detail& detail : result.details) {
      if (detail.name == "turns") turns = detail.value;
    }
    benchmark::DoNotOptimize(result.forecasts.data());
  }
  state.counters["turns"] = turns;
  state.counters["s_per_turn"] =
      benchmark::Counter(turns * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void RunKtabInput(benchmark::State& state, const std::string& file) {
  if (!std::filesystem::exists(kKtab + file)) {
    state.SkipWithError("no ../shared/data/ktab");
    return;
  }
  const parley::Scenario scenario = parley::ReadScenarioFile(kKtab + file);
  TimeWholeRuns(state, scenario);
  state.counters["actors"] = static_cast<double>(scenario.actor_count());
}

BENCHMARK_CAPTURE(RunKtabInput, SOE_Pol_Comp, std::string("SOE-Pol-Comp.csv"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(RunKtabInput, dummyData_6Dim, std::string("dummyData_6Dim.csv"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(RunKtabInput, dummyData_a040, std::string("dummyData-a040.csv"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(RunKtabInput, dummyData_a080, std::string("dummyData-a080.csv"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(RunKtabInput, dummyData_a160, std::string("dummyData-a160.csv"))
    ->Unit(benchmark::kMillisecond);

// n actors in one dimension drawn like KTAB's dummyData-a040/a080/a160: capabilities about
// 0.1-5, positions and saliences spread over the scale.
parley::Scenario SyntheticScenario(std::size_t n) {
  std::mt19937_64 engine(2015);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> capability(n), position(n), salience(n);
  for (std::size_t a = 0; a < n; ++a) {  // drawn actor by actor, in this order
    capability[a] = 0.1 + 5 * unit(engine) * unit(engine);
    position[a] = 100 * unit(engine);
    salience[a] = 0.05 + 0.95 * unit(engine);
  }
  return parley::bench::OneIssueScenario("smp-bench", "XYZ", capability, position, salience);
}

// A fixed number of turns (state.range(1)) on the synthetic scenario: seconds per turn.
void SmpTurns(benchmark::State& state) {
  const parley::Scenario scenario = SyntheticScenario(static_cast<std::size_t>(state.range(0)));
  const long long turns = state.range(1);
  const auto model = parley::DefaultRegistry().Create("smp(min_turns=" + std::to_string(turns) +
                                                      ",max_turns=" + std::to_string(turns) + ")");
  for (auto _ : state) benchmark::DoNotOptimize(model->Run(scenario).forecasts.data());
  state.counters["s_per_turn"] =
      benchmark::Counter(static_cast<double>(turns) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK(SmpTurns)
    ->Args({160, 3})
    ->Args({500, 3})
    ->Args({1000, 3})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

// A whole run on the synthetic scenario.
void SmpRun(benchmark::State& state) {
  TimeWholeRuns(state, SyntheticScenario(static_cast<std::size_t>(state.range(0))));
}

BENCHMARK(SmpRun)
    ->Arg(160)
    ->Arg(500)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

// Ten turns on n random actors in one dimension (the stopping rule switched off).
void TenTurns(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 engine(2017);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  smp::Actors actors;
  actors.n = n;
  actors.dims = 1;
  std::vector<double> position;
  for (std::size_t a = 0; a < n; ++a) {
    actors.capability.push_back(1 + 99 * unit(engine));
    actors.salience.push_back(0.1 + 0.9 * unit(engine));
    position.push_back(unit(engine));
  }
  smp::Config config;
  config.min_turns = config.max_turns = 10;
  for (auto _ : state) {
    const std::vector<smp::Turn> turns = smp::Run(config, actors, position);
    benchmark::DoNotOptimize(turns.data());
  }
  state.counters["s_per_turn"] =
      benchmark::Counter(10.0 * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetComplexityN(static_cast<int64_t>(n));
}

BENCHMARK(TenTurns)
    ->RangeMultiplier(2)
    ->Range(40, 640)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oNCubed);

}  // namespace
