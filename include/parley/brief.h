// parley/brief.h: the one-page answer to the questions an analyst is asked about a
// negotiation (`parley brief`, and the "Findings" section that opens the HTML report).
//
// MakeBrief computes, from the library alone (no text is written about a particular case):
//  1. Forecasts: per issue, the median of the default models' decided forecasts
//     (Registry::DefaultModels, Model::Run), the spread across models (which model gives
//     each end), the status quo, who decides (DescribeDecision) and what moved the decider:
//     its stated position against the last round of every model that moves actors
//     (Result::trajectory), and eum's moves by it (Result::moves). With uncertain inputs, a
//     Monte Carlo range (p5 to p95, RunEnsemble) of one cheap model, to say whether the
//     models disagree more than the inputs' uncertainty moves a forecast.
//  2. Linkage: AnalyzeLinkage's linked-vs-separate comparisons (who gains, who loses from
//     bargaining the issues as one package) and its best deals by joint gain.
//  3. Agenda: dropping each issue and each actor in turn (AnalyzeLinkage's agenda edits):
//     the largest forecast shift per edit, and whether an agreement better than the status
//     quo for every actor still exists.
//  4. What the answer hinges on: with uncertain inputs, the inputs with the largest tornado
//     swing per issue (RunSensitivity) for one model.
// Caveats are computed from these numbers (e.g. models disagreeing by more than half the
// scale); nothing in a Brief is judgement.
//
// Contract: deterministic (same scenario and options give the same Brief, hence identical
// text, markdown and JSON, for any number of threads). Default models that cannot run on
// the scenario are left out and listed; a bad ensemble or sensitivity model spec throws
// InputError. Costs a few hundred model runs on a small scenario: the models once, two nash
// runs per agenda edit, `runs` runs of the ensemble model and 4k + 5 runs of the
// sensitivity model for k uncertain inputs.
#ifndef PARLEY_BRIEF_H_
#define PARLEY_BRIEF_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parley/ensemble.h"
#include "parley/linkage.h"
#include "parley/result.h"
#include "parley/scenario.h"

namespace parley {

struct BriefOptions {
  std::uint64_t runs = 1000;  // ensemble runs for the p5-p95 ranges; 0 = none
  std::uint64_t seed = 1;     // seed of the ensemble and the sensitivity analysis
  int threads = 0;            // 0 = every core; the brief does not depend on it
  // Cheap models: the ensemble runs `runs` times, the sensitivity model 4k + 5 times.
  std::string ensemble_model = "compromise";
  std::string sensitivity_model = "compromise";
  std::size_t deals = 3;       // best deals listed (all are counted)
  std::size_t top_inputs = 3;  // inputs named per issue in part 4
  // An error model ("deu3" or a file, parley/error_model.h): with it, each issue also gets
  // the ensemble model's range with its own error added. Empty = none.
  std::string errors;
};

// One default model's forecast of an issue.
struct ModelForecast {
  std::string model;  // registry name, e.g. "eum"
  double position = 0;
  std::optional<double> bargained;  // before the decision stage (issues with a block)
  std::string rule;                 // IssueForecast::rule
};

// Where a model that moves actors leaves the decider after bargaining (its last round).
struct DeciderPosition {
  std::string model;
  double position = 0;
};

struct IssueBrief {
  std::string issue_id;
  std::string issue_name;
  double scale_min = 0, scale_max = 100;
  std::string min_label, max_label;
  std::optional<double> status_quo;
  std::string decided_by;  // DescribeDecision, e.g. "decider USA, veto CONGRESS"
  std::string decider;     // the deciding actor under the decider rule; empty otherwise

  std::vector<ModelForecast> models;  // in the order the models ran
  double forecast = 0;                // median of the models' decided forecasts
  std::optional<double> bargained;    // median before the decision stage (with a block)
  std::string low_model, high_model;  // the models at the two ends (first in order on ties)
  double low = 0, high = 0;

  std::optional<double> decider_stated;        // the decider's position in the scenario
  std::vector<DeciderPosition> decider_after;  // per model that moves actors
  std::vector<Move> decider_moves;             // eum's moves made by the decider

  // p5 and p95 of the ensemble model's forecast, with uncertain inputs and runs > 0.
  std::optional<double> ensemble_p5, ensemble_p95;
  // The same range with the ensemble model's own error added (with an error model).
  std::optional<double> error_p5, error_p95;
  std::vector<std::string> caveats;  // computed from the numbers above
};

// Linked vs separate for one pair of models (LinkageComparison), in words.
struct LinkageFinding {
  std::string separate_model, linked_model;  // registry names
  std::string separate_spec, linked_spec;
  std::vector<ActorGain> gainers;  // linked above separate, largest gain first
  std::vector<ActorGain> losers;   // linked below separate, largest loss first
};

// A deal of the linkage analysis with where each side starts (its stated position), so that
// the brief can say which end of the scale each move goes toward.
struct DealFinding {
  Deal deal;
  double from_i = 0;  // actor_i's position on issue_i
  double from_j = 0;  // actor_j's position on issue_j
};

struct AgendaFinding {
  std::string description;  // e.g. "drop issue taiwan"
  std::string skipped;      // why the edit could not be analysed; empty when it was
  std::string shift_issue;  // the issue whose nash forecast moves most; empty = none moves
  double shift_before = 0, shift_after = 0;
  bool agreement_before = false, agreement_after = false;
};

struct IssueHinges {
  std::string issue_id;
  double nominal = 0;           // the sensitivity model's forecast on the nominal inputs
  std::vector<TornadoBar> top;  // largest |swing| first; only inputs that move it
};

struct Brief {
  std::string scenario_name, input_hash, source;
  std::size_t actor_count = 0;
  std::vector<std::string> models;          // resolved specs of the default models that ran
  std::vector<std::string> skipped_models;  // "name: why"
  std::uint64_t seed = 1, runs = 0;
  std::size_t uncertain_inputs = 0;
  std::string ensemble_spec;  // empty when no ensemble ran
  std::string errors_from;    // the error model's data (e.g. "deu3-dev.tsv"), when one applied
  std::vector<IssueBrief> issues;

  std::string utility;  // of the linkage analysis
  std::vector<LinkageFinding> linkage;
  std::vector<DealFinding> deals;  // the best `deals`, by joint gain
  std::size_t deal_count = 0;
  std::vector<std::string> linkage_notes;
  // With decision blocks: the offers between deciders (parley/linkage.h).
  std::optional<DeciderLinkage> deciders;

  std::vector<AgendaFinding> agenda;  // drop each issue, then each actor

  std::string sensitivity_spec;  // empty when the scenario has no uncertain inputs
  std::vector<IssueHinges> hinges;
};

Brief MakeBrief(const Scenario& scenario, const BriefOptions& options);

// The brief as headings, paragraphs and list items of plain text, in reading order: what
// every renderer below (and the HTML report) lays out, so they say the same thing.
struct BriefBlock {
  enum class Kind { kHeading, kParagraph, kItem };
  Kind kind = Kind::kParagraph;
  int level = 0;  // headings: 1 = the title, 2 = a part, 3 = an issue
  std::string text;
};
std::vector<BriefBlock> BriefOutline(const Brief& brief);

// Plain text for a terminal, wrapped at 80 columns, headed "Findings".
std::string BriefToText(const Brief& brief);
std::string BriefToMarkdown(const Brief& brief);
// One JSON document with every number of the brief.
std::string BriefToJson(const Brief& brief);

}  // namespace parley

#endif  // PARLEY_BRIEF_H_
