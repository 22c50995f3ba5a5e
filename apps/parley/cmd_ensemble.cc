// parley ensemble SCENARIO --model SPEC [--model SPEC]... --runs N --seed S [--threads T]
//   [--threshold ISSUE>=X]... [--format table|json|csv] [-o FILE] [--quiet]
//
// Under MPI (built with PARLEY_MPI and started by mpirun), rank r of K runs the
// contiguous blocks [r nb / K, (r + 1) nb / K) of the nb blocks, rank 0 gathers the
// serialised partials and merges them in block order (the same merge as one process), and
// only rank 0 writes. MPI itself is in the plug-in parley-mpi.so (mpi_world.h).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "parley/ensemble.h"
#include "parley/error_model.h"
#include "parley/errors.h"
#include "parley/io.h"
#include "progress.h"

#ifdef PARLEY_MPI
#include "mpi_world.h"
#endif

namespace parley::cli {

namespace {

struct EnsembleCliOptions {
  std::string scenario;
  std::string input_format;  // --input-format
  std::vector<std::string> models;
  std::uint64_t runs = 1000;
  std::uint64_t seed = 1;
  int threads = 0;
  std::vector<std::string> thresholds;
  std::string format = "table";
  std::string output;
  bool quiet = false;
  std::string errors;  // an error model: "deu3" or a file from parley validate --fit-errors
  std::string store;
};

// The ensemble, and with an error model the second range per issue (parley/error_model.h).
std::string RenderEnsemble(const Scenario& scenario, const EnsembleResult& result,
                           const EnsembleCliOptions& cli,
                           const std::optional<ErrorModel>& error_model) {
  if (!error_model) {
    return Render(cli.format,
                  {[&] { return EnsembleToTable(result); }, [&] { return EnsembleToJson(result); },
                   [&] { return EnsembleToCsv(result); }});
  }
  const ErrorModel& errors = *error_model;
  const std::vector<ModelErrorRanges> ranges = ApplyErrorModel(scenario, result, errors);
  return Render(cli.format,
                {[&] { return EnsembleToTable(result) + ErrorRangesToTable(errors, ranges); },
                 [&] { return EnsembleWithErrorsToJson(result, errors, ranges); },
                 [&] { return EnsembleWithErrorsToCsv(result, ranges); }});
}

// Writes the output and, with a store, keeps the run (only rank 0 gets here under MPI).
void Finish(const Scenario& scenario, const EnsembleResult& result, const EnsembleCliOptions& cli,
            const EnsembleOptions& options, const std::optional<ErrorModel>& error_model,
            const RunStore& store) {
  WriteOutput(cli.output, RenderEnsemble(scenario, result, cli, error_model));
  if (!store) return;
  RunRecord record = NewRunRecord("ensemble", scenario);
  record.seed = options.seed;
  record.threads = options.threads;
  for (const ModelSummary& model : result.models) record.specs.push_back(model.spec);
  record.metrics = EnsembleMetrics(result);
  EnsembleCliOptions as_json = cli;
  as_json.format = "json";
  record.documents = {{"ensemble.json", RenderEnsemble(scenario, result, as_json, error_model)}};
  store.Save(std::move(record));
}

#ifdef PARLEY_MPI
void RunDistributed(const Scenario& scenario, const EnsembleCliOptions& cli,
                    EnsembleOptions& options, const std::optional<ErrorModel>& error_model) {
  const std::unique_ptr<MpiWorld> world = OpenMpiWorld();
  const int rank = world->rank(), size = world->size();
  // Only rank 0 opens and writes the run store; the others learn whether it opened, so that
  // a bad store stops every rank before the runs rather than leaving them waiting.
  std::optional<RunStore> store;
  std::string store_error;
  if (rank == 0) {
    try {
      store.emplace(cli.store);
    } catch (const InputError& error) {
      store_error = error.what();
    }
  }
  if (!world->Broadcast(store_error.empty() ? 1 : 0)) {
    if (rank == 0) throw InputError(store_error);
    return;
  }
  const std::uint64_t block_runs = EnsembleBlockRuns(options.runs);
  const std::uint64_t blocks = (options.runs + block_runs - 1) / block_runs;
  const std::uint64_t begin = blocks * rank / size, end = blocks * (rank + 1) / size;
  const std::uint64_t my_runs =
      std::min(options.runs, end * block_runs) - std::min(options.runs, begin * block_runs);
  ProgressBar bar(fmt::format("ensemble (rank 0 of {})", size), my_runs,
                  rank == 0 && ProgressBar::Wanted(cli.quiet));
  options.progress = [&bar](std::uint64_t done) { bar.Add(done); };
  const std::string bytes =
      RunEnsembleBlocks(scenario, cli.models, options, begin, end).Serialize();
  bar.Finish();
  const std::vector<std::string> all = world->Gather(bytes);
  if (rank != 0) return;
  std::vector<EnsemblePartial> partials;
  for (const std::string& part : all) partials.push_back(EnsemblePartial::Deserialize(part));
  const EnsembleResult result = FinishEnsemble(scenario, cli.models, options, std::move(partials));
  Finish(scenario, result, cli, options, error_model, *store);
}
#endif

}  // namespace

void AddEnsembleCommand(CLI::App& app, Action& action) {
  auto cli = std::make_shared<EnsembleCliOptions>();
  CLI::App* command = app.add_subcommand(
      "ensemble",
      "Monte Carlo ensemble over the scenario's uncertain inputs (docs/scenario-format.md)");
  command->add_option("scenario", cli->scenario, "scenario file")->required();
  AddInputFormatOption(*command, cli->input_format);
  command->add_option("-m,--model", cli->models, "model spec; repeat for several")->required();
  command->add_option("-n,--runs", cli->runs, "number of runs")
      ->check(CLI::Range(1ULL, 1ULL << 40));
  command->add_option("-s,--seed", cli->seed, "seed: run r draws from pcg32(seed, r)");
  AddThreadsOption(*command, cli->threads);
  command->add_option("--threshold", cli->thresholds,
                      "probability that an outcome passes a value, e.g. nk-pressure>=60 (also >, "
                      "<=, <); repeatable");
  AddFormatOption(*command, cli->format);
  AddOutputOption(*command, cli->output);
  command->add_flag("-q,--quiet", cli->quiet, "no progress bar");
  AddStoreOption(*command, cli->store);
  command->add_option("--errors", cli->errors,
                      "add each model's own error (deu3: fitted on EU legislation, shipped; or "
                      "a FILE from parley validate --fit-errors) and show both ranges");
  command->callback([cli, &action] {
    action = [cli] {
      const Scenario scenario = ReadScenarioArgument(cli->scenario, cli->input_format);
      std::optional<ErrorModel> error_model;  // loaded first: a bad file fails before the runs
      if (!cli->errors.empty()) error_model = LoadErrorModel(cli->errors);
      EnsembleOptions options;
      options.runs = cli->runs;
      options.seed = cli->seed;
      options.threads = cli->threads;
      for (const std::string& text : cli->thresholds) {
        options.thresholds.push_back(ParseThreshold(text, scenario));
      }
#ifdef PARLEY_MPI
      if (LaunchedByMpi()) {
        RunDistributed(scenario, *cli, options, error_model);
        return;
      }
#endif
      const RunStore store(cli->store);
      ProgressBar bar("ensemble", options.runs, ProgressBar::Wanted(cli->quiet));
      options.progress = [&bar](std::uint64_t done) { bar.Add(done); };
      const EnsembleResult result = RunEnsemble(scenario, cli->models, options);
      bar.Finish();
      Finish(scenario, result, *cli, options, error_model, store);
    };
  });
}

}  // namespace parley::cli
