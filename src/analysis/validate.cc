// parley validate: backtests on the DEU data (see parley/validate.h).
#include "parley/validate.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "io/format.h"
#include "models/blend.h"
#include "parley/registry.h"

namespace parley {

Accuracy ComputeAccuracy(const std::vector<double>& abs_errors) {
  Accuracy accuracy;
  accuracy.n = abs_errors.size();
  if (abs_errors.empty()) return accuracy;
  double sum = 0, sum_sq = 0;
  std::size_t within = 0;
  for (double e : abs_errors) {
    sum += e;
    sum_sq += e * e;
    if (e <= 10) ++within;
  }
  const double n = static_cast<double>(abs_errors.size());
  accuracy.mae = sum / n;
  accuracy.rmse = std::sqrt(sum_sq / n);
  accuracy.within10 = static_cast<double>(within) / n;
  std::vector<double> sorted = abs_errors;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t mid = sorted.size() / 2;
  accuracy.median_ae = sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return accuracy;
}

std::vector<std::size_t> ProposalFolds(const DeuData& data, std::size_t folds) {
  if (folds < 2) throw InputError("cross-validation needs at least 2 folds");
  std::vector<std::string> proposals;
  std::vector<std::size_t> fold(data.issues.size());
  for (std::size_t i = 0; i < data.issues.size(); ++i) {
    auto it = std::find(proposals.begin(), proposals.end(), data.issues[i].proposal);
    if (it == proposals.end()) it = proposals.insert(proposals.end(), data.issues[i].proposal);
    fold[i] = static_cast<std::size_t>(it - proposals.begin()) % folds;
  }
  return fold;
}

namespace {

// Solves A w = b (m x m, Gaussian elimination with partial pivoting and a tiny ridge).
std::vector<double> Solve(std::vector<std::vector<double>> a, std::vector<double> b) {
  const std::size_t m = b.size();
  for (std::size_t i = 0; i < m; ++i) a[i][i] += 1e-9 * (1 + a[i][i]);
  for (std::size_t c = 0; c < m; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < m; ++r) {
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    }
    std::swap(a[c], a[pivot]);
    std::swap(b[c], b[pivot]);
    if (a[c][c] == 0) continue;
    for (std::size_t r = c + 1; r < m; ++r) {
      const double f = a[r][c] / a[c][c];
      for (std::size_t k = c; k < m; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> w(m, 0);
  for (std::size_t c = m; c-- > 0;) {
    double s = b[c];
    for (std::size_t k = c + 1; k < m; ++k) s -= a[c][k] * w[k];
    w[c] = a[c][c] == 0 ? 0 : s / a[c][c];
  }
  return w;
}

}  // namespace

std::vector<double> FitBlendWeights(const std::vector<std::vector<double>>& rows) {
  if (rows.empty()) return {};
  const std::size_t m = rows[0].size() - 2;
  std::vector<double> w(m, 0);
  std::vector<double> case_weight(rows.size(), 1.0);
  // Iteratively reweighted least squares for least absolute deviations: start from the
  // least-squares fit, then weight each row by 1 / max(|residual|, 0.5).
  for (int iteration = 0; iteration < 100; ++iteration) {
    std::vector<std::vector<double>> a(m, std::vector<double>(m, 0));
    std::vector<double> b(m, 0);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::vector<double>& row = rows[r];
      const double base = row[0];
      const double y = row[m + 1] - base;
      for (std::size_t i = 0; i < m; ++i) {
        const double xi = row[1 + i] - base;
        b[i] += case_weight[r] * xi * y;
        for (std::size_t j = 0; j < m; ++j) a[i][j] += case_weight[r] * xi * (row[1 + j] - base);
      }
    }
    w = Solve(a, b);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      double fit = rows[r][0];
      for (std::size_t j = 0; j < m; ++j) fit += w[j] * (rows[r][1 + j] - rows[r][0]);
      case_weight[r] = 1 / std::max(std::abs(rows[r][m + 1] - fit), 0.5);
    }
  }
  return w;
}

namespace {

struct Forecasts {
  std::vector<std::optional<double>> value;
  std::vector<std::string> failure;
};

constexpr const char* kBlendCv = "blend-cv";
constexpr const char* kFixedWidth = "fixed-width";
// The fixed-width baseline: the compromise forecast +- this many scale points, uniform.
constexpr double kFixedHalfWidth = 20;
// Added to each issue's spread (scale points) in the scaled error model, so that issues on
// which everybody agrees still get an interval.
constexpr double kSpreadFloor = 5;

// The salience-weighted standard deviation of the participants' positions (0-100).
double PositionSpread(const DeuIssue& issue) {
  double weight = 0, mean = 0;
  for (std::size_t a = 0; a < issue.position.size(); ++a) {
    if (!issue.position[a] || !issue.salience[a]) continue;
    weight += *issue.salience[a];
    mean += *issue.salience[a] * *issue.position[a];
  }
  if (weight <= 0) return 0;
  mean /= weight;
  double variance = 0;
  for (std::size_t a = 0; a < issue.position.size(); ++a) {
    if (!issue.position[a] || !issue.salience[a]) continue;
    variance += *issue.salience[a] * (*issue.position[a] - mean) * (*issue.position[a] - mean);
  }
  return std::sqrt(variance / weight);
}

// Scores the predictive distributions of one model's forecasts (see ModelValidation):
// for issue i, its forecast plus the errors of the scored issues in the other folds.
// `spread`: per issue, PositionSpread + kSpreadFloor.
void ScoreProbabilistic(const DeuData& data, const std::vector<std::optional<double>>& forecast,
                        const std::vector<std::size_t>& fold, const std::vector<double>& spread,
                        bool fixed_width, ModelValidation& validation) {
  const std::size_t n = data.issues.size();
  ScoreAccumulator overall, scaled;
  std::map<std::string, ScoreAccumulator> by_procedure, by_rule;
  for (std::size_t i = 0; i < n; ++i) {
    const DeuIssue& issue = data.issues[i];
    if (!issue.outcome || !forecast[i]) continue;
    validation.errors.push_back(*issue.outcome - *forecast[i]);
    std::vector<double> sample, scaled_sample;
    if (fixed_width) {
      for (int step = 0; step <= 40; ++step) {
        const double value = *forecast[i] - kFixedHalfWidth + step * (2 * kFixedHalfWidth / 40);
        sample.push_back(std::clamp(value, 0.0, 100.0));
      }
      scaled_sample = sample;
    } else {
      for (std::size_t j = 0; j < n; ++j) {
        if (fold[j] == fold[i] || !data.issues[j].outcome || !forecast[j]) continue;
        const double error = *data.issues[j].outcome - *forecast[j];
        sample.push_back(std::clamp(*forecast[i] + error, 0.0, 100.0));
        scaled_sample.push_back(
            std::clamp(*forecast[i] + error * spread[i] / spread[j], 0.0, 100.0));
      }
      if (sample.empty()) continue;
    }
    overall.Add(sample, *issue.outcome);
    by_procedure[issue.procedure].Add(sample, *issue.outcome);
    by_rule[issue.voting_rule].Add(sample, *issue.outcome);
    scaled.Add(std::move(scaled_sample), *issue.outcome);
  }
  validation.probabilistic = overall.Score();
  validation.scaled = scaled.Score();
  for (const auto& [key, accumulator] : by_procedure) {
    validation.probabilistic_by_procedure[key] = accumulator.Score();
  }
  for (const auto& [key, accumulator] : by_rule) {
    validation.probabilistic_by_voting_rule[key] = accumulator.Score();
  }
}

Forecasts BlendCrossValidated(const DeuData& data, const std::vector<double>& capability,
                              std::size_t folds, std::vector<double>& in_sample) {
  const std::size_t n = data.issues.size();
  Forecasts out{std::vector<std::optional<double>>(n), std::vector<std::string>(n)};
  std::vector<std::optional<models::BlendInputs>> inputs(n);
  for (std::size_t i = 0; i < n; ++i) {
    try {
      const Scenario scenario = DeuIssueScenario(data, i, capability);
      inputs[i] =
          models::ComputeBlendInputs(scenario, 0, internal::WeightRule::kCapabilitySalience);
    } catch (const InputError& error) {
      out.failure[i] = error.what();
    }
  }
  // The fitted features: the weighted median and the two-position median (the others did
  // not lower the cross-validated error on the development file; their weights stay 0).
  const std::size_t fitted[] = {3, 4};
  auto row_of = [&](std::size_t i) {
    std::vector<double> row{inputs[i]->compromise};
    for (std::size_t j : fitted) row.push_back(inputs[i]->feature[j]);
    row.push_back(*data.issues[i].outcome);
    return row;
  };
  const std::vector<std::size_t> fold = ProposalFolds(data, folds);
  std::vector<std::vector<double>> all;
  for (std::size_t i = 0; i < n; ++i) {
    if (inputs[i] && data.issues[i].outcome) all.push_back(row_of(i));
  }
  in_sample = FitBlendWeights(all);
  for (std::size_t k = 0; k < folds; ++k) {
    std::vector<std::vector<double>> train;
    for (std::size_t i = 0; i < n; ++i) {
      if (fold[i] != k && inputs[i] && data.issues[i].outcome) train.push_back(row_of(i));
    }
    const std::vector<double> w = FitBlendWeights(train);
    for (std::size_t i = 0; i < n; ++i) {
      if (fold[i] != k || !inputs[i]) continue;
      double x = inputs[i]->compromise;
      for (std::size_t j = 0; j < w.size(); ++j) {
        x += w[j] * (inputs[i]->feature[fitted[j]] - inputs[i]->compromise);
      }
      out.value[i] = std::clamp(x, 0.0, 100.0);
    }
  }
  return out;
}

}  // namespace

ValidationReport Validate(const DeuData& data, const ValidationOptions& options) {
  ValidationReport report;
  report.source = data.source;
  report.capabilities = options.capabilities;
  report.folds = options.folds;
  report.issues = data.issues.size();
  for (const DeuIssue& issue : data.issues) {
    if (issue.outcome) ++report.scored;
  }
  const std::vector<double> capability = DeuCapabilities(data, options.capabilities);
  const Registry& registry = DefaultRegistry();
  std::vector<std::string> specs = options.models;
  if (specs.empty()) {
    for (const ModelDescriptor* descriptor : registry.descriptors()) {
      specs.push_back(descriptor->name);
    }
    specs.emplace_back(kBlendCv);
    specs.emplace_back("status-quo");
    specs.emplace_back("commission");
    specs.emplace_back(kFixedWidth);
  }
  if (options.procedure != "both" && options.procedure != "with" &&
      options.procedure != "without") {
    throw InputError({}, "procedure",
                     fmt::format("is '{}'; expected both, with or without", options.procedure));
  }
  // The variants each registry model runs in: without the legislative procedure (every
  // actor's weight counts on every issue), then with it as a decision block.
  std::vector<bool> variants;
  if (options.procedure != "with") variants.push_back(false);
  if (options.procedure != "without") variants.push_back(true);
  const std::size_t n = data.issues.size();
  // One scenario per issue and variant (nullopt with the reason when it cannot be built).
  std::vector<std::optional<Scenario>> scenario[2] = {std::vector<std::optional<Scenario>>(n),
                                                      std::vector<std::optional<Scenario>>(n)};
  std::vector<std::string> build_failure(n);
  for (const bool procedure : {false, true}) {  // without: also the fixed-width baseline's
    for (std::size_t i = 0; i < n; ++i) {
      try {
        scenario[procedure][i] = DeuIssueScenario(data, i, capability, procedure);
      } catch (const InputError& error) {
        build_failure[i] = error.what();
      }
    }
  }
  const auto com = std::find(data.actors.begin(), data.actors.end(), "com");
  // The folds of every cross-validation here: blend-cv's and the error models'.
  const std::vector<std::size_t> fold = ProposalFolds(data, options.folds);
  std::vector<double> spread(n);
  for (std::size_t i = 0; i < n; ++i) spread[i] = PositionSpread(data.issues[i]) + kSpreadFloor;

  // A model asked for with several specs is labelled by the spec as given, so that its rows
  // (and its predictions) can be told apart.
  std::map<std::string, int> spec_count;
  for (const std::string& spec : specs) {
    if (spec != "status-quo" && spec != "commission" && spec != kBlendCv && spec != kFixedWidth) {
      ++spec_count[registry.Parse(spec).name];
    }
  }

  // Registry models run once per variant; baselines and the cross-validated blend once.
  std::vector<std::pair<std::string, bool>> jobs;
  for (const std::string& spec : specs) {
    if (spec == "status-quo" || spec == "commission" || spec == kBlendCv || spec == kFixedWidth) {
      jobs.emplace_back(spec, false);
    } else {
      for (const bool procedure : variants) jobs.emplace_back(spec, procedure);
    }
  }

  for (const auto& [spec, procedure] : jobs) {
    ModelValidation validation;
    Forecasts f{std::vector<std::optional<double>>(n), std::vector<std::string>(n)};
    if (spec == kFixedWidth) {
      validation.label = "baseline:fixed-width";
      validation.spec =
          fmt::format("the compromise forecast +-{:g} points, uniform (a fixed-width interval)",
                      kFixedHalfWidth);
      const std::unique_ptr<Model> compromise = registry.Create("compromise");
      for (std::size_t i = 0; i < n; ++i) {
        if (!scenario[0][i]) {
          f.failure[i] = build_failure[i];
          continue;
        }
        f.value[i] = compromise->Run(*scenario[0][i]).forecasts.at(0).position;
      }
    } else if (spec == "status-quo") {
      validation.label = "baseline:status-quo";
      validation.spec = "the reference point (no change)";
      for (std::size_t i = 0; i < n; ++i) {
        f.value[i] = data.issues[i].reference_point;
        if (!f.value[i]) f.failure[i] = "no reference point";
      }
    } else if (spec == "commission") {
      validation.label = "baseline:commission";
      validation.spec = "the Commission's position";
      for (std::size_t i = 0; i < n; ++i) {
        if (com != data.actors.end()) {
          f.value[i] = data.issues[i].position[static_cast<std::size_t>(com - data.actors.begin())];
        }
        if (!f.value[i]) f.failure[i] = "no Commission position";
      }
    } else if (spec == kBlendCv) {
      validation.label = fmt::format("blend ({}-fold CV)", options.folds);
      validation.spec =
          fmt::format("blend with weights refitted (LAD) in each of {} folds grouped by proposal",
                      options.folds);
      f = BlendCrossValidated(data, capability, options.folds, validation.fitted);
    } else {
      const std::unique_ptr<Model> model = registry.Create(spec);
      validation.label = spec_count[model->descriptor().name] > 1 ? spec : model->descriptor().name;
      validation.spec = model->spec().text;
      if (procedure) {
        validation.label += " +procedure";
        validation.spec += " with each issue's legislative procedure as its decision rule";
      }
      if (model->descriptor().name == "exchange") {
        // One multi-issue scenario per proposal.
        std::vector<std::string> proposals;
        for (const DeuIssue& issue : data.issues) {
          if (std::find(proposals.begin(), proposals.end(), issue.proposal) == proposals.end()) {
            proposals.push_back(issue.proposal);
          }
        }
        for (const std::string& proposal : proposals) {
          std::vector<std::size_t> members;
          for (std::size_t i = 0; i < n; ++i) {
            if (data.issues[i].proposal == proposal) members.push_back(i);
          }
          try {
            const Result result =
                model->Run(DeuProposalScenario(data, members, capability, procedure));
            for (std::size_t i : members) f.value[i] = result.Forecast(data.issues[i].id);
          } catch (const InputError& error) {
            for (std::size_t i : members) f.failure[i] = error.what();
          }
        }
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          if (!scenario[procedure][i]) {
            f.failure[i] = build_failure[i];
            continue;
          }
          try {
            f.value[i] = model->Run(*scenario[procedure][i]).forecasts.at(0).position;
          } catch (const InputError& error) {
            f.failure[i] = error.what();
          }
        }
      }
    }
    std::vector<double> all;
    std::map<std::string, std::vector<double>> by_procedure, by_rule;
    for (std::size_t i = 0; i < n; ++i) {
      const DeuIssue& issue = data.issues[i];
      report.predictions.push_back({validation.label, i, f.value[i], f.failure[i]});
      if (!issue.outcome) continue;
      if (!f.value[i]) {
        if (validation.failed++ == 0) validation.first_failure = issue.id + ": " + f.failure[i];
        continue;
      }
      const double error = std::abs(*f.value[i] - *issue.outcome);
      all.push_back(error);
      by_procedure[issue.procedure].push_back(error);
      by_rule[issue.voting_rule].push_back(error);
    }
    validation.overall = ComputeAccuracy(all);
    ScoreProbabilistic(data, f.value, fold, spread, spec == kFixedWidth, validation);
    for (const auto& [key, errors] : by_procedure) {
      validation.by_procedure[key] = ComputeAccuracy(errors);
    }
    for (const auto& [key, errors] : by_rule)
      validation.by_voting_rule[key] = ComputeAccuracy(errors);
    report.models.push_back(std::move(validation));
  }
  return report;
}

