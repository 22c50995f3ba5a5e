// The run store's PostgreSQL backend (see connection.h for the contract), on libpqxx 6.4.
//
// Values travel as text parameters (the server parses them by the type its context gives
// each $n), except that InsertRows streams rows with COPY. Doubles are written in their
// shortest exact decimal form and the server is asked for the same (extra_float_digits), so
// they round-trip bit for bit.
#include <cctype>
#include <memory>
#include <regex>
#include <string>

#include "parley/errors.h"
#include "store/connection.h"

#ifdef PARLEY_POSTGRESQL
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <pqxx/pqxx>
#include <pqxx/tablewriter>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>
#endif

namespace parley::store {

namespace {

// Replaces the password of a libpq connection string with "***": the userinfo password of a
// URI (postgresql://user:secret@host/db), a password=... query parameter, or a
// password=... keyword of the key=value form.
std::string HidePassword(const std::string& uri) {
  std::string hidden = uri;
  const std::size_t scheme_end = hidden.find("://");
  if (scheme_end != std::string::npos) {
    // libpq ends the userinfo at the first '@' before any '/'.
    const std::size_t authority = scheme_end + 3;
    const std::size_t at = hidden.find_first_of("@/", authority);
    if (at != std::string::npos && hidden[at] == '@') {
      const std::size_t colon = hidden.find(':', authority);
      if (colon != std::string::npos && colon < at) {
        hidden.replace(colon + 1, at - colon - 1, "***");
      }
    }
    static const std::regex kQueryPassword("([?&]password=)[^&#]*", std::regex::icase);
    hidden = std::regex_replace(hidden, kQueryPassword, "$1***");
  } else {
    static const std::regex kKeywordPassword(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'|\S*))",
                                             std::regex::icase);
    hidden = std::regex_replace(hidden, kKeywordPassword, "$1***");
  }
  return hidden;
}

#ifdef PARLEY_POSTGRESQL

// Type OIDs from the server's pg_type catalogue (stable across versions).
constexpr pqxx::oid kBoolOid = 16;
constexpr pqxx::oid kByteaOid = 17;
constexpr pqxx::oid kInt8Oid = 20;
constexpr pqxx::oid kInt2Oid = 21;
constexpr pqxx::oid kInt4Oid = 23;
constexpr pqxx::oid kFloat4Oid = 700;
constexpr pqxx::oid kFloat8Oid = 701;
constexpr pqxx::oid kNumericOid = 1700;

constexpr std::size_t kMaxQuotedSql = 200;

std::string QuoteSql(const std::string& sql) {
  if (sql.size() <= kMaxQuotedSql) return sql;
  return sql.substr(0, kMaxQuotedSql) + "...";
}

// libpq and server messages span lines ("ERROR:  ...\nLINE 1: ...\n   ^"); an InputError
// is one line, so keep the first line of a server error and fold libpq's indented lines.
std::string OneLine(const std::string& message) {
  std::string text = message;
  static const std::string kErrorPrefix = "ERROR:  ";
  if (text.rfind(kErrorPrefix, 0) == 0) {
    text.erase(0, kErrorPrefix.size());
    const std::size_t line_end = text.find('\n');
    if (line_end != std::string::npos) text.erase(line_end);
  }
  std::string folded;
  bool in_space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      in_space = true;
      continue;
    }
    if (in_space && !folded.empty()) folded.push_back(' ');
    in_space = false;
    folded.push_back(c);
  }
  return folded;
}

