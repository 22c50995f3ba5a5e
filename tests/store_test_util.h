// Helpers for the run-store tests: finding the throwaway PostgreSQL cluster that
// tests/postgresql_cluster.sh starts, and emptying its database between tests.
#ifndef PARLEY_TESTS_STORE_TEST_UTIL_H_
#define PARLEY_TESTS_STORE_TEST_UTIL_H_

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "store/connection.h"

namespace parley::testing {

// The first line of `path`, without its line end; nullopt when the file cannot be read.
inline std::optional<std::string> ReadFirstLine(const std::string& path) {
  std::ifstream file(path);
  std::string line;
  if (!file || !std::getline(file, line)) return std::nullopt;
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

// The URI of the test cluster named by the environment variable PARLEY_TEST_POSTGRESQL (the
// folder given to `postgresql_cluster.sh start`), or nullopt with the reason in *why_not.
inline std::optional<std::string> PostgresqlTestUri(std::string* why_not) {
  const char* folder = std::getenv("PARLEY_TEST_POSTGRESQL");
  if (folder == nullptr || *folder == '\0') {
    *why_not =
        "PARLEY_TEST_POSTGRESQL is not set: the PostgreSQL store tests run under ctest's "
        "store_postgresql test, which starts a throwaway cluster";
    return std::nullopt;
  }
  const std::string dir = folder;
  if (auto uri = ReadFirstLine(dir + "/uri"); uri && !uri->empty()) return uri;
  if (auto reason = ReadFirstLine(dir + "/skip"); reason && !reason->empty()) {
    *why_not = *reason;
  } else {
    *why_not = "PARLEY_TEST_POSTGRESQL=" + dir +
               " holds neither uri nor skip: was tests/postgresql_cluster.sh start run on it?";
  }
  return std::nullopt;
}

// Drops every table (and anything else) in the public schema, so a test starts empty.
inline void ResetPostgresqlDatabase(store::Connection& connection) {
  connection.ExecuteScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
}

}  // namespace parley::testing

#endif  // PARLEY_TESTS_STORE_TEST_UTIL_H_
