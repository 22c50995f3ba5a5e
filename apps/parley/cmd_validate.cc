// parley validate DATA [--model SPEC]... [--capabilities equal|file|nice|FILE]
//   [--folds K] [--format table|json|csv] [-o FILE] [--predictions FILE]
// Backtests models on a DEU table (issues with known outcomes); see parley/validate.h.
// Without --model: every registered model, the blend refitted by proposal-grouped
// cross-validation (blend-cv), and the naive baselines status-quo and commission.
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "parley/validate.h"

namespace parley::cli {

namespace {
struct ValidateCommandOptions {
  std::string data;
  std::vector<std::string> models;
  std::string capabilities = "equal";
  std::size_t folds = 10;
  std::string procedure = "both";
  std::string format = "table";
  std::string output;
  std::string predictions;
  std::string fit_errors;
  std::string store;
};
}  // namespace

void AddValidateCommand(CLI::App& app, Action& action) {
  auto options = std::make_shared<ValidateCommandOptions>();
  CLI::App* validate = app.add_subcommand(
      "validate", "backtest models on negotiations with known outcomes (DEU table)");
  validate->add_option("data", options->data, "DEU table (tab-separated)")->required();
  validate->add_option("-m,--model", options->models,
                       "model spec, or status-quo, commission, blend-cv (default: all)");
  validate->add_option("--capabilities", options->capabilities,
                       "equal, file (the capability row), nice (Council votes) or a FILE of "
                       "'actor<TAB>capability' lines");
  validate->add_option("--folds", options->folds, "cross-validation folds for blend-cv")
      ->check(CLI::Range(2, 1000));
  validate
      ->add_option("--procedure", options->procedure,
                   "rows per model without the legislative procedure, with it (each issue's "
                   "procedure as its decision rule: Council votes, Commission agenda, "
                   "Parliament veto under co-decision) or both")
      ->check(CLI::IsMember({"both", "with", "without"}));
  AddFormatOption(*validate, options->format);
  AddOutputOption(*validate, options->output);
  validate->add_option("--predictions", options->predictions,
                       "write per-issue forecasts as tidy CSV to FILE");
  validate->add_option("--fit-errors", options->fit_errors,
                       "write every model's error distribution on these data to FILE.json, "
                       "for parley ensemble --errors FILE");
  AddStoreOption(*validate, options->store);
  validate->callback([options, &action] {
    action = [options] {
      const DeuData data = ReadDeuFile(options->data);
      const RunStore store(options->store);
      ValidationOptions analysis;
      analysis.models = options->models;
      analysis.capabilities = options->capabilities;
      analysis.folds = options->folds;
      analysis.procedure = options->procedure;
      const ValidationReport report = Validate(data, analysis);
      WriteOutput(options->output,
                  Render(options->format, {[&] { return ValidationToTable(report); },
                                           [&] { return ValidationToJson(report); },
                                           [&] { return ValidationToCsv(report); }}));
      if (!options->predictions.empty()) {
        WriteOutput(options->predictions, PredictionsToCsv(data, report));
      }
      if (!options->fit_errors.empty()) {
        WriteOutput(options->fit_errors,
                    ErrorModelToJson(FitErrorModel(report, HashFileBytes(options->data))));
      }
      if (store) {
        // The data file stands where a scenario would: its name, path and hash.
        RunRecord record;
        record.command = "validate";
        record.scenario_name = options->data.substr(options->data.find_last_of('/') + 1);
        record.scenario_path = options->data;
        record.scenario_hash = HashFileBytes(options->data);
        for (const ModelValidation& model : report.models) record.specs.push_back(model.spec);
        record.metrics = ValidationMetrics(report);
        record.documents = {{"validate.json", ValidationToJson(report)}};
        store.Save(std::move(record));
      }
    };
  });
}

}  // namespace parley::cli
