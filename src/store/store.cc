// The run store (parley/store.h): its schema, the migrations from older schema versions,
// and saving, listing, loading and removing runs. Written once over store::Connection, so
// that SQLite and PostgreSQL run the same statements; only the DDL's type names differ.
#include "parley/store.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>

#include "parley/errors.h"
#include "parley/version.h"
#include "store/connection.h"
#include "store/store_internal.h"

namespace parley {

namespace {

using store::Blob;
using store::Connection;
using store::Dialect;
using store::Row;
using store::Value;

// ---------------------------------------------------------------------------------------
// Schema. Written with placeholders for the type names the dialects spell differently:
// {id} an auto-assigned 64-bit key, {real} a double, {blob} bytes.

// Version 2, the current one. Every table of a run's contents refers to runs(id) with ON
// DELETE CASCADE, so removing a run removes all it holds; their primary keys start with
// run_id, which is the index the cascade and Load use. Rows keep their order in `ordinal`.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE parley_store (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE scenarios (
  id {id},
  hash TEXT NOT NULL,
  name TEXT NOT NULL,
  json TEXT NOT NULL,
  source_path TEXT NOT NULL,
  source_text TEXT NOT NULL);
CREATE INDEX scenarios_by_hash ON scenarios (hash);
CREATE INDEX scenarios_by_name ON scenarios (name);
CREATE TABLE runs (
  id {id},
  created_at TEXT NOT NULL,
  command TEXT NOT NULL,
  command_line TEXT NOT NULL,
  parley_version TEXT NOT NULL,
  scenario_id BIGINT NOT NULL REFERENCES scenarios (id),
  seed TEXT,
  threads INTEGER NOT NULL);
CREATE INDEX runs_by_time ON runs (created_at);
CREATE INDEX runs_by_scenario ON runs (scenario_id);
CREATE TABLE models (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  parameters TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  seed TEXT,
  PRIMARY KEY (run_id, ordinal));
CREATE TABLE forecasts (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  model INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  issue_id TEXT NOT NULL,
  position {real} NOT NULL,
  bargained {real},
  rule TEXT NOT NULL,
  PRIMARY KEY (run_id, model, ordinal));
CREATE TABLE trajectories (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  model INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  round INTEGER NOT NULL,
  issue_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  position {real} NOT NULL,
  risk {real} NOT NULL,
  PRIMARY KEY (run_id, model, ordinal));
CREATE TABLE moves (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  model INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  round INTEGER NOT NULL,
  issue_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  toward_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  from_position {real} NOT NULL,
  to_position {real} NOT NULL,
  eu_self {real} NOT NULL,
  eu_other {real} NOT NULL,
  PRIMARY KEY (run_id, model, ordinal));
CREATE TABLE exchanges (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  model INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  round INTEGER NOT NULL,
  realised INTEGER NOT NULL,
  actor_i TEXT NOT NULL,
  issue_i TEXT NOT NULL,
  from_i {real} NOT NULL,
  to_i {real} NOT NULL,
  actor_j TEXT NOT NULL,
  issue_j TEXT NOT NULL,
  from_j {real} NOT NULL,
  to_j {real} NOT NULL,
  gain {real} NOT NULL,
  PRIMARY KEY (run_id, model, ordinal));
CREATE TABLE details (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  model INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  issue_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  name TEXT NOT NULL,
  value {real} NOT NULL,
  PRIMARY KEY (run_id, model, ordinal));
CREATE TABLE metrics (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  kind TEXT NOT NULL,
  model TEXT NOT NULL,
  issue_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  name TEXT NOT NULL,
  value {real} NOT NULL,
  PRIMARY KEY (run_id, ordinal));
CREATE TABLE documents (
  run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  encoding TEXT NOT NULL,
  size BIGINT NOT NULL,
  content {blob} NOT NULL,
  PRIMARY KEY (run_id, name));
)sql";

