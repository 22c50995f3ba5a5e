// parley/ensemble.h: Monte Carlo ensembles and sensitivity analysis over a scenario's
// uncertain inputs (see Scenario::uncertain_inputs and docs/scenario-format.md).
//
// Ensemble: run r (0-based) draws every uncertain input, in the scenario's order, from
// pcg32(seed, r) -- the run index selects the pcg stream -- so a run's inputs depend on
// (seed, r) alone. Input i takes the i-th 32-bit output k and the value of its inverse CDF
// (InverseCdf) at (k + 1/2) / 2^32; a normal input is truncated exactly by inversion on
// [Phi(low), Phi(high)]. The standard normal quantile is Wichura's AS 241 (accurate to
// about 1e-16) since it replaced Boost's erfc_inv: the stream is the same, and normal draws
// differ from before only in their last bits (at most 8 ulp of the standard normal value;
// src/analysis/sampling.h), which moves summaries by rounding only.
//
// Runs are grouped into blocks of EnsembleBlockRuns(N) consecutive runs, a size that
// depends only on N. Order-sensitive floating-point summaries (Welford means and
// variances) are computed per block and merged in block order; everything else is an
// integer count or a value stored at its run's index. Hence results are bit-identical for
// any number of threads and of MPI ranks (each rank takes a contiguous range of blocks;
// EnsemblePartial carries what rank 0 needs to merge).
//
// Each thread keeps its scenario copy, models, their workspaces and Results between runs
// (Model::RunInto), so a run allocates nothing in steady state for compromise, median,
// procedural, blend and nash (eum, smp and exchange allocate inside their own runs).
//
// Quantiles are exact (type 7, linear interpolation between order statistics, as R's
// default and numpy's) while runs <= quantile_cap; beyond, they are read from a histogram of
// kSketchBins equal bins on the issue's scale with linear interpolation inside the bin
// holding the order statistic x_(floor h), h = (runs - 1) p: the estimate lies in that
// bin, so its distance from the exact type-7 quantile is at most one bin width,
// (max - min) / kSketchBins (0.0061 on a 0-100 scale), plus the gap x_(floor h + 1) -
// x_(floor h) the exact value interpolates across (negligible at the run counts, > 10^6,
// where the sketch is used), whatever the distribution. Tested in ensemble_test.cc.
//
// Sensitivity: one-at-a-time (tornado) and variance-based Sobol indices, see
// RunSensitivity.
#ifndef PARLEY_ENSEMBLE_H_
#define PARLEY_ENSEMBLE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "parley/scenario.h"

namespace parley {

// The value of an uncertain input at probability u in (0, 1): its inverse CDF.
double InverseCdf(const Distribution& distribution, double u);

// A concrete scenario: run `run` of the ensemble with `seed` (same draws as RunEnsemble).
Scenario SampleScenario(const Scenario& scenario, std::uint64_t seed, std::uint64_t run);

// `--threshold ISSUE>=X` (also >, <=, <): the probability the outcome satisfies it.
struct Threshold {
  std::string text;  // as given, e.g. "nk-pressure>=60"
  std::size_t issue = 0;
  enum class Op { kGreaterEqual, kGreater, kLessEqual, kLess } op = Op::kGreaterEqual;
  double value = 0;
  bool Holds(double outcome) const;
};
// Throws InputError (field "--threshold") on bad syntax, unknown issue or a non-number.
Threshold ParseThreshold(const std::string& text, const Scenario& scenario);

inline constexpr std::size_t kHistogramBins = 20;
inline constexpr std::size_t kSketchBins = 16384;
inline constexpr std::uint64_t kDefaultQuantileCap = 1000000;

struct EnsembleOptions {
  std::uint64_t runs = 1000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0 = all cores
  std::vector<Threshold> thresholds;
  std::uint64_t quantile_cap = kDefaultQuantileCap;  // exact quantiles up to this many runs
  // Called from worker threads with the number of runs just finished (for progress bars).
  std::function<void(std::uint64_t)> progress;
};

struct IssueSummary {
  std::string issue_id;
  double mean = 0, sd = 0, min = 0, max = 0;
  std::vector<double> quantiles;         // at kQuantileLevels
  std::vector<std::uint64_t> histogram;  // kHistogramBins equal bins on the scale
};
inline const std::vector<double> kQuantileLevels = {0.05, 0.25, 0.5, 0.75, 0.95};

struct MoveShare {
  std::string actor_id;
  std::string kind;  // Move::kind
  double share = 0;  // share of runs in which the actor made at least one such move
};

struct ModelSummary {
  std::string model, spec;
  std::vector<IssueSummary> issues;           // scenario order
  std::vector<double> threshold_probability;  // one per threshold
  std::vector<MoveShare> moves;               // by actor (scenario order), then kind
};

struct EnsembleResult {
  std::string scenario_name, input_hash;
  std::uint64_t seed = 0, runs = 0, block_runs = 0;
  bool exact_quantiles = true;
  std::vector<std::string> inputs;  // "label ~ distribution", scenario order
  std::vector<Threshold> thresholds;
  std::vector<ModelSummary> models;
};

// Runs in a block: max(64, ceil(runs / 65536)), so there are at most 65536 blocks.
std::uint64_t EnsembleBlockRuns(std::uint64_t runs);

// What a range of blocks produced, mergeable in block order; serialisable for MPI.
struct EnsemblePartial {
  std::uint64_t block_begin = 0, block_end = 0;
  std::vector<double> block_moments;       // per block, model, issue: count, mean, M2, min, max
  std::vector<double> values;              // per model, issue, run of the range (exact quantiles)
  std::vector<std::uint64_t> counts;       // histograms, sketch bins, thresholds
  std::vector<std::string> move_kinds;     // sorted
  std::vector<std::uint64_t> move_counts;  // per model, kind, actor

