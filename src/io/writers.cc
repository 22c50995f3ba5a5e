// Writers for model results: JSON (everything, nested), tidy CSV (one row per issue and
// model; details one row per figure) and a fixed-width table for the terminal.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "io/format.h"
#include "parley/decision.h"
#include "parley/io.h"
#include "parley/version.h"

namespace parley {

namespace internal {

using nlohmann::ordered_json;

// RFC 4180 quoting: only fields that need it.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// Scenarios hold only valid UTF-8, but a Result may carry text from anywhere (e.g. an
// id built by a caller): replace invalid bytes rather than throw while writing.
std::string Dump(const nlohmann::ordered_json& json) {
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string CsvNumber(double value) { return fmt::format("{}", value); }

ordered_json ResultJson(const Result& result) {
  ordered_json entry;
  entry["model"] = result.model;
  entry["spec"] = result.spec;
  entry["parameters"] = ordered_json::object();
  for (const auto& [name, value] : result.parameters) entry["parameters"][name] = value;
  entry["input_hash"] = result.input_hash;
  entry["seed"] = result.seed ? ordered_json(*result.seed) : ordered_json();
  entry["forecasts"] = ordered_json::array();
  for (const IssueForecast& forecast : result.forecasts) {
    entry["forecasts"].push_back(
        {{"issue", forecast.issue_id},
         {"position", forecast.position},
         {"rule", forecast.rule},
         {"bargained", forecast.bargained ? ordered_json(*forecast.bargained) : ordered_json()}});
  }
  if (!result.details.empty()) {
    entry["details"] = ordered_json::array();
    for (const Detail& detail : result.details) {
      entry["details"].push_back({{"issue", detail.issue_id},
                                  {"actor", detail.actor_id},
                                  {"name", detail.name},
                                  {"value", detail.value}});
    }
  }
  if (!result.trajectory.empty()) {
    entry["trajectory"] = ordered_json::array();
    for (const ActorRound& step : result.trajectory) {
      entry["trajectory"].push_back({{"round", step.round},
                                     {"issue", step.issue_id},
                                     {"actor", step.actor_id},
                                     {"position", step.position},
                                     {"risk", step.risk}});
    }
  }
  if (!result.moves.empty()) {
    entry["moves"] = ordered_json::array();
    for (const Move& move : result.moves) {
      entry["moves"].push_back({{"round", move.round},
                                {"issue", move.issue_id},
                                {"actor", move.actor_id},
                                {"toward", move.toward_id},
                                {"kind", move.kind},
                                {"from", move.from},
                                {"to", move.to},
                                {"eu_self", move.eu_self},
                                {"eu_other", move.eu_other}});
    }
  }
  if (!result.exchanges.empty()) {
    entry["exchanges"] = ordered_json::array();
    for (const Exchange& exchange : result.exchanges) {
      entry["exchanges"].push_back({{"round", exchange.round},
                                    {"order", exchange.order},
                                    {"actor_i", exchange.actor_i},
                                    {"issue_i", exchange.issue_i},
                                    {"from_i", exchange.from_i},
                                    {"to_i", exchange.to_i},
                                    {"actor_j", exchange.actor_j},
                                    {"issue_j", exchange.issue_j},
                                    {"from_j", exchange.from_j},
                                    {"to_j", exchange.to_j},
                                    {"gain", exchange.gain}});
    }
  }
  return entry;
}

}  // namespace internal

using internal::CsvField;
using internal::CsvNumber;
using internal::Dump;

namespace {

using nlohmann::ordered_json;

// The decision block in the schema's form (docs/scenario-format.md): only the fields the
// rule uses, so that the readers take it back.
ordered_json DecisionBlockJson(const Decision& decision) {
  ordered_json block;
  block["rule"] = DecisionRuleName(decision.rule);
  if (decision.rule == DecisionRule::kDecider) block["decider"] = decision.decider;
  if (decision.rule == DecisionRule::kVote) {
    block["threshold"] = decision.threshold;
    if (!decision.voting_weights.empty()) {
      block["voting_weights"] = ordered_json::object();
      for (const auto& [actor, weight] : decision.voting_weights) {
        block["voting_weights"][actor] = weight;
      }
    }
  }
  if (!decision.veto.empty()) block["veto"] = decision.veto;
  if (!decision.agenda_setter.empty()) block["agenda_setter"] = decision.agenda_setter;
  if (!decision.note.empty()) block["note"] = decision.note;
  return block;
}

ordered_json IssueJson(const Issue& issue) {
  ordered_json json;
  json["id"] = issue.id;
  json["name"] = issue.name;
  json["scale"] = {{"min", issue.scale_min},
                   {"max", issue.scale_max},
                   {"min_label", issue.min_label},
                   {"max_label", issue.max_label}};
  json["status_quo"] = issue.status_quo ? ordered_json(*issue.status_quo) : ordered_json();
  if (issue.decision) json["decision"] = DecisionBlockJson(*issue.decision);
  return json;
}

ordered_json DerivationsJson(const Scenario& scenario) {
  ordered_json list = ordered_json::array();
  for (const CapabilityDerivation& d : scenario.derivations()) {
    list.push_back({{"actor", d.actor_id},
                    {"issue", d.issue_id},
                    {"year", d.year},
                    {"capability_share", d.capability_share},
                    {"trade_share", d.trade_share},
                    {"leverage_weight", d.leverage_weight},
                    {"capability", d.capability},
                    {"inputs", d.inputs}});
  }
  return list;
}

// A distribution in the scenario format's own notation (docs/scenario-format.md,
// "Uncertainty"); beta always with its bounds, which the reader accepts for every field.
ordered_json DistributionJson(const Distribution& distribution) {
  switch (distribution.kind) {
    case DistributionKind::kUniform:
      return {{"uniform", {distribution.low, distribution.high}}};
    case DistributionKind::kTriangular:
      return {{"triangular", {distribution.low, distribution.mode, distribution.high}}};
    case DistributionKind::kNormal:
      return {{"normal", {distribution.mean, distribution.sd}}};
    case DistributionKind::kBeta:
      return {
          {"beta", {distribution.alpha, distribution.beta, distribution.low, distribution.high}}};
  }
  return {};
}

}  // namespace

std::string DerivationsToText(const Scenario& scenario) {
  if (scenario.derivations().empty()) return "";
  std::string text =
      "capabilities derived from trade (weight = (1 - beta) capability share + beta trade "
      "share):\n";
  for (const CapabilityDerivation& d : scenario.derivations()) {
    text += fmt::format("  {} on {} ({}): {:.3f} = {:.2f} x {:.3f} + {:.2f} x {:.3f}   [{}]\n",
                        d.actor_id, d.issue_id, d.year, d.capability, 1 - d.leverage_weight,
                        d.capability_share, d.leverage_weight, d.trade_share, d.inputs);
  }
  return text;
}

std::string ScenarioToJson(const Scenario& scenario) {
  // Uncertain inputs given in the file are written as their distributions; those added by
  // relative noise come back from `uncertainty.relative_noise` when the file is read.
  const auto number_or_distribution = [&](double value, UncertainField field, std::size_t actor,
                                          std::size_t issue) {
    const UncertainInput* input = scenario.FindUncertainInput(field, actor, issue);
    return input && !input->from_noise ? DistributionJson(input->distribution)
                                       : ordered_json(value);
  };
  ordered_json json;
  json["parley"] = 1;
  json["name"] = scenario.name();
  if (!scenario.description().empty()) json["description"] = scenario.description();
  json["actors"] = ordered_json::array();
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    const Actor& actor = scenario.actor(a);
    json["actors"].push_back(
        {{"id", actor.id},
         {"name", actor.name},
         {"capability", number_or_distribution(actor.capability, UncertainField::kCapability, a,
                                               UncertainInput::kNoIssue)}});
  }
  json["issues"] = ordered_json::array();
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    ordered_json issue = IssueJson(scenario.issue(k));
    if (!scenario.issue(k).status_quo) issue.erase("status_quo");
    // The reader takes the decision block after the positions; keep the file's order.
    ordered_json decision;
    if (issue.contains("decision")) {
      decision = issue["decision"];
      issue.erase("decision");
    }
    issue["positions"] = ordered_json::object();
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      if (const Stance* stance = scenario.stance(a, k)) {
        ordered_json entry = {
            {"position", number_or_distribution(stance->position, UncertainField::kPosition, a, k)},
            {"salience",
             number_or_distribution(stance->salience, UncertainField::kSalience, a, k)}};
        if (stance->capability) entry["capability"] = *stance->capability;
        if (stance->payoffs) {
          entry["payoffs"] = {{"cooperate", stance->payoffs->cooperate},
                              {"defect", stance->payoffs->defect},
                              {"punished", stance->payoffs->punished}};
        }
        issue["positions"][scenario.actor(a).id] = entry;
      }
    }
    if (!decision.is_null()) issue["decision"] = decision;
    json["issues"].push_back(issue);
  }
  if (scenario.relative_noise() > 0) {
    json["uncertainty"] = {{"relative_noise", scenario.relative_noise()}};
  }
  if (scenario.discount_factor()) json["discount_factor"] = *scenario.discount_factor();
  return Dump(json);
}