// Version 1 kept the scenario inside each run and stored forecasts only: runs(id,
// created_at, command, command_line, parley_version, scenario_name, scenario_hash,
// scenario_json, seed, threads), models(run_id, ordinal, name, spec, input_hash, seed),
// forecasts(run_id, model, ordinal, issue_id, position, bargained, rule) and
// parley_store(key, value). The migration creates version 2's scenarios table (V2Tables),
// moves the scenarios into it (one row per distinct scenario; this script), gives models
// their parameters (unknown then: "{}") and adds the other tables version 2 introduced.
constexpr std::string_view kMigrateV1ToV2 = R"sql(
INSERT INTO scenarios (hash, name, json, source_path, source_text)
  SELECT DISTINCT scenario_hash, scenario_name, scenario_json, '', '' FROM runs;
ALTER TABLE runs ADD COLUMN scenario_id BIGINT REFERENCES scenarios (id);
UPDATE runs SET scenario_id = (SELECT MIN(s.id) FROM scenarios s WHERE s.hash = runs.scenario_hash
  AND s.name = runs.scenario_name AND s.json = runs.scenario_json);
ALTER TABLE runs DROP COLUMN scenario_name;
ALTER TABLE runs DROP COLUMN scenario_hash;
ALTER TABLE runs DROP COLUMN scenario_json;
CREATE INDEX runs_by_time ON runs (created_at);
CREATE INDEX runs_by_scenario ON runs (scenario_id);
ALTER TABLE models ADD COLUMN parameters TEXT NOT NULL DEFAULT '{}';
)sql";

// Tables of version 2 with their indexes, taken from its schema so that a migration and
// the schema cannot drift apart.
std::string V2Tables(std::initializer_list<const char*> tables) {
  std::string definitions;
  for (const char* table : tables) {
    const std::size_t begin = kSchemaV2.find(fmt::format("CREATE TABLE {} (", table));
    const std::size_t end = kSchemaV2.find(");", begin);
    definitions += std::string(kSchemaV2.substr(begin, end + 2 - begin)) + "\n";
    const std::string on_table = fmt::format(" ON {} (", table);
    for (std::size_t line = kSchemaV2.find("CREATE INDEX"); line != std::string_view::npos;
         line = kSchemaV2.find("CREATE INDEX", line + 1)) {
      const std::string_view statement =
          kSchemaV2.substr(line, kSchemaV2.find(';', line) + 1 - line);
      if (statement.find(on_table) != std::string_view::npos) {
        definitions += std::string(statement) + "\n";
      }
    }
  }
  return definitions;
}

std::string ForDialect(std::string_view sql, Dialect dialect) {
  const bool sqlite = dialect == Dialect::kSqlite;
  const std::map<std::string, std::string> types = {
      // SQLite's rowid alias must be spelled exactly INTEGER PRIMARY KEY.
      {"{id}",
       sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
      {"{real}", sqlite ? "REAL" : "DOUBLE PRECISION"},
      {"{blob}", sqlite ? "BLOB" : "BYTEA"}};
  std::string text(sql);
  for (const auto& [placeholder, type] : types) {
    for (std::size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + type.size())) {
      text.replace(at, placeholder.size(), type);
    }
  }
  return text;
}

// ---------------------------------------------------------------------------------------
// Values.

std::int64_t AsInt(const Value& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  if (const auto* real = std::get_if<double>(&value)) return static_cast<std::int64_t>(*real);
  if (const auto* text = std::get_if<std::string>(&value)) return std::stoll(*text);
  return 0;
}
double AsReal(const Value& value) {
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return static_cast<double>(*number);
  return 0;
}
std::optional<double> AsOptionalReal(const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
  return AsReal(value);
}
std::string AsText(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* blob = std::get_if<Blob>(&value)) return blob->bytes;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  return "";
}
// Seeds are unsigned 64-bit: kept as decimal text, which both backends hold exactly.
Value SeedValue(const std::optional<std::uint64_t>& seed) {
  if (!seed) return std::monostate{};
  return std::to_string(*seed);
}
std::optional<std::uint64_t> AsSeed(const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
  return std::stoull(AsText(value));
}
Value OptionalReal(const std::optional<double>& value) {
  if (!value) return std::monostate{};
  return *value;
}
Value Int(std::size_t value) { return static_cast<std::int64_t>(value); }

