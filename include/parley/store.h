// parley/store.h: the run store, where every forecast is kept, queried and compared.
//
// A run is one invocation of a parley command (run, ensemble, sensitivity, linkage,
// validate, brief, report) with `--store URI`. The store keeps all of it: when, the command
// line, parley's version, the normalised scenario (ScenarioToJson) with its hash and the
// file's text (so a diff can quote the file's source comments), every resolved model spec,
// the seed and thread count, and every result: forecasts, per-round trajectories, moves,
// exchanges and details (as the models' Results), the analyses' figures as tidy metrics
// (ensemble quantiles, sensitivity indices, validation scores, linkage gains, the brief's
// ranges) and the command's output documents (its JSON; the report's HTML byte for byte).
//
// Backends: a SQLite file (a path, or sqlite:PATH) or a PostgreSQL database (a
// postgresql:// or postgres:// URI); both hold the same versioned schema (kStoreSchema
// Version) and behave alike.
//
// Contract:
//   - Save() is one transaction: a process killed while saving leaves the store readable
//     and without that run. SQLite stores run in WAL mode with a busy timeout, so several
//     processes may save into one file at once and none is lost.
//   - Open() refuses, with an InputError naming the store, a file that is not a SQLite
//     database, is corrupt, or is a database that is not a parley store (it is never
//     written to), and a store of a newer schema than this parley reads. A store of an
//     older schema is migrated in one transaction (migrated_from() says from which).
//   - Every failure throws InputError (exit status 2 on the command line).
#ifndef PARLEY_STORE_H_
#define PARLEY_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/result.h"
#include "parley/scenario.h"

namespace parley {

namespace store {
class Connection;
}

inline constexpr int kStoreSchemaVersion = 2;

// A figure an analysis produced, as one tidy row.
struct Metric {
  std::string kind;      // the analysis: "ensemble", "sensitivity", "validate", "linkage", "brief"
  std::string model;     // resolved spec or row label; "" when not about one model
  std::string issue_id;  // "" when not about one issue
  std::string subject;   // the actor, input, deal or group the figure is about; "" for none
  std::string name;      // e.g. "p50", "S1", "mae"
  double value = 0;
};

// An output document as the command produced it (byte for byte).
struct Document {
  std::string name;  // e.g. "ensemble.json", "report.html", "brief.txt"
  std::string content;
};

struct RunRecord {
  std::int64_t id = 0;          // assigned by Store::Save
  std::string created_at;       // UTC, "2026-12-03T04:18:49Z"; Save fills it when empty
  std::string command;          // "run", "ensemble", ...
  std::string command_line;     // as typed, arguments quoted where needed
  std::string parley_version;   // Save fills it when empty
  std::string scenario_name;    // for validate: the data file's name
  std::string scenario_hash;    // Scenario::ContentHash (validate: the data file's hash)
  std::string scenario_json;    // ScenarioToJson ("" for validate)
  std::string scenario_path;    // the file it was read from
  std::string scenario_source;  // the file's text when it was YAML ("" otherwise)
  std::optional<std::uint64_t> seed;
  int threads = 0;                 // as asked (0 = every core)
  std::vector<std::string> specs;  // resolved specs of the models that ran, in order
  std::vector<Result> results;
  std::vector<Metric> metrics;
  std::vector<Document> documents;

