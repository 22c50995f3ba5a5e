// parley runs list [--scenario NAME] [--since DATE] [--command C]
// parley runs show ID | diff A B | export ID --format json|csv [--table T] | rm ID
// All take --store URI (default $PARLEY_STORE) and read the run store (parley/store.h).
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"

namespace parley::cli {

namespace {

struct RunsOptions {
  std::string store;
  std::string format = "table";
  std::string output;
  RunFilter filter;
  std::int64_t id = 0, other_id = 0;
  std::string table = "forecasts";
};

CLI::App* AddRunsSubcommand(CLI::App& runs, const std::string& name, const std::string& help,
                            RunsOptions& options) {
  CLI::App* command = runs.add_subcommand(name, help);
  AddStoreOption(*command, options.store);
  return command;
}

void AddRunId(CLI::App& command, const std::string& name, std::int64_t& id,
              const std::string& help) {
  command.add_option(name, id, help)->required()->check(CLI::PositiveNumber);
}

}  // namespace

void AddRunsCommand(CLI::App& app, Action& action) {
  auto options = std::make_shared<RunsOptions>();
  CLI::App* runs = app.add_subcommand(
      "runs", "the run store: list, show, compare, export and remove stored runs (--store)");
  runs->require_subcommand(1);

  CLI::App* list = AddRunsSubcommand(*runs, "list", "the stored runs, oldest first", *options);
  list->add_option("--scenario", options->filter.scenario,
                   "only runs of this scenario (its name, input hash or file path)");
  list->add_option("--since", options->filter.since,
                   "only runs made on or after this UTC date (YYYY-MM-DD or "
                   "YYYY-MM-DDTHH:MM:SSZ)");
  list->add_option("--command", options->filter.command, "only runs of this command (e.g. run)");
  AddFormatOption(*list, options->format);
  AddOutputOption(*list, options->output);
  list->callback([options, &action] {
    action = [options] {
      const auto store = OpenStoreOption(options->store);
      const std::vector<RunSummary> runs = store->List(options->filter);
      WriteOutput(options->output, Render(options->format, {[&] { return RunsToTable(runs); },
                                                            [&] { return RunsToJson(runs); },
                                                            [&] { return RunsToCsv(runs); }}));
    };
  });

  CLI::App* show =
      AddRunsSubcommand(*runs, "show", "one run: settings, scenario and forecasts", *options);
  AddRunId(*show, "id", options->id, "the run's id (parley runs list)");
  show->callback([options, &action] {
    action = [options] {
      const auto store = OpenStoreOption(options->store);
      WriteOutput("", RunToText(store->Load(options->id)));
    };
  });

  CLI::App* diff = AddRunsSubcommand(
      *runs, "diff",
      "what changed from run A to run B: inputs (with their source comments), settings, "
      "forecasts and metrics",
      *options);
  AddRunId(*diff, "a", options->id, "the older run");
  AddRunId(*diff, "b", options->other_id, "the newer run");
  AddFormatOption(*diff, options->format);
  AddOutputOption(*diff, options->output);
  diff->callback([options, &action] {
    action = [options] {
      const auto store = OpenStoreOption(options->store);
      const RunDiff result = store->Diff(options->id, options->other_id);
      WriteOutput(options->output, Render(options->format, {[&] { return RunDiffToText(result); },
                                                            [&] { return RunDiffToJson(result); },
                                                            [&] { return RunDiffToCsv(result); }}));
    };
  });

  CLI::App* exported = AddRunsSubcommand(
      *runs, "export", "everything a run holds, as JSON or as one tidy CSV table", *options);
  AddRunId(*exported, "id", options->id, "the run's id");
  exported->add_option("-f,--format", options->format, "json (everything) or csv (one table)")
      ->check(CLI::IsMember({"json", "csv"}))
      ->required();
  exported
      ->add_option("--table", options->table,
                   "csv: which table (forecasts, trajectory, moves, exchanges, details, metrics)")
      ->check(
          CLI::IsMember({"forecasts", "trajectory", "moves", "exchanges", "details", "metrics"}));
  AddOutputOption(*exported, options->output);
  exported->callback([options, &action] {
    action = [options] {
      const auto store = OpenStoreOption(options->store);
      const RunRecord run = store->Load(options->id);
      WriteOutput(options->output,
                  options->format == "json" ? RunToJson(run) : RunToCsv(run, options->table));
    };
  });

  CLI::App* remove =
      AddRunsSubcommand(*runs, "rm", "remove a run and everything it holds", *options);
  AddRunId(*remove, "id", options->id, "the run's id");
  remove->callback([options, &action] {
    action = [options] {
      const auto store = OpenStoreOption(options->store);
      store->Remove(options->id);
      std::fprintf(stderr, "parley: removed run %lld from %s\n",
                   static_cast<long long>(options->id), store->uri().c_str());
    };
  });
}

}  // namespace parley::cli