// Documents larger than this are kept zlib-compressed (a report is ~1.5 MB of text).
constexpr std::size_t kCompressAbove = 4096;

Row DocumentRow(std::int64_t run_id, const Document& document) {
  std::string encoding = "identity";
  std::string bytes = document.content;
  if (document.content.size() > kCompressAbove) {
    uLongf length = compressBound(document.content.size());
    std::string packed(length, '\0');
    if (compress2(reinterpret_cast<Bytef*>(packed.data()), &length,
                  reinterpret_cast<const Bytef*>(document.content.data()), document.content.size(),
                  Z_BEST_SPEED) == Z_OK) {
      packed.resize(length);
      bytes = std::move(packed);
      encoding = "zlib";
    }
  }
  return {run_id, document.name, encoding, Int(document.content.size()), Blob{std::move(bytes)}};
}

std::string DocumentContent(const std::string& store, const std::string& name,
                            const std::string& encoding, std::size_t size, std::string bytes) {
  if (encoding == "identity") return bytes;
  if (encoding == "zlib") {
    std::string text(size, '\0');
    uLongf length = size;
    if (uncompress(reinterpret_cast<Bytef*>(text.data()), &length,
                   reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()) == Z_OK &&
        length == size) {
      return text;
    }
    throw InputError(fmt::format(
        "{}: document {} is damaged (zlib data does not inflate to {} bytes)", store, name, size));
  }
  throw InputError(
      fmt::format("{}: document {} has an unknown encoding '{}'", store, name, encoding));
}

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string ParametersJson(const Result& result) {
  std::string json = "{";
  for (std::size_t p = 0; p < result.parameters.size(); ++p) {
    json += fmt::format("{}{}:{}", p ? "," : "", store::JsonString(result.parameters[p].first),
                        store::JsonString(result.parameters[p].second));
  }
  return json + "}";
}

}  // namespace

// ---------------------------------------------------------------------------------------

const Document* RunRecord::FindDocument(const std::string& name) const {
  for (const Document& document : documents) {
    if (document.name == name) return &document;
  }
  return nullptr;
}

std::unique_ptr<Store> Store::Open(const std::string& uri) {
  if (uri.empty()) throw InputError("--store: empty; expected a file path or a postgresql:// URI");
  std::unique_ptr<Connection> connection;
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
    connection = store::OpenPostgresql(uri);
  } else if (uri.rfind("sqlite:", 0) == 0) {
    connection = store::OpenSqlite(uri.substr(7));
  } else if (uri.find("://") != std::string::npos) {
    throw InputError(fmt::format(
        "--store {}: unknown kind of store; expected a file path (SQLite), sqlite:PATH or a "
        "postgresql:// URI",
        uri));
  } else {
    connection = store::OpenSqlite(uri);
  }
  std::unique_ptr<Store> opened(new Store(std::move(connection)));
  opened->Initialise();
  return opened;
}