std::string DecisionToJson(const Decision& decision) { return Dump(DecisionBlockJson(decision)); }

std::string ResultsToJson(const Scenario& scenario, const std::vector<Result>& results) {
  ordered_json json;
  json["parley_version"] = kVersion;
  json["scenario"] = {{"name", scenario.name()},
                      {"source", scenario.source()},
                      {"input_hash", scenario.ContentHash()},
                      {"actors", scenario.actor_count()},
                      {"issues", ordered_json::array()}};
  for (const Issue& issue : scenario.issues())
    json["scenario"]["issues"].push_back(IssueJson(issue));
  if (!scenario.derivations().empty()) {
    json["scenario"]["derived_capabilities"] = DerivationsJson(scenario);
  }
  json["results"] = ordered_json::array();
  for (const Result& result : results) json["results"].push_back(internal::ResultJson(result));
  return Dump(json);
}

std::string ResultsToCsv(const Scenario& scenario, const std::vector<Result>& results) {
  std::string csv =
      "issue,issue_name,scale_min,scale_max,min_label,max_label,status_quo,model,spec,forecast,"
      "input_hash,rule,bargained\n";
  for (const Result& result : results) {
    for (const IssueForecast& forecast : result.forecasts) {
      const Issue& issue = scenario.issue(*scenario.FindIssue(forecast.issue_id));
      csv += fmt::format(
          "{},{},{},{},{},{},{},{},{},{},{},{},{}\n", CsvField(issue.id), CsvField(issue.name),
          CsvNumber(issue.scale_min), CsvNumber(issue.scale_max), CsvField(issue.min_label),
          CsvField(issue.max_label), issue.status_quo ? CsvNumber(*issue.status_quo) : "",
          CsvField(result.model), CsvField(result.spec), CsvNumber(forecast.position),
          result.input_hash, CsvField(forecast.rule),
          forecast.bargained ? CsvNumber(*forecast.bargained) : "");
    }
  }
  return csv;
}