  const Document* FindDocument(const std::string& name) const;
};

// A run's record with the scenario filled in from `scenario` (name, hash, normalised JSON,
// path, and the file's text when it is a YAML file whose text still gives that scenario).
RunRecord NewRunRecord(const std::string& command, const Scenario& scenario);

// One line of `parley runs list`.
struct RunSummary {
  std::int64_t id = 0;
  std::string created_at, command, scenario_name, scenario_hash, parley_version;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> specs;
};

struct RunFilter {
  std::string scenario;  // a scenario's name, its input hash or its file path; "" = any
  std::string since;     // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC); "" = any time
  std::string command;   // "" = any
};

// One forecast as stored, for queries across runs.
struct StoredForecast {
  std::int64_t run_id = 0;
  std::string created_at, scenario_name, model, spec, issue_id, rule;
  double position = 0;
  std::optional<double> bargained;
};

// An input that differs between two runs' scenarios. `field` is a path in the scenario
// schema, e.g. "issues[nk-pressure].positions.CHN.salience"; values are JSON text
// ("(absent)" on the side that does not have the field). `old_source`/`new_source` hold
// the source comment the YAML file gave that field, where it had one.
struct InputChange {
  std::string field, old_value, new_value, old_source, new_source;
};

// A forecast of one model on one issue in both runs (or one of them).
struct ForecastChange {
  std::string model;  // the resolved spec
  std::string issue_id;
  std::optional<double> old_position, new_position;  // nullopt: not in that run
  std::string old_rule, new_rule;
  // Before the decision stage (issues with a decision block): bargaining may move while
  // the decided forecast stays where the decider is.
  std::optional<double> old_bargained, new_bargained;
  // The decided forecast or the bargained one moved (or the pair is in one run only).
  bool moved() const;
};

// A metric in both runs (or one of them), matched on kind, model, issue, subject and name.
struct MetricChange {
  Metric metric;  // its identity; value unused
  std::optional<double> old_value, new_value;
  bool moved() const;
};

struct RunDiff {
  RunSummary old_run, new_run;
  std::vector<InputChange> inputs;        // scenario fields that changed
  std::vector<InputChange> settings;      // command, models, seed, threads, version
  std::vector<ForecastChange> forecasts;  // every (model, issue) of either run
  std::vector<MetricChange> metrics;      // every metric of either run
};

class Store {
 public:
  // `uri`: a SQLite file path (created when absent), sqlite:PATH, or postgresql://...
  static std::unique_ptr<Store> Open(const std::string& uri);
  ~Store();

  const std::string& uri() const;
  int schema_version() const { return kStoreSchemaVersion; }
  // The schema version the store had before Open migrated it; nullopt when it did not.
  std::optional<int> migrated_from() const { return migrated_from_; }

  // Stores the run in one transaction and returns its id. `progress`, when given, is
  // called with the number of rows written so far as the rows go in.
  std::int64_t Save(const RunRecord& run,
                    const std::function<void(std::size_t rows)>& progress = nullptr);
  // Runs matching the filter, oldest first.
  std::vector<RunSummary> List(const RunFilter& filter = {});
  // The whole run; throws InputError when the store has no run `id`.
  RunRecord Load(std::int64_t id);
  // Every stored forecast of the matching runs, by run, then model, then issue.
  std::vector<StoredForecast> Forecasts(const RunFilter& filter = {});
  // What changed from run `old_id` to run `new_id`.
  RunDiff Diff(std::int64_t old_id, std::int64_t new_id);
  // Deletes the run and everything it holds; throws InputError when there is none.
  void Remove(std::int64_t id);

 private:
  explicit Store(std::unique_ptr<store::Connection> connection);
  void Initialise();
  void Migrate(int from_version);
  RunSummary Summary(std::int64_t id);

  std::unique_ptr<store::Connection> connection_;
  std::optional<int> migrated_from_;
};

// Writers for the runs commands: a table for people, JSON and tidy CSV for programs.
std::string RunsToTable(const std::vector<RunSummary>& runs);
std::string RunsToJson(const std::vector<RunSummary>& runs);
std::string RunsToCsv(const std::vector<RunSummary>& runs);
// `parley runs show`: the run's settings, scenario and forecasts, readably.
std::string RunToText(const RunRecord& run);
// `parley runs export --format json`: everything the run holds, documents included.
std::string RunToJson(const RunRecord& run);
// `parley runs export --format csv`: one tidy table of the run, chosen by `table`:
// "forecasts" (default), "trajectory", "moves", "exchanges", "details" or "metrics".
std::string RunToCsv(const RunRecord& run, const std::string& table);
std::string RunDiffToText(const RunDiff& diff);
std::string RunDiffToJson(const RunDiff& diff);
// Tidy: section,model,issue,subject,name,field,old,new,change,old_source,new_source.
std::string RunDiffToCsv(const RunDiff& diff);

// Metrics of the analyses, as stored with their runs (src/store/records.cc).
struct EnsembleResult;
struct SensitivityResult;
struct ValidationReport;
struct LinkageReport;
struct Brief;
std::vector<Metric> EnsembleMetrics(const EnsembleResult& result);
std::vector<Metric> SensitivityMetrics(const SensitivityResult& result);
std::vector<Metric> ValidationMetrics(const ValidationReport& report);
std::vector<Metric> LinkageMetrics(const LinkageReport& report);
std::vector<Metric> BriefMetrics(const Brief& brief);

}  // namespace parley

#endif  // PARLEY_STORE_H_