Store::Store(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {}
Store::~Store() = default;

const std::string& Store::uri() const { return connection_->Describe(); }

namespace {

std::vector<std::string> TableNames(Connection& connection) {
  const char* sql = connection.dialect() == Dialect::kSqlite
                        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                          "LIKE 'sqlite_%' ORDER BY name"
                        : "SELECT table_name FROM information_schema.tables WHERE table_schema "
                          "= current_schema() ORDER BY table_name";
  std::vector<std::string> names;
  for (const Row& row : connection.Query(sql)) names.push_back(AsText(row[0]));
  return names;
}

// The schema version of a store, nullopt for an empty database; throws for a database
// that holds tables but is not a parley store.
std::optional<int> ReadSchemaVersion(Connection& connection) {
  const std::vector<std::string> tables = TableNames(connection);
  if (tables.empty()) return std::nullopt;
  if (std::find(tables.begin(), tables.end(), "parley_store") == tables.end()) {
    std::string listed;
    for (std::size_t t = 0; t < tables.size() && t < 5; ++t) {
      listed += (t ? ", " : "") + tables[t];
    }
    if (tables.size() > 5) listed += ", ...";
    throw InputError(fmt::format(
        "{}: not a parley run store: the database holds other tables ({}) and no "
        "parley_store table; it was left untouched. Give a new file or an existing store.",
        connection.Describe(), listed));
  }
  const std::vector<Row> rows = connection.Query("SELECT value FROM parley_store WHERE key = $1",
                                                 {std::string("schema_version")});
  int version = 0;
  try {
    if (rows.size() == 1) version = std::stoi(AsText(rows[0][0]));
  } catch (const std::exception&) {
    version = 0;
  }
  if (version < 1) {
    throw InputError(
        fmt::format("{}: damaged parley run store: no valid schema_version in "
                    "table parley_store; it was left untouched",
                    connection.Describe()));
  }
  return version;
}

// Serialises schema changes between processes: SQLite's BEGIN IMMEDIATE already does;
// PostgreSQL takes a transaction-scoped advisory lock (the key is arbitrary but fixed).
void LockSchema(Connection& connection) {
  if (connection.dialect() == Dialect::kPostgresql) {
    connection.Query("SELECT pg_advisory_xact_lock($1)", {std::int64_t{0x7061726c6579}});
  }
}

}  // namespace

void Store::Initialise() {
  std::optional<int> version = ReadSchemaVersion(*connection_);
  // A store (or an empty file about to become one) is kept in WAL mode: readers do not
  // block the writer, and concurrent writers queue on the busy timeout. Set only now, so
  // that a foreign database is refused before anything in it changes.
  if (connection_->dialect() == Dialect::kSqlite) connection_->Query("PRAGMA journal_mode=WAL");
  if (version == kStoreSchemaVersion) return;
  if (version && *version > kStoreSchemaVersion) {
    throw InputError(fmt::format(
        "{}: the store has schema version {}, made by a newer parley; this parley ({}) reads "
        "versions up to {}. Upgrade parley; the store was left untouched.",
        uri(), *version, kVersion, kStoreSchemaVersion));
  }
  connection_->BeginWrite();
  try {
    LockSchema(*connection_);
    version = ReadSchemaVersion(*connection_);  // another process may have got here first
    if (!version) {
      connection_->ExecuteScript(ForDialect(kSchemaV2, connection_->dialect()));
      connection_->Query("INSERT INTO parley_store (key, value) VALUES ($1, $2), ($3, $4)",
                         {std::string("schema_version"), std::to_string(kStoreSchemaVersion),
                          std::string("created_by"), std::string(kVersion)});
    } else if (*version < kStoreSchemaVersion) {
      Migrate(*version);
      migrated_from_ = *version;
    }
    connection_->Commit();
  } catch (...) {
    connection_->Rollback();
    throw;
  }
}

void Store::Migrate(int from_version) {
  if (from_version == 1) {
    const Dialect dialect = connection_->dialect();
    connection_->ExecuteScript(ForDialect(V2Tables({"scenarios"}), dialect));
    connection_->ExecuteScript(ForDialect(kMigrateV1ToV2, dialect));
    connection_->ExecuteScript(ForDialect(
        V2Tables({"trajectories", "moves", "exchanges", "details", "metrics", "documents"}),
        dialect));
    from_version = 2;
  }
  connection_->Query("UPDATE parley_store SET value = $1 WHERE key = $2",
                     {std::to_string(from_version), std::string("schema_version")});
}

std::int64_t Store::Save(const RunRecord& run,
                         const std::function<void(std::size_t rows)>& progress) {
  std::size_t written = 0;
  const auto insert = [&](const std::string& table, const std::vector<std::string>& columns,
                          const std::vector<Row>& rows) {
    if (rows.empty()) return;
    connection_->InsertRows(table, columns, rows);
    written += rows.size();
    if (progress) progress(written);
  };
  connection_->BeginWrite();
  try {
    // One scenarios row serves every run of the same file text and scenario.
    const std::vector<Row> found = connection_->Query(
        "SELECT id FROM scenarios WHERE hash = $1 AND name = $2 AND json = $3 AND "
        "source_path = $4 AND source_text = $5 ORDER BY id LIMIT 1",
        {run.scenario_hash, run.scenario_name, run.scenario_json, run.scenario_path,
         run.scenario_source});
    const std::int64_t scenario_id =
        !found.empty() ? AsInt(found[0][0])
                       : AsInt(connection_
                                   ->Query("INSERT INTO scenarios (hash, name, json, source_path, "
                                           "source_text) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                           {run.scenario_hash, run.scenario_name, run.scenario_json,
                                            run.scenario_path, run.scenario_source})
                                   .at(0)
                                   .at(0));
    const std::int64_t id = AsInt(
        connection_
            ->Query("INSERT INTO runs (created_at, command, command_line, parley_version, "
                    "scenario_id, seed, threads) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    {run.created_at.empty() ? NowUtc() : run.created_at, run.command,
                     run.command_line, run.parley_version.empty() ? kVersion : run.parley_version,
                     scenario_id, SeedValue(run.seed), std::int64_t{run.threads}})
            .at(0)
            .at(0));

    std::vector<Row> models, forecasts, trajectories, moves, exchanges, details;
    // Runs of analyses keep the specs they ran even where no Result is stored (ensemble).
    std::vector<std::string> specs = run.specs;
    for (std::size_t m = 0; m < run.results.size(); ++m) {
      const Result& result = run.results[m];
      models.push_back({id, Int(m), result.model, result.spec, ParametersJson(result),
                        result.input_hash, SeedValue(result.seed)});
      for (std::size_t k = 0; k < result.forecasts.size(); ++k) {
        const IssueForecast& forecast = result.forecasts[k];
        forecasts.push_back({id, Int(m), Int(k), forecast.issue_id, forecast.position,
                             OptionalReal(forecast.bargained), forecast.rule});
      }
      for (std::size_t r = 0; r < result.trajectory.size(); ++r) {
        const ActorRound& step = result.trajectory[r];
        trajectories.push_back({id, Int(m), Int(r), std::int64_t{step.round}, step.issue_id,
                                step.actor_id, step.position, step.risk});
      }
      for (std::size_t r = 0; r < result.moves.size(); ++r) {
        const Move& move = result.moves[r];
        moves.push_back({id, Int(m), Int(r), std::int64_t{move.round}, move.issue_id, move.actor_id,
                         move.toward_id, move.kind, move.from, move.to, move.eu_self,
                         move.eu_other});
      }
      for (std::size_t r = 0; r < result.exchanges.size(); ++r) {
        const Exchange& e = result.exchanges[r];
        exchanges.push_back({id, Int(m), Int(r), std::int64_t{e.round}, std::int64_t{e.order},
                             e.actor_i, e.issue_i, e.from_i, e.to_i, e.actor_j, e.issue_j, e.from_j,
                             e.to_j, e.gain});
      }
      for (std::size_t r = 0; r < result.details.size(); ++r) {
        const Detail& detail = result.details[r];
        details.push_back(
            {id, Int(m), Int(r), detail.issue_id, detail.actor_id, detail.name, detail.value});
      }
    }
    // Specs that ran without a stored Result (e.g. an ensemble's) are models without rows.
    for (const std::string& spec : specs) {
      const bool has_result = std::any_of(run.results.begin(), run.results.end(),
                                          [&](const Result& r) { return r.spec == spec; });
      if (has_result) continue;
      const std::string name = spec.substr(0, spec.find('('));
      models.push_back({id, Int(models.size()), name, spec, std::string("{}"), run.scenario_hash,
                        SeedValue(run.seed)});
    }
    insert("models", {"run_id", "ordinal", "name", "spec", "parameters", "input_hash", "seed"},
           models);
    insert("forecasts", {"run_id", "model", "ordinal", "issue_id", "position", "bargained", "rule"},
           forecasts);
    insert("trajectories",
           {"run_id", "model", "ordinal", "round", "issue_id", "actor_id", "position", "risk"},
           trajectories);
    insert("moves",
           {"run_id", "model", "ordinal", "round", "issue_id", "actor_id", "toward_id", "kind",
            "from_position", "to_position", "eu_self", "eu_other"},
           moves);
    insert("exchanges",
           {"run_id", "model", "ordinal", "round", "realised", "actor_i", "issue_i", "from_i",
            "to_i", "actor_j", "issue_j", "from_j", "to_j", "gain"},
           exchanges);
    insert("details", {"run_id", "model", "ordinal", "issue_id", "actor_id", "name", "value"},
           details);
    std::vector<Row> metrics;
    metrics.reserve(run.metrics.size());
    for (std::size_t r = 0; r < run.metrics.size(); ++r) {
      const Metric& metric = run.metrics[r];
      metrics.push_back({id, Int(r), metric.kind, metric.model, metric.issue_id, metric.subject,
                         metric.name, metric.value});
    }
    insert("metrics",
           {"run_id", "ordinal", "kind", "model", "issue_id", "subject", "name", "value"}, metrics);
    std::vector<Row> documents;
    for (const Document& document : run.documents) documents.push_back(DocumentRow(id, document));
    insert("documents", {"run_id", "name", "encoding", "size", "content"}, documents);
    connection_->Commit();
    return id;
  } catch (...) {
    connection_->Rollback();
    throw;
  }
}

