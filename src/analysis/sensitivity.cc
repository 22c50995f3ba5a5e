// Sensitivity of each issue's outcome to the scenario's uncertain inputs (parley/ensemble.h).
//
// Tornado (one at a time): each input at its low_level and high_level quantiles, every
// other input at its nominal value; bars sorted by |swing|.
//
// Sobol indices (Sobol' 1993), estimated as in Saltelli et al. (2010), "Variance based
// sensitivity analysis of model output. Design and estimator for the total sensitivity
// index", Comput. Phys. Commun. 181:259-270. With k inputs and N rows, A and B are N x k
// matrices of independent draws (here pseudo-random: row j of A from pcg32(seed, 2j), of B
// from pcg32(seed, 2j+1), as inverse-CDF images of uniforms), and A_B^(i) is A with column i
// taken from B. With f the model outcome of an issue and V = Var(f) over the 2N rows of A
// and B:
//   first order  S_i  = (1/N) sum_j f(B)_j (f(A_B^(i))_j - f(A)_j) / V   (Saltelli 2010,
//                                                                         Table 2, (b))
//   total        S_Ti = (1/2N) sum_j (f(A)_j - f(A_B^(i))_j)^2 / V       (Jansen 1999;
//                                                                         Table 2, (f))
// f(B) is centred on the mean of the f(A) and f(B) outputs before use in S_i: since
// E[f(A_B^(i)) - f(A)] = 0 this leaves the estimator's expectation unchanged and removes the
// variance a large mean outcome would add (outcomes are positions on a 0-100 scale, far
// from 0). N (k + 2) model runs in all. Standard errors: bootstrap over the rows (Efron 1979;
// Archer, Saltelli & Sobol 1997): the sd of the estimates over `bootstrap` resamples of the
// N rows with replacement, drawn from a pcg32 stream of their own, so they are
// deterministic too.
#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <pcg_random.hpp>

#include "analysis/sampling.h"
#include "io/format.h"
#include "parley/ensemble.h"
#include "parley/registry.h"

namespace parley {

namespace {

struct SobolEstimate {
  std::vector<double> first, total;
};

// y[(row * (k + 2) + column) * issues + issue]: column 0 = A, 1 = B, 2 + i = A_B^(i).
SobolEstimate Estimate(const std::vector<double>& y, const std::vector<std::size_t>& rows,
                       std::size_t k, std::size_t issues, std::size_t issue) {
  auto at = [&](std::size_t row, std::size_t column) {
    return y[(row * (k + 2) + column) * issues + issue];
  };
  const double n = static_cast<double>(rows.size());
  double mean = 0;
  for (std::size_t row : rows) mean += at(row, 0) + at(row, 1);
  mean /= 2 * n;
  double variance = 0;
  for (std::size_t row : rows) {
    variance +=
        (at(row, 0) - mean) * (at(row, 0) - mean) + (at(row, 1) - mean) * (at(row, 1) - mean);
  }
  variance /= 2 * n - 1;
  SobolEstimate estimate{std::vector<double>(k, 0), std::vector<double>(k, 0)};
  if (!(variance > 0)) return estimate;
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (std::size_t row : rows) {
      const double a = at(row, 0), b = at(row, 1), ab = at(row, 2 + i);
      first += (b - mean) * (ab - a);
      total += (a - ab) * (a - ab);
    }
    estimate.first[i] = first / n / variance;
    estimate.total[i] = total / (2 * n) / variance;
  }
  return estimate;
}

struct SensitivityThread {
  SensitivityThread(const Scenario& scenario, const std::string& hash, const std::string& spec)
      : workspace(scenario, hash),
        model(DefaultRegistry().Create(spec)),
        model_workspace(model->NewWorkspace()) {}
  internal::ScenarioWorkspace workspace;
  std::unique_ptr<Model> model;
  std::unique_ptr<ModelWorkspace> model_workspace;  // Model::RunInto's, with `out`
  Result out;
  std::vector<double> a_row, b_row;
};

}  // namespace

