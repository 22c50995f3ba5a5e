// parley report SCENARIO [--model SPEC]... [--runs N] [--seed S] [--threads T]
//   [--sensitivity-model SPEC] [--deals N] -o FILE [--quiet]
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "parley/io.h"
#include "parley/report.h"
#include "progress.h"

namespace parley::cli {

namespace {
struct ReportCliOptions {
  std::string scenario;
  ReportOptions report;
  std::string output;
  bool quiet = false;
};
}  // namespace

void AddReportCommand(CLI::App& app, Action& action) {
  auto cli = std::make_shared<ReportCliOptions>();
  CLI::App* command = app.add_subcommand(
      "report",
      "one self-contained HTML report: scenario, forecasts, trajectories, linkage, leverage, "
      "ensemble and sensitivity, with charts; opens offline");
  command->add_option("scenario", cli->scenario, "scenario file")->required();
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
  command->callback([cli, &action] {
    action = [cli] {
      const Scenario scenario = ReadScenarioFile(cli->scenario);
      ReportOptions options = cli->report;
      ProgressBar bar("report", ReportModelRuns(scenario, options),
                      options.runs > 0 && ProgressBar::Wanted(cli->quiet));
      options.progress = [&bar](std::uint64_t done) { bar.Add(done); };
      const std::string html = BuildReportHtml(scenario, options);
      bar.Finish();
      WriteOutput(cli->output, html);
    };
  });
}

}  // namespace parley::cli