namespace {

// The WHERE clause of a filter over runs r joined with scenarios s, with its parameters.
std::string FilterClause(const RunFilter& filter, std::vector<Value>& params) {
  std::string where = " WHERE 1 = 1";
  if (!filter.scenario.empty()) {
    params.push_back(filter.scenario);
    const std::size_t n = params.size();
    where += fmt::format(" AND (s.name = ${0} OR s.hash = ${0} OR s.source_path = ${0})", n);
  }
  if (!filter.since.empty()) {
    params.push_back(store::NormaliseSince(filter.since));
    where += fmt::format(" AND r.created_at >= ${}", params.size());
  }
  if (!filter.command.empty()) {
    params.push_back(filter.command);
    where += fmt::format(" AND r.command = ${}", params.size());
  }
  return where;
}

RunSummary SummaryOf(const Row& row) {
  RunSummary summary;
  summary.id = AsInt(row[0]);
  summary.created_at = AsText(row[1]);
  summary.command = AsText(row[2]);
  summary.scenario_name = AsText(row[3]);
  summary.scenario_hash = AsText(row[4]);
  summary.parley_version = AsText(row[5]);
  summary.seed = AsSeed(row[6]);
  return summary;
}

constexpr const char* kSummaryColumns =
    "r.id, r.created_at, r.command, s.name, s.hash, r.parley_version, r.seed";

}  // namespace

