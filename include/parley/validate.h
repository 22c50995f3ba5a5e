// parley/validate.h: backtesting models on negotiations whose outcomes are known.
//
// The data are the DEU tables (Decision-making in the European Union; Thomson, Stokman,
// Achen & Koenig (eds.), The European Union Decides, 2006; DEU III: Arregui & Perarnaud
// 2021): one row per controversial issue of an EU legislative proposal, with every actor's
// position (0-100) and salience (0-100), the reference point (status quo) and the outcome.
//
// Reader conventions (ParseDeuTable):
//   - tab-separated with a header row; actors are the columns p<code> that have a matching
//     s<code> column (com = Commission, ep = Parliament, then the member states);
//   - a row whose prnr and isnr are blank is the capability row (relative capabilities);
//   - an actor takes part in an issue when it has a position AND a salience; an actor with
//     a position but a blank salience cannot be weighted and takes no part either (this is
//     how the published compromise figure, MAE 24.19 on the development file, is obtained);
//   - rp = reference point (status quo, optional), out = outcome (optional: issues without
//     an outcome are read but not scored);
//   - errors name the file, line, column (field), value and what was expected.
//
// Capabilities (CapabilitySource):
//   equal  every actor 1;
//   file   the capability row of the file (an error when the file has none);
//   nice   Council votes under the Treaty of Nice (Art. 205(2) TEC as amended by the Act of
//          Accession 2003 and 2005): DE/FR/IT/UK 29, ES/PL 27, RO 14, NL 13,
//          BE/CZ/EL/HU/PT 12, AT/BU/SE 10, DK/IE/LT/SK/FI 7, CY/EE/LV/LU/SI 4, MT 3;
//          Croatia 7 (Act of Accession 2012). The Commission and the Parliament have no
//          Council votes; each is given 29, the weight of the largest member state (a
//          convention of this implementation: both are co-legislators/agenda setters
//          whose agreement matters as much as a large state's).
//   FILE   a text file of lines "actor<TAB or comma>capability" ('#' comments); actors it
//          does not list have capability 1.
#ifndef PARLEY_VALIDATE_H_
#define PARLEY_VALIDATE_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/error_model.h"
#include "parley/scenario.h"

