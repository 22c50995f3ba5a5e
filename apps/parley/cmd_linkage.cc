// parley linkage SCENARIO [--utility linear|quadratic] [--add-issue ID|FILE:ID]...
//   [--drop-issue ID]... [--add-actor ID|FILE:ID]... [--drop-actor ID]...
//   [--deals N] [--format table|json|csv] [-o FILE]
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "parley/io.h"
#include "parley/linkage.h"

namespace parley::cli {

namespace {
struct LinkageCommandOptions {
  std::string scenario;
  std::string input_format;  // --input-format
  std::string utility = "quadratic";
  std::vector<std::string> add_issues, drop_issues, add_actors, drop_actors;
  std::size_t deals = 10;
  std::string format = "table";
  std::string output;
  std::string store;
};
}  // namespace

void AddLinkageCommand(CLI::App& app, Action& action) {
  auto options = std::make_shared<LinkageCommandOptions>();
  CLI::App* linkage = app.add_subcommand(
      "linkage", "does linking issues pay, for whom; deals; agenda changes; enforcement");
  linkage->add_option("scenario", options->scenario, "scenario file")->required();
  AddInputFormatOption(*linkage, options->input_format);
  linkage->add_option("--utility", options->utility, "actor utility shape")
      ->check(CLI::IsMember({"linear", "quadratic"}));
  linkage->add_option("--add-issue", options->add_issues,
                      "issue to add: ID (in the scenario: compared without it) or FILE:ID");
  linkage->add_option("--drop-issue", options->drop_issues, "issue to drop: ID");
  linkage->add_option("--add-actor", options->add_actors,
                      "actor to add: ID (in the scenario: compared without it) or FILE:ID");
  linkage->add_option("--drop-actor", options->drop_actors, "actor to drop: ID");
  linkage->add_option("--deals", options->deals, "deals shown in the table (all in json/csv)")
      ->check(CLI::Range(0, 1000000));
  AddFormatOption(*linkage, options->format);
  AddOutputOption(*linkage, options->output);
  AddStoreOption(*linkage, options->store);
  linkage->callback([options, &action] {
    action = [options] {
      const Scenario scenario = ReadScenarioArgument(options->scenario, options->input_format);
      const RunStore store(options->store);
      LinkageOptions analysis;
      analysis.utility = ParseUtilityShape(options->utility);
      for (const auto& [kind, list] :
           {std::pair{AgendaEdit::Kind::kAddIssue, &options->add_issues},
            std::pair{AgendaEdit::Kind::kDropIssue, &options->drop_issues},
            std::pair{AgendaEdit::Kind::kAddActor, &options->add_actors},
            std::pair{AgendaEdit::Kind::kDropActor, &options->drop_actors}}) {
        for (const std::string& text : *list) analysis.edits.push_back(ParseAgendaEdit(kind, text));
      }
      const LinkageReport report = AnalyzeLinkage(scenario, analysis);
      WriteOutput(options->output,
                  Render(options->format, {[&] { return LinkageToTable(report, options->deals); },
                                           [&] { return LinkageToJson(report); },
                                           [&] { return LinkageToCsv(report); }}));
      if (store) {
        RunRecord record = NewRunRecord("linkage", scenario);
        for (const LinkageComparison& comparison : report.comparisons) {
          record.specs.push_back(comparison.linked_spec);
        }
        record.metrics = LinkageMetrics(report);
        record.documents = {{"linkage.json", LinkageToJson(report)}};
        store.Save(std::move(record));
      }
    };
  });
}

}  // namespace parley::cli
