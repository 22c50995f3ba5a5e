// The run store (parley/store.h) on both backends: runs kept whole and read back exactly,
// listed and filtered, compared (inputs with their source comments, moved forecasts),
// removed with all they hold; foreign and damaged files refused untouched; an older schema
// migrated; a writer killed mid-run leaves no trace; concurrent writers lose nothing.
// The PostgreSQL instances run under ctest's store_postgresql test, which starts a
// throwaway cluster (tests/postgresql_cluster.sh); elsewhere they skip and say why.
#include "parley/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "parley/errors.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "store/connection.h"
#include "store_test_util.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::HasSubstr;

std::string ReadText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
}

// A fresh folder per test.
std::string TempFolder() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "_" + info->name();
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  const std::filesystem::path folder =
      std::filesystem::path(::testing::TempDir()) / ("parley_store_" + name);
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder.string();
}

// The flagship with every default model, as `parley run --store` keeps it.
RunRecord FlagshipRun(const Scenario& scenario) {
  RunRecord run = NewRunRecord("run", scenario);
  run.command_line = "parley run examples/korea-2017.yaml --store runs.db";
  const Registry& registry = DefaultRegistry();
  for (const std::string& spec : registry.DefaultModels(scenario)) {
    run.results.push_back(registry.Create(spec)->Run(scenario));
    run.specs.push_back(run.results.back().spec);
  }
  return run;
}

// The flagship's YAML with one salience changed (China's on nk-pressure, 0.6 -> 0.8).
std::string EditedFlagship() {
  std::string text = ReadText(testing::ProjectPath("examples/korea-2017.yaml"));
  const std::string before = "salience: 0.6,  # uncertain: how far Beijing goes on oil";
  const std::size_t at = text.find(before);
  EXPECT_NE(at, std::string::npos) << "the flagship's CHN nk-pressure line moved";
  if (at != std::string::npos) text.replace(at, 13, "salience: 0.8");
  return text;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    folder_ = TempFolder();
    if (GetParam() == "Sqlite") {
      uri_ = folder_ + "/runs.db";
      return;
    }
    std::string why_not;
    const std::optional<std::string> uri = testing::PostgresqlTestUri(&why_not);
    if (!uri) GTEST_SKIP() << why_not;
    uri_ = *uri;
    testing::ResetPostgresqlDatabase(*store::OpenPostgresql(uri_));
  }

  bool sqlite() const { return GetParam() == "Sqlite"; }

  std::string folder_, uri_;
};

TEST_P(StoreTest, KeepsARunWholeAndReadsItBackExactly) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  RunRecord run = FlagshipRun(scenario);
  run.seed = 18446744073709551615ULL;  // the largest seed survives (kept as text)
  run.threads = 3;
  run.metrics = {{"ensemble", "compromise()", "taiwan", "", "p50", 0.1 + 0.2},
                 {"ensemble", "compromise()", "taiwan", "CHN", "share:compromise", 1e-300}};
  std::string big(200000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 7919) % 251);
  run.documents = {{"report.html", big}, {"brief.txt", "short\n"}};
  const auto store = Store::Open(uri_);
  const std::int64_t id = store->Save(run);
  EXPECT_EQ(id, 1);

  const RunRecord loaded = Store::Open(uri_)->Load(id);
  EXPECT_EQ(loaded.command, "run");
  EXPECT_EQ(loaded.command_line, run.command_line);
  EXPECT_EQ(loaded.scenario_hash, "8ba377de86466e87");
  EXPECT_EQ(loaded.scenario_json, ScenarioToJson(scenario));
  EXPECT_EQ(loaded.scenario_source, ReadText(testing::ProjectPath("examples/korea-2017.yaml")));
  EXPECT_EQ(loaded.seed, run.seed);
  EXPECT_EQ(loaded.threads, 3);
  EXPECT_EQ(loaded.specs, run.specs);
  EXPECT_EQ(loaded.created_at.size(), 20u);
  // Everything a Result holds comes back bit for bit: the writers give identical text.
  ASSERT_EQ(loaded.results.size(), run.results.size());
  EXPECT_EQ(ResultsToJson(scenario, loaded.results), ResultsToJson(scenario, run.results));
  std::size_t trajectory = 0;
  for (const Result& result : loaded.results) trajectory += result.trajectory.size();
  EXPECT_GT(trajectory, 100u);  // eum, exchange and smp rounds were kept
  ASSERT_EQ(loaded.metrics.size(), 2u);
  EXPECT_EQ(loaded.metrics[0].value, 0.1 + 0.2);
  EXPECT_EQ(loaded.metrics[1].value, 1e-300);
  EXPECT_EQ(loaded.metrics[1].subject, "CHN");
  ASSERT_NE(loaded.FindDocument("report.html"), nullptr);
  EXPECT_EQ(loaded.FindDocument("report.html")->content, big);
  EXPECT_EQ(loaded.FindDocument("brief.txt")->content, "short\n");
}

