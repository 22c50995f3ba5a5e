// The contract of store/connection.h, checked on both backends: SQLite always, PostgreSQL
// when tests/postgresql_cluster.sh has started a throwaway cluster (else those cases skip,
// saying why).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "parley/errors.h"
#include "store/connection.h"
#include "store_test_util.h"

namespace parley::store {
namespace {

using ::parley::testing::PostgresqlTestUri;
using ::parley::testing::ResetPostgresqlDatabase;

// A fresh, empty folder for one test.
std::filesystem::path MakeTempFolder() {
  static std::atomic<int> counter{0};
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "_" + info->name();
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  const std::filesystem::path folder =
      std::filesystem::path(::testing::TempDir()) /
      ("parley_store_connection_" + name + "_" + std::to_string(::getpid()) + "_" +
       std::to_string(counter++));
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

std::uint64_t Bits(double value) { return std::bit_cast<std::uint64_t>(value); }

// Expects `value` to hold a T and returns it (a default T when it does not).
template <typename T>
T Get(const Value& value) {
  EXPECT_TRUE(std::holds_alternative<T>(value)) << "variant index " << value.index();
  return std::holds_alternative<T>(value) ? std::get<T>(value) : T{};
}

std::string AllBytes() {
  std::string bytes;
  for (int byte = 0; byte < 256; ++byte) bytes.push_back(static_cast<char>(byte));
  return bytes;
}

class ConnectionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    folder_ = MakeTempFolder();
    if (!IsSqlite()) {
      std::string why_not;
      const auto uri = PostgresqlTestUri(&why_not);
      // Skipping in SetUp() also skips the test body.
      if (!uri) GTEST_SKIP() << why_not;
      uri_ = *uri;
    }
    connection_ = Open();
    if (!IsSqlite()) ResetPostgresqlDatabase(*connection_);
  }

  void TearDown() override {
    connection_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }

  bool IsSqlite() const { return GetParam() == "Sqlite"; }

  // A new connection to the test's store.
  std::unique_ptr<Connection> Open() {
    if (IsSqlite()) return OpenSqlite((folder_ / "runs.db").string());
    return OpenPostgresql(uri_);
  }

  std::string RealType() const { return IsSqlite() ? "REAL" : "DOUBLE PRECISION"; }
  std::string BlobType() const { return IsSqlite() ? "BLOB" : "BYTEA"; }

  // t(id, i, r, s, b): one column of each type.
  void CreateTable() {
    connection_->ExecuteScript("CREATE TABLE t (id BIGINT PRIMARY KEY, i BIGINT, r " + RealType() +
                               ", s TEXT, b " + BlobType() + ")");
  }
  const std::vector<std::string> columns_ = {"id", "i", "r", "s", "b"};

  void InsertWithParams(const Row& row) {
    connection_->Query("INSERT INTO t (id, i, r, s, b) VALUES ($1, $2, $3, $4, $5)", row);
  }

  std::int64_t Count(const std::string& table = "t") {
    const auto rows = connection_->Query("SELECT COUNT(*) FROM " + table);
    return Get<std::int64_t>(rows.at(0).at(0));
  }

