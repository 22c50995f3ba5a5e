// What each command stores beside its Results: the analyses' figures as tidy metrics
// (parley/store.h), and the run record of a scenario.
#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "parley/brief.h"
#include "parley/ensemble.h"
#include "parley/errors.h"
#include "parley/io.h"
#include "parley/linkage.h"
#include "parley/store.h"
#include "parley/validate.h"
#include "store/store_internal.h"

namespace parley {

namespace {

// "p05", "p50", ... for the quantile levels of an ensemble summary.
std::string QuantileName(double level) { return fmt::format("p{:02.0f}", level * 100); }

bool IsYamlPath(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  if (dot == std::string::npos) return false;
  std::string extension = path.substr(dot + 1);
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == "yaml" || extension == "yml";
}

}  // namespace

RunRecord NewRunRecord(const std::string& command, const Scenario& scenario) {
  RunRecord run;
  run.command = command;
  run.scenario_name = scenario.name();
  run.scenario_hash = scenario.ContentHash();
  run.scenario_json = ScenarioToJson(scenario);
  run.scenario_path = scenario.source();
  // The YAML text gives the diff its source comments. It is read again here, so keep it
  // only when it still gives the scenario that ran (the file may have changed since).
  if (IsYamlPath(scenario.source())) {
    std::ifstream file(scenario.source(), std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    if (file && text.str().size() <= kMaxScenarioBytes) {
      try {
        if (ParseYamlScenario(text.str(), scenario.source()).ContentHash() ==
            scenario.ContentHash()) {
          run.scenario_source = text.str();
        }
      } catch (const InputError&) {
        // Changed into something invalid since it was read: no comments, nothing else lost.
      }
    }
  }
  return run;
}

std::vector<Metric> EnsembleMetrics(const EnsembleResult& result) {
  std::vector<Metric> metrics;
  metrics.push_back({"ensemble", "", "", "", "runs", static_cast<double>(result.runs)});
  for (const ModelSummary& model : result.models) {
    for (const IssueSummary& issue : model.issues) {
      const auto add = [&](const std::string& name, double value) {
        metrics.push_back({"ensemble", model.spec, issue.issue_id, "", name, value});
      };
      add("mean", issue.mean);
      add("sd", issue.sd);
      add("min", issue.min);
      add("max", issue.max);
      for (std::size_t q = 0; q < issue.quantiles.size() && q < kQuantileLevels.size(); ++q) {
        add(QuantileName(kQuantileLevels[q]), issue.quantiles[q]);
      }
    }
    for (std::size_t t = 0; t < model.threshold_probability.size(); ++t) {
      // The issue is in the threshold's text (e.g. "nk-pressure>=60").
      metrics.push_back({"ensemble", model.spec, "", result.thresholds.at(t).text, "probability",
                         model.threshold_probability[t]});
    }
    for (const MoveShare& share : model.moves) {
      metrics.push_back(
          {"ensemble", model.spec, "", share.actor_id, "share:" + share.kind, share.share});
    }
  }
  return metrics;
}

std::vector<Metric> SensitivityMetrics(const SensitivityResult& result) {
  std::vector<Metric> metrics;
  for (const IssueSensitivity& issue : result.issues) {
    const auto add = [&](const std::string& subject, const std::string& name, double value) {
      metrics.push_back({"sensitivity", result.spec, issue.issue_id, subject, name, value});
    };
    add("", "nominal", issue.nominal);
    add("", "variance", issue.variance);
    for (const SobolIndex& index : issue.sobol) {
      add(index.input, "S1", index.first);
      add(index.input, "S1_se", index.first_se);
      add(index.input, "ST", index.total);
      add(index.input, "ST_se", index.total_se);
    }
    for (const TornadoBar& bar : issue.tornado) add(bar.input, "swing", bar.swing());
  }
  return metrics;
}

std::vector<Metric> ValidationMetrics(const ValidationReport& report) {
  std::vector<Metric> metrics;
  for (const ModelValidation& model : report.models) {
    const auto accuracy = [&](const std::string& group, const Accuracy& a) {
      const auto add = [&](const std::string& name, double value) {
        metrics.push_back({"validate", model.label, "", group, name, value});
      };
      add("n", static_cast<double>(a.n));
      add("mae", a.mae);
      add("rmse", a.rmse);
      add("median_ae", a.median_ae);
      add("within10", a.within10);
    };
    accuracy("", model.overall);
    for (const auto& [procedure, a] : model.by_procedure) accuracy("procedure:" + procedure, a);
    for (const auto& [rule, a] : model.by_voting_rule) accuracy("voting_rule:" + rule, a);
    metrics.push_back(
        {"validate", model.label, "", "", "failed", static_cast<double>(model.failed)});
    if (model.probabilistic.n > 0) {
      const auto score = [&](const std::string& prefix, const ProbabilisticScore& s) {
        metrics.push_back({"validate", model.label, "", "", prefix + "crps", s.crps});
        metrics.push_back({"validate", model.label, "", "", prefix + "coverage80", s.coverage80});
        metrics.push_back({"validate", model.label, "", "", prefix + "width80", s.width80});
      };
      score("", model.probabilistic);
      score("scaled_", model.scaled);
    }
  }
  return metrics;
}

std::vector<Metric> LinkageMetrics(const LinkageReport& report) {
  std::vector<Metric> metrics;
  for (const LinkageComparison& comparison : report.comparisons) {
    for (const ActorGain& gain : comparison.actors) {
      metrics.push_back(
          {"linkage", comparison.linked_spec, "", gain.actor_id, "gain_linked", gain.linked});
      metrics.push_back(
          {"linkage", comparison.separate_spec, "", gain.actor_id, "gain_separate", gain.separate});
    }
  }
  for (const Deal& deal : report.deals) {
    const std::string subject =
        fmt::format("{} {} <-> {} {}", deal.actor_i, deal.issue_i, deal.actor_j, deal.issue_j);
    metrics.push_back({"linkage", "deal", "", subject, "joint_gain", deal.joint_gain});
    metrics.push_back({"linkage", "deal", "", subject, "rate_equal", deal.rate_equal});
  }
  metrics.push_back({"linkage", "deal", "", "", "count", static_cast<double>(report.deals.size())});
  return metrics;
}

std::vector<Metric> BriefMetrics(const Brief& brief) {
  std::vector<Metric> metrics;
  for (const IssueBrief& issue : brief.issues) {
    const auto add = [&](const std::string& model, const std::string& name, double value) {
      metrics.push_back({"brief", model, issue.issue_id, "", name, value});
    };
    add("", "forecast", issue.forecast);
    if (issue.bargained) add("", "bargained", *issue.bargained);
    add(issue.low_model, "low", issue.low);
    add(issue.high_model, "high", issue.high);
    if (issue.ensemble_p5) add(brief.ensemble_spec, "p05", *issue.ensemble_p5);
    if (issue.ensemble_p95) add(brief.ensemble_spec, "p95", *issue.ensemble_p95);
    if (issue.error_p5) add(brief.ensemble_spec, "p05_with_error", *issue.error_p5);
    if (issue.error_p95) add(brief.ensemble_spec, "p95_with_error", *issue.error_p95);
  }
  return metrics;
}

namespace store {

std::string JsonString(const std::string& text) { return nlohmann::json(text).dump(); }

std::vector<std::pair<std::string, std::string>> ParseParameters(const std::string& json) {
  std::vector<std::pair<std::string, std::string>> parameters;
  const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(json, nullptr, false);
  if (!parsed.is_object()) return parameters;
  for (const auto& [name, value] : parsed.items()) {
    parameters.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return parameters;
}

std::string NormaliseSince(const std::string& since) {
  const auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (i >= since.size() || !std::isdigit(static_cast<unsigned char>(since[i]))) return false;
    }
    return true;
  };
  const bool date = since.size() >= 10 && digits(0, 4) && since[4] == '-' && digits(5, 2) &&
                    since[7] == '-' && digits(8, 2);
  if (date && since.size() == 10) return since + "T00:00:00Z";
  if (date && since.size() == 20 && since[10] == 'T' && digits(11, 2) && since[13] == ':' &&
      digits(14, 2) && since[16] == ':' && digits(17, 2) && since[19] == 'Z') {
    return since;
  }
  throw InputError({}, "--since",
                   fmt::format("'{}' is not a date; expected YYYY-MM-DD or "
                               "YYYY-MM-DDTHH:MM:SSZ (UTC)",
                               since));
}

}  // namespace store

}  // namespace parley