std::vector<RunSummary> Store::List(const RunFilter& filter) {
  std::vector<Value> params;
  const std::string where = FilterClause(filter, params);
  std::vector<RunSummary> runs;
  for (const Row& row : connection_->Query(
           fmt::format("SELECT {} FROM runs r JOIN scenarios s ON s.id = r.scenario_id{} ORDER "
                       "BY r.id",
                       kSummaryColumns, where),
           params)) {
    runs.push_back(SummaryOf(row));
  }
  if (runs.empty()) return runs;
  // Both queries are ordered by run id: walk the runs along with the models.
  std::size_t run = 0;
  for (const Row& row : connection_->Query(
           fmt::format("SELECT m.run_id, m.spec FROM models m JOIN runs r ON r.id = m.run_id JOIN "
                       "scenarios s ON s.id = r.scenario_id{} ORDER BY m.run_id, m.ordinal",
                       where),
           params)) {
    const std::int64_t run_id = AsInt(row[0]);
    while (run < runs.size() && runs[run].id < run_id) ++run;
    if (run < runs.size() && runs[run].id == run_id) runs[run].specs.push_back(AsText(row[1]));
  }
  return runs;
}

RunSummary Store::Summary(std::int64_t id) {
  const std::vector<Row> rows = connection_->Query(
      fmt::format("SELECT {} FROM runs r JOIN scenarios s ON s.id = r.scenario_id WHERE r.id = $1",
                  kSummaryColumns),
      {id});
  if (rows.empty()) {
    throw InputError(
        fmt::format("{}: no run {} in the store ('parley runs list' lists them)", uri(), id));
  }
  RunSummary summary = SummaryOf(rows[0]);
  for (const Row& row :
       connection_->Query("SELECT spec FROM models WHERE run_id = $1 ORDER BY ordinal", {id})) {
    summary.specs.push_back(AsText(row[0]));
  }
  return summary;
}

