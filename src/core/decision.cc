// The decision stage (parley/decision.h): one implementation of decider, vote, unanimity,
// veto players and agenda setters in one dimension, applied after every model's
// bargaining stage.
#include "parley/decision.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/weights.h"

namespace parley {

namespace {

// The acceptable set of a gatekeeper, an interval that always contains the status quo.
struct Interval {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  std::string low_by, high_by;  // who set each bound

  // Intersects with the win-set of q for an actor at `ideal`: the points at least as close
  // to `ideal` as q, i.e. between q and its reflection 2 ideal - q (Tsebelis 2002, ch. 1).
  void RestrictToWinSet(double status_quo, double ideal, const std::string& who) {
    const double reflection = 2 * ideal - status_quo;
    Restrict(std::min(status_quo, reflection), std::max(status_quo, reflection), who);
  }
  void Restrict(double from, double to, const std::string& who) {
    if (from > low) {
      low = from;
      low_by = who;
    }
    if (to < high) {
      high = to;
      high_by = who;
    }
  }
};

struct Voter {
  double position;
  double weight;
  const std::string* id;
};

// Sorted by position, then id, so that pivots and names do not depend on actor order.
void SortVoters(std::vector<Voter>& voters) {
  std::sort(voters.begin(), voters.end(), [](const Voter& a, const Voter& b) {
    return a.position != b.position ? a.position < b.position : *a.id < *b.id;
  });
}

// The pivots of a threshold rule over sorted voters: `up` the highest position with at
// least `share` of the weight at or above it, `down` the lowest with that share at or
// below it.
struct Pivots {
  const Voter* up = nullptr;
  const Voter* down = nullptr;
};

Pivots FindPivots(const std::vector<Voter>& voters, double share) {
  double total = 0;
  for (const Voter& voter : voters) total += voter.weight;
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
  for (const Voter& voter : voters) {
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

DecisionOutcome Decide(const Scenario& scenario, std::size_t issue_index,
                       const std::vector<double>& position) {
  const Issue& issue = scenario.issue(issue_index);
  const Decision& decision = issue.decision.value();
  const std::optional<double> status_quo = issue.status_quo;
  const double tolerance = 1e-12 * issue.range();
  auto position_of = [&](const std::string& id) { return position.at(*scenario.FindActor(id)); };

  // The gatekeepers' acceptable set, and who sets the agenda.
  Interval acceptable;
  std::string setter = decision.agenda_setter;
  if (decision.rule == DecisionRule::kDecider && setter.empty()) setter = decision.decider;
  std::string rule_text;
  // Without a setter, the point the rule itself selects (open rule).
  double open_rule_point = status_quo.value_or(0);
  std::string open_rule_who;

  switch (decision.rule) {
    case DecisionRule::kDecider:
      rule_text = "decider " + decision.decider;
      // A decider who does not set the agenda accepts or rejects the setter's proposal.
      if (setter != decision.decider) {
        acceptable.RestrictToWinSet(*status_quo, position_of(decision.decider), decision.decider);
      }
      break;
    case DecisionRule::kVote: {
      std::vector<Voter> voters;
      if (decision.voting_weights.empty()) {
        for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
          if (scenario.stance(a, issue_index) == nullptr) continue;
          voters.push_back(
              {position[a], scenario.Capability(a, issue_index), &scenario.actor(a).id});
        }
      } else {
        for (const auto& [id, weight] : decision.voting_weights) {
          voters.push_back({position_of(id), weight, &id});
        }
      }
      SortVoters(voters);
      rule_text = fmt::format("vote {}", Fmt(decision.threshold));
      std::vector<double> voter_position, voter_weight;
      for (const Voter& voter : voters) {
        voter_position.push_back(voter.position);
        voter_weight.push_back(voter.weight);
      }
      const double median = internal::WeightedMedian(voter_position, voter_weight);
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
        open_rule_who = fmt::format("gridlock between {} and {}", *pivots.up->id, *pivots.down->id);
      }
      // A proposal passes when the pivot on its side prefers it to q: the union of the
      // two pivots' one-sided win-sets, an interval around q.
      const double high = up_passes ? 2 * pivots.up->position - q : q;
      const double low = down_passes ? 2 * pivots.down->position - q : q;
      if (!setter.empty()) {
        const double inf = std::numeric_limits<double>::infinity();
        acceptable.Restrict(low, inf, *pivots.down->id);
        acceptable.Restrict(-inf, high, *pivots.up->id);
      }
      break;
    }
    case DecisionRule::kUnanimity: {
      rule_text = "unanimity";
      double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
      std::string lowest_id, highest_id;
      for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
        const Stance* stance = scenario.stance(a, issue_index);
        if (stance == nullptr || !(stance->salience > 0)) continue;  // indifferent actors
        const std::string& id = scenario.actor(a).id;
        if (!setter.empty()) acceptable.RestrictToWinSet(*status_quo, position[a], id);
        if (position[a] < lowest || (position[a] == lowest && id < lowest_id)) {
          lowest = position[a];
          lowest_id = id;
        }
        if (position[a] > highest || (position[a] == highest && id < highest_id)) {
          highest = position[a];
          highest_id = id;
        }
      }
      // The unanimity core is [lowest, highest]: q inside stays, else it moves to the
      // nearer extreme, the last actor to consent.
      const double q = *status_quo;
      open_rule_point = std::clamp(q, lowest, highest);
      open_rule_who = q < lowest ? lowest_id : (q > highest ? highest_id : "");
      break;
    }
  }
  for (const std::string& veto : decision.veto) {
    acceptable.RestrictToWinSet(*status_quo, position_of(veto), veto);
  }

