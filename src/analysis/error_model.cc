// Predictive distributions from model errors (parley/error_model.h): scores, the fitted
// error model's file format, and its application to an ensemble's ranges.
#include "parley/error_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "io/format.h"
#include "parley/errors.h"

namespace parley {

namespace internal {
const char* BuiltinDeu3ErrorModel();  // generated at build time from data/error-models/deu3.json
}

double SampleQuantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::nan("");
  const double position = std::clamp(p, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

double SampleCrps(const std::vector<double>& sorted, double outcome) {
  // Gneiting & Raftery (2007), eq. 20 for an ensemble: E|X - y| - E|X - X'| / 2, with
  // E|X - X'| = 2 / m^2 sum_i (2i - m - 1) x_(i) for the sorted sample (i from 1).
  const double m = static_cast<double>(sorted.size());
  double to_outcome = 0, spread = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    to_outcome += std::abs(sorted[i] - outcome);
    spread += (2.0 * static_cast<double>(i + 1) - m - 1) * sorted[i];
  }
  return to_outcome / m - spread / (m * m);
}

double SamplePit(const std::vector<double>& sorted, double outcome) {
  const auto below = std::lower_bound(sorted.begin(), sorted.end(), outcome);
  const auto not_above = std::upper_bound(sorted.begin(), sorted.end(), outcome);
  const double m = static_cast<double>(sorted.size());
  return (static_cast<double>(below - sorted.begin()) +
          0.5 * static_cast<double>(not_above - below)) /
         m;
}

void ScoreAccumulator::Add(std::vector<double> sample, double outcome) {
  std::sort(sample.begin(), sample.end());
  ++n_;
  crps_ += SampleCrps(sample, outcome);
  auto inside = [&](double level) {
    const double low = SampleQuantile(sample, (1 - level) / 2);
    const double high = SampleQuantile(sample, (1 + level) / 2);
    return outcome >= low && outcome <= high ? 1.0 : 0.0;
  };
  inside50_ += inside(0.5);
  inside80_ += inside(0.8);
  inside90_ += inside(0.9);
  width80_ += SampleQuantile(sample, 0.9) - SampleQuantile(sample, 0.1);
  const double pit = SamplePit(sample, outcome);
  pit_[std::min(kPitBins - 1, static_cast<std::size_t>(pit * kPitBins))] += 1;
}

ProbabilisticScore ScoreAccumulator::Score() const {
  ProbabilisticScore score;
  score.n = n_;
  score.pit = pit_;
  if (n_ == 0) return score;
  const double n = static_cast<double>(n_);
  score.crps = crps_ / n;
  score.coverage50 = inside50_ / n;
  score.coverage80 = inside80_ / n;
  score.coverage90 = inside90_ / n;
  score.width80 = width80_ / n;
  for (double& share : score.pit) share /= n;
  return score;
}

const ModelErrors* ErrorModel::Find(const std::string& model) const {
  for (const ModelErrors& errors : models) {
    if (errors.model == model) return &errors;
  }
  return nullptr;
}

std::string ErrorModelToJson(const ErrorModel& model) {
  nlohmann::ordered_json json;
  json["parley_error_model"] = 1;
  json["method"] = model.method;
  json["data"] = model.data;
  json["data_hash"] = model.data_hash;
  json["scale"] = model.scale;
  json["quantile_levels"] = "0, 0.01, ..., 1";
  json["models"] = nlohmann::ordered_json::array();
  for (const ModelErrors& errors : model.models) {
    nlohmann::ordered_json entry = {{"model", errors.model},
                                    {"spec", errors.spec},
                                    {"n", errors.n},
                                    {"quantiles", errors.quantiles}};
    if (!errors.pit.empty()) {
      entry["cv_pit"] = errors.pit;
      entry["cv_coverage80"] = errors.coverage80;
    }
    json["models"].push_back(entry);
  }
  return internal::Dump(json);
}

ErrorModel ParseErrorModel(const std::string& text, const std::string& source) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw InputError({source, 0, 0}, "(document)",
                     fmt::format("is not JSON ({}); expected an error model written by "
                                 "parley validate --fit-errors",
                                 error.what()));
  }
  auto fail = [&](const std::string& field, const std::string& problem) {
    throw InputError({source, 0, 0}, field, problem);
  };
  if (!json.is_object() || !json.contains("parley_error_model")) {
    fail("parley_error_model",
         "is missing; expected an error model written by parley validate --fit-errors");
  }
  ErrorModel model;
  model.method = json.value("method", "");
  model.data = json.value("data", "");
  model.data_hash = json.value("data_hash", "");
  model.scale = json.value("scale", "0-100");
  if (!json.contains("models") || !json["models"].is_array()) {
    fail("models", "is missing or not a list; expected one entry per model");
  }
  for (std::size_t m = 0; m < json["models"].size(); ++m) {
    const nlohmann::json& entry = json["models"][m];
    const std::string field = fmt::format("models[{}]", m);
    if (!entry.is_object() || !entry.contains("model") || !entry["model"].is_string() ||
        !entry.contains("quantiles") || !entry["quantiles"].is_array()) {
      fail(field, "expected {model: NAME, quantiles: [101 numbers]}");
    }
    ModelErrors errors;
    errors.model = entry["model"].get<std::string>();
    errors.spec = entry.value("spec", "");
    errors.n = entry.value("n", std::size_t{0});
    for (const nlohmann::json& value : entry["quantiles"]) {
      if (!value.is_number() || !std::isfinite(value.get<double>())) {
        fail(field + ".quantiles", "expected finite numbers");
      }
      errors.quantiles.push_back(value.get<double>());
    }
    if (entry.contains("cv_pit") && entry["cv_pit"].is_array()) {
      for (const nlohmann::json& share : entry["cv_pit"]) {
        if (share.is_number()) errors.pit.push_back(share.get<double>());
      }
      errors.coverage80 = entry.value("cv_coverage80", -1.0);
    }
    if (errors.quantiles.size() != 101 ||
        !std::is_sorted(errors.quantiles.begin(), errors.quantiles.end())) {
      fail(field + ".quantiles",
           fmt::format("has {} values; expected 101 ascending quantiles (levels 0, 0.01, ..., 1)",
                       errors.quantiles.size()));
    }
    model.models.push_back(std::move(errors));
  }
  return model;
}