TEST_P(StoreTest, ListsAndFiltersRuns) {
  const Scenario flagship = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const Scenario other = testing::MakeScenario({1, 2}, {50.0}, {{0, 0, 10, 1}, {1, 0, 90, 1}});
  const auto store = Store::Open(uri_);
  RunRecord first = NewRunRecord("run", flagship);
  first.created_at = "2026-11-01T10:00:00Z";
  first.specs = {"compromise()"};
  RunRecord second = NewRunRecord("ensemble", other);
  second.created_at = "2026-11-15T10:00:00Z";
  second.specs = {"median()", "nash(utility=linear)"};
  second.seed = 7;
  RunRecord third = NewRunRecord("run", flagship);
  third.created_at = "2026-12-01T00:00:00Z";
  EXPECT_EQ(store->Save(first), 1);
  EXPECT_EQ(store->Save(second), 2);
  EXPECT_EQ(store->Save(third), 3);

  const std::vector<RunSummary> all = store->List();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].command, "ensemble");
  EXPECT_EQ(all[1].specs, (std::vector<std::string>{"median()", "nash(utility=linear)"}));
  EXPECT_EQ(all[1].seed, 7u);
  EXPECT_EQ(all[0].scenario_name, "US-China-North Korea, April 2017");

  const auto ids = [&](const RunFilter& filter) {
    std::vector<std::int64_t> found;
    for (const RunSummary& run : store->List(filter)) found.push_back(run.id);
    return found;
  };
  EXPECT_EQ(ids({"US-China-North Korea, April 2017", "", ""}), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(ids({"8ba377de86466e87", "", ""}), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(ids({"", "2026-11-15", ""}), (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(ids({"", "2026-11-15T10:00:01Z", ""}), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(ids({"", "", "ensemble"}), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(ids({"nothing", "", ""}), (std::vector<std::int64_t>{}));
  EXPECT_THROW(store->List({"", "last tuesday", ""}), InputError);
  // One scenarios row serves both runs of the flagship.
  EXPECT_EQ(store->Load(1).scenario_json, store->Load(3).scenario_json);
}

TEST_P(StoreTest, DiffShowsTheChangedInputWithItsSourceAndTheMovedForecasts) {
  const std::string edited_path = folder_ + "/korea-edited.yaml";
  WriteText(edited_path, EditedFlagship());
  const Scenario before = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const Scenario after = ReadScenarioFile(edited_path);
  const auto store = Store::Open(uri_);
  const std::int64_t a = store->Save(FlagshipRun(before));
  const std::int64_t b = store->Save(FlagshipRun(after));
  const RunDiff diff = store->Diff(a, b);

  ASSERT_EQ(diff.inputs.size(), 1u) << RunDiffToText(diff);
  EXPECT_EQ(diff.inputs[0].field, "issues[nk-pressure].positions.CHN.salience");
  EXPECT_EQ(diff.inputs[0].old_value, "0.6");
  EXPECT_EQ(diff.inputs[0].new_value, "0.8");
  EXPECT_THAT(diff.inputs[0].old_source, HasSubstr("how far Beijing goes on oil"));
  EXPECT_EQ(diff.inputs[0].old_source, diff.inputs[0].new_source);
  // The settings differ only in where the scenario was read from.
  ASSERT_EQ(diff.settings.size(), 1u);
  EXPECT_EQ(diff.settings[0].field, "scenario_path");

  // Every (model, issue) is listed; exactly those whose forecast (decided, or bargained
  // before the decision stage) differs are moved.
  std::size_t moved = 0, compared = 0;
  for (const ForecastChange& change : diff.forecasts) {
    ASSERT_TRUE(change.old_position && change.new_position);
    ++compared;
    const bool differs =
        std::fabs(*change.new_position - *change.old_position) > 1e-9 ||
        (change.old_bargained && std::fabs(*change.new_bargained - *change.old_bargained) > 1e-9);
    EXPECT_EQ(change.moved(), differs);
    moved += change.moved();
  }
  EXPECT_EQ(compared, before.issue_count() * DefaultRegistry().DefaultModels(before).size());
  EXPECT_GT(moved, 0u) << RunDiffToText(diff);
  // The compromise model's bargaining forecast of nk-pressure moves toward China's 40.
  const Result old_compromise = DefaultRegistry().Create("compromise")->Run(before);
  const Result new_compromise = DefaultRegistry().Create("compromise")->Run(after);
  EXPECT_LT(*new_compromise.forecasts[0].bargained, *old_compromise.forecasts[0].bargained);

  const std::string text = RunDiffToText(diff);
  EXPECT_THAT(text, HasSubstr("issues[nk-pressure].positions.CHN.salience: 0.6 -> 0.8"));
  EXPECT_THAT(text, HasSubstr("source: uncertain: how far Beijing goes on oil"));
  EXPECT_THAT(text, HasSubstr("forecasts that moved"));
  const std::string csv = RunDiffToCsv(diff);
  EXPECT_THAT(csv, HasSubstr("input,,,,,issues[nk-pressure].positions.CHN.salience,0.6,0.8,,"));

  // Against itself, nothing changed.
  const RunDiff same = store->Diff(a, a);
  EXPECT_TRUE(same.inputs.empty());
  EXPECT_TRUE(same.settings.empty());
  for (const ForecastChange& change : same.forecasts) EXPECT_FALSE(change.moved());
  EXPECT_THROW(store->Diff(a, 99), InputError);
}

TEST_P(StoreTest, DiffMatchesActorsAndIssuesByIdAndSaysWhatWasAddedOrRemoved) {
  const Scenario two = testing::MakeScenario({1, 2}, {50.0}, {{0, 0, 10, 1}, {1, 0, 90, 1}});
  const Scenario three =
      testing::MakeScenario({1, 2, 3}, {50.0}, {{0, 0, 10, 1}, {1, 0, 90, 0.5}, {2, 0, 30, 1}});
  const auto store = Store::Open(uri_);
  const std::int64_t a = store->Save(NewRunRecord("run", two));
  const std::int64_t b = store->Save(NewRunRecord("run", three));
  std::map<std::string, InputChange> by_field;
  for (const InputChange& change : store->Diff(a, b).inputs) by_field[change.field] = change;
  ASSERT_EQ(by_field.size(), 3u);
  EXPECT_EQ(by_field["actors[A2]"].old_value, "(absent)");
  EXPECT_THAT(by_field["actors[A2]"].new_value, HasSubstr("\"capability\":3"));
  EXPECT_EQ(by_field["issues[I0].positions.A1.salience"].old_value, "1.0");
  EXPECT_EQ(by_field["issues[I0].positions.A1.salience"].new_value, "0.5");
  EXPECT_EQ(by_field["issues[I0].positions.A2"].old_value, "(absent)");
}

TEST_P(StoreTest, RemovesARunAndAllItHolds) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const auto store = Store::Open(uri_);
  RunRecord run = FlagshipRun(scenario);
  run.metrics = {{"brief", "", "taiwan", "", "forecast", 0}};
  run.documents = {{"brief.txt", "text"}};
  const std::int64_t kept = store->Save(run);
  const std::int64_t removed = store->Save(run);
  store->Remove(removed);
  EXPECT_THROW(store->Load(removed), InputError);
  EXPECT_THROW(store->Remove(removed), InputError);
  ASSERT_EQ(store->List().size(), 1u);
  EXPECT_EQ(store->Load(kept).results.size(), run.results.size());
  // No row of the removed run is left in any table.
  auto connection = sqlite() ? store::OpenSqlite(uri_) : store::OpenPostgresql(uri_);
  for (const char* table : {"models", "forecasts", "trajectories", "moves", "exchanges", "details",
                            "metrics", "documents"}) {
    const auto rows = connection->Query(
        std::string("SELECT COUNT(*) FROM ") + table + " WHERE run_id = $1", {removed});
    EXPECT_EQ(std::get<std::int64_t>(rows.at(0).at(0)), 0) << table;
  }
  // The last run of a scenario takes the scenario with it.
  store->Remove(kept);
  const auto scenarios = connection->Query("SELECT COUNT(*) FROM scenarios");
  EXPECT_EQ(std::get<std::int64_t>(scenarios.at(0).at(0)), 0);
}

TEST_P(StoreTest, ForecastsAcrossRunsForQueries) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const auto store = Store::Open(uri_);
  store->Save(FlagshipRun(scenario));
  store->Save(FlagshipRun(scenario));
  const std::vector<StoredForecast> forecasts = store->Forecasts();
  const std::size_t per_run =
      scenario.issue_count() * DefaultRegistry().DefaultModels(scenario).size();
  ASSERT_EQ(forecasts.size(), 2 * per_run);
  EXPECT_EQ(forecasts.front().run_id, 1);
  EXPECT_EQ(forecasts.back().run_id, 2);
  EXPECT_EQ(forecasts.front().issue_id, "nk-pressure");
  EXPECT_EQ(forecasts.front().rule, "decider CHN");
  EXPECT_EQ(forecasts.front().position, forecasts[per_run].position);
}

TEST_P(StoreTest, AWriterKilledMidRunLeavesTheStoreReadableWithoutThatRun) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  RunRecord run = FlagshipRun(scenario);
  {
    const auto store = Store::Open(uri_);
    store->Save(run);
  }
  // A large ensemble-like run: many metric rows, so the child is killed inside Save.
  for (int i = 0; i < 200000; ++i) {
    run.metrics.push_back({"ensemble", "compromise()", "taiwan", "", "row", double(i)});
  }
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(ready[0]);
    try {
      const auto store = Store::Open(uri_);
      store->Save(run, [&](std::size_t rows) {
        // Rows are in, the transaction is open: tell the parent, then wait to be killed.
        if (rows > 0) {
          const char byte = 1;
          if (write(ready[1], &byte, 1) != 1) _exit(3);
          for (;;) pause();
        }
      });
    } catch (...) {
    }
    _exit(4);  // never reached when the parent kills in time
  }
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1) << "the child did not start writing";
  close(ready[0]);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  const auto store = Store::Open(uri_);
  const std::vector<RunSummary> runs = store->List();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(store->Load(1).results.size(), run.results.size());
  if (sqlite()) {
    auto connection = store::OpenSqlite(uri_);
    EXPECT_EQ(std::get<std::string>(connection->Query("PRAGMA integrity_check").at(0).at(0)), "ok");
  }
  // And the store takes the next run.
  run.metrics.resize(3);
  EXPECT_GT(store->Save(run), 1);
  EXPECT_EQ(store->List().size(), 2u);
}