namespace parley {

struct DeuIssue {
  std::string proposal;                         // prnr
  std::string proposal_name;                    // prname
  std::string id;                               // isnr
  std::string procedure;                        // proc: COD or CNS (as in the file)
  std::string voting_rule;                      // counvte: QMV or Unan (as in the file)
  std::optional<double> reference_point;        // rp
  std::optional<double> outcome;                // out
  std::vector<std::optional<double>> position;  // per actor, 0-100
  std::vector<std::optional<double>> salience;  // per actor, 0-100
  int line = 0;
};

struct DeuData {
  std::string source;
  std::vector<std::string> actors;                // codes: com, ep, at, ...
  std::optional<std::vector<double>> capability;  // the capability row, when present
  std::vector<DeuIssue> issues;                   // file order
};

DeuData ParseDeuTable(std::string_view text, const std::string& source);
DeuData ReadDeuFile(const std::string& path);

// Capability per actor code, built from a source ("equal", "file", "nice" or a path).
std::vector<double> DeuCapabilities(const DeuData& data, const std::string& source);
// The Council votes under the Treaty of Nice by DEU actor code (see above).
const std::map<std::string, double>& NiceCouncilVotes();

// The Council's qualified majority under the Treaty of Nice in the EU-27: 255 of 345
// weighted votes (Art. 205(2) TEC as amended by the 2005 Act of Accession), 73.9%.
inline constexpr double kNiceQualifiedMajority = 255.0 / 345.0;

// One issue as a scenario on [0, 100] with its reference point as status quo; only
// participants (position and salience) take part. Throws InputError when nobody with a
// positive salience takes part.
//
// With `with_procedure`, each issue carries its legislative procedure as a decision block
// (parley/scenario.h; Thomson et al. 2006, ch. 1; Steunenberg & Selck 2006):
//   - rule: vote among the member states taking part, weighted by their Nice Council votes
//     (NiceCouncilVotes), threshold 255/345 under QMV and 1 under unanimity (share of the
//     participating states' votes: states without a recorded position are taken to follow
//     the majority, a simplification);
//   - agenda_setter: the Commission (com), when it takes part;
//   - veto: the Parliament (ep) under co-decision (COD), when it takes part; under
//     consultation (CNS) it has none;
//   - without a reference point no threshold, veto or agenda setter can bind: a vote with
//     threshold 0.5 (the Council's weighted median, inside every qualified-majority core);
//   - an issue no member state takes part in gets no block.
Scenario DeuIssueScenario(const DeuData& data, std::size_t issue,
                          const std::vector<double>& capability, bool with_procedure = false);
// Every issue of one proposal (indices into data.issues) as one multi-issue scenario.
Scenario DeuProposalScenario(const DeuData& data, const std::vector<std::size_t>& issues,
                             const std::vector<double>& capability, bool with_procedure = false);

// Forecast accuracy on a set of issues (absolute errors in scale points).
struct Accuracy {
  std::size_t n = 0;
  double mae = 0, rmse = 0, median_ae = 0;
  double within10 = 0;  // share of issues with |error| <= 10
};
Accuracy ComputeAccuracy(const std::vector<double>& abs_errors);

struct ValidationPrediction {
  std::string model;               // row label in the report
  std::size_t issue = 0;           // index into data.issues
  std::optional<double> forecast;  // nullopt: the model could not forecast this issue
  std::string failure;             // why not
};

struct ModelValidation {
  std::string label;  // e.g. "compromise", "baseline:status-quo", "blend (10-fold CV)"
  std::string spec;   // resolved spec or description
  Accuracy overall;
  std::map<std::string, Accuracy> by_procedure;
  std::map<std::string, Accuracy> by_voting_rule;
  std::size_t failed = 0;  // scored issues (with an outcome) it could not forecast
  std::string first_failure;
  std::vector<double> fitted;  // blend: weights fitted on all issues (in-sample), for display
  // Predictive distributions (parley/error_model.h): the forecast plus the model's errors
  // on the issues of the other folds (grouped by proposal), as they are (`probabilistic`)
  // and scaled by the issues' spread of positions (`scaled`); by procedure and rule too.
  ProbabilisticScore probabilistic, scaled;
  std::map<std::string, ProbabilisticScore> probabilistic_by_procedure;
  std::map<std::string, ProbabilisticScore> probabilistic_by_voting_rule;
  std::vector<double> errors;  // outcome - forecast on every scored issue it forecast
};

struct ValidationOptions {
  std::vector<std::string> models;  // specs; empty = every registered model + baselines + CV
  std::string capabilities = "equal";
  std::size_t folds = 10;
  // Which rows each registry model gets: "both" (as the data has no procedure, then with
  // each issue's procedure as a decision block, labelled "<model> +procedure"), "without"
  // or "with". See DeuIssueScenario.
  std::string procedure = "both";
};

struct ValidationReport {
  std::string source;
  std::size_t folds = 10;  // of the cross-validations (blend-cv, predictive distributions)
  std::string capabilities;
  std::size_t issues = 0;  // read
  std::size_t scored = 0;  // with an outcome
  std::vector<ModelValidation> models;
  std::vector<ValidationPrediction> predictions;
};

// Runs every model on every issue (exchange: per proposal) and scores the forecasts.
// Besides registry specs, `models` may name the baselines "status-quo" and "commission"
// and "blend-cv" (the blend model with its weights refitted in each cross-validation fold).
ValidationReport Validate(const DeuData& data, const ValidationOptions& options);

// The error model of a validation (`parley validate --fit-errors`): every model row's
// errors on all scored issues, as 101 quantiles; `data_hash` identifies the data file.
ErrorModel FitErrorModel(const ValidationReport& report, const std::string& data_hash);
// FNV-1a (64 bit, 16 hex digits) of a file's bytes.
std::string HashFileBytes(const std::string& path);

// Fold of each issue for grouped k-fold cross-validation: proposals are numbered in order
// of first appearance and proposal j goes to fold j mod k, so the issues of one proposal
// never straddle folds; deterministic.
std::vector<std::size_t> ProposalFolds(const DeuData& data, std::size_t folds);

// Least-absolute-deviation fit (IRLS) of y - base = sum_j w_j (x_j - base) over rows;
// returns the weights. Rows: {base, x_1, .., x_m, y}.
std::vector<double> FitBlendWeights(const std::vector<std::vector<double>>& rows);

std::string ValidationToTable(const ValidationReport& report);
std::string ValidationToJson(const ValidationReport& report);
std::string ValidationToCsv(const ValidationReport& report);
// Tidy per-issue predictions: model, proposal, issue, procedure, voting rule, reference
// point, outcome, forecast, error (blank when the model could not forecast), failure.
std::string PredictionsToCsv(const DeuData& data, const ValidationReport& report);

}  // namespace parley

#endif  // PARLEY_VALIDATE_H_
