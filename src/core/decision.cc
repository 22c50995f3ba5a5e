// The decision stage (parley/decision.h): one implementation of decider, vote, unanimity,
// veto players and agenda setters in one dimension, applied after every model's
// bargaining stage.
#include "parley/decision.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/decision_internal.h"
#include "core/weights.h"

namespace parley {

namespace {

using internal::DecisionVoter;

// The acceptable set of a gatekeeper, an interval that always contains the status quo.
struct Interval {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  const std::string* low_by = nullptr;  // who set each bound
  const std::string* high_by = nullptr;

  // Intersects with the win-set of q for an actor at `ideal`: the points at least as close
  // to `ideal` as q, i.e. between q and its reflection 2 ideal - q (Tsebelis 2002, ch. 1).
  void RestrictToWinSet(double status_quo, double ideal, const std::string& who) {
    const double reflection = 2 * ideal - status_quo;
    Restrict(std::min(status_quo, reflection), std::max(status_quo, reflection), who);
  }
  void Restrict(double from, double to, const std::string& who) {
    if (from > low) {
      low = from;
      low_by = &who;
    }
    if (to < high) {
      high = to;
      high_by = &who;
    }
  }
};

// Sorted by position, then id, so that pivots and names do not depend on actor order.
void SortVoters(std::vector<DecisionVoter>& voters) {
  std::sort(voters.begin(), voters.end(), [](const DecisionVoter& a, const DecisionVoter& b) {
    return a.position != b.position ? a.position < b.position : *a.id < *b.id;
  });
}

// The pivots of a threshold rule over sorted voters: `up` the highest position with at
// least `share` of the weight at or above it, `down` the lowest with that share at or
// below it.
struct Pivots {
  const DecisionVoter* up = nullptr;
  const DecisionVoter* down = nullptr;
};

Pivots FindPivots(const std::vector<DecisionVoter>& voters, double share) {
  double total = 0;
  for (const DecisionVoter& voter : voters) total += voter.weight;
  // A relative tolerance so that e.g. 0.5 of weights 1+1 reaches the threshold exactly.
  const double needed = share * total * (1 - 1e-12);
  Pivots pivots;
  double sum = 0;
  for (auto it = voters.rbegin(); it != voters.rend(); ++it) {
    sum += it->weight;
    if (sum >= needed) {
      pivots.up = &*it;
      break;
    }
  }
  sum = 0;
  for (const DecisionVoter& voter : voters) {
    sum += voter.weight;
    if (sum >= needed) {
      pivots.down = &voter;
      break;
    }
  }
  return pivots;
}

std::string Fmt(double value) { return fmt::format("{:.4g}", value); }

}  // namespace

namespace internal {

// Names are pointers into the scenario (or string views of literals and scratch.gridlock)
// and the explanation is built in outcome.explanation, so nothing is allocated once the
// strings and buffers have grown.
void DecideInto(const Scenario& scenario, std::size_t issue_index,
                const std::vector<double>& position, DecisionScratch& scratch,
                DecisionOutcome& outcome) {
  const Issue& issue = scenario.issue(issue_index);
  const Decision& decision = issue.decision.value();
  const std::optional<double> status_quo = issue.status_quo;
  const double tolerance = 1e-12 * issue.range();
  auto position_of = [&](const std::string& id) { return position.at(*scenario.FindActor(id)); };

  // The gatekeepers' acceptable set, and who sets the agenda.
  Interval acceptable;
  const std::string* setter = &decision.agenda_setter;
  if (decision.rule == DecisionRule::kDecider && setter->empty()) setter = &decision.decider;
  const bool no_setter = setter->empty();
  std::string& explanation = outcome.explanation;  // starts with the rule
  // Without a setter, the point the rule itself selects (open rule).
  double open_rule_point = status_quo.value_or(0);
  std::string_view open_rule_who;

  switch (decision.rule) {
    case DecisionRule::kDecider:
      explanation.assign("decider ");
      explanation += decision.decider;
      // A decider who does not set the agenda accepts or rejects the setter's proposal.
      if (*setter != decision.decider) {
        acceptable.RestrictToWinSet(*status_quo, position_of(decision.decider), decision.decider);
      }
      break;
    case DecisionRule::kVote: {
      std::vector<DecisionVoter>& voters = scratch.voters;
      voters.clear();
      if (decision.voting_weights.empty()) {
        for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
          const Stance* stance = scenario.stance(a, issue_index);
          if (stance == nullptr) continue;
          voters.push_back({position[a], scenario.Capability(a, *stance), &scenario.actor(a).id});
        }
      } else {
        for (const auto& [id, weight] : decision.voting_weights) {
          voters.push_back({position_of(id), weight, &id});
        }
      }
      SortVoters(voters);
      explanation.assign("vote ");
      fmt::format_to(std::back_inserter(explanation), "{:.4g}", decision.threshold);
      scratch.voter_position.clear();
      scratch.voter_weight.clear();
      for (const DecisionVoter& voter : voters) {
        scratch.voter_position.push_back(voter.position);
        scratch.voter_weight.push_back(voter.weight);
      }
      const double median =
          WeightedMedian(scratch.voter_position, scratch.voter_weight, scratch.order);
      if (!status_quo) {
        open_rule_point = median;
        open_rule_who = "the weighted median voter (no status quo)";
        break;
      }
      const Pivots pivots = FindPivots(voters, decision.threshold);
      const double q = *status_quo;
      const bool up_passes = pivots.up->position > q + tolerance;
      const bool down_passes = pivots.down->position < q - tolerance;
      if (up_passes && down_passes) {
        // Only with a threshold of at most one half: both directions find a majority.
        open_rule_point = median;
        open_rule_who = "the weighted median voter";
      } else if (up_passes) {
        open_rule_point = pivots.up->position;
        open_rule_who = *pivots.up->id;
      } else if (down_passes) {
        open_rule_point = pivots.down->position;
        open_rule_who = *pivots.down->id;
      } else {
        scratch.gridlock.assign("gridlock between ");
        scratch.gridlock += *pivots.up->id;
        scratch.gridlock += " and ";
        scratch.gridlock += *pivots.down->id;
        open_rule_who = scratch.gridlock;
      }
      // A proposal passes when the pivot on its side prefers it to q: the union of the
      // two pivots' one-sided win-sets, an interval around q.
      const double high = up_passes ? 2 * pivots.up->position - q : q;
      const double low = down_passes ? 2 * pivots.down->position - q : q;
      if (!no_setter) {
        const double inf = std::numeric_limits<double>::infinity();
        acceptable.Restrict(low, inf, *pivots.down->id);
        acceptable.Restrict(-inf, high, *pivots.up->id);
      }
      break;
    }
    case DecisionRule::kUnanimity: {
      explanation.assign("unanimity");
      double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
      const std::string* lowest_id = nullptr;
      const std::string* highest_id = nullptr;
      for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
        const Stance* stance = scenario.stance(a, issue_index);
        if (stance == nullptr || !(stance->salience > 0)) continue;  // indifferent actors
        const std::string& id = scenario.actor(a).id;
        if (!no_setter) acceptable.RestrictToWinSet(*status_quo, position[a], id);
        if (position[a] < lowest || (position[a] == lowest && lowest_id && id < *lowest_id)) {
          lowest = position[a];
          lowest_id = &id;
        }
        if (position[a] > highest || (position[a] == highest && highest_id && id < *highest_id)) {
          highest = position[a];
          highest_id = &id;
        }
      }
      // The unanimity core is [lowest, highest]: q inside stays, else it moves to the
      // nearer extreme, the last actor to consent.
      const double q = *status_quo;
      open_rule_point = std::clamp(q, lowest, highest);
      const std::string* last = q < lowest ? lowest_id : (q > highest ? highest_id : nullptr);
      if (last != nullptr) open_rule_who = *last;
      break;
    }
  }
  for (const std::string& veto : decision.veto) {
    acceptable.RestrictToWinSet(*status_quo, position_of(veto), veto);
  }

