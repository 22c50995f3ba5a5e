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

// ---------------------------------------------------------------------------------------
// Linkage between deciders (AnalyzeDeciderLinkage). When issues have deciders (a
// `decision` block with rule: decider, parley/scenario.h), linking issues is an exchange of
// conditional moves between deciders: "A moves its issue a to x if B moves its issue b to
// y". Everyone else is affected but is not asked to consent.
//
//   no agreement   each decider decides its own issues alone: the decision stage on the
//                  stated positions (the procedural forecast); d_i = u_i there;
//   feasible       what a decider can promise on its issue: the points its veto players
//                  accept over the status quo (DecisionOutcome::low/high);
//   agreements     the package positions both deciders strictly prefer to no agreement,
//                  utility over all issues with salience (quadratic, parley/utility.h).
//                  Utilities are separable across issues, so the Pareto frontier of the two
//                  deciders is x_k(l) = clamp of the l : 1-l salience-weighted mean of
//                  their positions on each package issue, l in [0, 1];
//   nash           the asymmetric Nash bargaining solution on that frontier, weights the
//                  deciders' capabilities (Nash 1950; Kalai 1977), as the nash model;
//   equal gain     the frontier point where both gain the same utility: the exchange
//                  model's equal-gain rate (Stokman & Van Oosten 1994);
//   credibility    a promise is kept only if keeping it beats reneging in the repeated game
//                  with reversion to no agreement after a breach (Friedman 1971): with C the
//                  per-period utility of the agreement, T that of reneging on one's own
//                  issues while the other keeps its promise, P that of no agreement, the
//                  promise holds for discount factors delta >= delta* = (T - C) / (T - P)
//                  (Lohmann 1997 on the credibility of linked promises; Bernheim & Whinston
//                  1990 on pooled incentive constraints; institutions that bind a promise
//                  beyond the repeated game, Davis 2004, are not modelled). Temptations are
//                  derived from the utilities, not from the scenario's payoffs (those serve
//                  the committee view's enforcement part). The side whose promise needs more
//                  trust (the larger delta*) moves first, so that the promise left
//                  outstanding is the more credible one; `reneged` is the outcome when the
//                  second mover reneges after the first has moved;
//   slippery slope once a first linked deal has been granted, the next demand: the
//                  demander's gain from linking a further issue the other decides, from
//                  the first agreement, against its gain from the same demand had the first
//                  not been granted (slope = the difference; > 0 means granting the first
//                  linkage raises what the next one pays the demander). Our choice of
//                  measure: the issue's question (former officials warning that linking
//                  invites the next demand), read as the change in the partner's expected
//                  gain; no published model fixes it.
//   parties        each veto player of a decided issue taken off the table in turn: which
//                  packages open (a veto can close the set of agreements; an added issue
//                  cannot, since a package may always leave it where its decider would put
//                  it alone, so adding an issue only opens the set or leaves it unchanged).
// Issues decided by vote or unanimity have no single decider and are not offered.

// An actor's utility change against no agreement (a bystander's, or a decider's).
struct UtilityChange {
  std::string actor_id;
  double agreement = 0;  // at the Nash agreement
  double reneged = 0;    // when the second mover reneges after the first has moved
};

struct DeciderOffer {
  std::string decider_a, decider_b;
  std::vector<std::string> issues;                  // the package, in scenario order
  std::vector<std::string> decided_by;              // per package issue: decider_a or decider_b
  std::vector<double> no_agreement;                 // per package issue
  std::vector<double> feasible_low, feasible_high;  // what its decider can promise
  bool exists = false;             // some feasible package both strictly prefer to no agreement
  std::vector<double> nash;        // per package issue (empty when !exists)
  std::vector<double> equal_gain;  // per package issue (empty when !exists)
  double gain_a = 0, gain_b = 0;   // utility gains at the Nash agreement
  double equal_gain_value = 0;     // each side's gain at the equal-gain agreement
  double largest_joint_gain = 0;   // the most both can gain together (0 when !exists)
  // Credibility of each side's promise at the Nash agreement.
  double temptation_a = 0, temptation_b = 0;  // T - C: what reneging pays per period
  double critical_a = 0, critical_b = 0;      // delta*
  std::optional<bool> holds_a, holds_b;       // delta >= delta* (with a discount factor)
  std::string first_mover;                    // decider_a or decider_b
  std::string first_mover_reason;
  std::vector<double> reneged;        // per package issue: the second mover back on its own
  std::vector<UtilityChange> actors;  // every actor, deciders first, then in scenario order
};

