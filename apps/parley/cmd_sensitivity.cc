// parley sensitivity SCENARIO --model SPEC [--runs N] [--seed S] [--threads T]
//   [--bootstrap R] [--format table|json|csv] [-o FILE] [--quiet]
#include <memory>
#include <string>

#include "commands.h"
#include "parley/ensemble.h"
#include "parley/io.h"
#include "progress.h"

namespace parley::cli {

namespace {
struct SensitivityCliOptions {
  std::string scenario;
  std::string input_format;  // --input-format
  std::string model;
  SensitivityOptions options;
  std::string format = "table";
  std::string output;
  std::string store;
  bool quiet = false;
};
}  // namespace

void AddSensitivityCommand(CLI::App& app, Action& action) {
  auto cli = std::make_shared<SensitivityCliOptions>();
  CLI::App* command = app.add_subcommand(
      "sensitivity",
      "which uncertain inputs move each outcome: tornado and Sobol indices (Saltelli/Jansen)");
  command->add_option("scenario", cli->scenario, "scenario file")->required();
  AddInputFormatOption(*command, cli->input_format);
  command->add_option("-m,--model", cli->model, "model spec")->required();
  command
      ->add_option("-n,--runs", cli->options.runs,
                   "rows N of the Saltelli design (N (k + 2) model runs for k inputs)")
      ->check(CLI::Range(2ULL, 1ULL << 32));
  command->add_option("-s,--seed", cli->options.seed, "seed");
  AddThreadsOption(*command, cli->options.threads);
  command
      ->add_option("--bootstrap", cli->options.bootstrap,
                   "bootstrap resamples for the standard errors")
      ->check(CLI::Range(0, 100000));
  AddFormatOption(*command, cli->format);
  AddOutputOption(*command, cli->output);
  command->add_flag("-q,--quiet", cli->quiet, "no progress bar");
  AddStoreOption(*command, cli->store);
  command->callback([cli, &action] {
    action = [cli] {
      const Scenario scenario = ReadScenarioArgument(cli->scenario, cli->input_format);
      const RunStore store(cli->store);
      SensitivityOptions options = cli->options;
      const std::uint64_t total = options.runs * (scenario.uncertain_inputs().size() + 2);
      ProgressBar bar("sensitivity", total, ProgressBar::Wanted(cli->quiet));
      options.progress = [&bar](std::uint64_t done) { bar.Add(done); };
      const SensitivityResult result = RunSensitivity(scenario, cli->model, options);
      bar.Finish();
      WriteOutput(cli->output, Render(cli->format, {[&] { return SensitivityToTable(result); },
                                                    [&] { return SensitivityToJson(result); },
                                                    [&] { return SensitivityToCsv(result); }}));
      if (store) {
        RunRecord record = NewRunRecord("sensitivity", scenario);
        record.seed = options.seed;
        record.threads = options.threads;
        record.specs = {result.spec};
        record.metrics = SensitivityMetrics(result);
        record.documents = {{"sensitivity.json", SensitivityToJson(result)}};
        store.Save(std::move(record));
      }
    };
  });
}

}  // namespace parley::cli