  std::filesystem::path folder_;
  std::unique_ptr<Connection> connection_;
  std::string uri_;  // PostgreSQL only
};

TEST_P(ConnectionTest, ReportsItsDialect) {
  EXPECT_EQ(connection_->dialect(), IsSqlite() ? Dialect::kSqlite : Dialect::kPostgresql);
}

TEST_P(ConnectionTest, DoublesRoundTripBitForBit) {
  CreateTable();
  const std::vector<double> values = {0.1,
                                      1 / 3.0,
                                      2 / 3.0,
                                      1e-300,
                                      1.7976931348623157e308,
                                      -1.7976931348623157e308,
                                      5e-324,  // the smallest subnormal
                                      2.2250738585072014e-308,
                                      0.0,
                                      -2.5,
                                      123456789.123456789,
                                      9007199254740993.0,
                                      std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity()};
  // Half through bound parameters, half through InsertRows (COPY on PostgreSQL).
  std::vector<Row> copied;
  for (std::size_t k = 0; k < values.size(); ++k) {
    InsertWithParams(
        {std::int64_t(k), std::monostate{}, values[k], std::monostate{}, std::monostate{}});
    copied.push_back(
        {std::int64_t(1000 + k), std::monostate{}, values[k], std::monostate{}, std::monostate{}});
  }
  connection_->InsertRows("t", columns_, copied);

  const auto rows = connection_->Query("SELECT id, r FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), 2 * values.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const double expected = values[k % values.size()];
    const double actual = Get<double>(rows[k][1]);
    EXPECT_EQ(Bits(actual), Bits(expected)) << "id " << Get<std::int64_t>(rows[k][0])
                                            << ": expected " << expected << ", got " << actual;
  }

  // A double bound as a parameter and compared in SQL matches exactly.
  const auto third = connection_->Query("SELECT COUNT(*) FROM t WHERE r = $1", {1 / 3.0});
  EXPECT_EQ(Get<std::int64_t>(third.at(0).at(0)), 2);
}

// -0.0: PostgreSQL keeps the sign. SQLite writes a REAL column's whole-number values as
// integers on disk, so -0.0 reads back as +0.0; the store never relies on the sign of zero.
TEST_P(ConnectionTest, NegativeZeroIsZero) {
  CreateTable();
  InsertWithParams({std::int64_t(1), std::monostate{}, -0.0, std::monostate{}, std::monostate{}});
  const double actual = Get<double>(connection_->Query("SELECT r FROM t").at(0).at(0));
  EXPECT_EQ(actual, 0.0);
  if (!IsSqlite()) {
    EXPECT_TRUE(std::signbit(actual));
  }
}

TEST_P(ConnectionTest, Int64ExtremesRoundTrip) {
  CreateTable();
  const std::int64_t min = std::numeric_limits<std::int64_t>::min();
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  InsertWithParams({std::int64_t(1), min, std::monostate{}, std::monostate{}, std::monostate{}});
  InsertWithParams({std::int64_t(2), max, std::monostate{}, std::monostate{}, std::monostate{}});
  connection_->InsertRows(
      "t", columns_,
      {{std::int64_t(3), min, std::monostate{}, std::monostate{}, std::monostate{}},
       {std::int64_t(4), max, std::monostate{}, std::monostate{}, std::monostate{}},
       {std::int64_t(5), std::int64_t(-1), std::monostate{}, std::monostate{}, std::monostate{}}});
  const auto rows = connection_->Query("SELECT id, i FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(Get<std::int64_t>(rows[0][1]), min);
  EXPECT_EQ(Get<std::int64_t>(rows[1][1]), max);
  EXPECT_EQ(Get<std::int64_t>(rows[2][1]), min);
  EXPECT_EQ(Get<std::int64_t>(rows[3][1]), max);
  EXPECT_EQ(Get<std::int64_t>(rows[4][1]), -1);
  const auto found = connection_->Query("SELECT id FROM t WHERE i = $1 ORDER BY id", {max});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(Get<std::int64_t>(found[0][0]), 2);
}

TEST_P(ConnectionTest, TextIsBoundNeverSpliced) {
  CreateTable();
  const std::vector<std::string> texts = {
      "naïve café — 日本語 🎲", "it's \"quoted\"",           "a;b;c;", R"(back\slash \\ \N \t)",
      "'); DROP TABLE t; --",  "tab\there\nnewline\r\nend", "",       "$1 $2 ?",
  };
  std::vector<Row> copied;
  for (std::size_t k = 0; k < texts.size(); ++k) {
    InsertWithParams(
        {std::int64_t(k), std::monostate{}, std::monostate{}, texts[k], std::monostate{}});
    copied.push_back(
        {std::int64_t(100 + k), std::monostate{}, std::monostate{}, texts[k], std::monostate{}});
  }
  connection_->InsertRows("t", columns_, copied);

  const auto rows = connection_->Query("SELECT id, s FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), 2 * texts.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    EXPECT_EQ(Get<std::string>(rows[k][1]), texts[k % texts.size()])
        << "id " << Get<std::int64_t>(rows[k][0]);
  }
  const auto injected =
      connection_->Query("SELECT COUNT(*) FROM t WHERE s = $1", {std::string(texts[4])});
  EXPECT_EQ(Get<std::int64_t>(injected.at(0).at(0)), 2);
  EXPECT_EQ(Count(), static_cast<std::int64_t>(2 * texts.size()));  // t survived
}

TEST_P(ConnectionTest, BlobsKeepEveryByte) {
  CreateTable();
  const std::vector<Blob> blobs = {
      {std::string("\0", 1)},        {std::string("a\0b\xff\xfe\0", 6)}, {AllBytes()}, {""},
      {std::string(100000, '\xff')},
  };
  std::vector<Row> copied;
  for (std::size_t k = 0; k < blobs.size(); ++k) {
    InsertWithParams(
        {std::int64_t(k), std::monostate{}, std::monostate{}, std::monostate{}, blobs[k]});
    copied.push_back(
        {std::int64_t(100 + k), std::monostate{}, std::monostate{}, std::monostate{}, blobs[k]});
  }
  connection_->InsertRows("t", columns_, copied);

  const auto rows = connection_->Query("SELECT id, b FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), 2 * blobs.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Blob actual = Get<Blob>(rows[k][1]);
    EXPECT_EQ(actual, blobs[k % blobs.size()])
        << "id " << Get<std::int64_t>(rows[k][0]) << ": " << actual.bytes.size() << " bytes";
  }
  const auto found = connection_->Query("SELECT id FROM t WHERE b = $1 ORDER BY id", {blobs[1]});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(Get<std::int64_t>(found[0][0]), 1);
  EXPECT_EQ(Get<std::int64_t>(found[1][0]), 101);
}

TEST_P(ConnectionTest, NullsRoundTripInEveryColumn) {
  CreateTable();
  const Row nulls = {std::int64_t(1), std::monostate{}, std::monostate{}, std::monostate{},
                     std::monostate{}};
  InsertWithParams(nulls);
  Row copied = nulls;
  copied[0] = std::int64_t(2);
  connection_->InsertRows("t", columns_, {copied});

  const auto rows = connection_->Query("SELECT i, r, s, b FROM t ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  for (const Row& row : rows) {
    for (const Value& value : row) EXPECT_TRUE(std::holds_alternative<std::monostate>(value));
  }
  const auto counted = connection_->Query(
      "SELECT COUNT(*) FROM t WHERE i IS NULL AND r IS NULL AND s IS NULL AND b IS NULL");
  EXPECT_EQ(Get<std::int64_t>(counted.at(0).at(0)), 2);
  // A NULL parameter is SQL NULL: it equals nothing.
  const auto none =
      connection_->Query("SELECT COUNT(*) FROM t WHERE s = $1", {Value(std::monostate{})});
  EXPECT_EQ(Get<std::int64_t>(none.at(0).at(0)), 0);
}

TEST_P(ConnectionTest, APlaceholderMayAppearTwiceAndOutOfOrder) {
  CreateTable();
  connection_->Query("INSERT INTO t (id, i, s) VALUES ($1, $1, $2)",
                     {std::int64_t(7), std::string("seven")});
  const auto rows = connection_->Query("SELECT id, i, s FROM t");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Get<std::int64_t>(rows[0][0]), 7);
  EXPECT_EQ(Get<std::int64_t>(rows[0][1]), 7);
  EXPECT_EQ(Get<std::string>(rows[0][2]), "seven");
  // $2 before $1 in the text: each value goes to its own number.
  const auto found =
      connection_->Query("SELECT COUNT(*) FROM t WHERE s = $2 AND id = $1 AND i = $1",
                         {std::int64_t(7), std::string("seven")});
  EXPECT_EQ(Get<std::int64_t>(found.at(0).at(0)), 1);
}

TEST_P(ConnectionTest, TooFewParametersIsAnError) {
  CreateTable();
  try {
    connection_->Query("SELECT COUNT(*) FROM t WHERE id = $1 AND i = $2", {std::int64_t(1)});
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()).rfind(connection_->Describe() + ": ", 0), 0u)
        << error.what();
  }
}