TEST_P(StoreTest, TwoProcessesWriting50RunsEachLoseNone) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  RunRecord run = FlagshipRun(scenario);
  Store::Open(uri_);  // created once, so both writers open an existing store
  std::vector<pid_t> children;
  for (int writer = 0; writer < 2; ++writer) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      int code = 0;
      try {
        const auto store = Store::Open(uri_);
        RunRecord mine = run;
        mine.command_line = "writer " + std::to_string(writer);
        for (int i = 0; i < 50; ++i) store->Save(mine);
      } catch (const std::exception& error) {
        std::fprintf(stderr, "writer %d: %s\n", writer, error.what());
        code = 1;
      }
      _exit(code);
    }
    children.push_back(child);
  }
  for (const pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const auto store = Store::Open(uri_);
  const std::vector<RunSummary> runs = store->List();
  ASSERT_EQ(runs.size(), 100u);
  std::map<std::string, int> per_writer;
  for (const RunSummary& summary : runs) per_writer[store->Load(summary.id).command_line] += 1;
  EXPECT_EQ(per_writer["writer 0"], 50);
  EXPECT_EQ(per_writer["writer 1"], 50);
  EXPECT_EQ(store->Forecasts().size(),
            100 * scenario.issue_count() * DefaultRegistry().DefaultModels(scenario).size());
}

