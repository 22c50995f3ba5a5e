// parley/report.h: one self-contained HTML report of a scenario and everything parley says
// about it, for policy analysts (`parley report`).
//
// The page holds, each in a <section> with a fixed id:
//   findings              first: the one-page brief (parley/brief.h, MakeBrief over the
//                         default models): forecasts and who decides each issue, linkage,
//                         agenda edits, what the answer hinges on;
//   section-scenario      actors, issues, positions and saliences (tables) and a position
//                         chart per issue;
//   section-forecasts     every model's forecast side by side (table and chart);
//   section-trajectories  positions round by round for the iterative models (eum, exchange,
//                         smp: Result::trajectory), zoomable;
//   section-linkage       linked vs separate, deals, agenda changes, enforcement
//                         (AnalyzeLinkage with its defaults, as `parley linkage`);
//   section-leverage      the capabilities derived from trade data (as `parley check`);
//   section-ensemble      outcome distributions per issue and model (RunEnsemble), when
//                         runs > 0;
//   section-sensitivity   a tornado per issue and Sobol indices (RunSensitivity), when
//                         runs > 0.
// Every section is always present; one with nothing to show says why. A header
// (id report-header) records the scenario's content hash, the resolved model specs, the
// seed, the number of runs and the parley version, so the report can be reproduced.
//
// Contract:
//   - Self-contained: the page opens offline. Vega, Vega-Lite and vega-embed are compiled
//     into the library (from web/package-lock.json, at build time) and inlined in <script>
//     elements with the chart specs as one JSON blob; the page loads nothing.
//   - Deterministic: the same scenario and options give byte-identical HTML (no dates, no
//     thread-dependent numbers: ensembles and sensitivity are deterministic by design).
//   - Safe: every text from the scenario is HTML-escaped in the page and JSON-escaped (with
//     '<', '>' and '&' as \u escapes) in the chart specs.
//   - Page checks for headless tests: errors (window.onerror, failed charts) are written
//     into <pre id="parley-errors">; once every chart has been tried,
//     document.body.dataset.rendered holds the number of charts rendered, and
//     document.body.dataset.charts the number of chart containers (elements with a
//     data-chart attribute).
//   - Errors: a model spec that does not parse, or a model given in `models` that cannot
//     run on the scenario, throws InputError. With `models` empty, every registered model
//     that runs on the scenario is used and those that cannot are listed in the report.
//     Parts that cannot be computed for this scenario (e.g. sensitivity without uncertain
//     inputs) are explained in their section rather than thrown.
#ifndef PARLEY_REPORT_H_
#define PARLEY_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "parley/scenario.h"

namespace parley {

struct ReportOptions {
  // Model specs; empty = every registered model that runs on the scenario.
  std::vector<std::string> models;
  // Ensemble runs per model; 0 = no ensemble and no sensitivity analysis.
  std::uint64_t runs = 0;
  // Seed of the ensemble and the sensitivity analysis (pcg32 streams, see ensemble.h).
  std::uint64_t seed = 1;
  // Worker threads for the ensemble and sensitivity runs; 0 = every core. The report does
  // not depend on it.
  int threads = 0;
  // The model the sensitivity analysis runs; empty = the first of the report's models.
  std::string sensitivity_model;
  // Rows N of the sensitivity design (N (k + 2) model runs for k uncertain inputs); 0 =
  // runs / (k + 2), at least 16, so the analysis costs about as much as one model's
  // ensemble.
  std::uint64_t sensitivity_rows = 0;
  // An error model ("deu3" or a file from parley validate --fit-errors; parley/
  // error_model.h): with runs > 0, the ensemble section adds each model's range with its own
  // error (a fan chart per issue) and the error model's calibration chart; the findings
  // give the range too. Empty = none.
  std::string errors;
  // Deals listed in the linkage section (all are counted).
  std::size_t max_deals = 15;
  // How the report was asked for, shown in the header so a reader can run it again
  // (e.g. "parley report examples/korea-2017.yaml --runs 2000 --seed 1 -o r.html");
  // empty = the header shows the options only.
  std::string command_line;
  // Called from worker threads with the number of model runs just finished.
  std::function<void(std::uint64_t)> progress;
};

// The number of model runs BuildReportHtml makes beyond the plain forecasts (ensemble and
// sensitivity), for progress bars.
std::uint64_t ReportModelRuns(const Scenario& scenario, const ReportOptions& options);

// The whole report as one HTML document (UTF-8).
std::string BuildReportHtml(const Scenario& scenario, const ReportOptions& options);

}  // namespace parley

#endif  // PARLEY_REPORT_H_