std::string DetailsToCsv(const std::vector<Result>& results) {
  std::string csv = "model,spec,issue,actor,name,value\n";
  for (const Result& result : results) {
    for (const Detail& detail : result.details) {
      csv += fmt::format("{},{},{},{},{},{}\n", CsvField(result.model), CsvField(result.spec),
                         CsvField(detail.issue_id), CsvField(detail.actor_id),
                         CsvField(detail.name), CsvNumber(detail.value));
    }
  }
  return csv;
}

std::string TrajectoryToCsv(const std::vector<Result>& results) {
  std::string csv = "model,spec,round,issue,actor,position,risk\n";
  for (const Result& result : results) {
    for (const ActorRound& step : result.trajectory) {
      csv += fmt::format("{},{},{},{},{},{},{}\n", CsvField(result.model), CsvField(result.spec),
                         step.round, CsvField(step.issue_id), CsvField(step.actor_id),
                         CsvNumber(step.position), CsvNumber(step.risk));
    }
  }
  return csv;
}

std::string MovesToCsv(const std::vector<Result>& results) {
  std::string csv = "model,spec,round,issue,actor,toward,kind,from,to,eu_self,eu_other\n";
  for (const Result& result : results) {
    for (const Move& move : result.moves) {
      csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", CsvField(result.model),
                         CsvField(result.spec), move.round, CsvField(move.issue_id),
                         CsvField(move.actor_id), CsvField(move.toward_id), CsvField(move.kind),
                         CsvNumber(move.from), CsvNumber(move.to), CsvNumber(move.eu_self),
                         CsvNumber(move.eu_other));
    }
  }
  return csv;
}

