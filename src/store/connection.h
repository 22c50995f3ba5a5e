// A connection to the database behind a run store (parley/store.h): the few operations the
// store needs, implemented once per backend (SQLite in sqlite_connection.cc, PostgreSQL in
// postgresql_connection.cc), so that the store's logic (store.cc) is written once.
//
// Contract:
//   - SQL text uses $1, $2, ... placeholders on both backends; values are always bound,
//     never formatted into SQL text.
//   - Types: integers are 64-bit, reals are IEEE doubles stored exactly (round trip), text
//     is UTF-8, blobs are bytes. A NULL comes back as std::monostate.
//   - Every failure throws parley::InputError whose message starts with Describe() (the
//     store's path or URI, without a password) and says what went wrong.
//   - Statements outside BeginWrite()/Commit() run in their own transaction.
#ifndef PARLEY_SRC_STORE_CONNECTION_H_
#define PARLEY_SRC_STORE_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace parley::store {

struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
using Row = std::vector<Value>;

enum class Dialect { kSqlite, kPostgresql };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // The store's path or URI for messages (a password in a URI is replaced by "***").
  virtual const std::string& Describe() const = 0;

  // Runs SQL without parameters; may hold several statements separated by ';' (DDL).
  virtual void ExecuteScript(const std::string& sql) = 0;
  // Runs one statement with $1..$n bound to `params`; returns the rows it yields.
  virtual std::vector<Row> Query(const std::string& sql, const std::vector<Value>& params = {}) = 0;
  // Inserts `rows` into table(columns): one prepared statement run per row (SQLite) or
  // COPY / batched statements (PostgreSQL). Table and column names are the store's own
  // constants, never user input.
  virtual void InsertRows(const std::string& table, const std::vector<std::string>& columns,
                          const std::vector<Row>& rows) = 0;

  // A write transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE), waiting
  // up to the busy timeout for other writers; PostgreSQL begins a serialisable-safe
  // READ COMMITTED transaction. Rollback() is safe to call when no transaction is open.
  virtual void BeginWrite() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
};

// Opens (creating when absent) a SQLite database file with a busy timeout and foreign keys
// on. It does not write to the file: the store switches it to WAL mode once it knows the
// file is a store (store.cc).
std::unique_ptr<Connection> OpenSqlite(const std::string& path);
// Opens a PostgreSQL database from a libpq URI (postgresql://...); throws InputError when
// parley was built without PostgreSQL support or the server cannot be reached.
std::unique_ptr<Connection> OpenPostgresql(const std::string& uri);

}  // namespace parley::store

// OpenPostgresql(*uri) into *connection: the entry point of the plug-in parley-postgresql.so,
// which the command line loads for a postgresql:// store (apps/parley/plugins.cc) so that
// its start-up does not load libpq and what libpq needs (Kerberos, LDAP, TLS).
extern "C" __attribute__((visibility("default"))) void parley_plugin_open_postgresql(
    const std::string* uri, std::unique_ptr<parley::store::Connection>* connection);

#endif  // PARLEY_SRC_STORE_CONNECTION_H_
