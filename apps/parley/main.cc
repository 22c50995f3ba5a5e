// parley: forecasts of multi-party, multi-issue negotiations.
// Exit status: 0 success, 2 bad input or usage, 1 internal error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iterator>
#include <string_view>

#include "commands.h"
#include "parley/errors.h"
#include "parley/version.h"

int main(int argc, char** argv) {
  CLI::App app{"parley: forecasts how multi-party, multi-issue negotiations end"};
  app.set_version_flag("--version", parley::kVersion);
  app.require_subcommand(1);
  parley::cli::Action action;
  // Every command's options are built before parsing; when the first argument names a
  // command, only that one is (the same parse and help for it, and about 10% less start-up
  // on a small `parley run`: bench/startup_bench.cc). Anything else (--help, --version, a
  // typo) gets them all, so that help lists every command.
  using Adder = void (*)(CLI::App&, parley::cli::Action&);
  static constexpr struct {
    std::string_view name;
    Adder add;
  } kCommands[] = {
      {"run", parley::cli::AddRunCommand},
      {"models", parley::cli::AddModelsCommand},
      {"check", parley::cli::AddCheckCommand},
      {"linkage", parley::cli::AddLinkageCommand},
      {"leverage", parley::cli::AddLeverageCommand},
      {"ensemble", parley::cli::AddEnsembleCommand},
      {"sensitivity", parley::cli::AddSensitivityCommand},
      {"validate", parley::cli::AddValidateCommand},
      {"report", parley::cli::AddReportCommand},
      {"brief", parley::cli::AddBriefCommand},
      {"runs", parley::cli::AddRunsCommand},
      {"studio", parley::cli::AddStudioCommand},
  };
  const std::string_view first = argc > 1 ? argv[1] : "";
  const auto named = std::find_if(std::begin(kCommands), std::end(kCommands),
                                  [&](const auto& command) { return command.name == first; });
  if (named != std::end(kCommands)) {
    named->add(app, action);
  } else {
    for (const auto& command : kCommands) command.add(app, action);
  }
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
