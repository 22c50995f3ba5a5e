// --store URI and PARLEY_STORE: where the commands keep their runs (parley/store.h).
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "commands.h"
#include "parley/errors.h"

namespace parley::cli {

namespace {

std::string& CommandLineText() {
  static std::string text;
  return text;
}

// An argument as a POSIX shell reads it back: bare when it is safe, else single-quoted.
std::string ShellQuoted(const std::string& argument) {
  if (!argument.empty() &&
      argument.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                 "@%+=:,./-_") == std::string::npos) {
    return argument;
  }
  std::string quoted = "'";
  for (const char c : argument) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string StoreFromEnvironment(const std::string& option) {
  if (!option.empty()) return option;
  const char* variable = std::getenv("PARLEY_STORE");
  return variable ? variable : "";
}

// Opens the store and says on stderr when opening it migrated an older schema.
std::unique_ptr<Store> OpenAndReport(const std::string& uri) {
  std::unique_ptr<Store> store = Store::Open(uri);
  if (store->migrated_from()) {
    std::fprintf(stderr, "parley: migrated the run store %s from schema version %d to %d\n",
                 store->uri().c_str(), *store->migrated_from(), store->schema_version());
  }
  return store;
}

}  // namespace

void SetCommandLine(int argc, char** argv) {
  std::string text = "parley";
  for (int a = 1; a < argc; ++a) text += " " + ShellQuoted(argv[a]);
  CommandLineText() = text;
}

const std::string& CommandLine() { return CommandLineText(); }

void AddStoreOption(CLI::App& command, std::string& store) {
  command.add_option("--store", store,
                     "keep this run in a run store: a SQLite file (created when absent) or a "
                     "postgresql:// URI (default: $PARLEY_STORE); see 'parley runs'");
}

RunStore::RunStore(const std::string& option) {
  const std::string uri = StoreFromEnvironment(option);
  if (!uri.empty()) store_ = OpenAndReport(uri);
}

void RunStore::Save(RunRecord record) const {
  if (!store_) return;
  record.command_line = CommandLine();
  const std::int64_t id = store_->Save(record);
  std::fprintf(stderr, "parley: stored as run %lld in %s\n", static_cast<long long>(id),
               store_->uri().c_str());
}

std::unique_ptr<Store> OpenStoreOption(const std::string& option) {
  const std::string uri = StoreFromEnvironment(option);
  if (uri.empty()) {
    throw InputError({}, "--store",
                     "no run store given; pass --store FILE (or a postgresql:// URI), or set "
                     "PARLEY_STORE");
  }
  return OpenAndReport(uri);
}

}  // namespace parley::cli
