// The parley command line: one file per subcommand, each only glue between CLI11 options
// and the library. A subcommand's Add* function declares its options and returns the
// action to run once parsing succeeded.
#ifndef PARLEY_APPS_COMMANDS_H_
#define PARLEY_APPS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parley/scenario.h"
#include "parley/store.h"

namespace parley::cli {

using Action = std::function<void()>;

void AddRunCommand(CLI::App& app, Action& action);
void AddModelsCommand(CLI::App& app, Action& action);
void AddCheckCommand(CLI::App& app, Action& action);
void AddLinkageCommand(CLI::App& app, Action& action);
void AddLeverageCommand(CLI::App& app, Action& action);
void AddEnsembleCommand(CLI::App& app, Action& action);
void AddSensitivityCommand(CLI::App& app, Action& action);
void AddValidateCommand(CLI::App& app, Action& action);
void AddReportCommand(CLI::App& app, Action& action);
void AddBriefCommand(CLI::App& app, Action& action);
void AddRunsCommand(CLI::App& app, Action& action);
void AddStudioCommand(CLI::App& app, Action& action);

// Writes `text` to `path`, or to standard output when path is empty or "-".
void WriteOutput(const std::string& path, const std::string& text);

// Options several commands share: -f/--format table|json|csv, -o/--output FILE (standard
// output without it) and -t/--threads T (0 = every core).
void AddFormatOption(CLI::App& command, std::string& format);
// The check of an output --format taking `formats`; a scenario format's name (ktab, decide,
// yaml, bdm) is refused pointing to --input-format.
CLI::Validator OutputFormatCheck(std::vector<std::string> formats);
// --input-format yaml|json|csv|bdm|decide|ktab: the scenario file's format, for a file whose
// extension and first line do not settle it (default: detected; see ReadScenarioFile).
void AddInputFormatOption(CLI::App& command, std::string& input_format);
// Reads the scenario file `path` in the format --input-format named (empty: detected).
// Errors of a named format's reader say which format was asked for.
Scenario ReadScenarioArgument(const std::string& path, const std::string& input_format);
void AddOutputOption(CLI::App& command, std::string& output);
void AddThreadsOption(CLI::App& command, int& threads);

// --store URI: keep the run in a run store (parley/store.h); PARLEY_STORE in the
// environment gives the default.
void AddStoreOption(CLI::App& command, std::string& store);
// The command line as typed (main records it), arguments quoted where a shell needs it.
void SetCommandLine(int argc, char** argv);
const std::string& CommandLine();

// The run store a command writes to, opened before the work starts so that a bad store
// fails fast; empty when neither --store nor PARLEY_STORE names one.
class RunStore {
 public:
  explicit RunStore(const std::string& option);
  explicit operator bool() const { return store_ != nullptr; }
  // Saves the run (adding the command line and thread count) and says so on stderr.
  void Save(RunRecord record) const;

 private:
  std::unique_ptr<Store> store_;
};
// The store named by `option`, else PARLEY_STORE; throws InputError naming --store when
// neither is set.
std::unique_ptr<Store> OpenStoreOption(const std::string& option);

// A report in the chosen format ("json", "csv", else the table); only that renderer runs.
struct Renderers {
  std::function<std::string()> table, json, csv;
};
std::string Render(const std::string& format, const Renderers& renderers);

}  // namespace parley::cli

#endif  // PARLEY_APPS_COMMANDS_H_
