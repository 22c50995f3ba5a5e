// parley/linkage.h: does linking issues pay, for whom, at what price, and what happens when
// the agenda grows or shrinks.
//
// AnalyzeLinkage answers four questions about a scenario:
//  1. Linked vs separate: each issue bargained alone vs all issues as one package, for pairs
//     of models (nash on each issue alone vs nash over all issues; compromise vs the
//     exchange model), with every actor's utility gain over the status quo under both.
//  2. Deals: every pair of actors and pair of issues where a trade benefits both because
//     their marginal rates of substitution differ (Tollison & Willett 1979): the range of
//     exchange rates both accept, and the equal-gain deal (Stokman & Van Oosten 1994) in the
//     scenario's own units.
//  3. Agenda changes: forecasts and utilities before and after adding or dropping an issue
//     or an actor, and whether some agreement still beats the status quo for every actor
//     (Sebenius 1983).
//  4. Enforcement: with repeated-game payoffs in the scenario, the critical discount factor
//     for cooperation on each issue alone and with the issues linked (pooled incentive
//     constraints; Bernheim & Whinston 1990; Spagnolo 1999).
//
// Contract: deterministic; throws InputError for unknown ids, bad model specs or agenda
// edits that leave an invalid scenario. Utilities are those of parley/utility.h.
#ifndef PARLEY_LINKAGE_H_
#define PARLEY_LINKAGE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parley/result.h"
#include "parley/scenario.h"
#include "parley/utility.h"

namespace parley {

struct AgendaEdit {
  enum class Kind { kAddIssue, kDropIssue, kAddActor, kDropActor };
  Kind kind = Kind::kDropIssue;
  std::string id;
  // Where an added issue/actor comes from; empty = the scenario itself (the "before"
  // state is then the scenario without it).
  std::string file;
};

// Parses "ID" or "FILE:ID" for an agenda edit; throws InputError if empty.
AgendaEdit ParseAgendaEdit(AgendaEdit::Kind kind, const std::string& text);

struct LinkageOptions {
  // Utility shape for actor utilities, the nash runs and the agenda part.
  UtilityShape utility = UtilityShape::kQuadratic;
  // Pairs (separate model, linked model) for part 1, besides nash per issue vs joint.
  // A pair whose linked model is not registered is left out with a note.
  std::vector<std::pair<std::string, std::string>> model_pairs = {{"compromise", "exchange"}};
  // Agenda edits for part 3; when empty, each issue in turn is "added last" (the scenario
  // without it vs the whole scenario).
  std::vector<AgendaEdit> edits;
};

struct ActorGain {
  std::string actor_id;
  double separate = 0;  // utility gain over the status quo, issues bargained separately
  double linked = 0;    // ... bargained as one package
};

struct LinkageComparison {
  std::string separate_spec;  // e.g. "nash(...) on each issue alone"
  std::string linked_spec;
  std::vector<IssueForecast> separate;
  std::vector<IssueForecast> linked;
  std::vector<ActorGain> actors;
};

// Actor i gives way on issue_i (moving toward j's position there) and j gives way on
// issue_j. Rates are in scale units of issue_i per scale unit of issue_j.
struct Deal {
  std::string actor_i;
  std::string issue_i;
  std::string actor_j;
  std::string issue_j;
  double rate_min = 0;    // j's reservation rate: below it j loses
  double rate_max = 0;    // i's reservation rate: above it i loses
  double rate_equal = 0;  // the equal-gain rate
  double move_i = 0;      // i's move on issue_i, scale units (toward j's position)
  double move_j = 0;      // j's move on issue_j, scale units (toward i's position)
  double target_i = 0;    // where i's position on issue_i ends up
  double target_j = 0;
  double gain_i = 0;  // utility gains (linear utility), equal by construction
  double gain_j = 0;
  double joint_gain = 0;
};

struct ActorChange {
  std::string actor_id;
  std::optional<double> before;  // utility gain over the status quo; nullopt = not present
  std::optional<double> after;
};

struct AgendaOutcome {
  AgendaEdit edit;
  std::string description;            // e.g. "add issue taiwan"
  std::vector<IssueForecast> before;  // nash over all issues of the "before" scenario
  std::vector<IssueForecast> after;
  std::vector<ActorChange> actors;
  bool agreement_before = false;  // some outcome strictly better than the status quo for all
  bool agreement_after = false;
};

struct IssueEnforcement {
  std::string issue_id;
  std::vector<std::pair<std::string, double>> actor_critical;  // (actor, delta*)
  double critical = 0;  // max over the actors: cooperation on this issue alone needs delta >= it
};

struct Enforcement {
  std::vector<IssueEnforcement> issues;
  double separate_critical = 0;  // cooperation on every issue, each enforced alone
  std::vector<std::pair<std::string, double>> actor_linked;  // pooled constraint per actor
  double linked_critical = 0;  // cooperation on every issue, all issues linked
};

struct LinkageReport {
  std::string scenario_name;
  std::string input_hash;
  std::string utility;  // "linear" or "quadratic"
  std::vector<LinkageComparison> comparisons;
  std::vector<Deal> deals;  // ranked by joint gain, largest first
  std::vector<AgendaOutcome> agenda;
  std::optional<Enforcement> enforcement;  // only when the scenario gives payoffs
  std::vector<std::string> notes;          // what was left out and why
};

LinkageReport AnalyzeLinkage(const Scenario& scenario, const LinkageOptions& options);

// The parts on their own (AnalyzeLinkage calls these).
std::vector<Deal> FindDeals(const Scenario& scenario);
std::optional<Enforcement> AnalyzeEnforcement(const Scenario& scenario);

// Renderers: a readable report, one JSON document, and a tidy long CSV with columns
// section,item,model,issue,actor,partner,measure,value.
std::string LinkageToTable(const LinkageReport& report, std::size_t max_deals);
std::string LinkageToJson(const LinkageReport& report);
std::string LinkageToCsv(const LinkageReport& report);

}  // namespace parley

#endif  // PARLEY_LINKAGE_H_