  const double wanted = no_setter ? open_rule_point : position_of(*setter);
  outcome.position = std::clamp(wanted, acceptable.low, acceptable.high);
  outcome.low = std::max(acceptable.low, issue.scale_min);
  outcome.high = std::min(acceptable.high, issue.scale_max);
  outcome.blocked = false;
  if (no_setter) {
    if (!open_rule_who.empty()) {
      explanation += decision.rule == DecisionRule::kVote ? ": pivot " : ": ";
      explanation += open_rule_who;
      if (decision.rule == DecisionRule::kUnanimity) explanation += " consents last";
    } else if (decision.rule == DecisionRule::kUnanimity) {
      explanation += ": status quo inside the unanimity core";
    }
    if (open_rule_who.find(' ') == std::string_view::npos) {
      outcome.pivotal.assign(open_rule_who);
    } else {
      outcome.pivotal.clear();
    }
  } else {
    if (*setter != decision.decider || decision.rule != DecisionRule::kDecider) {
      explanation += "; agenda ";
      explanation += *setter;
    }
    outcome.pivotal.assign(*setter);
  }
  // Who bound the outcome, when a gatekeeper's acceptable set cut the wanted point.
  const std::string* binding = nullptr;
  if (wanted < acceptable.low - tolerance) binding = acceptable.low_by;
  if (wanted > acceptable.high + tolerance) binding = acceptable.high_by;
  for (const std::string& veto : decision.veto) {
    explanation += "; veto ";
    explanation += veto;
    if (binding != nullptr && veto == *binding) explanation += " (binding)";
  }
  if (binding != nullptr && !binding->empty()) {
    outcome.pivotal.assign(*binding);
    const bool is_veto =
        std::find(decision.veto.begin(), decision.veto.end(), *binding) != decision.veto.end();
    if (!is_veto) {
      explanation += "; ";
      explanation += *binding;
      explanation += " binds";
    }
    outcome.blocked = status_quo && std::abs(outcome.position - *status_quo) <= tolerance;
    if (outcome.blocked) explanation += "; status quo kept";
  }
}