RunRecord Store::Load(std::int64_t id) {
  const RunSummary summary = Summary(id);
  RunRecord run;
  run.id = id;
  run.created_at = summary.created_at;
  run.command = summary.command;
  run.parley_version = summary.parley_version;
  run.seed = summary.seed;
  run.specs = summary.specs;
  {
    const Row row =
        connection_
            ->Query(
                "SELECT r.command_line, r.threads, s.name, s.hash, s.json, s.source_path, "
                "s.source_text FROM runs r JOIN scenarios s ON s.id = r.scenario_id WHERE "
                "r.id = $1",
                {id})
            .at(0);
    run.command_line = AsText(row[0]);
    run.threads = static_cast<int>(AsInt(row[1]));
    run.scenario_name = AsText(row[2]);
    run.scenario_hash = AsText(row[3]);
    run.scenario_json = AsText(row[4]);
    run.scenario_path = AsText(row[5]);
    run.scenario_source = AsText(row[6]);
  }
  // Models with rows become Results; models without any (an ensemble's) stay specs only.
  std::map<std::int64_t, std::size_t> result_of;
  std::vector<Result> results;
  const std::vector<Row> models = connection_->Query(
      "SELECT ordinal, name, spec, parameters, input_hash, seed FROM models WHERE run_id = $1 "
      "ORDER BY ordinal",
      {id});
  for (const Row& row : models) {
    Result result;
    result.model = AsText(row[1]);
    result.spec = AsText(row[2]);
    result.parameters = store::ParseParameters(AsText(row[3]));
    result.input_hash = AsText(row[4]);
    result.seed = AsSeed(row[5]);
    result_of[AsInt(row[0])] = results.size();
    results.push_back(std::move(result));
  }
  std::set<std::size_t> with_rows;
  const auto each = [&](const std::string& sql, const auto& add) {
    for (const Row& row : connection_->Query(sql, {id})) {
      const std::size_t r = result_of.at(AsInt(row[0]));
      with_rows.insert(r);
      add(results[r], row);
    }
  };
  each(
      "SELECT model, issue_id, position, bargained, rule FROM forecasts WHERE run_id = $1 "
      "ORDER BY model, ordinal",
      [](Result& result, const Row& row) {
        result.forecasts.push_back(
            {AsText(row[1]), AsReal(row[2]), AsText(row[4]), AsOptionalReal(row[3])});
      });
  each(
      "SELECT model, round, issue_id, actor_id, position, risk FROM trajectories WHERE run_id = "
      "$1 ORDER BY model, ordinal",
      [](Result& result, const Row& row) {
        result.trajectory.push_back({static_cast<int>(AsInt(row[1])), AsText(row[2]),
                                     AsText(row[3]), AsReal(row[4]), AsReal(row[5])});
      });
  each(
      "SELECT model, round, issue_id, actor_id, toward_id, kind, from_position, to_position, "
      "eu_self, eu_other FROM moves WHERE run_id = $1 ORDER BY model, ordinal",
      [](Result& result, const Row& row) {
        result.moves.push_back({static_cast<int>(AsInt(row[1])), AsText(row[2]), AsText(row[3]),
                                AsText(row[4]), AsText(row[5]), AsReal(row[6]), AsReal(row[7]),
                                AsReal(row[8]), AsReal(row[9])});
      });
  each(
      "SELECT model, round, realised, actor_i, issue_i, from_i, to_i, actor_j, issue_j, from_j, "
      "to_j, gain FROM exchanges WHERE run_id = $1 ORDER BY model, ordinal",
      [](Result& result, const Row& row) {
        result.exchanges.push_back({static_cast<int>(AsInt(row[1])),
                                    static_cast<int>(AsInt(row[2])), AsText(row[3]), AsText(row[4]),
                                    AsReal(row[5]), AsReal(row[6]), AsText(row[7]), AsText(row[8]),
                                    AsReal(row[9]), AsReal(row[10]), AsReal(row[11])});
      });
  each(
      "SELECT model, issue_id, actor_id, name, value FROM details WHERE run_id = $1 ORDER BY "
      "model, ordinal",
      [](Result& result, const Row& row) {
        result.details.push_back({AsText(row[1]), AsText(row[2]), AsText(row[3]), AsReal(row[4])});
      });
  for (std::size_t r = 0; r < results.size(); ++r) {
    if (with_rows.count(r)) run.results.push_back(std::move(results[r]));
  }
  for (const Row& row : connection_->Query(
           "SELECT kind, model, issue_id, subject, name, value FROM metrics WHERE run_id = $1 "
           "ORDER BY ordinal",
           {id})) {
    run.metrics.push_back({AsText(row[0]), AsText(row[1]), AsText(row[2]), AsText(row[3]),
                           AsText(row[4]), AsReal(row[5])});
  }
  for (const Row& row : connection_->Query(
           "SELECT name, encoding, size, content FROM documents WHERE run_id = $1 ORDER BY name",
           {id})) {
    const std::string name = AsText(row[0]);
    run.documents.push_back(
        {name, DocumentContent(uri(), name, AsText(row[1]), static_cast<std::size_t>(AsInt(row[2])),
                               AsText(row[3]))});
  }
  return run;
}

