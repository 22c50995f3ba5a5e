// Writers of stored runs: the list (parley runs list), one run for people (runs show) and
// everything a run holds for programs (runs export).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "io/format.h"
#include "parley/errors.h"
#include "parley/io.h"
#include "parley/store.h"

namespace parley {

namespace {

using internal::CsvField;
using internal::CsvNumber;
using nlohmann::ordered_json;

std::string JoinModels(const std::vector<std::string>& specs) {
  std::string names;
  for (const std::string& spec : specs) {
    names += (names.empty() ? "" : ",") + spec.substr(0, spec.find('('));
  }
  return names;
}

std::string SeedText(const std::optional<std::uint64_t>& seed) {
  return seed ? std::to_string(*seed) : "";
}

ordered_json SummaryJson(const RunSummary& run) {
  return {{"id", run.id},
          {"created_at", run.created_at},
          {"command", run.command},
          {"scenario", run.scenario_name},
          {"input_hash", run.scenario_hash},
          {"parley_version", run.parley_version},
          {"seed", run.seed ? ordered_json(*run.seed) : ordered_json()},
          {"models", run.specs}};
}

}  // namespace

std::string RunsToTable(const std::vector<RunSummary>& runs) {
  if (runs.empty()) return "no runs stored (or none match)\n";
  std::size_t scenario_width = 8, command_width = 7;
  for (const RunSummary& run : runs) {
    scenario_width = std::max(scenario_width, std::min<std::size_t>(run.scenario_name.size(), 40));
    command_width = std::max(command_width, run.command.size());
  }
  std::string text =
      fmt::format("{:>5}  {:<20}  {:<{}}  {:<{}}  {:<16}  {}\n", "id", "created (UTC)", "command",
                  command_width, "scenario", scenario_width, "input hash", "models");
  for (const RunSummary& run : runs) {
    std::string scenario = run.scenario_name;
    if (scenario.size() > 40) scenario = scenario.substr(0, 37) + "...";
    text += fmt::format("{:>5}  {:<20}  {:<{}}  {:<{}}  {:<16}  {}\n", run.id, run.created_at,
                        run.command, command_width, scenario, scenario_width, run.scenario_hash,
                        JoinModels(run.specs));
  }
  return text;
}

std::string RunsToJson(const std::vector<RunSummary>& runs) {
  ordered_json json = ordered_json::array();
  for (const RunSummary& run : runs) json.push_back(SummaryJson(run));
  return internal::Dump(json);
}

std::string RunsToCsv(const std::vector<RunSummary>& runs) {
  std::string csv = "id,created_at,command,scenario,input_hash,parley_version,seed,models\n";
  for (const RunSummary& run : runs) {
    std::string specs;
    for (const std::string& spec : run.specs) specs += (specs.empty() ? "" : " ") + spec;
    csv += fmt::format("{},{},{},{},{},{},{},{}\n", run.id, run.created_at, CsvField(run.command),
                       CsvField(run.scenario_name), run.scenario_hash, run.parley_version,
                       SeedText(run.seed), CsvField(specs));
  }
  return csv;
}

std::string RunToText(const RunRecord& run) {
  std::string text =
      fmt::format("run {}: parley {} at {} (UTC)\n", run.id, run.command, run.created_at);
  text += fmt::format("  command line: {}\n", run.command_line);
  text += fmt::format("  parley version: {}\n", run.parley_version);
  text += fmt::format("  scenario: {} (input hash {})\n", run.scenario_name, run.scenario_hash);
  if (!run.scenario_path.empty()) {
    text += fmt::format("  read from: {}{}\n", run.scenario_path,
                        run.scenario_source.empty() ? "" : " (its text is stored)");
  }
  if (run.seed) text += fmt::format("  seed: {}\n", *run.seed);
  text += fmt::format("  threads: {}\n",
                      run.threads == 0 ? std::string("all cores") : std::to_string(run.threads));
  for (const std::string& spec : run.specs) text += fmt::format("  model: {}\n", spec);
  if (!run.results.empty()) {
    text += "\nforecasts:\n";
    std::size_t issue_width = 5;
    for (const IssueForecast& forecast : run.results.front().forecasts) {
      issue_width = std::max(issue_width, forecast.issue_id.size());
    }
    for (const Result& result : run.results) {
      text += fmt::format("  {}\n", result.spec);
      for (const IssueForecast& forecast : result.forecasts) {
        text +=
            fmt::format("    {:<{}}  {:8.2f}", forecast.issue_id, issue_width, forecast.position);
        if (forecast.bargained) {
          text += fmt::format("  (bargained {:.2f}; {})", *forecast.bargained, forecast.rule);
        }
        text += "\n";
      }
    }
    std::size_t rounds = 0, moves = 0, exchanges = 0, details = 0;
    for (const Result& result : run.results) {
      rounds += result.trajectory.size();
      moves += result.moves.size();
      exchanges += result.exchanges.size();
      details += result.details.size();
    }
    text += fmt::format(
        "\nalso stored: {} trajectory rows, {} moves, {} exchanges, {} details "
        "('parley runs export {} --format csv --table trajectory' and so on)\n",
        rounds, moves, exchanges, details, run.id);
  }
  if (!run.metrics.empty()) {
    text += fmt::format("metrics: {} ('--table metrics')\n", run.metrics.size());
  }
  for (const Document& document : run.documents) {
    text += fmt::format("document: {} ({} bytes)\n", document.name, document.content.size());
  }
  return text;
}

std::string RunToJson(const RunRecord& run) {
  ordered_json json;
  json["run"] = {{"id", run.id},
                 {"created_at", run.created_at},
                 {"command", run.command},
                 {"command_line", run.command_line},
                 {"parley_version", run.parley_version},
                 {"seed", run.seed ? ordered_json(*run.seed) : ordered_json()},
                 {"threads", run.threads},
                 {"models", run.specs}};
  json["scenario"] = {
      {"name", run.scenario_name}, {"input_hash", run.scenario_hash}, {"path", run.scenario_path}};
  if (!run.scenario_json.empty()) {
    json["scenario"]["document"] = ordered_json::parse(run.scenario_json, nullptr, false);
  }
  json["scenario"]["source_text"] = run.scenario_source;
  json["results"] = ordered_json::array();
  for (const Result& result : run.results) json["results"].push_back(internal::ResultJson(result));
  json["metrics"] = ordered_json::array();
  for (const Metric& metric : run.metrics) {
    json["metrics"].push_back({{"kind", metric.kind},
                               {"model", metric.model},
                               {"issue", metric.issue_id},
                               {"subject", metric.subject},
                               {"name", metric.name},
                               {"value", metric.value}});
  }
  json["documents"] = ordered_json::object();
  for (const Document& document : run.documents)
    json["documents"][document.name] = document.content;
  return internal::Dump(json);
}

std::string RunToCsv(const RunRecord& run, const std::string& table) {
  if (table == "forecasts" || table.empty()) {
    std::string csv = "run,model,spec,issue,forecast,bargained,rule\n";
    for (const Result& result : run.results) {
      for (const IssueForecast& forecast : result.forecasts) {
        csv += fmt::format(
            "{},{},{},{},{},{},{}\n", run.id, CsvField(result.model), CsvField(result.spec),
            CsvField(forecast.issue_id), CsvNumber(forecast.position),
            forecast.bargained ? CsvNumber(*forecast.bargained) : "", CsvField(forecast.rule));
      }
    }
    return csv;
  }
  if (table == "trajectory") return TrajectoryToCsv(run.results);
  if (table == "moves") return MovesToCsv(run.results);
  if (table == "exchanges") return ExchangesToCsv(run.results);
  if (table == "details") return DetailsToCsv(run.results);
  if (table == "metrics") {
    std::string csv = "run,kind,model,issue,subject,name,value\n";
    for (const Metric& metric : run.metrics) {
      csv += fmt::format("{},{},{},{},{},{},{}\n", run.id, CsvField(metric.kind),
                         CsvField(metric.model), CsvField(metric.issue_id),
                         CsvField(metric.subject), CsvField(metric.name), CsvNumber(metric.value));
    }
    return csv;
  }
  throw InputError({}, "--table",
                   fmt::format("'{}' is not a table of a run; expected forecasts, trajectory, "
                               "moves, exchanges, details or metrics",
                               table));
}

}  // namespace parley
