// parley report SCENARIO [--model SPEC]... [--runs N] [--seed S] [--threads T]
//   [--sensitivity-model SPEC] [--deals N] -o FILE [--quiet] [--store URI]
// parley report --run ID -o FILE [--store URI]: the report of a stored run, as it was made.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "parley/errors.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "parley/report.h"
#include "progress.h"

namespace parley::cli {

namespace {
struct ReportCliOptions {
  std::string scenario;
  std::string input_format;  // --input-format
  ReportOptions report;
  std::string output;
  bool quiet = false;
  std::string store;
  std::int64_t run = 0;
};

// The models the report shows, run once more for the store's forecasts table (the report
// itself holds them only as HTML); models that cannot run on the scenario are left out, as
// the report leaves them out.
std::vector<Result> ReportResults(const Scenario& scenario, const ReportOptions& options) {
  const Registry& registry = DefaultRegistry();
  const std::vector<std::string> specs =
      options.models.empty() ? registry.DefaultModels(scenario) : options.models;
  std::vector<Result> results;
  for (const std::string& spec : specs) {
    try {
      results.push_back(registry.Create(spec)->Run(scenario));
    } catch (const InputError&) {
    }
  }
  return results;
}
}  // namespace

void AddReportCommand(CLI::App& app, Action& action) {
  auto cli = std::make_shared<ReportCliOptions>();
  CLI::App* command = app.add_subcommand(
      "report",
      "one self-contained HTML report: scenario, forecasts, trajectories, linkage, leverage, "
      "ensemble and sensitivity, with charts; opens offline");
  CLI::Option* scenario = command->add_option("scenario", cli->scenario, "scenario file");
  AddInputFormatOption(*command, cli->input_format);
  command->add_option("-m,--model", cli->report.models,
                      "model spec; repeat for several (default: every model that runs on the "
                      "scenario)");
  command
      ->add_option("-n,--runs", cli->report.runs,
                   "ensemble runs per model for the uncertainty sections (0: leave them out)")
      ->check(CLI::Range(0ULL, 1ULL << 40));
  command->add_option("-s,--seed", cli->report.seed, "seed of the ensemble and sensitivity runs");
  AddThreadsOption(*command, cli->report.threads);
  command->add_option("--sensitivity-model", cli->report.sensitivity_model,
                      "model of the sensitivity analysis (default: the first model)");
  command->add_option("--errors", cli->report.errors,
                      "with --runs: each model's range with its own error as well, fan charts "
                      "and the error model's calibration (deu3, shipped; or a FILE from parley "
                      "validate --fit-errors)");
  command->add_option("--deals", cli->report.max_deals, "deals listed in the linkage section")
      ->check(CLI::Range(0, 1000000));
  command->add_option("-o,--output", cli->output, "the HTML file to write")->required();
  command->add_flag("-q,--quiet", cli->quiet, "no progress bar");
  AddStoreOption(*command, cli->store);
  command
      ->add_option("--run", cli->run,
                   "write the report of a stored run (from --store), byte for byte as it was made")
      ->check(CLI::PositiveNumber)
      ->excludes(scenario);
  command->callback([cli, scenario, &action] {
    if (cli->run == 0 && scenario->count() == 0) {
      throw CLI::RequiredError("a scenario file (or --run ID with --store)");
    }
    action = [cli] {
      if (cli->run > 0) {
        const RunRecord run = OpenStoreOption(cli->store)->Load(cli->run);
        const Document* html = run.FindDocument("report.html");
        if (!html) {
          throw InputError(
              fmt::format("run {} was made by 'parley {}', which keeps no report; 'parley report "
                          "SCENARIO --store URI -o FILE' keeps one",
                          cli->run, run.command));
        }
        WriteOutput(cli->output, html->content);
        return;
      }
      const Scenario scenario = ReadScenarioArgument(cli->scenario, cli->input_format);
      const RunStore store(cli->store);
      ReportOptions options = cli->report;
      ProgressBar bar("report", ReportModelRuns(scenario, options),
                      options.runs > 0 && ProgressBar::Wanted(cli->quiet));
      options.progress = [&bar](std::uint64_t done) { bar.Add(done); };
      const std::string html = BuildReportHtml(scenario, options);
      bar.Finish();
      WriteOutput(cli->output, html);
      if (store) {
        RunRecord record = NewRunRecord("report", scenario);
        record.seed = options.seed;
        record.threads = options.threads;
        record.results = ReportResults(scenario, options);
        for (const Result& result : record.results) record.specs.push_back(result.spec);
        record.documents = {{"report.html", html}};
        store.Save(std::move(record));
      }
    };
  });
}

}  // namespace parley::cli
