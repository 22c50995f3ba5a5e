// What changed between two stored runs (parley runs diff): the scenario's inputs field by
// field, with the comments the YAML file gave them; the settings; every forecast and
// metric of either run with its change.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "io/format.h"
#include "parley/store.h"
#include "store/store_internal.h"

namespace parley {

namespace {

using internal::CsvField;
using nlohmann::ordered_json;

constexpr const char* kAbsent = "(absent)";
// Changes below this are rounding, not movement (forecasts are on scales of ~100 points).
constexpr double kMoveTolerance = 1e-9;

bool Moved(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return true;
  return a && std::fabs(*a - *b) > kMoveTolerance;
}

std::string ValueText(const ordered_json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

// One step of a path into the scenario: a key of an object, or the element of an array of
// objects whose "id" is `id`.
struct Step {
  std::string key;
  bool by_id = false;
};

std::string PathText(const std::vector<Step>& path) {
  std::string text;
  for (const Step& step : path) {
    if (step.by_id) {
      text += "[" + step.key + "]";
    } else {
      text += (text.empty() ? "" : ".") + step.key;
    }
  }
  return text;
}

bool IsArrayOfIdentified(const ordered_json& value) {
  if (!value.is_array() || value.empty()) return false;
  for (const ordered_json& element : value) {
    if (!element.is_object() || !element.contains("id") || !element["id"].is_string()) {
      return false;
    }
  }
  return true;
}

// Fields of `before` and `after` that differ, depth first in the files' order.
struct Change {
  std::vector<Step> path;
  std::optional<ordered_json> before, after;
};

void DiffJson(const ordered_json& before, const ordered_json& after, std::vector<Step>& path,
              std::vector<Change>& changes) {
  if (before.is_object() && after.is_object()) {
    for (const auto& [key, value] : before.items()) {
      path.push_back({key});
      if (after.contains(key)) {
        DiffJson(value, after[key], path, changes);
      } else {
        changes.push_back({path, value, std::nullopt});
      }
      path.pop_back();
    }
    for (const auto& [key, value] : after.items()) {
      if (!before.contains(key)) {
        path.push_back({key});
        changes.push_back({path, std::nullopt, value});
        path.pop_back();
      }
    }
    return;
  }
  // Arrays of things with ids (actors, issues) are matched by id, not by place.
  if ((IsArrayOfIdentified(before) || before.empty()) && IsArrayOfIdentified(after)) {
    std::map<std::string, const ordered_json*> by_id;
    for (const ordered_json& element : after) by_id[element["id"].get<std::string>()] = &element;
    std::set<std::string> seen;
    for (const ordered_json& element : before) {
      const std::string id = element["id"].get<std::string>();
      seen.insert(id);
      path.push_back({id, true});
      if (const auto found = by_id.find(id); found != by_id.end()) {
        DiffJson(element, *found->second, path, changes);
      } else {
        changes.push_back({path, element, std::nullopt});
      }
      path.pop_back();
    }
    for (const ordered_json& element : after) {
      const std::string id = element["id"].get<std::string>();
      if (seen.count(id)) continue;
      path.push_back({id, true});
      changes.push_back({path, std::nullopt, element});
      path.pop_back();
    }
    return;
  }
  if (before != after) changes.push_back({path, before, after});
}

// ---------------------------------------------------------------------------------------
// Source comments: the YAML file's comment on the line of a field's value, else the block
// of comment lines right above it.

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// The text after a '#' that starts a YAML comment (preceded by white space or at the line's
// start, outside quotes); "" when the line has none.
std::string CommentOf(const std::string& line) {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      // A quote opens a string only at the start of a scalar.
      if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '{' || line[i - 1] == '[' ||
          line[i - 1] == ',' || line[i - 1] == ':') {
        quote = c;
      }
      continue;
    }
    if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      std::string comment = line.substr(i + 1);
      const std::size_t first = comment.find_first_not_of(' ');
      return first == std::string::npos ? "" : comment.substr(first);
    }
  }
  return "";
}