ErrorModel LoadErrorModel(const std::string& name_or_path) {
  if (name_or_path == "deu3") {
    return ParseErrorModel(internal::BuiltinDeu3ErrorModel(), "deu3 (built in)");
  }
  std::ifstream stream(name_or_path, std::ios::binary);
  if (!stream) {
    throw InputError({name_or_path, 0, 0}, "",
                     "no such file; expected deu3 or an error model written by parley validate "
                     "--fit-errors");
  }
  std::ostringstream text;
  text << stream.rdbuf();
  return ParseErrorModel(text.str(), name_or_path);
}

std::vector<ModelErrorRanges> ApplyErrorModel(const Scenario& scenario,
                                              const EnsembleResult& ensemble,
                                              const ErrorModel& errors) {
  std::vector<ModelErrorRanges> all;
  for (const ModelSummary& summary : ensemble.models) {
    ModelErrorRanges ranges;
    ranges.model = summary.model;
    ranges.spec = summary.spec;
    const ModelErrors* model_errors = errors.Find(summary.model);
    if (model_errors != nullptr) ranges.errors_of = model_errors->model;
    for (std::size_t k = 0; k < summary.issues.size(); ++k) {
      const IssueSummary& issue_summary = summary.issues[k];
      const Issue& issue = scenario.issue(k);
      ErrorRange range;
      range.issue_id = issue_summary.issue_id;
      range.input_p5 = issue_summary.quantiles.at(0);
      range.input_p50 = issue_summary.quantiles.at(2);
      range.input_p95 = issue_summary.quantiles.at(4);
      if (model_errors != nullptr) {
        // The input distribution (the ensemble's histogram, bin centres) plus every error
        // quantile scaled to the issue's range, clamped to the scale: a weighted sample.
        std::vector<std::pair<double, double>> sample;  // (value, weight)
        const std::size_t bins = issue_summary.histogram.size();
        const double width = issue.range() / static_cast<double>(bins);
        for (std::size_t b = 0; b < bins; ++b) {
          if (issue_summary.histogram[b] == 0) continue;
          const double centre = issue.scale_min + (static_cast<double>(b) + 0.5) * width;
          for (double error : model_errors->quantiles) {
            sample.emplace_back(
                std::clamp(centre + error * issue.range() / 100, issue.scale_min, issue.scale_max),
                static_cast<double>(issue_summary.histogram[b]));
          }
        }
        std::sort(sample.begin(), sample.end());
        double total = 0;
        for (const auto& [value, weight] : sample) total += weight;
        auto quantile = [&](double p) {
          double cumulative = 0;
          for (const auto& [value, weight] : sample) {
            cumulative += weight;
            if (cumulative >= p * total) return value;
          }
          return sample.back().first;
        };
        range.has_error = !sample.empty();
        if (range.has_error) {
          range.error_p5 = quantile(0.05);
          range.error_p50 = quantile(0.5);
          range.error_p95 = quantile(0.95);
        }
      }
      ranges.issues.push_back(range);
    }
    all.push_back(std::move(ranges));
  }
  return all;
}