std::string ExchangesToCsv(const std::vector<Result>& results) {
  std::string csv =
      "model,spec,round,order,actor_i,issue_i,from_i,to_i,actor_j,issue_j,from_j,to_j,gain\n";
  for (const Result& result : results) {
    for (const Exchange& exchange : result.exchanges) {
      csv += fmt::format(
          "{},{},{},{},{},{},{},{},{},{},{},{},{}\n", CsvField(result.model), CsvField(result.spec),
          exchange.round, exchange.order, CsvField(exchange.actor_i), CsvField(exchange.issue_i),
          CsvNumber(exchange.from_i), CsvNumber(exchange.to_i), CsvField(exchange.actor_j),
          CsvField(exchange.issue_j), CsvNumber(exchange.from_j), CsvNumber(exchange.to_j),
          CsvNumber(exchange.gain));
    }
  }
  return csv;
}

std::string TraceToText(const Scenario& scenario, const std::vector<Result>& results) {
  std::string text;
  for (const Result& result : results) {
    bool decided = false;
    for (const IssueForecast& forecast : result.forecasts) decided = decided || forecast.bargained;
    if (result.trajectory.empty() && result.exchanges.empty() && !decided) continue;
    text += fmt::format("\n{}\n", result.spec);
    for (const Issue& issue : scenario.issues()) {
      // Positions: one row per round, one column per participant.
      std::vector<std::string> actors;
      int last_round = -1;
      for (const ActorRound& step : result.trajectory) {
        if (step.issue_id != issue.id) continue;
        if (std::find(actors.begin(), actors.end(), step.actor_id) == actors.end()) {
          actors.push_back(step.actor_id);
        }
        last_round = std::max(last_round, step.round);
      }
      if (actors.empty()) continue;
      std::size_t width = 7;
      for (const std::string& actor : actors) width = std::max(width, actor.size() + 1);
      text += fmt::format(
          "\n  {}: positions by round (r = risk exponent where the model has one)\n", issue.id);
      text += "  round";
      for (const std::string& actor : actors) text += fmt::format("{:>{}}", actor, width);
      text += "\n";
      for (int round = 0; round <= last_round; ++round) {
        std::string positions = fmt::format("  {:>5}", round);
        std::string risks = "      r";
        bool any_risk = false;
        for (const std::string& actor : actors) {
          auto step = std::find_if(
              result.trajectory.begin(), result.trajectory.end(), [&](const ActorRound& s) {
                return s.round == round && s.issue_id == issue.id && s.actor_id == actor;
              });
          if (step == result.trajectory.end()) {
            positions += fmt::format("{:>{}}", "-", width);
            risks += fmt::format("{:>{}}", "", width);
            continue;
          }
          positions += fmt::format("{:>{}.2f}", step->position, width);
          risks += fmt::format("{:>{}.3f}", step->risk, width);
          any_risk = any_risk || step->risk != 0;
        }
        text += positions + "\n";
        if (any_risk) text += risks + "\n";
      }
      bool header = false;
      for (const Move& move : result.moves) {
        if (move.issue_id != issue.id) continue;
        if (!header) text += "  moves:\n";
        header = true;
        text += fmt::format("    round {:>2}: {} {} {}: {:.2f} -> {:.2f} (EU {:.4g} vs {:.4g})\n",
                            move.round, move.actor_id,
                            move.kind == "confrontation"  ? "loses a confrontation to"
                            : move.kind == "compromise"   ? "compromises with"
                            : move.kind == "capitulation" ? "capitulates to"
                                                          : move.kind + " with",
                            move.toward_id, move.from, move.to, move.eu_self, move.eu_other);
      }
    }
    if (!result.exchanges.empty()) text += "\n  exchanges (round.order: who gives way where):\n";
    for (const Exchange& exchange : result.exchanges) {
      text += fmt::format(
          "    {:>2}.{:<3} {} on {} {:.2f} -> {:.2f}  <->  {} on {} {:.2f} -> {:.2f}  gain "
          "{:.4g}\n",
          exchange.round, exchange.order, exchange.actor_i, exchange.issue_i, exchange.from_i,
          exchange.to_i, exchange.actor_j, exchange.issue_j, exchange.from_j, exchange.to_j,
          exchange.gain);
    }
    // The second stage: the issue's rule applied to the positions bargaining left.
    if (decided) text += "\n  decision stage (bargaining forecast -> decided outcome: how):\n";
    for (const IssueForecast& forecast : result.forecasts) {
      if (!forecast.bargained) continue;
      text += fmt::format("    {}: {:.2f} -> {:.2f}: {}\n", forecast.issue_id, *forecast.bargained,
                          forecast.position, forecast.rule);
    }
  }
  if (text.empty()) text = "\n(no model with rounds ran: the trace is empty)\n";
  return text;
}