bool IsCommentLine(const std::string& line) {
  const std::size_t first = line.find_first_not_of(" \t");
  return first != std::string::npos && line[first] == '#';
}

class SourceComments {
 public:
  explicit SourceComments(const std::string& yaml_text) {
    if (yaml_text.empty()) return;
    try {
      root_ = YAML::Load(yaml_text);
      lines_ = Lines(yaml_text);
    } catch (const YAML::Exception&) {
      lines_.clear();  // a stored text that no longer parses gives no comments
    }
  }

  std::string For(const std::vector<Step>& path) const {
    if (lines_.empty()) return "";
    // The nodes along the path, as far as the file has them.
    std::vector<YAML::Node> chain;
    try {
      YAML::Node current = root_;
      for (const Step& step : path) {
        YAML::Node next;
        if (step.by_id) {
          if (!current.IsSequence()) break;
          for (const YAML::Node& element : current) {
            if (element.IsMap() && element["id"] && element["id"].IsScalar() &&
                element["id"].Scalar() == step.key) {
              next.reset(element);
              break;
            }
          }
        } else if (current.IsMap() && current[step.key]) {
          next.reset(current[step.key]);
        }
        if (!next.IsDefined() || next.IsNull()) break;
        current.reset(next);
        chain.push_back(current);
      }
    } catch (const YAML::Exception&) {
      return "";
    }
    // The field's own line: its trailing comment, else the comment lines right above it;
    // then the trailing comments of the lines of what holds it (a flow mapping's line).
    for (auto node = chain.rbegin(); node != chain.rend(); ++node) {
      const int line = node->Mark().line;
      if (line < 0 || line >= static_cast<int>(lines_.size())) continue;
      if (std::string comment = CommentOf(lines_[line]); !comment.empty()) return comment;
      if (node != chain.rbegin()) continue;
      std::string block;
      for (int above = line - 1; above >= 0 && IsCommentLine(lines_[above]); --above) {
        block = CommentOf(lines_[above]) + (block.empty() ? "" : " ") + block;
      }
      if (!block.empty()) return block;
    }
    return "";
  }

 private:
  YAML::Node root_;
  std::vector<std::string> lines_;
};

ordered_json ParseOrEmpty(const std::string& json) {
  if (json.empty()) return ordered_json::object();
  return ordered_json::parse(json, nullptr, false);
}

std::string JoinSpecs(const std::vector<std::string>& specs) {
  std::string text;
  for (const std::string& spec : specs) text += (text.empty() ? "" : " ") + spec;
  return text;
}

std::string Number(double value) { return fmt::format("{:.4f}", value); }
std::string OptionalNumber(const std::optional<double>& value) {
  return value ? fmt::format("{:.2f}", *value) : std::string("-");
}
std::string ChangeText(const std::optional<double>& a, const std::optional<double>& b) {
  return a && b ? fmt::format("{:+.2f}", *b - *a) : std::string(a ? "removed" : "added");
}

ordered_json OptionalJson(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json();
}

}  // namespace

bool ForecastChange::moved() const {
  return Moved(old_position, new_position) || Moved(old_bargained, new_bargained);
}
bool MetricChange::moved() const { return Moved(old_value, new_value); }

