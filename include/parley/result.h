// parley/result.h: what a model run produces.
//
// A Result is self-describing: it records which model ran with which parameters (the
// resolved spec string), a hash of the scenario it ran on, and the seed for stochastic
// models, so that any forecast in a file can be reproduced. Per issue it holds the
// forecast position on the issue's own scale. Models may add named per-issue, per-actor
// figures (`details`), e.g. each actor's utility gain under the Nash solution; these are
// written as tidy rows.
#ifndef PARLEY_RESULT_H_
#define PARLEY_RESULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley {

struct IssueForecast {
  std::string issue_id;
  double position = 0.0;  // forecast outcome on the issue's scale
  // How the issue was decided (parley/decision.h): "bargaining" when the issue has no
  // decision block (the model's own forecast), else the decision stage's explanation,
  // e.g. "decider USA; veto CONGRESS (binding)".
  std::string rule = "bargaining";
  // With a decision block: the model's forecast before the decision stage (what
  // capability-weighted bargaining alone would give).
  std::optional<double> bargained = std::nullopt;
};

// A named figure a model reports beside its forecasts. `issue_id` or `actor_id` is empty
// when the figure is not about one issue / one actor.
struct Detail {
  std::string issue_id;
  std::string actor_id;
  std::string name;
  double value = 0.0;
};

// One actor's state after a round of an iterative model (round 0 = the initial state).
struct ActorRound {
  int round = 0;
  std::string issue_id;
  std::string actor_id;
  double position = 0.0;
  double risk = 0.0;  // the model's risk exponent (EUM's r_i); 0 where not applicable
};

// A position change proposed or made in a round of an iterative model.
struct Move {
  int round = 0;
  std::string issue_id;
  std::string actor_id;   // who moves
  std::string toward_id;  // whose offer it accepts
  std::string kind;       // e.g. "confrontation", "compromise", "capitulation"
  double from = 0.0;
  double to = 0.0;
  double eu_self = 0.0;   // the mover's expected utility of challenging (EUM: EU_ij)
  double eu_other = 0.0;  // the other's expected utility of challenging (EUM: EU_ji)
};

// One exchange realised by a vote-trading model: actor i gives way on its supply issue
// (moving from `from_i` to `to_i`, in that issue's scale units) and actor j on its own, so
// that each gains where it cares more (Stokman & Van Oosten 1994).
struct Exchange {
  int round = 0;
  int order = 0;  // realisation order within the round, from 1
  std::string actor_i;
  std::string issue_i;  // the issue i moves on (its supply issue)
  double from_i = 0.0;
  double to_i = 0.0;
  std::string actor_j;
  std::string issue_j;
  double from_j = 0.0;
  double to_j = 0.0;
  double gain = 0.0;  // each side's expected utility gain (equal by construction)
};

struct Result {
  std::string model;  // registry name, e.g. "nash"
  std::string spec;   // resolved spec, e.g. "nash(utility=quadratic,...)"
  std::vector<std::pair<std::string, std::string>> parameters;  // resolved, spec order
  std::string input_hash;                                       // Scenario::ContentHash()
  std::optional<std::uint64_t> seed;                            // set only by stochastic models
  std::vector<IssueForecast> forecasts;                         // one per issue, in scenario order
  std::vector<Detail> details;
  std::vector<ActorRound> trajectory;  // iterative models: every actor, every round
  std::vector<Move> moves;             // iterative models: every move made
  std::vector<Exchange> exchanges;     // vote-trading models: every exchange realised

  // The forecast for an issue id; throws std::out_of_range if absent.
  double Forecast(const std::string& issue_id) const;
};

}  // namespace parley

#endif  // PARLEY_RESULT_H_
