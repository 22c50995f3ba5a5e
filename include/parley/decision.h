// parley/decision.h: the decision stage, which turns the positions actors hold after
// bargaining into an issue's outcome under the issue's decision structure.
//
// The literature treats a negotiation in two stages (Achen 2006: bargaining first, then
// the formal procedure; Bueno de Mesquita 2002: a forecast "depends upon the decision rule
// in force"). Every model's bargaining stage yields positions: the eum rounds, the smp
// turns and the exchanges move actors; the static models (compromise, median, nash, blend,
// procedural) leave the stated positions. Model::Run then applies this decision stage to
// every issue that has a Decision (parley/scenario.h), in one place for every model:
//
//   decider    the decider's position, within the veto players' win-sets (below);
//   vote       the pivotal voter: with status quo q, the upward pivot U is the highest
//              position with at least `threshold` of the voting weight at or above it and
//              the downward pivot D the lowest with that share at or below it; q moves to
//              D when D < q, to U when U > q, else stays (the core of a supermajority rule
//              in one dimension, Krehbiel 1998); both sides can pass only when the threshold
//              is at most one half, and then the weighted median decides. Without a status
//              quo the weighted median decides (the Condorcet winner, always in the core);
//   unanimity  every participant is a veto player: q stays when it lies between the
//              extreme positions, else it moves to the nearer extreme;
//   veto       each veto player v accepts only points at least as close to its position
//              p_v as q: its win-set, the interval between q and 2 p_v - q (Tsebelis 2002,
//              one dimension). The outcome is kept inside the intersection of these sets;
//   agenda     the agenda setter proposes its best point among those every gatekeeper
//   setter     (decider, pivotal voters, veto players) accepts over q, and the others
//              accept (Romer & Rosenthal 1978; Steunenberg 1994; Tsebelis 2002). Under
//              `decider` the decider sets the agenda unless someone else is named.
//
// Preferences are spatial and symmetric (an actor prefers the nearer point), as in every
// model here. Contract: Decide is a pure function of the issue's Decision and the
// positions; it is deterministic and independent of actor order (ties between equal
// positions are broken by position only).
#ifndef PARLEY_DECISION_H_
#define PARLEY_DECISION_H_

#include <cstddef>
#include <string>
#include <vector>

#include "parley/result.h"
#include "parley/scenario.h"

namespace parley {

struct DecisionOutcome {
  double position = 0.0;  // the outcome on the issue's scale
  // How the rule decided, e.g. "decider USA", "vote 0.74: pivot FRA; veto EP (binding);
  // agenda COM". Names the actor whose position or consent fixed the outcome.
  std::string explanation;
  std::string pivotal;   // the actor whose position or win-set fixed the outcome, if any
  bool blocked = false;  // a gatekeeper kept the status quo where the setter wanted a move
  // The points every gatekeeper (veto players, the decider when it does not set the agenda,
  // the pivotal voters) accepts over the status quo, within the scale: what the agenda
  // setter (under `decider`, the decider) can choose from. The whole scale when nothing
  // constrains it.
  double low = 0.0, high = 0.0;
};

// The outcome of issue `issue` given each actor's position (`position[a]` for actor a in
// scenario order; only the actors the issue's decision names, and for `vote` and
// `unanimity` its participants, are read). The issue must have a decision block.
DecisionOutcome Decide(const Scenario& scenario, std::size_t issue,
                       const std::vector<double>& position);

// Applies the decision stage to every issue of `result` that has a decision block: the
// positions are the last ones in `result.trajectory` for actors it tracks, else the
// stated ones; the forecast becomes the decided outcome, `bargained` keeps the bargaining
// stage's forecast and `rule` the explanation. Issues without a block get rule
// "bargaining" and keep their forecast. Called by Model::Run for every model.
void ApplyDecisionStage(const Scenario& scenario, Result& result);

// A short description of an issue's decision structure, e.g. "vote 0.74, veto EP, agenda
// COM", or "bargaining" without a block.
std::string DescribeDecision(const Issue& issue);

}  // namespace parley

#endif  // PARLEY_DECISION_H_
