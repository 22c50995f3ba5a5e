// Benchmarks of the run store (parley/store.h), each on SQLite and, when the environment
// variable PARLEY_BENCH_POSTGRESQL holds a postgresql:// URI, on PostgreSQL:
//   - BM_StoreEnsembleSummary: Save of an ensemble's record as `parley ensemble --store`
//     writes it (the flagship, 100,000 runs of compromise, median and nash).
//   - BM_StoreEumTrajectory, BM_StoreLoadEumTrajectory: Save and Load of one eum run of 10
//     rounds on 1,000 actors and 2 issues (22,000 trajectory rows plus the moves).
//   - BM_StoreList10000, BM_StoreList10000Scenario: Store::List on a store of 10,000 runs,
//     all of them and those of one scenario (`parley runs list [--scenario]`).
// The models and ensembles run once, outside the timing. Every Save goes to a store made for
// the benchmark (a SQLite file under /tmp, or a schema of its own in the PostgreSQL
// database), removed afterwards. The 10,000-run SQLite store is kept in /tmp and reused by
// later invocations. Items are rows written or read, so items_per_second is rows per
// second. Wall-clock time (UseRealTime): on PostgreSQL most of the work is the server's.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench_util.h"
#include "parley/ensemble.h"
#include "parley/errors.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "parley/result.h"
#include "parley/scenario.h"
#include "parley/store.h"
#include "store/connection.h"

namespace {

enum class Backend { kSqlite, kPostgresql };

constexpr const char* kFlagshipPath = PARLEY_SOURCE_DIR "/examples/korea-2017.yaml";
constexpr const char* kOtherPath = PARLEY_SOURCE_DIR "/examples/paris-2015.yaml";

// Rows a Save of `run` writes: the run, its models, every row of its results, its metrics
// and documents (the scenario's row only on the first Save of a scenario: not counted).
std::int64_t RowCount(const parley::RunRecord& run) {
  std::size_t rows = 1 + run.metrics.size() + run.documents.size();
  std::size_t specs_without_result = run.specs.size();
  for (const parley::Result& result : run.results) {
    rows += 1 + result.forecasts.size() + result.trajectory.size() + result.moves.size() +
            result.exchanges.size() + result.details.size();
    if (specs_without_result > 0) --specs_without_result;
  }
  return static_cast<std::int64_t>(rows + specs_without_result);
}

// A store that lives as long as this object: a SQLite file under /tmp (removed with its
// WAL files), or a schema of its own in the database PARLEY_BENCH_POSTGRESQL names
// (dropped), so that nothing else in that database is touched.
class ScratchStore {
 public:
  // nullptr, with the reason in *why_not, when the backend cannot be used.
  static std::unique_ptr<ScratchStore> Create(Backend backend, const std::string& name,
                                              std::string* why_not) {
    std::unique_ptr<ScratchStore> scratch(new ScratchStore);
    const std::string unique = name + "_" + std::to_string(::getpid());
    try {
      if (backend == Backend::kSqlite) {
        scratch->path_ = "/tmp/parley_store_bench_" + unique + ".sqlite";
        RemoveSqliteFiles(scratch->path_);
        scratch->store_ = parley::Store::Open(scratch->path_);
        return scratch;
      }
      const char* base = std::getenv("PARLEY_BENCH_POSTGRESQL");
      if (base == nullptr || *base == '\0') {
        *why_not =
            "PARLEY_BENCH_POSTGRESQL is not set (give it a postgresql:// URI, e.g. from "
            "tests/postgresql_cluster.sh start DIR: DIR/uri)";
        return nullptr;
      }
      scratch->schema_ = "parley_bench_" + unique;
      scratch->admin_ = parley::store::OpenPostgresql(base);
      scratch->admin_->ExecuteScript("DROP SCHEMA IF EXISTS " + scratch->schema_ +
                                     " CASCADE; CREATE SCHEMA " + scratch->schema_);
      const std::string uri = base;
      scratch->store_ = parley::Store::Open(uri + (uri.find('?') == std::string::npos ? "?" : "&") +
                                            "options=-csearch_path%3D" + scratch->schema_);
      return scratch;
    } catch (const parley::InputError& error) {
      *why_not = error.what();
      return nullptr;
    }
  }

  ScratchStore(const ScratchStore&) = delete;
  ScratchStore& operator=(const ScratchStore&) = delete;

  ~ScratchStore() {
    store_.reset();
    if (!path_.empty()) RemoveSqliteFiles(path_);
    if (admin_ != nullptr) {
      try {
        admin_->ExecuteScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
      } catch (const parley::InputError&) {
        // The server went away: nothing left to clean up from here.
      }
    }
  }