TEST_P(StoreTest, RefusesAStoreOfANewerSchemaAndLeavesItAlone) {
  Store::Open(uri_);
  {
    auto connection = sqlite() ? store::OpenSqlite(uri_) : store::OpenPostgresql(uri_);
    connection->Query("UPDATE parley_store SET value = $1 WHERE key = $2",
                      {std::string("99"), std::string("schema_version")});
  }
  try {
    Store::Open(uri_);
    FAIL() << "opened a store of schema version 99";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("schema version 99, made by a newer parley"));
  }
}

TEST_P(StoreTest, RefusesADatabaseThatIsNotAParleyStore) {
  if (sqlite()) {
    // Made by another program, in SQLite's default (rollback journal) mode.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(uri_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE invoices (id INTEGER, amount INTEGER); INSERT INTO "
                           "invoices VALUES (1, 100);",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  } else {
    auto connection = store::OpenPostgresql(uri_);
    connection->ExecuteScript("CREATE TABLE invoices (id INTEGER, amount INTEGER)");
    connection->Query("INSERT INTO invoices VALUES ($1, $2)", {std::int64_t{1}, std::int64_t{100}});
  }
  const std::string bytes = sqlite() ? ReadText(uri_) : "";
  try {
    Store::Open(uri_);
    FAIL() << "opened a foreign database as a store";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("not a parley run store"));
    EXPECT_THAT(error.what(), HasSubstr("invoices"));
  }
  auto connection = sqlite() ? store::OpenSqlite(uri_) : store::OpenPostgresql(uri_);
  EXPECT_EQ(connection->Query("SELECT COUNT(*) FROM invoices").at(0).at(0),
            store::Value{std::int64_t{1}});
  if (sqlite()) {
    EXPECT_EQ(ReadText(uri_), bytes);  // not even switched to WAL mode
    EXPECT_FALSE(std::filesystem::exists(uri_ + "-wal"));
    EXPECT_EQ(std::get<std::string>(connection->Query("PRAGMA journal_mode").at(0).at(0)),
              "delete");
  }
}