TEST_P(ConnectionTest, InsertRowsTwentyThousand) {
  CreateTable();
  constexpr std::int64_t kRows = 20000;
  std::vector<Row> rows;
  rows.reserve(kRows);
  for (std::int64_t k = 0; k < kRows; ++k) {
    rows.push_back({k, 3 * k, 0.5 * static_cast<double>(k), "row " + std::to_string(k),
                    Blob{std::string("\0\xff", 2) + std::to_string(k)}});
  }
  connection_->InsertRows("t", columns_, rows);

  const auto summary = connection_->Query("SELECT COUNT(*), SUM(i), SUM(r), MAX(s) FROM t");
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_EQ(Get<std::int64_t>(summary[0][0]), kRows);
  EXPECT_EQ(Get<std::int64_t>(summary[0][1]), 3 * kRows * (kRows - 1) / 2);
  // Multiples of 0.5 below 2^53 sum exactly in any order.
  EXPECT_EQ(Get<double>(summary[0][2]), 0.5 * static_cast<double>(kRows * (kRows - 1) / 2));
  EXPECT_EQ(Get<std::string>(summary[0][3]), "row 9999");
  const auto one = connection_->Query("SELECT b FROM t WHERE id = $1", {std::int64_t(12345)});
  EXPECT_EQ(Get<Blob>(one.at(0).at(0)).bytes, std::string("\0\xff", 2) + "12345");
}