ErrorModel FitErrorModel(const ValidationReport& report, const std::string& data_hash) {
  ErrorModel model;
  model.method =
      "errors (outcome - forecast) of every scored issue, as 101 quantiles; scores in "
      "parley validate come from the same errors cross-validated by proposal";
  model.data = std::filesystem::path(report.source).filename().string();
  model.data_hash = data_hash;
  for (const ModelValidation& validation : report.models) {
    if (validation.errors.empty() || validation.label.rfind("baseline:", 0) == 0) continue;
    std::vector<double> sorted = validation.errors;
    std::sort(sorted.begin(), sorted.end());
    ModelErrors errors;
    errors.model = validation.label;
    errors.spec = validation.spec;
    errors.n = sorted.size();
    for (int q = 0; q <= 100; ++q) errors.quantiles.push_back(SampleQuantile(sorted, q / 100.0));
    errors.pit = validation.probabilistic.pit;
    errors.coverage80 = validation.probabilistic.coverage80;
    model.models.push_back(std::move(errors));
  }
  return model;
}

std::string HashFileBytes(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  std::uint64_t state = 0xcbf29ce484222325ULL;  // FNV-1a, as Scenario::ContentHash
  char c;
  while (stream.get(c)) {
    state ^= static_cast<unsigned char>(c);
    state *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", state);
}

namespace {

std::vector<std::string> GroupKeys(const ValidationReport& report, bool procedure) {
  std::vector<std::string> keys;
  for (const ModelValidation& m : report.models) {
    for (const auto& [key, accuracy] : procedure ? m.by_procedure : m.by_voting_rule) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::string Mae(const std::map<std::string, Accuracy>& groups, const std::string& key) {
  const auto it = groups.find(key);
  return it == groups.end() ? "-" : fmt::format("{:.2f}", it->second.mae);
}

nlohmann::ordered_json AccuracyJson(const Accuracy& a) {
  return {{"n", a.n},
          {"mae", a.mae},
          {"rmse", a.rmse},
          {"median_ae", a.median_ae},
          {"within10", a.within10}};
}

// Accuracy plus the probabilistic scores of the same group (when it has any).
nlohmann::ordered_json ScoredJson(const Accuracy& a, const ProbabilisticScore* p) {
  nlohmann::ordered_json json = AccuracyJson(a);
  if (p == nullptr || p->n == 0) return json;
  json["crps"] = p->crps;
  json["coverage50"] = p->coverage50;
  json["coverage80"] = p->coverage80;
  json["coverage90"] = p->coverage90;
  json["width80"] = p->width80;
  return json;
}

const ProbabilisticScore* FindScore(const std::map<std::string, ProbabilisticScore>& groups,
                                    const std::string& key) {
  const auto it = groups.find(key);
  return it == groups.end() ? nullptr : &it->second;
}

}  // namespace

std::string ValidationToTable(const ValidationReport& report) {
  const std::vector<std::string> procs = GroupKeys(report, true);
  const std::vector<std::string> rules = GroupKeys(report, false);
  std::string out = fmt::format(
      "Backtest on {}: {} issues, {} with an outcome; capabilities: {}\n"
      "Absolute errors on the 0-100 scale; MAE by procedure and by Council voting rule.\n\n",
      report.source, report.issues, report.scored, report.capabilities);
  std::size_t label_width = 22;
  for (const ModelValidation& m : report.models)
    label_width = std::max(label_width, m.label.size());
  out += fmt::format("{:<{}} {:>4} {:>6} {:>7} {:>7} {:>7} {:>6}", "model", label_width, "n",
                     "failed", "MAE", "RMSE", "MedAE", "<=10");
  for (const std::string& k : procs) out += fmt::format(" {:>7}", k);
  for (const std::string& k : rules) out += fmt::format(" {:>7}", k);
  out += '\n';
  for (const ModelValidation& m : report.models) {
    out += fmt::format("{:<{}} {:>4} {:>6} {:>7.2f} {:>7.2f} {:>7.2f} {:>5.0f}%", m.label,
                       label_width, m.overall.n, m.failed, m.overall.mae, m.overall.rmse,
                       m.overall.median_ae, 100 * m.overall.within10);
    for (const std::string& k : procs) out += fmt::format(" {:>7}", Mae(m.by_procedure, k));
    for (const std::string& k : rules) out += fmt::format(" {:>7}", Mae(m.by_voting_rule, k));
    out += '\n';
  }
  out += fmt::format(
      "\nPredictive distributions: each forecast plus the model's errors on the proposals of the "
      "other folds\n({}-fold cross-validation grouped by proposal; scaled: errors scaled by each "
      "issue's spread of positions).\nCRPS: lower is better (a point forecast's is its absolute "
      "error); coverage: share of outcomes inside the central interval.\n\n",
      report.folds);
  out += fmt::format("{:<{}} {:>4} {:>7} {:>6} {:>6} {:>6} {:>7}   {:>7} {:>6} {:>7}\n", "model",
                     label_width, "n", "CRPS", "cov50", "cov80", "cov90", "width80", "sc.CRPS",
                     "sc.c80", "sc.w80");
  for (const ModelValidation& m : report.models) {
    const ProbabilisticScore& p = m.probabilistic;
    if (p.n == 0) continue;
    out += fmt::format(
        "{:<{}} {:>4} {:>7.2f} {:>5.0f}% {:>5.0f}% {:>5.0f}% {:>7.1f}   {:>7.2f} {:>5.0f}% "
        "{:>7.1f}\n",
        m.label, label_width, p.n, p.crps, 100 * p.coverage50, 100 * p.coverage80,
        100 * p.coverage90, p.width80, m.scaled.crps, 100 * m.scaled.coverage80, m.scaled.width80);
  }
  out += '\n';
  for (const ModelValidation& m : report.models) {
    if (m.failed > 0) {
      out += fmt::format("{}: could not forecast {} scored issue(s), e.g. {}\n", m.label, m.failed,
                         m.first_failure);
    }
    if (!m.fitted.empty()) {
      out += fmt::format(
          "{}: out-of-sample errors; weights fitted on all issues (w_median, "
          "w_median_two): {:.3f}\n",
          m.label, fmt::join(m.fitted, ", "));
    }
  }
  return out;
}

std::string ValidationToJson(const ValidationReport& report) {
  nlohmann::ordered_json json;
  json["source"] = report.source;
  json["capabilities"] = report.capabilities;
  json["issues"] = report.issues;
  json["scored"] = report.scored;
  nlohmann::ordered_json models = nlohmann::ordered_json::array();
  for (const ModelValidation& m : report.models) {
    nlohmann::ordered_json entry;
    entry["model"] = m.label;
    entry["spec"] = m.spec;
    entry["failed"] = m.failed;
    if (m.failed > 0) entry["first_failure"] = m.first_failure;
    entry["overall"] = ScoredJson(m.overall, &m.probabilistic);
    if (m.probabilistic.n > 0) {
      entry["overall"]["pit"] = m.probabilistic.pit;
      entry["scaled"] = ScoredJson(m.overall, &m.scaled);
      entry["scaled"]["pit"] = m.scaled.pit;
    }
    for (const auto& [key, a] : m.by_procedure) {
      entry["by_procedure"][key] = ScoredJson(a, FindScore(m.probabilistic_by_procedure, key));
    }
    for (const auto& [key, a] : m.by_voting_rule) {
      entry["by_voting_rule"][key] = ScoredJson(a, FindScore(m.probabilistic_by_voting_rule, key));
    }
    if (!m.fitted.empty()) entry["fitted_weights_in_sample"] = m.fitted;
    models.push_back(entry);
  }
  json["models"] = models;
  return internal::Dump(json);
}

std::string ValidationToCsv(const ValidationReport& report) {
  using internal::CsvField;
  using internal::CsvNumber;
  std::string out =
      "model,spec,group_kind,group,n,failed,mae,rmse,median_ae,within10,crps,coverage50,"
      "coverage80,coverage90,width80\n";
  for (const ModelValidation& m : report.models) {
    auto row = [&](const std::string& kind, const std::string& group, const Accuracy& a,
                   const std::string& failed, const ProbabilisticScore* p) {
      const bool scored = p != nullptr && p->n > 0;
      auto number = [&](double value) { return scored ? CsvNumber(value) : std::string(); };
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", CsvField(m.label),
                         CsvField(m.spec), kind, CsvField(group), a.n, failed, CsvNumber(a.mae),
                         CsvNumber(a.rmse), CsvNumber(a.median_ae), CsvNumber(a.within10),
                         number(scored ? p->crps : 0), number(scored ? p->coverage50 : 0),
                         number(scored ? p->coverage80 : 0), number(scored ? p->coverage90 : 0),
                         number(scored ? p->width80 : 0));
    };
    row("all", "all", m.overall, std::to_string(m.failed), &m.probabilistic);
    for (const auto& [key, a] : m.by_procedure) {
      row("procedure", key, a, "", FindScore(m.probabilistic_by_procedure, key));
    }
    for (const auto& [key, a] : m.by_voting_rule) {
      row("voting_rule", key, a, "", FindScore(m.probabilistic_by_voting_rule, key));
    }
  }
  return out;
}

std::string PredictionsToCsv(const DeuData& data, const ValidationReport& report) {
  using internal::CsvField;
  using internal::CsvNumber;
  std::string out =
      "model,proposal,issue,procedure,voting_rule,reference_point,outcome,forecast,error,"
      "failure\n";
  auto opt = [](const std::optional<double>& v) { return v ? CsvNumber(*v) : std::string(); };
  for (const ValidationPrediction& p : report.predictions) {
    const DeuIssue& issue = data.issues.at(p.issue);
    std::string error;
    if (p.forecast && issue.outcome) error = CsvNumber(*p.forecast - *issue.outcome);
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", CsvField(p.model),
                       CsvField(issue.proposal), CsvField(issue.id), CsvField(issue.procedure),
                       CsvField(issue.voting_rule), opt(issue.reference_point), opt(issue.outcome),
                       opt(p.forecast), error, CsvField(p.failure));
  }
  return out;
}

}  // namespace parley
