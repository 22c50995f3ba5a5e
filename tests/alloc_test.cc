// Heap allocations of repeated model runs (ensembles): a run through Model::RunInto with a
// reused workspace and Result allocates nothing in steady state, and an ensemble's
// allocations do not grow with its number of runs.
//
// A binary of its own because it replaces malloc for the whole process (glibc: every
// allocation, operator new's and Eigen's alike, goes through the counting functions below
// to glibc's own). Skipped where that cannot be done (other C libraries, sanitizers).
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/sampling.h"
#include "parley/ensemble.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "test_util.h"

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define PARLEY_COUNT_ALLOCATIONS 1
#endif

namespace {

thread_local std::uint64_t t_allocations = 0;  // this thread's, trivially initialised
std::atomic<std::uint64_t> g_allocations{0};   // every thread's

}  // namespace

#ifdef PARLEY_COUNT_ALLOCATIONS
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* pointer);

static void CountAllocation() {
  ++t_allocations;
  g_allocations.fetch_add(1, std::memory_order_relaxed);
}

void* malloc(std::size_t size) {
  CountAllocation();
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
  CountAllocation();
  return __libc_calloc(count, size);
}
void* realloc(void* pointer, std::size_t size) {
  CountAllocation();
  return __libc_realloc(pointer, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
  CountAllocation();
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  CountAllocation();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  CountAllocation();
  void* pointer = __libc_memalign(alignment, size);
  if (pointer == nullptr) return ENOMEM;
  *out = pointer;
  return 0;
}
void free(void* pointer) { __libc_free(pointer); }
}
#endif