std::vector<StoredForecast> Store::Forecasts(const RunFilter& filter) {
  std::vector<Value> params;
  const std::string where = FilterClause(filter, params);
  std::vector<StoredForecast> forecasts;
  for (const Row& row : connection_->Query(
           fmt::format("SELECT r.id, r.created_at, s.name, m.name, m.spec, f.issue_id, f.rule, "
                       "f.position, f.bargained FROM forecasts f JOIN models m ON m.run_id = "
                       "f.run_id AND m.ordinal = f.model JOIN runs r ON r.id = f.run_id JOIN "
                       "scenarios s ON s.id = r.scenario_id{} ORDER BY r.id, f.model, f.ordinal",
                       where),
           params)) {
    forecasts.push_back({AsInt(row[0]), AsText(row[1]), AsText(row[2]), AsText(row[3]),
                         AsText(row[4]), AsText(row[5]), AsText(row[6]), AsReal(row[7]),
                         AsOptionalReal(row[8])});
  }
  return forecasts;
}

void Store::Remove(std::int64_t id) {
  connection_->BeginWrite();
  try {
    const std::vector<Row> rows =
        connection_->Query("DELETE FROM runs WHERE id = $1 RETURNING scenario_id", {id});
    if (rows.empty()) {
      throw InputError(
          fmt::format("{}: no run {} in the store ('parley runs list' lists them)", uri(), id));
    }
    // The scenario goes too when no other run uses it.
    connection_->Query(
        "DELETE FROM scenarios WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM runs WHERE "
        "scenario_id = $1)",
        {rows[0][0]});
    connection_->Commit();
  } catch (...) {
    connection_->Rollback();
    throw;
  }
}

RunDiff Store::Diff(std::int64_t old_id, std::int64_t new_id) {
  return store::DiffRuns(Load(old_id), Load(new_id));
}

}  // namespace parley
