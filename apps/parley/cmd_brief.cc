// parley brief SCENARIO [--runs N] [--seed S] [--threads T] [--sensitivity-model SPEC]
//   [--format table|markdown|json] [-o FILE]
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "parley/brief.h"
#include "parley/io.h"

namespace parley::cli {

namespace {
struct BriefCliOptions {
  std::string scenario;
  std::string input_format;  // --input-format
  BriefOptions options;
  std::string format = "table";
  std::string output;
  std::string store;
};

// The default models' forecasts the brief shows, as Results (one per model) for the store.
std::vector<Result> BriefResults(const Brief& brief) {
  std::vector<Result> results;
  for (const std::string& spec : brief.models) {
    Result result;
    result.model = spec.substr(0, spec.find('('));
    result.spec = spec;
    result.input_hash = brief.input_hash;
    for (const IssueBrief& issue : brief.issues) {
      for (const ModelForecast& forecast : issue.models) {
        if (forecast.model != result.model) continue;
        result.forecasts.push_back(
            {issue.issue_id, forecast.position, forecast.rule, forecast.bargained});
      }
    }
    results.push_back(std::move(result));
  }
  return results;
}
}  // namespace

void AddBriefCommand(CLI::App& app, Action& action) {
  auto cli = std::make_shared<BriefCliOptions>();
  CLI::App* command = app.add_subcommand(
      "brief",
      "one page of findings: forecasts and who decides, linkage, agenda, what it hinges on");
  command->add_option("scenario", cli->scenario, "scenario file")->required();
  AddInputFormatOption(*command, cli->input_format);
  command
      ->add_option("-n,--runs", cli->options.runs,
                   "ensemble runs for the p5-p95 ranges (0 = none; default 1000)")
      ->check(CLI::Range(0ULL, 1ULL << 32));
  command->add_option("-s,--seed", cli->options.seed, "seed of the ensemble and sensitivity");
  command->add_option("--sensitivity-model", cli->options.sensitivity_model,
                      "model spec the tornado runs (default: compromise)");
  AddThreadsOption(*command, cli->options.threads);
  command->add_option("--errors", cli->options.errors,
                      "also show each issue's range with the ensemble model's own error (deu3: "
                      "fitted on EU legislation, shipped; or a FILE from parley validate "
                      "--fit-errors)");
  // Not AddFormatOption: the brief is prose, so markdown replaces csv.
  command->add_option("-f,--format", cli->format, "output format")
      ->check(OutputFormatCheck({"table", "markdown", "json"}));
  AddOutputOption(*command, cli->output);
  AddStoreOption(*command, cli->store);
  command->callback([cli, &action] {
    action = [cli] {
      const Scenario scenario = ReadScenarioArgument(cli->scenario, cli->input_format);
      const RunStore store(cli->store);
      const Brief brief = MakeBrief(scenario, cli->options);
      std::string text;
      if (cli->format == "json") {
        text = BriefToJson(brief);
      } else if (cli->format == "markdown") {
        text = BriefToMarkdown(brief);
      } else {
        text = BriefToText(brief);
      }
      WriteOutput(cli->output, text);
      if (store) {
        RunRecord record = NewRunRecord("brief", scenario);
        record.seed = cli->options.seed;
        record.threads = cli->options.threads;
        record.specs = brief.models;
        record.results = BriefResults(brief);
        record.metrics = BriefMetrics(brief);
        record.documents = {{"brief.txt", BriefToText(brief)}, {"brief.json", BriefToJson(brief)}};
        store.Save(std::move(record));
      }
    };
  });
}

}  // namespace parley::cli