  DecisionOutcome outcome;
  const double wanted = setter.empty() ? open_rule_point : position_of(setter);
  outcome.position = std::clamp(wanted, acceptable.low, acceptable.high);
  outcome.low = std::max(acceptable.low, issue.scale_min);
  outcome.high = std::min(acceptable.high, issue.scale_max);
  std::string explanation = rule_text;
  if (setter.empty()) {
    if (!open_rule_who.empty()) {
      explanation += decision.rule == DecisionRule::kVote ? ": pivot " : ": ";
      explanation += open_rule_who;
      if (decision.rule == DecisionRule::kUnanimity) explanation += " consents last";
    } else if (decision.rule == DecisionRule::kUnanimity) {
      explanation += ": status quo inside the unanimity core";
    }
    outcome.pivotal = open_rule_who.find(' ') == std::string::npos ? open_rule_who : "";
  } else {
    if (setter != decision.decider || decision.rule != DecisionRule::kDecider) {
      explanation += "; agenda " + setter;
    }
    outcome.pivotal = setter;
  }
  // Who bound the outcome, when a gatekeeper's acceptable set cut the wanted point.
  std::string binding;
  if (wanted < acceptable.low - tolerance) binding = acceptable.low_by;
  if (wanted > acceptable.high + tolerance) binding = acceptable.high_by;
  for (const std::string& veto : decision.veto) {
    explanation += "; veto " + veto + (veto == binding ? " (binding)" : "");
  }
  if (!binding.empty()) {
    outcome.pivotal = binding;
    const bool is_veto =
        std::find(decision.veto.begin(), decision.veto.end(), binding) != decision.veto.end();
    if (!is_veto) explanation += "; " + binding + " binds";
    outcome.blocked = status_quo && std::abs(outcome.position - *status_quo) <= tolerance;
    if (outcome.blocked) explanation += "; status quo kept";
  }
  outcome.explanation = std::move(explanation);
  return outcome;
}

void ApplyDecisionStage(const Scenario& scenario, Result& result) {
  // Runs once per model run, millions of times in an ensemble: no maps, one buffer.
  if (!scenario.HasDecisions()) return;
  const std::size_t actors = scenario.actor_count();
  std::vector<double> position;
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
    std::vector<int> round;
    std::size_t hint = 0;  // trajectories list actors in scenario order: try the next one first
    for (const ActorRound& entry : result.trajectory) {
      if (entry.issue_id != issue.id) continue;
      std::size_t a = hint < actors && scenario.actor(hint).id == entry.actor_id
                          ? hint
                          : scenario.FindActor(entry.actor_id).value_or(actors);
      if (a == actors) continue;
      hint = a + 1;
      if (round.empty()) round.assign(actors, -1);
      if (entry.round >= round[a]) {
        round[a] = entry.round;
        position[a] = entry.position;
      }
    }
    DecisionOutcome outcome = Decide(scenario, k, position);
    forecast.bargained = forecast.position;
    forecast.position = outcome.position;
    forecast.rule = std::move(outcome.explanation);
  }
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