namespace parley {
namespace {

// The flagship with relative noise 0.1 (as bench/ensemble_bench.cc): deciders and a veto.
Scenario NoisyFlagship() {
  std::string text =
      ScenarioToJson(ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml")));
  const std::string noise = "\"relative_noise\": 0.05";
  if (text.find(noise) != std::string::npos) {
    text.replace(text.find(noise), noise.size(), "\"relative_noise\": 0.1");
  }
  return ParseJsonScenario(text, "korea.json");
}

// EU-Turkey: votes with agenda setters and vetoes, binding ones among them.
Scenario NoisyEuTurkey() {
  std::string text =
      ScenarioToJson(ReadScenarioFile(testing::ProjectPath("examples/cases/eu-turkey-2016.yaml")));
  if (text.find("\"relative_noise\"") == std::string::npos) {
    text.insert(text.find('{') + 1, "\"uncertainty\": {\"relative_noise\": 0.1},");
  }
  return ParseJsonScenario(text, "eu-turkey.json");
}

Scenario NoisyRandom() {
  std::string text = ScenarioToJson(testing::RandomScenario(4, 30, 4));
  text.insert(text.find('{') + 1, "\"uncertainty\": {\"relative_noise\": 0.1},");
  return ParseJsonScenario(text, "random.json");
}

struct Case {
  std::string spec;
  std::string scenario;  // flagship, eu-turkey or random
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.spec << " on " << c.scenario; }

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.spec + "_" + info.param.scenario;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class SteadyState : public ::testing::TestWithParam<Case> {};

// Draw and RunInto over runs 0..n-1 twice: the first pass grows every buffer to what these
// runs need; the second, on the same inputs, must not allocate at all.
TEST_P(SteadyState, ARunAllocatesNothing) {
#ifndef PARLEY_COUNT_ALLOCATIONS
  GTEST_SKIP() << "malloc cannot be counted in this build";
#else
  const Scenario scenario = GetParam().scenario == "flagship"    ? NoisyFlagship()
                            : GetParam().scenario == "eu-turkey" ? NoisyEuTurkey()
                                                                 : NoisyRandom();
  ASSERT_FALSE(scenario.uncertain_inputs().empty());
  internal::ScenarioWorkspace draws(scenario, scenario.ContentHash());
  const std::unique_ptr<Model> model = DefaultRegistry().Create(GetParam().spec);
  const std::unique_ptr<ModelWorkspace> workspace = model->NewWorkspace();
  Result result;
  double sink = 0;
  const std::string& spec = GetParam().spec;
  const std::uint64_t runs = spec.rfind("nash", 0) == 0 || spec.rfind("eum", 0) == 0 ||
                                     spec.rfind("exchange", 0) == 0 || spec.rfind("smp", 0) == 0
                                 ? 50
                                 : 300;
  auto pass = [&](std::uint64_t first) {
    for (std::uint64_t run = first; run < first + runs; ++run) {
      draws.Draw(11, run);
      model->RunInto(draws.scenario(), *workspace, result);
      sink += result.forecasts[0].position;
    }
  };
  pass(0);
  const std::uint64_t before = t_allocations;
  pass(0);
  const std::uint64_t repeated = t_allocations - before;
  EXPECT_EQ(repeated, 0u) << GetParam().spec << " on " << GetParam().scenario;
  // Fresh runs may still meet a larger need (a longer decision explanation, say) now and
  // then; report how often.
  const std::uint64_t fresh_before = t_allocations;
  pass(runs);
  std::printf("%s on %s: %llu allocations in %llu repeated runs, %llu in %llu fresh ones\n",
              GetParam().spec.c_str(), GetParam().scenario.c_str(),
              static_cast<unsigned long long>(repeated), static_cast<unsigned long long>(runs),
              static_cast<unsigned long long>(t_allocations - fresh_before),
              static_cast<unsigned long long>(runs));
  EXPECT_TRUE(std::isfinite(sink));
#endif
}

INSTANTIATE_TEST_SUITE_P(
    Models, SteadyState,
    ::testing::Values(
        Case{"compromise", "flagship"}, Case{"compromise", "eu-turkey"},
        Case{"compromise", "random"}, Case{"median", "flagship"}, Case{"median", "eu-turkey"},
        Case{"procedural", "eu-turkey"}, Case{"blend", "flagship"}, Case{"blend", "eu-turkey"},
        Case{"compromise(weight=salience)", "random"}, Case{"nash", "flagship"},
        Case{"nash", "eu-turkey"}, Case{"nash", "random"}, Case{"nash(utility=linear)", "flagship"},
        Case{"nash(utility=linear)", "random"}, Case{"eum", "flagship"}, Case{"eum", "eu-turkey"},
        Case{"eum(preset=replication)", "flagship"}, Case{"eum(preset=replication)", "random"},
        Case{"eum(algorithm=fast,stop=converge)", "random"},
        // exchange: zero on the flagship; on larger scenarios a candidate taken back from
        // the pool still grows a move history or update list now and then (eu-turkey 1
        // allocation in 50 repeated runs, the 30-actor random scenario about 8 per run).
        Case{"exchange", "flagship"}, Case{"exchange(variant=random)", "flagship"},
        // smp: scenarios small enough for its loops to stay on one thread (the 30-actor
        // random one runs them in parallel, each range with scratch of its own).
        Case{"smp", "flagship"}, Case{"smp", "eu-turkey"},
        Case{"smp(bargain=power_weighted,pce=markov_incentive)", "flagship"},
        Case{"smp(bargain=init_rcvr,pce=markov_uniform,voting=binary)", "flagship"}),
    CaseName);

// Whole ensembles on one thread: ten times the runs, the same allocations (the buffers
// sized by the run count are allocated once either way).
TEST(EnsembleAllocations, DoNotGrowWithTheNumberOfRuns) {
#ifndef PARLEY_COUNT_ALLOCATIONS
  GTEST_SKIP() << "malloc cannot be counted in this build";
#else
  const Scenario scenario = NoisyFlagship();
  for (const std::vector<std::string>& specs :
       {std::vector<std::string>{"compromise"}, {"median", "nash"}}) {
    EnsembleOptions options;
    options.threads = 1;
    options.seed = 2;
    auto count = [&](std::uint64_t runs) {
      options.runs = runs;
      const std::uint64_t before = g_allocations.load();
      const EnsembleResult result = RunEnsemble(scenario, specs, options);
      EXPECT_EQ(result.runs, runs);
      return g_allocations.load() - before;
    };
    count(640);  // one-time set-up (registry, TBB) out of the way
    const std::uint64_t small = count(1280);
    const std::uint64_t large = count(12800);
    std::printf("%s: %llu allocations for 1280 runs, %llu for 12800\n", specs[0].c_str(),
                static_cast<unsigned long long>(small), static_cast<unsigned long long>(large));
    EXPECT_EQ(large, small) << specs[0];
  }
#endif
}

// The counter sees allocations (a control), and what the models without a BargainInto of
// their own allocate per run on the flagship (reported, not checked).
TEST(EnsembleAllocations, OtherModelsAllocateAsRunDoes) {
#ifndef PARLEY_COUNT_ALLOCATIONS
  GTEST_SKIP() << "malloc cannot be counted in this build";
#else
  const std::uint64_t control = t_allocations;
  auto vector = std::make_unique<std::vector<int> >(10);
  EXPECT_EQ(t_allocations - control, 2u);  // the vector object and its elements
  const Scenario scenario = NoisyFlagship();
  internal::ScenarioWorkspace draws(scenario, scenario.ContentHash());
  for (const ModelDescriptor* descriptor : DefaultRegistry().descriptors()) {
    const std::unique_ptr<Model> model = DefaultRegistry().Create(descriptor->name);
    const std::unique_ptr<ModelWorkspace> workspace = model->NewWorkspace();
    Result result;
    for (std::uint64_t run = 0; run < 3; ++run) {
      draws.Draw(1, run);
      model->RunInto(draws.scenario(), *workspace, result);
    }
    const std::uint64_t before = t_allocations;
    const std::uint64_t runs = 10;
    for (std::uint64_t run = 3; run < 3 + runs; ++run) {
      draws.Draw(1, run);
      model->RunInto(draws.scenario(), *workspace, result);
    }
    std::printf("%-12s %8.1f allocations per run on the flagship\n", descriptor->name.c_str(),
                static_cast<double>(t_allocations - before) / runs);
  }
#endif
}

TEST(RunInto, RefusesAnotherModelsWorkspace) {
  const std::unique_ptr<Model> one = DefaultRegistry().Create("compromise");
  const std::unique_ptr<Model> other = DefaultRegistry().Create("compromise");
  const std::unique_ptr<ModelWorkspace> workspace = other->NewWorkspace();
  Result result;
  EXPECT_THROW(one->RunInto(testing::RandomScenario(1, 3, 2), *workspace, result),
               std::logic_error);
}

}  // namespace
}  // namespace parley