// Adding an issue to a two-issue package between the same deciders (Sebenius 1983).
struct DeciderAgendaChange {
  std::string decider_a, decider_b;
  std::vector<std::string> before;  // package issues
  std::string added;                // the issue added
  bool exists_before = false, exists_after = false;
  double gain_a_before = 0, gain_a_after = 0;  // Nash gains
  double gain_b_before = 0, gain_b_after = 0;
  // The largest joint gain the deciders can reach, before and after: the set of
  // agreements grows when it rises.
  double joint_before = 0, joint_after = 0;
};

struct SlipperySlope {
  std::string demander, conceder;
  std::vector<std::string> first;  // the first package granted (two issues)
  std::string next_issue;          // the conceder's further issue the demander asks for next
  double gain_without_first = 0;   // the demander's Nash gain from the next demand alone
  double gain_after_first = 0;     // ... once the first agreement stands
  double slope = 0;                // gain_after_first - gain_without_first
};

// Taking a party off the table: the same analysis without one veto player of an issue a
// decider decides (e.g. "what if Congress could not block a change of Taiwan policy?").
struct DeciderPartyChange {
  std::string dropped;  // the veto player left out
  // Per two-issue package of the analysis without it: the deciders, the issues, and
  // whether an agreement exists and the largest joint gain with and without the party.
  struct Package {
    std::string decider_a, decider_b;
    std::vector<std::string> issues;
    bool exists_with = false, exists_without = false;
    double joint_with = 0, joint_without = 0;
  };
  std::vector<Package> packages;
  std::vector<SlipperySlope> slopes;  // without the party
};

struct DeciderLinkage {
  std::optional<double> discount_factor;
  std::vector<DeciderOffer> offers;  // two-issue packages first, then each pair's whole set
  std::vector<DeciderAgendaChange> agenda;
  std::vector<SlipperySlope> slopes;
  std::vector<DeciderPartyChange> parties;  // each veto player of a decided issue left out
  std::vector<std::string> notes;
};

// Empty (no offers) when fewer than two actors decide an issue.
DeciderLinkage AnalyzeDeciderLinkage(const Scenario& scenario);

struct LinkageReport {
  std::string scenario_name;
  std::string input_hash;
  std::string utility;  // "linear" or "quadratic"
  std::vector<LinkageComparison> comparisons;
  std::vector<Deal> deals;  // ranked by joint gain, largest first
  std::vector<AgendaOutcome> agenda;
  std::optional<Enforcement> enforcement;  // only when the scenario gives payoffs
  std::vector<std::string> notes;          // what was left out and why
  // With decision blocks: offers between the deciders, which LinkageToTable leads with
  // (empty, with a note, when fewer than two actors decide an issue alone); nullopt for a
  // scenario without decision blocks.
  std::optional<DeciderLinkage> deciders;
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
// One sentence each for the decider part, shared by the linkage table, the brief and the
// report, e.g. "Adding taiwan to USA-CHN (nk-pressure, trade-terms): the largest joint gain
// does not change (0.300 -> 0.300)."
std::string DescribeAgendaChange(const DeciderAgendaChange& change);
std::string DescribeSlope(const SlipperySlope& slope);
std::string DescribePartyPackage(const std::string& dropped,
                                 const DeciderPartyChange::Package& package);
// The decider part alone, as LinkageToJson writes it under "deciders".
std::string DeciderLinkageToJson(const DeciderLinkage& linkage);

}  // namespace parley

#endif  // PARLEY_LINKAGE_H_