  std::string Serialize() const;
  static EnsemblePartial Deserialize(const std::string& bytes);
};

// Runs blocks [block_begin, block_end) of the ensemble.
EnsemblePartial RunEnsembleBlocks(const Scenario& scenario, const std::vector<std::string>& specs,
                                  const EnsembleOptions& options, std::uint64_t block_begin,
                                  std::uint64_t block_end);
// Merges partials covering every block, given in block order, into the summaries.
EnsembleResult FinishEnsemble(const Scenario& scenario, const std::vector<std::string>& specs,
                              const EnsembleOptions& options,
                              std::vector<EnsemblePartial> partials);
// Both steps in one process.
EnsembleResult RunEnsemble(const Scenario& scenario, const std::vector<std::string>& specs,
                           const EnsembleOptions& options);

std::string EnsembleToJson(const EnsembleResult& result);
std::string EnsembleToCsv(const EnsembleResult& result);  // tidy: model,spec,issue,stat,value
std::string EnsembleToTable(const EnsembleResult& result);

// ---------------------------------------------------------------------------------------
// Sensitivity

struct SensitivityOptions {
  std::uint64_t runs = 2048;  // N, the rows of the Saltelli matrices: N (k + 2) model runs
  std::uint64_t seed = 1;
  int threads = 0;
  int bootstrap = 200;                         // resamples for the standard errors
  double low_level = 0.05, high_level = 0.95;  // tornado: each input at these quantiles
  std::function<void(std::uint64_t)> progress;
};

struct TornadoBar {
  std::string input;                         // label
  double low_value = 0, high_value = 0;      // the input at low_level / high_level
  double low_outcome = 0, high_outcome = 0;  // the issue's outcome, others at nominal
  double swing() const { return high_outcome - low_outcome; }
};

struct SobolIndex {
  std::string input;
  double first = 0, first_se = 0;  // S_i, Saltelli (2010) estimator
  double total = 0, total_se = 0;  // S_Ti, Jansen (1999) estimator
};

struct IssueSensitivity {
  std::string issue_id;
  double nominal = 0;               // outcome on the nominal scenario
  double variance = 0;              // V(Y) from the A and B samples
  std::vector<TornadoBar> tornado;  // by |swing|, largest first
  std::vector<SobolIndex> sobol;    // scenario input order
};

struct SensitivityResult {
  std::string scenario_name, input_hash, model, spec;
  std::uint64_t seed = 0, runs = 0, model_runs = 0;
  int bootstrap = 0;
  std::vector<IssueSensitivity> issues;
};

// Throws InputError when the scenario has no uncertain inputs.
SensitivityResult RunSensitivity(const Scenario& scenario, const std::string& spec,
                                 const SensitivityOptions& options);

std::string SensitivityToJson(const SensitivityResult& result);
std::string SensitivityToCsv(const SensitivityResult& result);
std::string SensitivityToTable(const SensitivityResult& result);

}  // namespace parley

#endif  // PARLEY_ENSEMBLE_H_
