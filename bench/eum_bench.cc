// Benchmarks of the expected utility model: one round (internal API) and a run of fixed
// rounds (through the registry: 10 rounds up to 1,000 actors, 2 beyond, with the time per
// round as a counter), naive vs fast, for both presets, at n = 10, 100, 1,000, 3,000 and
// 10,000 actors. Only sizes that finish within seconds per iteration are registered: the
// naive sums cost O(n^3) per round; the fast ones O(n^2) for both presets (before issue 19
// the replication's risk-weighted votes fell back to O(n) per pair beyond 2,048 actors).
// Issue 19's figures: --benchmark_filter='Eum(Round|Run)/replication/fast/(1000|3000|10000)'.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "bench_util.h"
#include "models/eum_core.h"
#include "parley/registry.h"
#include "parley/scenario.h"

namespace {

namespace eum = parley::internal::eum;

struct Actors {
  eum::IssueActors fixed;
  std::vector<double> position;
};

Actors RandomActors(std::size_t n) {
  std::mt19937_64 engine(1994);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Actors actors;
  for (std::size_t a = 0; a < n; ++a) {
    actors.fixed.capability.push_back(0.1 + unit(engine));
    actors.fixed.salience.push_back(0.05 + 0.95 * unit(engine));
    actors.position.push_back(100 * unit(engine));
  }
  return actors;
}

parley::Scenario RandomScenario(std::size_t n) {
  const Actors actors = RandomActors(n);
  return parley::bench::OneIssueScenario("eum-bench", "I0", actors.fixed.capability,
                                         actors.position, actors.fixed.salience);
}

eum::Config PresetConfig(bool replication) {
  return replication ? eum::ReplicationConfig() : eum::Config{};
}

void EumRound(benchmark::State& state, bool replication, eum::Algorithm algorithm) {
  const Actors actors = RandomActors(static_cast<std::size_t>(state.range(0)));
  const eum::Config config = PresetConfig(replication);
  const double range = eum::PositionRange(actors.position);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        eum::RunRound(config, algorithm, actors.fixed, actors.position, range, 0.0));
  }
  state.SetComplexityN(state.range(0));
}

void EumRun(benchmark::State& state, bool replication, const char* algorithm) {
  const parley::Scenario scenario = RandomScenario(static_cast<std::size_t>(state.range(0)));
  const long long rounds = state.range(1);
  const auto model = parley::DefaultRegistry().Create(
      std::string("eum(preset=") + (replication ? "replication" : "corrected") +
      ",stop=fixed,rounds=" + std::to_string(rounds) + ",algorithm=" + algorithm + ")");
  for (auto _ : state) benchmark::DoNotOptimize(model->Run(scenario));
  state.counters["s_per_round"] =
      benchmark::Counter(static_cast<double>(rounds) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Largest n registered per case (each iteration at most a few seconds on one core).
struct Case {
  const char* name;
  bool replication;
  eum::Algorithm algorithm;
  long long round_max;
  long long run_max;
};

const Case kCases[] = {
    {"corrected/naive", false, eum::Algorithm::kNaive, 1000, 100},
    {"corrected/fast", false, eum::Algorithm::kFast, 10000, 10000},
    {"replication/naive", true, eum::Algorithm::kNaive, 1000, 100},
    {"replication/fast", true, eum::Algorithm::kFast, 10000, 10000},
};

const bool kRegistered = [] {
  for (const Case& c : kCases) {
    const char* algorithm = c.algorithm == eum::Algorithm::kNaive ? "naive" : "fast";
    for (long long n : {10LL, 100LL, 1000LL, 3000LL, 10000LL}) {
      if (n <= c.round_max) {
        auto* round = benchmark::RegisterBenchmark((std::string("EumRound/") + c.name).c_str(),
                                                   EumRound, c.replication, c.algorithm);
        round->Arg(n)->Unit(benchmark::kMillisecond);
        if (n >= 1000) round->Iterations(1);
      }
      if (n <= c.run_max) {
        auto* run = benchmark::RegisterBenchmark((std::string("EumRun/") + c.name).c_str(), EumRun,
                                                 c.replication, algorithm);
        run->Args({n, n <= 1000 ? 10 : 2})->Unit(benchmark::kMillisecond);
        if (n >= 1000) run->Iterations(1);
      }
    }
  }
  return true;
}();

}  // namespace