TEST(SqliteStore, KeepsStoresInWalMode) {
  const std::string path = TempFolder() + "/runs.db";
  Store::Open(path);
  EXPECT_EQ(
      std::get<std::string>(store::OpenSqlite(path)->Query("PRAGMA journal_mode").at(0).at(0)),
      "wal");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("Sqlite", "Postgresql"),
                         [](const auto& info) { return info.param; });

// ---------------------------------------------------------------------------------------
// SQLite files.

TEST(SqliteStore, RefusesAFileThatIsNotADatabaseAndNeverOverwritesIt) {
  const std::string path = TempFolder() + "/notes.db";
  const std::string text = "these are my notes, not a database\n";
  WriteText(path, text);
  try {
    Store::Open(path);
    FAIL() << "opened a text file as a store";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("notes.db"));
    EXPECT_THAT(error.what(), HasSubstr("not a"));
  }
  EXPECT_EQ(ReadText(path), text);
}

TEST(SqliteStore, RefusesACorruptStore) {
  const std::string path = TempFolder() + "/runs.db";
  {
    const auto store = Store::Open(path);
    const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
    store->Save(FlagshipRun(scenario));
  }
  // Fold the WAL into the file, then damage the pages after the header.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;", nullptr,
                 nullptr, nullptr);
    sqlite3_close(db);
  }
  std::string bytes = ReadText(path);
  ASSERT_GT(bytes.size(), 8192u);
  for (std::size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5);
  WriteText(path, bytes);
  bool refused = false;
  try {
    const auto store = Store::Open(path);
    store->List();
    store->Load(1);
  } catch (const InputError& error) {
    refused = true;
    EXPECT_THAT(error.what(), HasSubstr("runs.db"));
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(ReadText(path), bytes);
}

