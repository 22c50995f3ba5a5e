// parley run SCENARIO [--input-format F] [--model SPEC]... [--format table|json|csv] [-o FILE]
//   [--trace] [--details FILE] [--trajectory FILE] [--moves FILE] [--exchanges FILE]
//   [--store URI]
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "parley/io.h"
#include "parley/registry.h"

namespace parley::cli {

namespace {
struct RunOptions {
  std::string scenario;
  std::string input_format;  // --input-format
  std::vector<std::string> models;
  std::string format = "table";
  std::string output;
  bool trace = false;
  std::string details, trajectory, moves, exchanges;
  std::string store;
};
}  // namespace

void AddRunCommand(CLI::App& app, Action& action) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run =
      app.add_subcommand("run", "forecast every issue of a scenario with one or more models");
  run->add_option("scenario", options->scenario,
                  "scenario file (.yaml, .json, BDM .csv, decide, KTAB .csv)")
      ->required();
  AddInputFormatOption(*run, options->input_format);
  run->add_option("-m,--model", options->models,
                  "model spec, e.g. nash(utility=linear); repeat for several (default: every "
                  "model that applies to the scenario, see 'parley models')");
  AddFormatOption(*run, options->format);
  AddOutputOption(*run, options->output);
  run->add_flag("--trace", options->trace,
                "table format: also print every round of iterative models (eum, exchange)");
  run->add_option("--details", options->details, "write per-actor figures as tidy CSV to FILE");
  run->add_option("--trajectory", options->trajectory,
                  "write every actor's position per round as tidy CSV to FILE");
  run->add_option("--moves", options->moves, "write every move (eum) as tidy CSV to FILE");
  run->add_option("--exchanges", options->exchanges,
                  "write every realised exchange (exchange) as tidy CSV to FILE");
  AddStoreOption(*run, options->store);
  run->callback([options, &action] {
    action = [options] {
      const Scenario scenario = ReadScenarioArgument(options->scenario, options->input_format);
      const RunStore store(options->store);
      const Registry& registry = DefaultRegistry();
      std::vector<std::string> specs = options->models;
      if (specs.empty()) specs = registry.DefaultModels(scenario);
      // Parse every spec before running any model, so a typo fails fast.
      std::vector<std::unique_ptr<Model>> models;
      for (const std::string& spec : specs) models.push_back(registry.Create(spec));
      std::vector<Result> results;
      for (const auto& model : models) results.push_back(model->Run(scenario));
      const auto table = [&] {
        std::string text = ResultsToTable(scenario, results);
        if (options->trace) text += TraceToText(scenario, results);
        return text;
      };
      WriteOutput(options->output,
                  Render(options->format, {table, [&] { return ResultsToJson(scenario, results); },
                                           [&] { return ResultsToCsv(scenario, results); }}));
      if (!options->details.empty()) WriteOutput(options->details, DetailsToCsv(results));
      if (!options->trajectory.empty()) {
        WriteOutput(options->trajectory, TrajectoryToCsv(results));
      }
      if (!options->moves.empty()) WriteOutput(options->moves, MovesToCsv(results));
      if (!options->exchanges.empty()) WriteOutput(options->exchanges, ExchangesToCsv(results));
      if (store) {
        RunRecord record = NewRunRecord("run", scenario);
        for (const Result& result : results) record.specs.push_back(result.spec);
        record.results = std::move(results);
        store.Save(std::move(record));
      }
    };
  });
}

}  // namespace parley::cli