  parley::Store& store() { return *store_; }

  static void RemoveSqliteFiles(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path + suffix, ignored);
    }
  }

 private:
  ScratchStore() = default;

  std::string path_;    // SQLite
  std::string schema_;  // PostgreSQL
  std::unique_ptr<parley::store::Connection> admin_;
  std::unique_ptr<parley::Store> store_;
};

// Times Save of `run` into a fresh store, one Save per iteration.
void TimeSave(benchmark::State& state, Backend backend, const std::string& name,
              const parley::RunRecord& run) {
  std::string why_not;
  const auto scratch = ScratchStore::Create(backend, name, &why_not);
  if (scratch == nullptr) {
    state.SkipWithError(why_not.c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(scratch->store().Save(run));
  const std::int64_t rows = RowCount(run);
  state.counters["rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(rows * state.iterations());
}

// ---------------------------------------------------------------------------------------
// An ensemble's summary.

const parley::RunRecord& EnsembleRecord() {
  static const parley::RunRecord record = [] {
    const parley::Scenario scenario = parley::ReadScenarioFile(kFlagshipPath);
    parley::EnsembleOptions options;
    options.runs = 100000;
    options.seed = 1;
    const parley::EnsembleResult result =
        parley::RunEnsemble(scenario, {"compromise", "median", "nash"}, options);
    // As apps/parley/cmd_ensemble.cc's Finish() builds it.
    parley::RunRecord run = parley::NewRunRecord("ensemble", scenario);
    run.command_line =
        "parley ensemble examples/korea-2017.yaml -m compromise -m median -m nash -n 100000";
    run.seed = options.seed;
    run.threads = options.threads;
    for (const parley::ModelSummary& model : result.models) run.specs.push_back(model.spec);
    run.metrics = parley::EnsembleMetrics(result);
    run.documents = {{"ensemble.json", parley::EnsembleToJson(result)}};
    return run;
  }();
  return record;
}

void BM_StoreEnsembleSummary(benchmark::State& state, Backend backend) {
  TimeSave(state, backend, "ensemble", EnsembleRecord());
}

// ---------------------------------------------------------------------------------------
// An eum trajectory of 1,000 actors.

// stop=fixed: all 10 rounds run (the corrected preset would stop at convergence), so the
// trajectory holds 1,000 actors x 2 issues x 11 rounds (the start and every round).
const parley::RunRecord& EumRecord() {
  static const parley::RunRecord record = [] {
    const parley::Scenario scenario = parley::bench::RandomScenario(1000, 2);
    const auto model = parley::DefaultRegistry().Create("eum(stop=fixed,rounds=10)");
    parley::RunRecord run = parley::NewRunRecord("run", scenario);
    run.command_line = "parley run store-bench.yaml -m eum(stop=fixed,rounds=10)";
    run.results.push_back(model->Run(scenario));
    run.specs.push_back(run.results.back().spec);
    return run;
  }();
  return record;
}

void BM_StoreEumTrajectory(benchmark::State& state, Backend backend) {
  const parley::RunRecord& run = EumRecord();
  TimeSave(state, backend, "eum", run);
  state.counters["trajectory"] = static_cast<double>(run.results[0].trajectory.size());
  state.counters["moves"] = static_cast<double>(run.results[0].moves.size());
}

void BM_StoreLoadEumTrajectory(benchmark::State& state, Backend backend) {
  const parley::RunRecord& run = EumRecord();
  std::string why_not;
  const auto scratch = ScratchStore::Create(backend, "eum_load", &why_not);
  if (scratch == nullptr) {
    state.SkipWithError(why_not.c_str());
    return;
  }
  const std::int64_t id = scratch->store().Save(run);
  for (auto _ : state) benchmark::DoNotOptimize(scratch->store().Load(id));
  const std::int64_t rows = RowCount(run);
  state.counters["rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(rows * state.iterations());
}

// ---------------------------------------------------------------------------------------
// `parley runs list` on 10,000 runs.

constexpr int kListRuns = 10000;
// Every tenth run is of another scenario, so that the --scenario filter leaves 9,000.
constexpr int kOtherEvery = 10;
// The SQLite store, kept between invocations; bump the version when the fill changes.
constexpr const char* kListSqlitePath = "/tmp/parley_store_bench_list10000_v1.sqlite";

// Results of a couple of models on `scenario`: compromise and median under each of their
// four weightings, 8 models x 4 issues = 32 forecast rows on the flagship.
std::vector<parley::Result> SmallResults(const parley::Scenario& scenario) {
  std::vector<parley::Result> results;
  for (const char* model : {"compromise", "median"}) {
    for (const char* weight : {"capability*salience", "capability", "salience", "equal"}) {
      results.push_back(parley::DefaultRegistry()
                            .Create(std::string(model) + "(weight=" + weight + ")")
                            ->Run(scenario));
    }
  }
  return results;
}

void FillListStore(parley::Store& store) {
  const parley::Scenario flagship = parley::ReadScenarioFile(kFlagshipPath);
  const parley::Scenario other = parley::ReadScenarioFile(kOtherPath);
  parley::RunRecord runs[2] = {parley::NewRunRecord("run", flagship),
                               parley::NewRunRecord("run", other)};
  runs[0].results = SmallResults(flagship);
  runs[1].results = SmallResults(other);
  for (parley::RunRecord& run : runs) {
    run.command_line = "parley run " + run.scenario_path;
    for (const parley::Result& result : run.results) {
      run.specs.push_back(result.spec);
      run.command_line += " -m " + result.spec;
    }
  }
  for (int r = 0; r < kListRuns; ++r) {
    parley::RunRecord& run = runs[r % kOtherEvery == kOtherEvery - 1 ? 1 : 0];
    run.seed = static_cast<std::uint64_t>(r);
    store.Save(run);
  }
}

// The filled store of each backend, made once per process (the SQLite file once per
// machine). nullptr, with the reason in *why_not, when the backend cannot be used.
parley::Store* ListStore(Backend backend, std::string* why_not) {
  if (backend == Backend::kPostgresql) {
    static std::string reason;
    static const std::unique_ptr<ScratchStore> scratch = [] {
      auto made = ScratchStore::Create(Backend::kPostgresql, "list10000", &reason);
      if (made != nullptr) FillListStore(made->store());
      return made;
    }();
    *why_not = reason;
    return scratch == nullptr ? nullptr : &scratch->store();
  }
  static const std::unique_ptr<parley::Store> sqlite = [] {
    if (std::filesystem::exists(kListSqlitePath)) {
      auto cached = parley::Store::Open(kListSqlitePath);
      if (cached->List().size() == kListRuns) return cached;
      cached.reset();
      ScratchStore::RemoveSqliteFiles(kListSqlitePath);
    }
    // Filled under another name and renamed when complete, so that an interrupted fill
    // is never taken for a complete store.
    const std::string filling = std::string(kListSqlitePath) + ".filling";
    ScratchStore::RemoveSqliteFiles(filling);
    {
      auto store = parley::Store::Open(filling);
      FillListStore(*store);
    }  // closing checkpoints the WAL into the file and removes it
    std::filesystem::rename(filling, kListSqlitePath);
    return parley::Store::Open(kListSqlitePath);
  }();
  return sqlite.get();
}

void TimeList(benchmark::State& state, Backend backend, const parley::RunFilter& filter) {
  std::string why_not;
  parley::Store* store = nullptr;
  try {
    store = ListStore(backend, &why_not);
  } catch (const parley::InputError& error) {
    why_not = error.what();
  }
  if (store == nullptr) {
    state.SkipWithError(why_not.c_str());
    return;
  }
  std::size_t listed = 0;
  for (auto _ : state) {
    const std::vector<parley::RunSummary> runs = store->List(filter);
    listed = runs.size();
    benchmark::DoNotOptimize(runs.data());
  }
  state.counters["runs"] = static_cast<double>(listed);
  state.SetItemsProcessed(static_cast<std::int64_t>(listed) * state.iterations());
}

void BM_StoreList10000(benchmark::State& state, Backend backend) { TimeList(state, backend, {}); }

void BM_StoreList10000Scenario(benchmark::State& state, Backend backend) {
  parley::RunFilter filter;
  // The scenario's name, as in `parley runs list --scenario NAME`.
  filter.scenario = parley::ReadScenarioFile(kFlagshipPath).name();
  TimeList(state, backend, filter);
}

}  // namespace

BENCHMARK_CAPTURE(BM_StoreEnsembleSummary, sqlite, Backend::kSqlite)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreEnsembleSummary, postgresql, Backend::kPostgresql)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreEumTrajectory, sqlite, Backend::kSqlite)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreEumTrajectory, postgresql, Backend::kPostgresql)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreLoadEumTrajectory, sqlite, Backend::kSqlite)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreLoadEumTrajectory, postgresql, Backend::kPostgresql)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreList10000, sqlite, Backend::kSqlite)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreList10000, postgresql, Backend::kPostgresql)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreList10000Scenario, sqlite, Backend::kSqlite)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StoreList10000Scenario, postgresql, Backend::kPostgresql)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
