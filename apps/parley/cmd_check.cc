// parley check SCENARIO: validation only; prints a one-line summary when the file is valid.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.h"
#include "parley/decision.h"
#include "parley/io.h"

namespace parley::cli {

void AddCheckCommand(CLI::App& app, Action& action) {
  auto path = std::make_shared<std::string>();
  auto input_format = std::make_shared<std::string>();
  CLI::App* check = app.add_subcommand("check", "validate a scenario file (exit 2 if invalid)");
  check->add_option("scenario", *path, "scenario file (.yaml, .json, BDM .csv, decide, KTAB .csv)")
      ->required();
  AddInputFormatOption(*check, *input_format);
  check->callback([path, input_format, &action] {
    action = [path, input_format] {
      const Scenario scenario = ReadScenarioArgument(*path, *input_format);
      std::size_t stances = 0;
      for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
          stances += scenario.stance(a, k) != nullptr;
        }
      }
      std::string decisions;
      for (const Issue& issue : scenario.issues()) {
        if (issue.decision)
          decisions += fmt::format("  {}: {}\n", issue.id, DescribeDecision(issue));
      }
      if (!decisions.empty()) decisions = "decided by:\n" + decisions;
      WriteOutput("", fmt::format("{}: ok: {} actors, {} issues, {} positions, input hash {}\n",
                                  *path, scenario.actor_count(), scenario.issue_count(), stances,
                                  scenario.ContentHash()) +
                          decisions + DerivationsToText(scenario));
    };
  });
}

}  // namespace parley::cli