SensitivityResult RunSensitivity(const Scenario& scenario, const std::string& spec,
                                 const SensitivityOptions& options) {
  const std::size_t k = scenario.uncertain_inputs().size();
  if (k == 0) {
    throw InputError({scenario.source(), 0, 0}, "uncertainty",
                     "the scenario has no uncertain inputs; give a position, salience or "
                     "capability a distribution, or set uncertainty: {relative_noise: r}");
  }
  if (options.runs < 2) throw InputError({}, "--runs", "expected at least 2 rows");
  const std::size_t issues = scenario.issue_count();
  const std::string hash = scenario.ContentHash();
  const ModelSpec resolved = DefaultRegistry().Parse(spec);
  SensitivityResult result;
  result.scenario_name = scenario.name();
  result.input_hash = hash;
  result.model = resolved.name;
  result.spec = resolved.text;
  result.seed = options.seed;
  result.runs = options.runs;
  result.model_runs = options.runs * (k + 2) + 2 * k + 1;
  result.bootstrap = options.bootstrap;

  // Tornado, on the calling thread (2k + 1 runs).
  SensitivityThread local(scenario, hash, spec);
  internal::ScenarioWorkspace& workspace = local.workspace;
  const Result nominal = local.model->Run(workspace.scenario());
  result.issues.resize(issues);
  for (std::size_t q = 0; q < issues; ++q) {
    result.issues[q].issue_id = scenario.issue(q).id;
    result.issues[q].nominal = nominal.forecasts[q].position;
  }
  for (std::size_t i = 0; i < k; ++i) {
    const std::string label = scenario.InputLabel(scenario.uncertain_inputs()[i]);
    const double low = workspace.sampler(i)(options.low_level);
    const double high = workspace.sampler(i)(options.high_level);
    workspace.Set(i, low);
    const Result at_low = local.model->Run(workspace.scenario());
    workspace.Set(i, high);
    const Result at_high = local.model->Run(workspace.scenario());
    workspace.Set(i, workspace.nominal(i));
    for (std::size_t q = 0; q < issues; ++q) {
      result.issues[q].tornado.push_back(
          {label, low, high, at_low.forecasts[q].position, at_high.forecasts[q].position});
    }
  }
  for (IssueSensitivity& issue : result.issues) {
    std::stable_sort(issue.tornado.begin(), issue.tornado.end(),
                     [](const TornadoBar& a, const TornadoBar& b) {
                       return std::abs(a.swing()) > std::abs(b.swing());
                     });
  }

  // The Saltelli design: every row's k + 2 runs in one task, outputs at fixed indices.
  const std::size_t n = options.runs;
  std::vector<double> y(n * (k + 2) * issues);
  tbb::enumerable_thread_specific<SensitivityThread> states(
      [&] { return SensitivityThread(scenario, hash, spec); });
  auto run_row = [&](std::size_t row) {
    SensitivityThread& state = states.local();
    state.a_row.resize(k);
    state.b_row.resize(k);
    pcg32 a_rng(options.seed, 2 * row), b_rng(options.seed, 2 * row + 1);
    for (std::size_t i = 0; i < k; ++i) {
      state.a_row[i] = state.workspace.sampler(i)(internal::UnitFromBits(a_rng()));
      state.b_row[i] = state.workspace.sampler(i)(internal::UnitFromBits(b_rng()));
    }
    auto run = [&](std::size_t column) {
      state.model->RunInto(state.workspace.scenario(), *state.model_workspace, state.out);
      for (std::size_t q = 0; q < issues; ++q) {
        y[(row * (k + 2) + column) * issues + q] = state.out.forecasts[q].position;
      }
    };
    for (std::size_t i = 0; i < k; ++i) state.workspace.Set(i, state.a_row[i]);
    run(0);
    for (std::size_t i = 0; i < k; ++i) state.workspace.Set(i, state.b_row[i]);
    run(1);
    for (std::size_t i = 0; i < k; ++i) state.workspace.Set(i, state.a_row[i]);
    for (std::size_t i = 0; i < k; ++i) {
      state.workspace.Set(i, state.b_row[i]);
      run(2 + i);
      state.workspace.Set(i, state.a_row[i]);
    }
    if (options.progress) options.progress(k + 2);
  };
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 16),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t row = range.begin(); row != range.end(); ++row) {
                          run_row(row);
                        }
                      });
  });

  std::vector<std::size_t> all_rows(n);
  for (std::size_t row = 0; row < n; ++row) all_rows[row] = row;
  // Bootstrap resamples, shared by every issue; pcg stream 2^63 is far from the rows'.
  std::vector<std::vector<std::size_t>> resamples(options.bootstrap, std::vector<std::size_t>(n));
  pcg32 boot_rng(options.seed, std::uint64_t{1} << 62);
  for (auto& resample : resamples) {
    for (std::size_t& row : resample) row = boot_rng(static_cast<std::uint32_t>(n));
  }
  for (std::size_t q = 0; q < issues; ++q) {
    IssueSensitivity& issue = result.issues[q];
    const SobolEstimate point = Estimate(y, all_rows, k, issues, q);
    std::vector<double> sum_first(k, 0), sq_first(k, 0), sum_total(k, 0), sq_total(k, 0);
    for (const auto& resample : resamples) {
      const SobolEstimate replicate = Estimate(y, resample, k, issues, q);
      for (std::size_t i = 0; i < k; ++i) {
        sum_first[i] += replicate.first[i];
        sq_first[i] += replicate.first[i] * replicate.first[i];
        sum_total[i] += replicate.total[i];
        sq_total[i] += replicate.total[i] * replicate.total[i];
      }
    }
    // V from all 2N outputs of A and B, for the report.
    double mean = 0, m2 = 0, count = 0;
    for (std::size_t row = 0; row < n; ++row) {
      for (std::size_t column = 0; column < 2; ++column) {
        const double x = y[(row * (k + 2) + column) * issues + q];
        count += 1;
        const double delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
      }
    }
    issue.variance = m2 / (count - 1);
    const double r = static_cast<double>(options.bootstrap);
    auto sd = [&](double sum, double sq) {
      return r > 1 ? std::sqrt(std::max(0.0, (sq - sum * sum / r) / (r - 1))) : 0.0;
    };
    for (std::size_t i = 0; i < k; ++i) {
      issue.sobol.push_back({scenario.InputLabel(scenario.uncertain_inputs()[i]), point.first[i],
                             sd(sum_first[i], sq_first[i]), point.total[i],
                             sd(sum_total[i], sq_total[i])});
    }
  }
  return result;
}