TEST(SqliteStore, MigratesASchemaVersion1Store) {
  const std::string path = TempFolder() + "/old.db";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const std::string script = ReadText(testing::ProjectPath("tests/data/store-v1.sql"));
    char* message = nullptr;
    ASSERT_EQ(sqlite3_exec(db, script.c_str(), nullptr, nullptr, &message), SQLITE_OK) << message;
    sqlite3_close(db);
  }
  const auto store = Store::Open(path);
  EXPECT_EQ(store->migrated_from(), 1);
  const std::vector<RunSummary> runs = store->List();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].scenario_name, "Two issues");
  EXPECT_EQ(runs[2].scenario_hash, "bbbbbbbbbbbbbbbb");
  EXPECT_EQ(runs[1].specs, (std::vector<std::string>{"compromise()", "median()"}));
  const RunRecord second = store->Load(2);
  ASSERT_EQ(second.results.size(), 2u);
  EXPECT_EQ(second.results[0].forecasts[0].position, 41.25);
  EXPECT_EQ(second.results[1].forecasts[0].bargained, 45.5);
  EXPECT_EQ(second.results[1].forecasts[0].rule, "decider A");
  EXPECT_EQ(second.threads, 0);
  EXPECT_EQ(store->Load(3).threads, 4);
  // Runs 1 and 2 share one scenario row now.
  auto connection = store::OpenSqlite(path);
  EXPECT_EQ(connection->Query("SELECT COUNT(*) FROM scenarios").at(0).at(0),
            store::Value{std::int64_t{2}});
  // Migrated once: reopening does nothing more, and new runs go in beside the old.
  EXPECT_EQ(Store::Open(path)->migrated_from(), std::nullopt);
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  EXPECT_EQ(store->Save(FlagshipRun(scenario)), 4);
  const RunDiff diff = store->Diff(1, 2);
  ASSERT_EQ(diff.forecasts.size(), 4u);
  EXPECT_EQ(diff.forecasts[0].old_position, 40.5);
  EXPECT_EQ(diff.forecasts[0].new_position, 41.25);
}

TEST(SqliteStore, RefusesUnknownUriSchemes) {
  EXPECT_THROW(Store::Open("mysql://localhost/runs"), InputError);
  EXPECT_THROW(Store::Open(""), InputError);
}

TEST(StoreWriters, ExportsTidyTables) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  RunRecord run = FlagshipRun(scenario);
  run.id = 5;
  run.metrics = {{"ensemble", "compromise()", "taiwan", "", "p50", 12.5}};
  const std::string forecasts = RunToCsv(run, "forecasts");
  EXPECT_EQ(forecasts.substr(0, forecasts.find('\n')),
            "run,model,spec,issue,forecast,bargained,rule");
  EXPECT_THAT(forecasts, HasSubstr("\n5,compromise,"));
  EXPECT_EQ(RunToCsv(run, "metrics"),
            "run,kind,model,issue,subject,name,value\n5,ensemble,compromise(),taiwan,,p50,12.5\n");
  EXPECT_EQ(RunToCsv(run, "trajectory"), TrajectoryToCsv(run.results));
  EXPECT_THROW(RunToCsv(run, "nothing"), InputError);
  EXPECT_THAT(RunToJson(run), HasSubstr("\"source_text\": \"# The 2017 US-China-North Korea"));
}

}  // namespace
}  // namespace parley