std::string ErrorRangesToTable(const ErrorModel& errors,
                               const std::vector<ModelErrorRanges>& ranges) {
  std::string out = fmt::format(
      "\nTwo ranges per issue (p5 / p50 / p95): from the inputs' uncertainty alone, and with "
      "the model's own error as well\n(errors fitted on {}, data hash {}; an error model fitted "
      "on EU legislation is an outside view for other domains)\n",
      errors.data, errors.data_hash);
  for (const ModelErrorRanges& model : ranges) {
    out += fmt::format("\n{}\n", model.spec);
    if (model.errors_of.empty()) {
      out += "  (the error model has no errors for this model)\n";
      continue;
    }
    out += fmt::format("  {:<16} {:>24}   {:>24}\n", "issue", "inputs only", "with model error");
    for (const ErrorRange& range : model.issues) {
      out += fmt::format("  {:<16} {:>7.1f} {:>7.1f} {:>7.1f}   {:>7.1f} {:>7.1f} {:>7.1f}\n",
                         range.issue_id, range.input_p5, range.input_p50, range.input_p95,
                         range.error_p5, range.error_p50, range.error_p95);
    }
  }
  return out;
}

std::string EnsembleWithErrorsToJson(const EnsembleResult& ensemble, const ErrorModel& errors,
                                     const std::vector<ModelErrorRanges>& ranges) {
  using nlohmann::ordered_json;
  ordered_json json = ordered_json::parse(EnsembleToJson(ensemble));
  json["model_error"] = {{"method", errors.method},
                         {"data", errors.data},
                         {"data_hash", errors.data_hash},
                         {"models", ordered_json::array()}};
  for (const ModelErrorRanges& model : ranges) {
    ordered_json entry = {{"model", model.model},
                          {"spec", model.spec},
                          {"errors_of", model.errors_of},
                          {"issues", ordered_json::array()}};
    for (const ErrorRange& range : model.issues) {
      entry["issues"].push_back(
          {{"issue", range.issue_id},
           {"inputs_p5_p50_p95", {range.input_p5, range.input_p50, range.input_p95}},
           {"with_model_error_p5_p50_p95",
            range.has_error ? ordered_json({range.error_p5, range.error_p50, range.error_p95})
                            : ordered_json()}});
    }
    json["model_error"]["models"].push_back(entry);
  }
  return internal::Dump(json);
}

std::string EnsembleWithErrorsToCsv(const EnsembleResult& ensemble,
                                    const std::vector<ModelErrorRanges>& ranges) {
  using internal::CsvField;
  using internal::CsvNumber;
  std::string csv = EnsembleToCsv(ensemble);
  const std::string tail =
      fmt::format(",{},{},{}\n", ensemble.seed, ensemble.runs, ensemble.input_hash);
  for (const ModelErrorRanges& model : ranges) {
    for (const ErrorRange& range : model.issues) {
      if (!range.has_error) continue;
      for (const auto& [statistic, value] : {std::pair{"with_model_error_p5", range.error_p5},
                                             std::pair{"with_model_error_p50", range.error_p50},
                                             std::pair{"with_model_error_p95", range.error_p95}}) {
        csv += CsvField(model.model) + "," + CsvField(model.spec) + "," + CsvField(range.issue_id) +
               ",," + statistic + "," + CsvNumber(value) + tail;
      }
    }
  }
  return csv;
}

}  // namespace parley