namespace store {

RunSummary SummaryOf(const RunRecord& run) {
  return {run.id,
          run.created_at,
          run.command,
          run.scenario_name,
          run.scenario_hash,
          run.parley_version,
          run.seed,
          run.specs};
}

RunDiff DiffRuns(const RunRecord& old_run, const RunRecord& new_run) {
  RunDiff diff;
  diff.old_run = SummaryOf(old_run);
  diff.new_run = SummaryOf(new_run);

  std::vector<Change> changes;
  std::vector<Step> path;
  DiffJson(ParseOrEmpty(old_run.scenario_json), ParseOrEmpty(new_run.scenario_json), path, changes);
  const SourceComments old_comments(old_run.scenario_source);
  const SourceComments new_comments(new_run.scenario_source);
  for (const Change& change : changes) {
    diff.inputs.push_back({PathText(change.path),
                           change.before ? ValueText(*change.before) : kAbsent,
                           change.after ? ValueText(*change.after) : kAbsent,
                           change.before ? old_comments.For(change.path) : "",
                           change.after ? new_comments.For(change.path) : ""});
  }
  const auto setting = [&](const std::string& field, const std::string& before,
                           const std::string& after) {
    if (before != after) diff.settings.push_back({field, before, after, "", ""});
  };
  setting("command", old_run.command, new_run.command);
  setting("models", JoinSpecs(old_run.specs), JoinSpecs(new_run.specs));
  setting("seed", old_run.seed ? std::to_string(*old_run.seed) : kAbsent,
          new_run.seed ? std::to_string(*new_run.seed) : kAbsent);
  setting("threads", std::to_string(old_run.threads), std::to_string(new_run.threads));
  setting("parley_version", old_run.parley_version, new_run.parley_version);
  setting("scenario_path", old_run.scenario_path, new_run.scenario_path);

  // Forecasts matched on (spec, issue), in the new run's order, then those only the old
  // run has.
  const auto forecasts_of = [](const RunRecord& run) {
    std::vector<std::pair<std::pair<std::string, std::string>, const IssueForecast*>> list;
    for (const Result& result : run.results) {
      for (const IssueForecast& forecast : result.forecasts) {
        list.push_back({{result.spec, forecast.issue_id}, &forecast});
      }
    }
    return list;
  };
  const auto old_forecasts = forecasts_of(old_run);
  const auto new_forecasts = forecasts_of(new_run);
  std::map<std::pair<std::string, std::string>, const IssueForecast*> old_by_key(
      old_forecasts.begin(), old_forecasts.end());
  std::set<std::pair<std::string, std::string>> matched;
  for (const auto& [key, forecast] : new_forecasts) {
    ForecastChange change{key.first, key.second,     std::nullopt, forecast->position,
                          "",        forecast->rule, std::nullopt, forecast->bargained};
    if (const auto found = old_by_key.find(key); found != old_by_key.end()) {
      change.old_position = found->second->position;
      change.old_rule = found->second->rule;
      change.old_bargained = found->second->bargained;
      matched.insert(key);
    }
    diff.forecasts.push_back(change);
  }
  for (const auto& [key, forecast] : old_forecasts) {
    if (matched.count(key)) continue;
    diff.forecasts.push_back({key.first, key.second, forecast->position, std::nullopt,
                              forecast->rule, "", forecast->bargained, std::nullopt});
  }

  const auto metric_key = [](const Metric& m) {
    return m.kind + '\x1f' + m.model + '\x1f' + m.issue_id + '\x1f' + m.subject + '\x1f' + m.name;
  };
  std::map<std::string, const Metric*> old_metrics;
  for (const Metric& metric : old_run.metrics) old_metrics[metric_key(metric)] = &metric;
  std::set<std::string> seen;
  for (const Metric& metric : new_run.metrics) {
    const std::string key = metric_key(metric);
    MetricChange change{metric, std::nullopt, metric.value};
    if (const auto found = old_metrics.find(key); found != old_metrics.end()) {
      change.old_value = found->second->value;
      seen.insert(key);
    }
    diff.metrics.push_back(change);
  }
  for (const Metric& metric : old_run.metrics) {
    if (!seen.count(metric_key(metric)))
      diff.metrics.push_back({metric, metric.value, std::nullopt});
  }
  return diff;
}

}  // namespace store

