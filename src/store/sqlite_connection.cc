// The run store's SQLite backend (see connection.h for the contract), on SQLiteCpp.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "parley/errors.h"
#include "store/connection.h"

namespace parley::store {

namespace {

// Long enough for a concurrent writer (another `parley run --store`) to finish its batch:
// writers hold the lock only while inserting one run's rows.
constexpr int kBusyTimeoutMs = 60000;
// The store runs a fixed set of statements; the bound only guards against a caller that
// builds many distinct SQL texts (e.g. IN lists of varying length).
constexpr std::size_t kMaxCachedStatements = 256;
// How much of a failing statement to quote in an error message.
constexpr std::size_t kMaxQuotedSql = 200;

// "$n". Appended rather than written "$" + to_string(n), which trips GCC 12's false
// -Wrestrict warning (GCC bug 105329).
std::string Placeholder(std::size_t n) {
  std::string name = "$";
  name += std::to_string(n);
  return name;
}

std::string QuoteSql(const std::string& sql) {
  if (sql.size() <= kMaxQuotedSql) return sql;
  return sql.substr(0, kMaxQuotedSql) + "...";
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(std::string path) : path_(std::move(path)) {
    CheckPathIsUsable();
    try {
      database_ = std::make_unique<SQLite::Database>(
          path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, kBusyTimeoutMs);
      // SQLite opens lazily: a file that is not a database fails at its first read.
      // WAL mode is not set here: it changes the file, and the store sets it only once the
      // file is known to be a store (or empty), so that a foreign database stays untouched.
      database_->exec("PRAGMA foreign_keys=ON");
      // In WAL mode NORMAL loses no committed data on a crash of the process, only possibly
      // the last transactions on a power loss, and saves an fsync per commit.
      database_->exec("PRAGMA synchronous=NORMAL");
    } catch (const SQLite::Exception& error) {
      Fail(error, "");
    }
  }

  ~SqliteConnection() override {
    // Statements must be finalised before the database handle closes.
    statements_.clear();
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  const std::string& Describe() const override { return path_; }

  void ExecuteScript(const std::string& sql) override {
    try {
      database_->exec(sql);
    } catch (const SQLite::Exception& error) {
      Fail(error, sql);
    }
  }

  std::vector<Row> Query(const std::string& sql, const std::vector<Value>& params) override {
    std::vector<Row> rows;
    try {
      SQLite::Statement& statement = Prepare(sql);
      // Resetting releases the statement's read snapshot (a held snapshot blocks WAL
      // checkpoints and DROP TABLE), also when a step fails.
      StatementReset reset(statement);
      Bind(statement, params, Indices(statement, params.size(), sql));
      const int column_count = statement.getColumnCount();
      while (statement.executeStep()) {
        Row& row = rows.emplace_back();
        row.reserve(column_count);
        for (int column = 0; column < column_count; ++column) {
          row.push_back(ReadColumn(statement.getColumn(column)));
        }
      }
    } catch (const SQLite::Exception& error) {
      Fail(error, sql);
    }
    return rows;
  }

  void InsertRows(const std::string& table, const std::vector<std::string>& columns,
                  const std::vector<Row>& rows) override {
    if (rows.empty()) return;
    std::string sql = "INSERT INTO " + table + "(";
    std::string placeholders;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) {
        sql += ",";
        placeholders += ",";
      }
      sql += columns[i];
      placeholders += Placeholder(i + 1);
    }
    sql += ") VALUES (" + placeholders + ")";

    // The rows go in all or none. Outside a caller's transaction they form one transaction
    // (also one commit instead of one per row); inside one, a savepoint undoes a partial
    // batch, as a failed COPY would on PostgreSQL.
    const bool own_transaction = !InTransaction();
    ExecuteScript(own_transaction ? "BEGIN IMMEDIATE" : "SAVEPOINT parley_insert_rows");
    const auto undo = [&] {
      try {
        ExecuteScript(own_transaction
                          ? "ROLLBACK"
                          : "ROLLBACK TO parley_insert_rows; RELEASE parley_insert_rows");
      } catch (const InputError&) {
        // The error being reported matters more; a failed rollback leaves the caller's
        // Rollback() to clean up.
      }
    };
    try {
      SQLite::Statement& statement = Prepare(sql);
      StatementReset reset(statement);
      const std::vector<int> indices = Indices(statement, columns.size(), sql);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].size() != columns.size()) {
          throw InputError(path_ + ": row " + std::to_string(i) + " for table " + table + " has " +
                           std::to_string(rows[i].size()) + " values but " +
                           std::to_string(columns.size()) + " columns were named");
        }
        Bind(statement, rows[i], indices);
        statement.exec();
        statement.reset();
      }
    } catch (const SQLite::Exception& error) {
      undo();
      Fail(error, sql);
    } catch (...) {
      undo();
      throw;
    }
    ExecuteScript(own_transaction ? "COMMIT" : "RELEASE parley_insert_rows");
  }

  void BeginWrite() override { ExecuteScript("BEGIN IMMEDIATE"); }
  void Commit() override { ExecuteScript("COMMIT"); }
  void Rollback() override {
    if (!InTransaction()) return;
    ExecuteScript("ROLLBACK");
  }

 private:
  // Resets a cached statement and clears its bindings when a use of it ends, so that the
  // next use starts clean and no bound copy of a large blob lingers.
  class StatementReset {
   public:
    explicit StatementReset(SQLite::Statement& statement) : statement_(statement) {}
    StatementReset(const StatementReset&) = delete;
    StatementReset& operator=(const StatementReset&) = delete;
    ~StatementReset() {
      // tryReset() repeats the error of a failed step, which was already reported.
      statement_.tryReset();
      try {
        statement_.clearBindings();
      } catch (const SQLite::Exception&) {
        // Clearing fails only on misuse; the next Bind() overwrites every value anyway.
      }
    }

   private:
    SQLite::Statement& statement_;
  };

  bool InTransaction() const { return sqlite3_get_autocommit(database_->getHandle()) == 0; }

  // Gives a clear message for the two mistakes SQLite reports only as "unable to open
  // database file".
  void CheckPathIsUsable() const {
    if (path_ == ":memory:") return;
    const std::filesystem::path path(path_);
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      throw InputError(path_ + ": is a folder, not a SQLite database file");
    }
    const std::filesystem::path folder = path.parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder, error)) {
      throw InputError(path_ + ": the folder " + folder.string() +
                       " does not exist (create it first, or choose another store path)");
    }
  }

  SQLite::Statement& Prepare(const std::string& sql) {
    auto found = statements_.find(sql);
    if (found != statements_.end()) return *found->second;
    if (statements_.size() >= kMaxCachedStatements) statements_.clear();
    auto statement = std::make_unique<SQLite::Statement>(*database_, sql);
    return *statements_.emplace(sql, std::move(statement)).first->second;
  }

  // The index of each placeholder "$1".."$count". SQLite treats "$k" as a named parameter,
  // so its index is looked up rather than assumed: "$2 ... $1" gives $2 index 1, and a
  // placeholder used twice has one index. InsertRows looks them up once per batch rather
  // than once per row (the lookup compares names and was ~10% of a large save).
  std::vector<int> Indices(SQLite::Statement& statement, std::size_t count,
                           const std::string& sql) const {
    std::vector<int> indices(count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string name = Placeholder(i + 1);
      indices[i] = statement.getIndex(name.c_str());
      if (indices[i] == 0) {
        throw InputError(path_ + ": " + std::to_string(count) +
                         " values were given but the statement has no " + name +
                         " placeholder: " + QuoteSql(sql));
      }
    }
    const std::string next = Placeholder(count + 1);
    if (statement.getIndex(next.c_str()) != 0) {
      throw InputError(path_ + ": the statement uses " + next + " but only " +
                       std::to_string(count) + " were given: " + QuoteSql(sql));
    }
    return indices;
  }

  // Binds params[k-1] to the placeholder "$k", whose index is indices[k-1].
  static void Bind(SQLite::Statement& statement, const std::vector<Value>& params,
                   const std::vector<int>& indices) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = indices[i];
      std::visit(
          [&](const auto& value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              statement.bind(index);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              statement.bind(index, static_cast<std::int64_t>(value));
            } else if constexpr (std::is_same_v<T, double>) {
              statement.bind(index, value);
            } else if constexpr (std::is_same_v<T, std::string>) {
              statement.bind(index, value);  // bound with its length: NUL bytes survive
            } else {
              statement.bind(index, value.bytes.data(), static_cast<int>(value.bytes.size()));
            }
          },
          params[i]);
    }
  }

  static Value ReadColumn(const SQLite::Column& column) {
    switch (column.getType()) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(column.getInt64());
      case SQLITE_FLOAT:
        return column.getDouble();
      case SQLITE_TEXT:
        return column.getString();
      case SQLITE_BLOB: {
        // getBlob() must come before getBytes(): SQLite sizes the value it last converted.
        const char* data = static_cast<const char*>(column.getBlob());
        const int size = column.getBytes();
        return Blob{std::string(data == nullptr ? "" : data, data == nullptr ? 0 : size)};
      }
      default:
        return std::monostate{};
    }
  }

  [[noreturn]] void Fail(const SQLite::Exception& error, const std::string& sql) const {
    const std::string detail = std::string(" (SQLite: ") + error.what() + ")";
    switch (error.getErrorCode() & 0xff) {
      case SQLITE_NOTADB:
        throw InputError(path_ + ": the file is not a SQLite database" + detail);
      case SQLITE_CORRUPT:
        throw InputError(path_ + ": the SQLite database is corrupt" + detail);
      case SQLITE_BUSY:
        throw InputError(path_ + ": another process holds the store's write lock; gave up after " +
                         std::to_string(kBusyTimeoutMs / 1000) + " s" + detail);
      case SQLITE_READONLY:
      case SQLITE_PERM:
        throw InputError(path_ + ": the database cannot be written (check its permissions)" +
                         detail);
      case SQLITE_CANTOPEN:
        throw InputError(path_ +
                         ": cannot open the database file (check the path and its "
                         "permissions)" +
                         detail);
      case SQLITE_FULL:
        throw InputError(path_ + ": the disk is full" + detail);
      case SQLITE_IOERR:
        throw InputError(path_ + ": an I/O error occurred reading or writing the database" +
                         detail);
      default:
        break;
    }
    std::string message = path_ + ": " + error.what();
    if (!sql.empty()) message += " (in: " + QuoteSql(sql) + ")";
    throw InputError(message);
  }

  std::string path_;
  std::unique_ptr<SQLite::Database> database_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path) {
  return std::make_unique<SqliteConnection>(path);
}

}  // namespace parley::store
