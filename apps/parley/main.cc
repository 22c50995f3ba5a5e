// parley: forecasts of multi-party, multi-issue negotiations.
// Exit status: 0 success, 2 bad input or usage, 1 internal error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "commands.h"
#include "parley/errors.h"
#include "parley/version.h"

int main(int argc, char** argv) {
  CLI::App app{"parley: forecasts how multi-party, multi-issue negotiations end"};
  app.set_version_flag("--version", parley::kVersion);
  app.require_subcommand(1);
  parley::cli::Action action;
  parley::cli::AddRunCommand(app, action);
  parley::cli::AddModelsCommand(app, action);
  parley::cli::AddCheckCommand(app, action);
  parley::cli::AddLinkageCommand(app, action);
  parley::cli::AddLeverageCommand(app, action);
  parley::cli::AddEnsembleCommand(app, action);
  parley::cli::AddSensitivityCommand(app, action);
  parley::cli::AddValidateCommand(app, action);
  parley::cli::AddReportCommand(app, action);
  parley::cli::AddBriefCommand(app, action);
  parley::cli::AddRunsCommand(app, action);
  parley::cli::AddStudioCommand(app, action);
  parley::cli::SetCommandLine(argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);  // --help, --version
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return 2;
  }
  try {
    action();
  } catch (const parley::InputError& error) {
    std::fprintf(stderr, "parley: error: %s\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "parley: internal error (please report): %s\n", error.what());
    return 1;
  }
  return 0;
}