std::string SensitivityToJson(const SensitivityResult& result) {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["sensitivity"] = {{"scenario", result.scenario_name},
                        {"input_hash", result.input_hash},
                        {"model", result.model},
                        {"spec", result.spec},
                        {"seed", result.seed},
                        {"rows", result.runs},
                        {"model_runs", result.model_runs},
                        {"bootstrap", result.bootstrap}};
  ordered_json issues = ordered_json::array();
  for (const IssueSensitivity& issue : result.issues) {
    ordered_json tornado = ordered_json::array();
    for (const TornadoBar& bar : issue.tornado) {
      tornado.push_back({{"input", bar.input},
                         {"low_value", bar.low_value},
                         {"high_value", bar.high_value},
                         {"low_outcome", bar.low_outcome},
                         {"high_outcome", bar.high_outcome},
                         {"swing", bar.swing()}});
    }
    ordered_json sobol = ordered_json::array();
    for (const SobolIndex& index : issue.sobol) {
      sobol.push_back({{"input", index.input},
                       {"first", index.first},
                       {"first_se", index.first_se},
                       {"total", index.total},
                       {"total_se", index.total_se}});
    }
    issues.push_back({{"issue", issue.issue_id},
                      {"nominal", issue.nominal},
                      {"variance", issue.variance},
                      {"tornado", tornado},
                      {"sobol", sobol}});
  }
  doc["issues"] = issues;
  return internal::Dump(doc);
}

std::string SensitivityToCsv(const SensitivityResult& result) {
  using internal::CsvField;
  using internal::CsvNumber;
  std::string out = "model,spec,issue,input,statistic,value,seed,rows\n";
  const std::string head = CsvField(result.model) + "," + CsvField(result.spec) + ",";
  const std::string tail = fmt::format(",{},{}\n", result.seed, result.runs);
  for (const IssueSensitivity& issue : result.issues) {
    auto row = [&](const std::string& input, const char* statistic, double value) {
      out += head + CsvField(issue.issue_id) + "," + CsvField(input) + "," + statistic + "," +
             CsvNumber(value) + tail;
    };
    row("", "nominal", issue.nominal);
    row("", "variance", issue.variance);
    for (const TornadoBar& bar : issue.tornado) {
      row(bar.input, "tornado_low_outcome", bar.low_outcome);
      row(bar.input, "tornado_high_outcome", bar.high_outcome);
    }
    for (const SobolIndex& index : issue.sobol) {
      row(index.input, "sobol_first", index.first);
      row(index.input, "sobol_first_se", index.first_se);
      row(index.input, "sobol_total", index.total);
      row(index.input, "sobol_total_se", index.total_se);
    }
  }
  return out;
}

std::string SensitivityToTable(const SensitivityResult& result) {
  std::string out =
      fmt::format("Sensitivity of {} ({} rows, {} model runs, seed {}, {} bootstrap resamples)\n",
                  result.spec, result.runs, result.model_runs, result.seed, result.bootstrap);
  for (const IssueSensitivity& issue : result.issues) {
    out += fmt::format("\n{}: nominal {:.2f}, sd {:.2f}\n", issue.issue_id, issue.nominal,
                       std::sqrt(issue.variance));
    out += fmt::format("  {:<28} {:>8} {:>8} {:>8}   {:>13} {:>13}\n", "input (tornado order)",
                       "at low", "at high", "swing", "S_i (se)", "S_Ti (se)");
    for (const TornadoBar& bar : issue.tornado) {
      const auto index = std::find_if(issue.sobol.begin(), issue.sobol.end(),
                                      [&](const SobolIndex& s) { return s.input == bar.input; });
      out += fmt::format(
          "  {:<28} {:>8.2f} {:>8.2f} {:>+8.2f}   {:>6.3f} ({:.3f}) {:>6.3f} ({:.3f})\n", bar.input,
          bar.low_outcome, bar.high_outcome, bar.swing(), index->first, index->first_se,
          index->total, index->total_se);
    }
  }
  return out;
}

}  // namespace parley