std::string DoubleToText(double value) {
  // Spelled the way the server's float8 input expects.
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

constexpr char kHexDigits[] = "0123456789abcdef";

// bytea's hex input form: \x followed by two hex digits per byte.
std::string BlobToText(const Blob& blob) {
  std::string text = "\\x";
  text.reserve(2 + 2 * blob.bytes.size());
  for (unsigned char byte : blob.bytes) {
    text.push_back(kHexDigits[byte >> 4]);
    text.push_back(kHexDigits[byte & 0xf]);
  }
  return text;
}

class PostgresqlConnection final : public Connection {
 public:
  explicit PostgresqlConnection(const std::string& uri) : description_(HidePassword(uri)) {
    Guard("", [&] {
      connection_ = std::make_unique<pqxx::connection>(uri);
      // NOTICEs (e.g. "drop cascades to ...") would otherwise print on stderr; text is
      // UTF-8 whatever PGCLIENTENCODING says; extra_float_digits > 0 makes the server print
      // each double in its shortest form that reads back exactly (3 does so before v12).
      // set_variable() rather than SET: libpqxx repeats these if it reconnects.
      connection_->set_variable("client_min_messages", "warning");
      connection_->set_variable("client_encoding", "'UTF8'");
      connection_->set_variable("extra_float_digits", "3");
    });
  }

  ~PostgresqlConnection() override {
    // An open write transaction is aborted (its destructor rolls back) before the
    // connection closes.
    write_.reset();
  }

  Dialect dialect() const override { return Dialect::kPostgresql; }
  const std::string& Describe() const override { return description_; }

  void ExecuteScript(const std::string& sql) override {
    // exec() sends the text as a simple query, which may hold several statements.
    Guard(sql, [&] {
      if (write_) {
        write_->exec(sql);
      } else {
        pqxx::nontransaction transaction(*connection_);
        transaction.exec(sql);
      }
    });
  }

  std::vector<Row> Query(const std::string& sql, const std::vector<Value>& params) override {
    std::vector<std::optional<std::string>> texts;
    texts.reserve(params.size());
    for (const Value& param : params) texts.push_back(ParamText(param));
    std::vector<Row> rows;
    Guard(sql, [&] {
      // A single statement outside a write transaction commits on its own.
      pqxx::result result;
      if (write_) {
        result = write_->exec_params(sql, pqxx::prepare::make_dynamic_params(texts));
      } else {
        pqxx::nontransaction transaction(*connection_);
        result = transaction.exec_params(sql, pqxx::prepare::make_dynamic_params(texts));
      }
      rows = ConvertResult(result);
    });
    return rows;
  }

  void InsertRows(const std::string& table, const std::vector<std::string>& columns,
                  const std::vector<Row>& rows) override {
    if (rows.empty()) return;
    // Every line is formatted before COPY starts: an error found halfway through would
    // leave the rows sent so far in the caller's transaction.
    std::vector<std::string> lines;
    lines.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].size() != columns.size()) {
        throw InputError(description_ + ": row " + std::to_string(i) + " for table " + table +
                         " has " + std::to_string(rows[i].size()) + " values but " +
                         std::to_string(columns.size()) + " columns were named");
      }
      lines.push_back(CopyLine(rows[i]));
    }
    std::string sql = "COPY " + table + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i > 0 ? "," : "") + columns[i];
    sql += ") FROM STDIN";
    Guard(sql, [&] {
      if (write_) {
        CopyLines(*write_, table, columns, lines);
      } else {
        pqxx::work transaction(*connection_);
        CopyLines(transaction, table, columns, lines);
        transaction.commit();
      }
    });
  }

  void BeginWrite() override {
    if (write_) throw InputError(description_ + ": a write transaction is already open");
    Guard("BEGIN", [&] { write_ = std::make_unique<pqxx::work>(*connection_); });
  }

  void Commit() override {
    if (!write_) throw InputError(description_ + ": COMMIT without an open write transaction");
    // Released first: after commit() the transaction is finished whether it succeeded or not.
    std::unique_ptr<pqxx::work> transaction = std::move(write_);
    Guard("COMMIT", [&] { transaction->commit(); });
  }

  void Rollback() override {
    if (!write_) return;
    std::unique_ptr<pqxx::work> transaction = std::move(write_);
    Guard("ROLLBACK", [&] { transaction->abort(); });
  }

 private:
  // Runs `action`, turning libpqxx's exceptions into InputError("<uri>: ...").
  template <typename Action>
  void Guard(const std::string& sql, Action&& action) const {
    try {
      action();
    } catch (const InputError&) {
      throw;
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const pqxx::broken_connection& error) {
      // libpqxx also reports protocol errors (SQLSTATE class 08, e.g. too few parameters)
      // this way while the connection stays up.
      if (connection_ == nullptr || !connection_->is_open()) {
        throw InputError(description_ +
                         ": cannot reach the PostgreSQL server: " + OneLine(error.what()));
      }
      std::string message = description_ + ": " + OneLine(error.what());
      if (!sql.empty()) message += " (in: " + QuoteSql(sql) + ")";
      throw InputError(message);
    } catch (const pqxx::sql_error& error) {
      std::string message = description_ + ": " + OneLine(error.what());
      if (!error.sqlstate().empty()) message += " (SQLSTATE " + error.sqlstate() + ")";
      if (!sql.empty()) message += " (in: " + QuoteSql(sql) + ")";
      throw InputError(message);
    } catch (const pqxx::in_doubt_error& error) {
      throw InputError(description_ + ": the connection was lost during COMMIT, so it is not " +
                       "known whether the transaction was saved: " + OneLine(error.what()));
    } catch (const std::exception& error) {
      std::string message = description_ + ": " + OneLine(error.what());
      if (!sql.empty()) message += " (in: " + QuoteSql(sql) + ")";
      throw InputError(message);
    }
  }

  // The text the server parses for a parameter; nullopt is SQL NULL.
  std::optional<std::string> ParamText(const Value& value) const {
    return std::visit(
        [&](const auto& v) -> std::optional<std::string> {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return std::nullopt;
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            return std::to_string(v);
          } else if constexpr (std::is_same_v<T, double>) {
            return DoubleToText(v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            CheckText(v);
            return v;
          } else {
            return BlobToText(v);
          }
        },
        value);
  }

  void CheckText(const std::string& text) const {
    if (text.find('\0') != std::string::npos) {
      throw InputError(description_ +
                       ": a text value contains a NUL byte, which PostgreSQL text cannot hold");
    }
  }

  // One line of COPY's text format: tab-separated fields, \N for NULL, and backslash
  // escapes for the characters that would end a field or a line.
  std::string CopyLine(const Row& row) const {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line.push_back('\t');
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              line += "\\N";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              line += std::to_string(v);
            } else if constexpr (std::is_same_v<T, double>) {
              line += DoubleToText(v);
            } else if constexpr (std::is_same_v<T, std::string>) {
              CheckText(v);
              AppendCopyEscaped(v, line);
            } else {
              // The leading backslash of bytea's \x form is itself escaped for COPY.
              line += '\\';
              line += BlobToText(v);
            }
          },
          row[i]);
    }
    return line;
  }

  // Sends preformatted lines with COPY. libpqxx 6.4's stream_to takes only fixed-size tuples
  // and keeps write_raw_line private, so this uses tablewriter, deprecated in 6.x but the
  // one public way there to send raw COPY lines. Its warning about multibyte encodings
  // concerns its own escaping, which is not used, and the client encoding is UTF-8, in which
  // the bytes COPY treats specially never occur inside a multibyte character.
  static void CopyLines(pqxx::transaction_base& transaction, const std::string& table,
                        const std::vector<std::string>& columns,
                        const std::vector<std::string>& lines) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    pqxx::tablewriter writer(transaction, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
    for (const std::string& line : lines) writer.write_raw_line(line);
    writer.complete();
  }

  static void AppendCopyEscaped(const std::string& text, std::string& line) {
    for (char c : text) {
      switch (c) {
        case '\\':
          line += "\\\\";
          break;
        case '\t':
          line += "\\t";
          break;
        case '\n':
          line += "\\n";
          break;
        case '\r':
          line += "\\r";
          break;
        default:
          line.push_back(c);
      }
    }
  }

  std::vector<Row> ConvertResult(const pqxx::result& result) const {
    const int column_count = static_cast<int>(result.columns());
    std::vector<pqxx::oid> types(column_count);
    for (int column = 0; column < column_count; ++column) {
      types[column] = result.column_type(column);
    }
    std::vector<Row> rows;
    rows.reserve(result.size());
    for (const pqxx::row& source : result) {
      Row& row = rows.emplace_back();
      row.reserve(column_count);
      for (int column = 0; column < column_count; ++column) {
        row.push_back(ConvertField(source[column], types[column]));
      }
    }
    return rows;
  }

  static Value ConvertField(const pqxx::field& field, pqxx::oid type) {
    if (field.is_null()) return std::monostate{};
    const char* begin = field.c_str();
    const char* end = begin + field.size();
    switch (type) {
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid:
        if (auto integer = ParseInteger(begin, end)) return *integer;
        break;
      case kNumericOid:
        // SUM() of bigints is numeric: a whole number comes back as an integer, as it does
        // from SQLite, and anything else as a double.
        if (auto integer = ParseInteger(begin, end)) return *integer;
        [[fallthrough]];
      case kFloat4Oid:
      case kFloat8Oid:
        if (auto real = ParseDouble(begin, end)) return *real;
        break;
      case kBoolOid:
        return static_cast<std::int64_t>(field.size() > 0 && begin[0] == 't' ? 1 : 0);
      case kByteaOid:
        return Blob{pqxx::binarystring(field).str()};
      default:
        break;
    }
    return std::string(begin, end);
  }

  static std::optional<std::int64_t> ParseInteger(const char* begin, const char* end) {
    std::int64_t value = 0;
    const auto result = std::from_chars(begin, end, value);
    if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
    return value;
  }

  // `begin` is NUL-terminated (a pqxx field), as strtod needs.
  static std::optional<double> ParseDouble(const char* begin, const char* end) {
    // from_chars reads the server's shortest-form digits, "Infinity" and "NaN" exactly.
    double value = 0;
    const auto result = std::from_chars(begin, end, value);
    if (result.ec == std::errc() && result.ptr == end) return value;
    if (result.ec == std::errc::result_out_of_range) {
      // Some from_chars report subnormals such as 5e-324 as out of range and leave the
      // value unset; strtod still yields the nearest double.
      char* parsed_end = nullptr;
      const double nearest = std::strtod(begin, &parsed_end);
      if (parsed_end == end) return nearest;
    }
    return std::nullopt;
  }

  std::string description_;
  std::unique_ptr<pqxx::connection> connection_;
  // The transaction BeginWrite() opened, until Commit() or Rollback().
  std::unique_ptr<pqxx::work> write_;
};

#endif  // PARLEY_POSTGRESQL

}  // namespace

std::unique_ptr<Connection> OpenPostgresql(const std::string& uri) {
#ifdef PARLEY_POSTGRESQL
  return std::make_unique<PostgresqlConnection>(uri);
#else
  throw InputError(HidePassword(uri) +
                   ": this parley was built without PostgreSQL support (install libpqxx-dev and "
                   "rebuild)");
#endif
}

}  // namespace parley::store

extern "C" __attribute__((visibility("default"))) void parley_plugin_open_postgresql(
    const std::string* uri, std::unique_ptr<parley::store::Connection>* connection) {
  *connection = parley::store::OpenPostgresql(*uri);
}