std::string RunDiffToText(const RunDiff& diff) {
  std::string text = fmt::format(
      "run {} ({}, {}, {}) -> run {} ({}, {}, {})\n", diff.old_run.id, diff.old_run.created_at,
      diff.old_run.command, diff.old_run.scenario_name, diff.new_run.id, diff.new_run.created_at,
      diff.new_run.command, diff.new_run.scenario_name);
  if (!diff.settings.empty()) {
    text += "\nsettings that changed:\n";
    for (const InputChange& change : diff.settings) {
      text += fmt::format("  {}: {} -> {}\n", change.field, change.old_value, change.new_value);
    }
  }
  text += fmt::format("\ninputs that changed ({}):\n", diff.inputs.size());
  if (diff.inputs.empty()) text += "  none: the two runs read the same scenario\n";
  for (const InputChange& change : diff.inputs) {
    text += fmt::format("  {}: {} -> {}\n", change.field, change.old_value, change.new_value);
    if (!change.old_source.empty() && change.old_source == change.new_source) {
      text += fmt::format("      source: {}\n", change.old_source);
    } else {
      if (!change.old_source.empty()) text += fmt::format("      was: {}\n", change.old_source);
      if (!change.new_source.empty()) text += fmt::format("      now: {}\n", change.new_source);
    }
  }
  std::size_t moved = 0;
  for (const ForecastChange& change : diff.forecasts) moved += change.moved();
  text += fmt::format("\nforecasts that moved ({} of {}):\n", moved, diff.forecasts.size());
  if (moved == 0) text += "  none\n";
  if (moved > 0) {
    // Models by name (eum), by spec only where two specs share a name.
    std::map<std::string, std::set<std::string>> specs_of;
    for (const ForecastChange& change : diff.forecasts) {
      specs_of[change.model.substr(0, change.model.find('('))].insert(change.model);
    }
    const auto label = [&](const std::string& spec) {
      const std::string name = spec.substr(0, spec.find('('));
      return specs_of[name].size() > 1 ? spec : name;
    };
    std::size_t model_width = 5, issue_width = 5;
    for (const ForecastChange& change : diff.forecasts) {
      if (!change.moved()) continue;
      model_width = std::max(model_width, label(change.model).size());
      issue_width = std::max(issue_width, change.issue_id.size());
    }
    text += fmt::format("  {:<{}}  {:<{}}  {:>8}  {:>8}  {:>8}   {}\n", "issue", issue_width,
                        "model", model_width, "old", "new", "change",
                        "bargaining alone (before the decision stage)");
    for (const ForecastChange& change : diff.forecasts) {
      if (!change.moved()) continue;
      text += fmt::format("  {:<{}}  {:<{}}  {:>8}  {:>8}  {:>8}", change.issue_id, issue_width,
                          label(change.model), model_width, OptionalNumber(change.old_position),
                          OptionalNumber(change.new_position),
                          ChangeText(change.old_position, change.new_position));
      if (change.old_bargained || change.new_bargained) {
        text += fmt::format("   {} -> {} ({})", OptionalNumber(change.old_bargained),
                            OptionalNumber(change.new_bargained),
                            ChangeText(change.old_bargained, change.new_bargained));
      }
      text += "\n";
      if (change.old_rule != change.new_rule && !change.old_rule.empty() &&
          !change.new_rule.empty()) {
        text += fmt::format("      decided by: {} -> {}\n", change.old_rule, change.new_rule);
      }
    }
  }
  std::size_t metrics_moved = 0;
  for (const MetricChange& change : diff.metrics) metrics_moved += change.moved();
  if (!diff.metrics.empty()) {
    text += fmt::format("\nmetrics that moved ({} of {}):\n", metrics_moved, diff.metrics.size());
    std::size_t shown = 0;
    for (const MetricChange& change : diff.metrics) {
      if (!change.moved()) continue;
      if (++shown > 40) {
        text += fmt::format("  ... {} more ('--format csv' lists all)\n", metrics_moved - 40);
        break;
      }
      const Metric& m = change.metric;
      std::string label = m.kind;
      for (const std::string* part : {&m.model, &m.issue_id, &m.subject, &m.name}) {
        if (!part->empty()) label += " " + *part;
      }
      text += fmt::format("  {}: {} -> {} ({})\n", label, OptionalNumber(change.old_value),
                          OptionalNumber(change.new_value),
                          ChangeText(change.old_value, change.new_value));
    }
  }
  return text;
}