TEST_P(ConnectionTest, InsertRowsWithAWrongLengthRowThrows) {
  CreateTable();
  const std::vector<Row> rows = {
      {std::int64_t(1), std::int64_t(1), 1.0, std::string("a"), Blob{"x"}},
      {std::int64_t(2), std::int64_t(2)},
  };
  EXPECT_THROW(connection_->InsertRows("t", columns_, rows), InputError);
  EXPECT_EQ(Count(), 0);  // nothing of the batch went in
}

TEST_P(ConnectionTest, AFailedInsertRowsInATransactionLeavesNoPartialBatch) {
  CreateTable();
  connection_->BeginWrite();
  InsertWithParams(
      {std::int64_t(1), std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}});
  // The batch's second row repeats the key of its first.
  const std::vector<Row> rows = {
      {std::int64_t(2), std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}},
      {std::int64_t(2), std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}},
  };
  EXPECT_THROW(connection_->InsertRows("t", columns_, rows), InputError);
  if (IsSqlite()) {
    // SQLite's transaction goes on without the failed batch; PostgreSQL's is aborted and
    // can only be rolled back.
    EXPECT_EQ(Count(), 1);
  }
  connection_->Rollback();
  EXPECT_EQ(Count(), 0);
}

TEST_P(ConnectionTest, RollbackDiscardsAndCommitKeeps) {
  CreateTable();
  const Row row = {std::int64_t(1), std::int64_t(1), 1.0, std::string("a"), Blob{"x"}};

  connection_->BeginWrite();
  InsertWithParams(row);
  connection_->InsertRows("t", columns_,
                          {{std::int64_t(2), std::int64_t(2), 2.0, std::string("b"), Blob{"y"}}});
  EXPECT_EQ(Count(), 2);  // the transaction sees its own rows
  connection_->Rollback();
  EXPECT_EQ(Count(), 0);

  connection_->BeginWrite();
  InsertWithParams(row);
  connection_->InsertRows("t", columns_,
                          {{std::int64_t(2), std::int64_t(2), 2.0, std::string("b"), Blob{"y"}}});
  connection_->Commit();
  EXPECT_EQ(Count(), 2);

  // A second connection sees the committed rows.
  auto other = Open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(Get<std::int64_t>(other->Query("SELECT COUNT(*) FROM t").at(0).at(0)), 2);
}

TEST_P(ConnectionTest, RollbackWithoutATransactionDoesNothing) {
  CreateTable();
  EXPECT_NO_THROW(connection_->Rollback());
  InsertWithParams(
      {std::int64_t(1), std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}});
  EXPECT_NO_THROW(connection_->Rollback());
  EXPECT_EQ(Count(), 1);  // outside BeginWrite the insert committed on its own
}

TEST_P(ConnectionTest, AFailedStatementInATransactionCanBeRolledBack) {
  CreateTable();
  const Row row = {std::int64_t(1), std::monostate{}, std::monostate{}, std::monostate{},
                   std::monostate{}};
  connection_->BeginWrite();
  InsertWithParams(row);
  EXPECT_THROW(InsertWithParams(row), InputError);  // duplicate primary key
  connection_->Rollback();
  EXPECT_EQ(Count(), 0);
  InsertWithParams(row);  // the connection is usable again
  EXPECT_EQ(Count(), 1);
}

TEST_P(ConnectionTest, ExecuteScriptRunsSeveralStatements) {
  connection_->ExecuteScript(
      "CREATE TABLE a (x BIGINT);\n"
      "CREATE TABLE b (y TEXT);\n"
      "INSERT INTO a (x) VALUES (1);\n"
      "INSERT INTO a (x) VALUES (2);\n"
      "INSERT INTO b (y) VALUES ('two; statements');\n");
  EXPECT_EQ(Count("a"), 2);
  const auto rows = connection_->Query("SELECT y FROM b");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Get<std::string>(rows[0][0]), "two; statements");
}

TEST_P(ConnectionTest, SqlErrorsStartWithDescribe) {
  for (const std::string& sql :
       {std::string("SELECT * FROM no_such_table"), std::string("THIS IS NOT SQL")}) {
    try {
      connection_->Query(sql);
      FAIL() << "expected an InputError from " << sql;
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.rfind(connection_->Describe() + ": ", 0), 0u) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      if (sql.find("no_such_table") != std::string::npos) {
        EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
      }
    }
  }
  EXPECT_THROW(connection_->ExecuteScript("CREATE TABLE broken ("), InputError);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConnectionTest, ::testing::Values("Sqlite", "Postgresql"),
                         [](const auto& info) { return info.param; });