namespace {

// Pads `rows` (the first being the header) into aligned columns, a rule under the header;
// numbers right-aligned, the first column and the text column `text_column` (if any) left.
std::string AlignedTable(const std::vector<std::vector<std::string>>& rows,
                         std::size_t text_column = 0) {
  std::vector<std::size_t> width(rows.front().size());
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string table;
  auto add_row = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool left = (c == 0 || c == text_column) && c + 1 < row.size();
      table +=
          left ? fmt::format("{:<{}}", row[c], width[c]) : fmt::format("{:>{}}", row[c], width[c]);
      table += c + 1 < row.size() ? "  " : "\n";
    }
  };
  add_row(rows.front());
  std::vector<std::string> rule;
  rule.reserve(width.size());
  for (std::size_t w : width) rule.emplace_back(w, '-');
  add_row(rule);
  for (std::size_t r = 1; r < rows.size(); ++r) add_row(rows[r]);
  return table;
}

}  // namespace

std::string ResultsToTable(const Scenario& scenario, const std::vector<Result>& results) {
  // One row per issue: issue | status quo | [decided by] | one column per model; the scales
  // follow as a legend, so the table stays narrow enough for a terminal.
  const bool any_decision = scenario.HasDecisions();
  std::vector<std::string> headers = {"issue", "status quo"};
  if (any_decision) headers.emplace_back("decided by");
  // Column names: the model name, numbered when a model appears more than once.
  std::vector<std::string> names;
  for (const Result& result : results) {
    int count = 0, index = 0;
    for (const Result& other : results) {
      if (other.model == result.model) {
        ++count;
        if (&other <= &result) ++index;
      }
    }
    names.push_back(count > 1 ? fmt::format("{}-{}", result.model, index) : result.model);
    headers.push_back(names.back());
  }
  std::vector<std::vector<std::string>> rows = {headers}, bargained_rows;
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const Issue& issue = scenario.issue(k);
    std::vector<std::string> row = {
        issue.id, issue.status_quo ? fmt::format("{:.1f}", *issue.status_quo) : "-"};
    if (any_decision) row.push_back(DescribeDecision(issue));
    std::vector<std::string> bargained = {issue.id};
    for (const Result& result : results) {
      row.push_back(fmt::format("{:.1f}", result.forecasts[k].position));
      const auto& before = result.forecasts[k].bargained;
      bargained.push_back(before ? fmt::format("{:.1f}", *before) : "-");
    }
    rows.push_back(std::move(row));
    if (issue.decision) bargained_rows.push_back(std::move(bargained));
  }
  std::string table = AlignedTable(rows, any_decision ? 2 : 0);
  if (!bargained_rows.empty()) {
    // What capability-weighted bargaining alone would give, so the decision stage's effect
    // is visible: the models' forecasts before the rule is applied.
    std::vector<std::string> header = {"issue"};
    for (const std::string& name : names) header.push_back(name);
    bargained_rows.insert(bargained_rows.begin(), header);
    table += "\nbefore the decision stage (bargaining alone, every actor weighing in):\n";
    table += AlignedTable(bargained_rows);
  }
  // The legend's id column is as wide as the table's first column.
  std::size_t id_width = headers.front().size();
  for (const Issue& issue : scenario.issues()) id_width = std::max(id_width, issue.id.size());
  table += "\nscales:\n";
  for (const Issue& issue : scenario.issues()) {
    table += fmt::format("  {:<{}}  {:g} = {}, {:g} = {}\n", issue.id, id_width, issue.scale_min,
                         issue.min_label.empty() ? "-" : issue.min_label, issue.scale_max,
                         issue.max_label.empty() ? "-" : issue.max_label);
  }
  table += "models:\n";
  std::size_t name_width = 0;
  for (const std::string& name : names) name_width = std::max(name_width, name.size());
  for (std::size_t m = 0; m < results.size(); ++m) {
    table += fmt::format("  {:<{}}  {}\n", names[m] + ":", name_width + 1, results[m].spec);
  }
  table += DerivationsToText(scenario);
  table += fmt::format("scenario: {} ({} actor{}, {} issue{}), input hash {}\n", scenario.name(),
                       scenario.actor_count(), scenario.actor_count() == 1 ? "" : "s",
                       scenario.issue_count(), scenario.issue_count() == 1 ? "" : "s",
                       scenario.ContentHash());
  return table;
}

}  // namespace parley
