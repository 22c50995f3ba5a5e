// Ensemble throughput: runs per second for compromise, nash and eum on the flagship
// scenario (its own relative noise, 0.05, on every other input) at 1 and 2 threads, and on
// a 100-actor, 5-issue scenario; plus the sampler alone and the normal quantile. Items =
// model runs, so items_per_second is runs per second of wall-clock time (UseRealTime,
// since the work is spread over threads); runs_per_cpu_s divides by the process's CPU time
// instead (all threads), which a loaded machine disturbs far less.
//
// Share of peak (BM_FlagshipCompromise): flop_per_run counts the floating-point additions,
// subtractions, multiplications, divisions and square roots (log as one) a compromise run
// on the flagship executes, from the scenario's shape: per uniform draw 2 (u from 32 bits);
// per normal input 3 (p) + 33 (AS 241's central rational function, computed for every
// normal input) + 2 (mean + sd z), and for the tail share of them (measured) 33 more; per
// uniform input 3, per triangular 6; per derived capability 6; per participant 4 (weight,
// weighted sum, weight sum), per issue 1 (the division) + 6 (decision stage) + 13 (Welford
// update, two histogram bins). gflops = flop_per_run x runs per wall second.
#include <benchmark/benchmark.h>
#include <time.h>

#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <pcg_random.hpp>
#include <random>
#include <string>
#include <vector>

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

double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

void Ensemble(benchmark::State& state, const parley::Scenario& scenario, const char* spec,
              std::uint64_t runs) {
  parley::EnsembleOptions options;
  options.runs = runs;
  options.threads = static_cast<int>(state.range(0));
  const double cpu_start = ProcessCpuSeconds();
  for (auto _ : state) {
    benchmark::DoNotOptimize(parley::RunEnsemble(scenario, {spec}, options));
  }
  const double cpu = ProcessCpuSeconds() - cpu_start;
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(runs));
  state.counters["runs_per_cpu_s"] =
      static_cast<double>(state.iterations()) * static_cast<double>(runs) / cpu;
}

// Floating-point operations of one compromise run (see the top of the file).
double CompromiseFlopPerRun(const parley::Scenario& scenario) {
  parley::internal::ScenarioWorkspace workspace(scenario, scenario.ContentHash());
  double normal = 0, tail = 0, uniform = 0, triangular = 0, draws = 0;
  for (std::uint64_t run = 0; run < 10000; ++run) {
    pcg32 rng(1, run);
    for (std::size_t i = 0; i < workspace.input_count(); ++i) {
      const double u = parley::internal::UnitFromBits(rng());
      const parley::internal::InputSampler& sampler = workspace.sampler(i);
      if (sampler.distribution().kind != parley::DistributionKind::kNormal) continue;
      tail += std::abs(sampler.NormalProbability(u) - 0.5) > 0.425 ? 1 : 0;
      draws += 1;
    }
  }
  for (const parley::UncertainInput& input : scenario.uncertain_inputs()) {
    normal += input.distribution.kind == parley::DistributionKind::kNormal ? 1 : 0;
    uniform += input.distribution.kind == parley::DistributionKind::kUniform ? 1 : 0;
    triangular += input.distribution.kind == parley::DistributionKind::kTriangular ? 1 : 0;
  }
  double participants = 0;
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      participants += scenario.stance(a, k) != nullptr ? 1 : 0;
    }
  }
  const double inputs = static_cast<double>(scenario.uncertain_inputs().size());
  const double issues = static_cast<double>(scenario.issue_count());
  const double derived = static_cast<double>(scenario.derivations().size());
  return 2 * inputs + normal * (3 + 33 + 2 + 33 * tail / draws) + 3 * uniform + 6 * triangular +
         6 * derived + 4 * participants + issues * (1 + 6 + 13);
}

void BM_FlagshipCompromise(benchmark::State& s) {
  Ensemble(s, Flagship(), "compromise", 65536);
  s.counters["flop_per_run"] = CompromiseFlopPerRun(Flagship());
  s.counters["gflops"] = benchmark::Counter(
      1e-9 * s.counters["flop_per_run"] * static_cast<double>(s.iterations()) * 65536,
      benchmark::Counter::kIsRate);
}
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

// The standard normal quantile over a run's worth of probabilities: AS 241 in one batch
// (vectorised central region), AS 241 one call at a time, and Boost's erfc_inv (parley
// 0.1's). Items = quantiles.
std::vector<double> Probabilities() {
  std::vector<double> p(64);
  pcg32 rng(7, 7);
  for (double& x : p) x = parley::internal::UnitFromBits(rng());
  return p;
}

void BM_NormalQuantileBatch(benchmark::State& state) {
  const std::vector<double> p = Probabilities();
  std::vector<double> z(p.size());
  for (auto _ : state) {
    parley::internal::StandardNormalQuantiles(p.data(), z.data(), p.size());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.size()));
}
BENCHMARK(BM_NormalQuantileBatch);

void BM_NormalQuantileScalar(benchmark::State& state) {
  const std::vector<double> p = Probabilities();
  for (auto _ : state) {
    for (double x : p) benchmark::DoNotOptimize(parley::internal::StandardNormalQuantile(x));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.size()));
}
BENCHMARK(BM_NormalQuantileScalar);

void BM_NormalQuantileBoost(benchmark::State& state) {
  using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  const std::vector<double> p = Probabilities();
  for (auto _ : state) {
    for (double x : p) {
      benchmark::DoNotOptimize(-std::sqrt(2.0) * boost::math::erfc_inv(2 * x, Policy()));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.size()));
}
BENCHMARK(BM_NormalQuantileBoost);

}  // namespace