std::string RunDiffToJson(const RunDiff& diff) {
  ordered_json json;
  const auto run = [](const RunSummary& summary) {
    return ordered_json{{"id", summary.id},
                        {"created_at", summary.created_at},
                        {"command", summary.command},
                        {"scenario", summary.scenario_name},
                        {"input_hash", summary.scenario_hash}};
  };
  json["old_run"] = run(diff.old_run);
  json["new_run"] = run(diff.new_run);
  const auto changes = [](const std::vector<InputChange>& list) {
    ordered_json array = ordered_json::array();
    for (const InputChange& change : list) {
      array.push_back({{"field", change.field},
                       {"old", change.old_value},
                       {"new", change.new_value},
                       {"old_source", change.old_source},
                       {"new_source", change.new_source}});
    }
    return array;
  };
  json["settings"] = changes(diff.settings);
  json["inputs"] = changes(diff.inputs);
  json["forecasts"] = ordered_json::array();
  for (const ForecastChange& change : diff.forecasts) {
    json["forecasts"].push_back(
        {{"model", change.model},
         {"issue", change.issue_id},
         {"old", OptionalJson(change.old_position)},
         {"new", OptionalJson(change.new_position)},
         {"change", change.old_position && change.new_position
                        ? ordered_json(*change.new_position - *change.old_position)
                        : ordered_json()},
         {"old_bargained", OptionalJson(change.old_bargained)},
         {"new_bargained", OptionalJson(change.new_bargained)},
         {"old_rule", change.old_rule},
         {"new_rule", change.new_rule},
         {"moved", change.moved()}});
  }
  json["metrics"] = ordered_json::array();
  for (const MetricChange& change : diff.metrics) {
    json["metrics"].push_back({{"kind", change.metric.kind},
                               {"model", change.metric.model},
                               {"issue", change.metric.issue_id},
                               {"subject", change.metric.subject},
                               {"name", change.metric.name},
                               {"old", OptionalJson(change.old_value)},
                               {"new", OptionalJson(change.new_value)},
                               {"moved", change.moved()}});
  }
  return json.dump(2) + "\n";
}

std::string RunDiffToCsv(const RunDiff& diff) {
  std::string csv = "section,model,issue,subject,name,field,old,new,change,old_source,new_source\n";
  const auto number = [](const std::optional<double>& value) {
    return value ? fmt::format("{}", *value) : std::string();
  };
  const auto change_of = [](const std::optional<double>& a, const std::optional<double>& b) {
    return a && b ? fmt::format("{}", *b - *a) : std::string();
  };
  for (const InputChange& change : diff.settings) {
    csv += fmt::format("setting,,,,,{},{},{},,,\n", CsvField(change.field),
                       CsvField(change.old_value), CsvField(change.new_value));
  }
  for (const InputChange& change : diff.inputs) {
    csv += fmt::format("input,,,,,{},{},{},,{},{}\n", CsvField(change.field),
                       CsvField(change.old_value), CsvField(change.new_value),
                       CsvField(change.old_source), CsvField(change.new_source));
  }
  for (const ForecastChange& change : diff.forecasts) {
    csv += fmt::format("forecast,{},{},,,,{},{},{},,\n", CsvField(change.model),
                       CsvField(change.issue_id), number(change.old_position),
                       number(change.new_position),
                       change_of(change.old_position, change.new_position));
  }
  for (const MetricChange& change : diff.metrics) {
    const Metric& m = change.metric;
    csv += fmt::format("metric:{},{},{},{},{},,{},{},{},,\n", m.kind, CsvField(m.model),
                       CsvField(m.issue_id), CsvField(m.subject), CsvField(m.name),
                       number(change.old_value), number(change.new_value),
                       change_of(change.old_value, change.new_value));
  }
  return csv;
}

}  // namespace parley