// Backend-specific behaviour.

std::string MessageOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

TEST(SqliteConnectionTest, ATextFileIsNotADatabase) {
  const auto folder = MakeTempFolder();
  const std::string path = (folder / "notes.db").string();
  std::ofstream(path) << "These are notes, not a SQLite database. They are long enough to have "
                         "a full header's worth of bytes, and then some more text.\n";
  const std::string message = MessageOf([&] { OpenSqlite(path); });
  EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
  EXPECT_NE(message.find("not a database"), std::string::npos) << message;
  EXPECT_NE(message.find("not a SQLite database"), std::string::npos) << message;
  std::filesystem::remove_all(folder);
}

TEST(SqliteConnectionTest, AFolderOrAMissingFolderIsAClearError) {
  const auto folder = MakeTempFolder();
  const std::string folder_message = MessageOf([&] { OpenSqlite(folder.string()); });
  EXPECT_NE(folder_message.find("is a folder"), std::string::npos) << folder_message;
  const std::string missing = (folder / "no" / "such" / "runs.db").string();
  const std::string missing_message = MessageOf([&] { OpenSqlite(missing); });
  EXPECT_EQ(missing_message.rfind(missing + ": ", 0), 0u) << missing_message;
  EXPECT_NE(missing_message.find("does not exist"), std::string::npos) << missing_message;
  std::filesystem::remove_all(folder);
}

TEST(SqliteConnectionTest, CreatesTheFileAndDescribesItsPath) {
  const auto folder = MakeTempFolder();
  const std::string path = (folder / "runs.db").string();
  auto connection = OpenSqlite(path);
  EXPECT_EQ(connection->Describe(), path);
  EXPECT_TRUE(std::filesystem::exists(path));
  // The journal mode is left alone (the store sets WAL on stores only).
  const auto mode = connection->Query("PRAGMA journal_mode");
  EXPECT_EQ(Get<std::string>(mode.at(0).at(0)), "delete");
  const auto keys = connection->Query("PRAGMA foreign_keys");
  EXPECT_EQ(Get<std::int64_t>(keys.at(0).at(0)), 1);
  const auto timeout = connection->Query("PRAGMA busy_timeout");
  EXPECT_EQ(Get<std::int64_t>(timeout.at(0).at(0)), 60000);
  connection.reset();
  std::filesystem::remove_all(folder);
}

// Needs no server: the connection fails, and its message must not show the password.
TEST(PostgresqlConnectionTest, MessagesHideThePassword) {
  const std::string password = "s3cr3t-hunter2";
  const std::string uri =
      "postgresql://parley:" + password + "@127.0.0.1:1/nowhere?connect_timeout=5";
  const std::string message = MessageOf([&] { OpenPostgresql(uri); });
  EXPECT_EQ(message.rfind("postgresql://parley:***@127.0.0.1:1/nowhere", 0), 0u) << message;
  EXPECT_EQ(message.find(password), std::string::npos) << message;

  const std::string query_uri =
      "postgresql://parley@127.0.0.1:1/nowhere?password=" + password + "&connect_timeout=5";
  const std::string query_message = MessageOf([&] { OpenPostgresql(query_uri); });
  EXPECT_NE(query_message.find("password=***"), std::string::npos) << query_message;
  EXPECT_EQ(query_message.find(password), std::string::npos) << query_message;

  const std::string keywords =
      "host=127.0.0.1 port=1 password=" + password + " dbname=nowhere connect_timeout=5";
  const std::string keywords_message = MessageOf([&] { OpenPostgresql(keywords); });
  EXPECT_NE(keywords_message.find("password=***"), std::string::npos) << keywords_message;
  EXPECT_EQ(keywords_message.find(password), std::string::npos) << keywords_message;
}

TEST(PostgresqlConnectionTest, DescribeIsTheUriWithoutAPassword) {
  std::string why_not;
  const auto uri = PostgresqlTestUri(&why_not);
  if (!uri) GTEST_SKIP() << why_not;
  auto connection = OpenPostgresql(*uri);
  EXPECT_EQ(connection->Describe(), *uri);  // the test cluster's URI has no password
}

}  // namespace
}  // namespace parley::store