void ApplyDecisionStage(const Scenario& scenario, Result& result, DecisionScratch& scratch) {
  // Runs once per model run, millions of times in an ensemble: no maps, reused buffers.
  if (!scenario.HasDecisions()) return;
  const std::size_t actors = scenario.actor_count();
  std::vector<double>& position = scratch.position;
  for (std::size_t f = 0; f < result.forecasts.size(); ++f) {
    IssueForecast& forecast = result.forecasts[f];
    // Models list forecasts in scenario order; look the issue up only if one does not.
    const std::size_t k = f < scenario.issue_count() && scenario.issue(f).id == forecast.issue_id
                              ? f
                              : scenario.FindIssue(forecast.issue_id).value();
    const Issue& issue = scenario.issue(k);
    if (!issue.decision) continue;
    // Stated positions, overwritten by the latest round each actor reached in the
    // trajectory (models that move actors record every round in order).
    position.assign(actors, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t a = 0; a < actors; ++a) {
      if (const Stance* stance = scenario.stance(a, k)) position[a] = stance->position;
    }
    bool rounds_reset = false;
    std::size_t hint = 0;  // trajectories list actors in scenario order: try the next one first
    for (const ActorRound& entry : result.trajectory) {
      if (entry.issue_id != issue.id) continue;
      std::size_t a = hint < actors && scenario.actor(hint).id == entry.actor_id
                          ? hint
                          : scenario.FindActor(entry.actor_id).value_or(actors);
      if (a == actors) continue;
      hint = a + 1;
      if (!rounds_reset) {
        scratch.round.assign(actors, -1);
        rounds_reset = true;
      }
      if (entry.round >= scratch.round[a]) {
        scratch.round[a] = entry.round;
        position[a] = entry.position;
      }
    }
    DecideInto(scenario, k, position, scratch, scratch.outcome);
    forecast.bargained = forecast.position;
    forecast.position = scratch.outcome.position;
    forecast.rule.assign(scratch.outcome.explanation);
  }
}

}  // namespace internal

DecisionOutcome Decide(const Scenario& scenario, std::size_t issue,
                       const std::vector<double>& position) {
  internal::DecisionScratch scratch;
  DecisionOutcome outcome;
  internal::DecideInto(scenario, issue, position, scratch, outcome);
  return outcome;
}

void ApplyDecisionStage(const Scenario& scenario, Result& result) {
  if (!scenario.HasDecisions()) return;
  internal::DecisionScratch scratch;
  internal::ApplyDecisionStage(scenario, result, scratch);
}

std::string DescribeDecision(const Issue& issue) {
  if (!issue.decision) return "bargaining";
  const Decision& decision = *issue.decision;
  std::string text;
  switch (decision.rule) {
    case DecisionRule::kDecider:
      text = "decider " + decision.decider;
      break;
    case DecisionRule::kVote:
      text = fmt::format("vote {}", Fmt(decision.threshold));
      if (!decision.voting_weights.empty()) text += " of weighted votes";
      break;
    case DecisionRule::kUnanimity:
      text = "unanimity";
      break;
  }
  if (!decision.veto.empty()) text += fmt::format(", veto {}", fmt::join(decision.veto, " "));
  if (!decision.agenda_setter.empty()) text += ", agenda " + decision.agenda_setter;
  return text;
}

}  // namespace parley
