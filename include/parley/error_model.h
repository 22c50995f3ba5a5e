// parley/error_model.h: how wrong the models are, as predictive distributions checked
// against real outcomes, and carried to new cases.
//
// A model's forecast is a point. Its predictive distribution adds the model's own error,
// estimated out of sample: for an issue i, the errors (outcome - forecast) of the issues
// in the other folds of a cross-validation grouped by proposal (never i's own proposal),
// added to i's forecast and clamped to the scale, so that outcomes piling up at the scale's
// ends get point masses there (split/cross conformal prediction: Vovk, Gammerman & Shafer
// 2005; Barber et al. 2021 on the jackknife+/CV+). Two variants:
//   empirical   the errors as they are (unconditional);
//   scaled      each error divided by its issue's spread of positions (salience-weighted
//               standard deviation, plus 5 scale points) and multiplied by issue i's: wider
//               intervals where the actors disagree more, known before the outcome
//               (locally weighted conformal prediction, Lei et al. 2018).
// Scores (Gneiting & Raftery 2007): the continuous ranked probability score of the
// predictive sample, CRPS = E|X - y| - E|X - X'| / 2 (lower is better; equals the absolute
// error for a point forecast); the coverage of the central 50%, 80% and 90% intervals (the
// share of outcomes inside; calibrated when it equals the nominal level); the mean width of
// the 80% interval; and the histogram of the probability integral transform (mid-PIT,
// F(y-) + (F(y) - F(y-)) / 2, ten bins: flat when calibrated).
//
// An ErrorModel is the error sample of each model summarised by its quantiles, fitted on a
// data set (`parley validate --fit-errors`) and applied to new scenarios (`parley ensemble
// --errors`): on an issue with range R, the forecast distribution from input uncertainty is
// convolved with the errors scaled by R / 100 (DEU outcomes are on 0-100) and clamped to the
// scale. A model fitted on EU legislation is an outside view for other domains.
//
// Contract: pure functions, deterministic; ParseErrorModel and LoadErrorModel throw
// InputError naming the file and field.
#ifndef PARLEY_ERROR_MODEL_H_
#define PARLEY_ERROR_MODEL_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "parley/ensemble.h"
#include "parley/scenario.h"

namespace parley {

// The quantile of a sorted sample at p in [0, 1], linear between order statistics.
double SampleQuantile(const std::vector<double>& sorted, double p);
// CRPS of a predictive sample (sorted ascending) at outcome y: E|X - y| - E|X - X'| / 2.
double SampleCrps(const std::vector<double>& sorted, double outcome);
// Mid-PIT of y under the sample (sorted): share below y plus half the share equal to it.
double SamplePit(const std::vector<double>& sorted, double outcome);

inline constexpr std::size_t kPitBins = 10;

// Probabilistic scores over a set of issues.
struct ProbabilisticScore {
  std::size_t n = 0;
  double crps = 0;
  double coverage50 = 0, coverage80 = 0, coverage90 = 0;
  double width80 = 0;
  std::vector<double> pit;  // kPitBins shares
};

// Accumulates per-issue predictive samples and outcomes into a ProbabilisticScore.
class ScoreAccumulator {
 public:
  void Add(std::vector<double> sample, double outcome);  // the sample need not be sorted
  ProbabilisticScore Score() const;

 private:
  std::size_t n_ = 0;
  double crps_ = 0, inside50_ = 0, inside80_ = 0, inside90_ = 0, width80_ = 0;
  std::vector<double> pit_ = std::vector<double>(kPitBins, 0.0);
};

// The fitted errors of one model: quantiles of (outcome - forecast) on the data's 0-100
// scale at levels 0, 0.01, ..., 1.
struct ModelErrors {
  std::string model;  // the row label in `parley validate`, e.g. "compromise"
  std::string spec;
  std::size_t n = 0;
  std::vector<double> quantiles;  // 101 values
  // How calibrated its cross-validated predictive distribution was on the data (optional):
  // the PIT histogram (kPitBins shares) and the coverage of the 80% interval.
  std::vector<double> pit;
  double coverage80 = -1;  // -1 = not recorded
};

struct ErrorModel {
  std::string method;     // how the errors were obtained
  std::string data;       // the data set's name
  std::string data_hash;  // FNV-1a of its bytes
  std::string scale = "0-100";
  std::vector<ModelErrors> models;

  // The errors of `model` (its registry name or row label), or nullptr.
  const ModelErrors* Find(const std::string& model) const;
};

std::string ErrorModelToJson(const ErrorModel& model);
ErrorModel ParseErrorModel(const std::string& text, const std::string& source);
// "deu3" (shipped, fitted on the DEU III development file; docs/error-models.md) or a path.
ErrorModel LoadErrorModel(const std::string& name_or_path);

// Ranges per model and issue of an ensemble: from input uncertainty alone, and with the
// model's error as well (nullopt where the error model has no such model).
struct ErrorRange {
  std::string issue_id;
  double input_p5 = 0, input_p50 = 0, input_p95 = 0;
  bool has_error = false;
  double error_p5 = 0, error_p50 = 0, error_p95 = 0;
};
struct ModelErrorRanges {
  std::string model, spec;
  std::string errors_of;  // the error model's entry used, empty when none
  std::vector<ErrorRange> issues;
};
std::vector<ModelErrorRanges> ApplyErrorModel(const Scenario& scenario,
                                              const EnsembleResult& ensemble,
                                              const ErrorModel& errors);
std::string ErrorRangesToTable(const ErrorModel& errors,
                               const std::vector<ModelErrorRanges>& ranges);
// The ensemble's JSON with "model_error" (method, data, and per model and issue the two
// ranges), and its tidy CSV with rows with_model_error_p5/p50/p95.
std::string EnsembleWithErrorsToJson(const EnsembleResult& ensemble, const ErrorModel& errors,
                                     const std::vector<ModelErrorRanges>& ranges);
std::string EnsembleWithErrorsToCsv(const EnsembleResult& ensemble,
                                    const std::vector<ModelErrorRanges>& ranges);

}  // namespace parley

#endif  // PARLEY_ERROR_MODEL_H_
