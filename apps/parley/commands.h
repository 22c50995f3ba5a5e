// The parley command line: one file per subcommand, each only glue between CLI11 options
// and the library. A subcommand's Add* function declares its options and returns the
// action to run once parsing succeeded.
#ifndef PARLEY_APPS_COMMANDS_H_
#define PARLEY_APPS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

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

// Writes `text` to `path`, or to standard output when path is empty or "-".
void WriteOutput(const std::string& path, const std::string& text);

}  // namespace parley::cli

#endif  // PARLEY_APPS_COMMANDS_H_
