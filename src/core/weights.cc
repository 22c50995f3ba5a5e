#include "core/weights.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace parley::internal {

ParamSpec WeightParam() {
  return {"weight",
          ParamType::kChoice,
          "actor weight on an issue: capability*salience, capability, salience, or equal",
          "capability*salience",
          0,
          0,
          {"capability*salience", "capability", "salience", "equal"}};
}

WeightRule ParseWeightRule(const std::string& text) {
  if (text == "capability*salience") return WeightRule::kCapabilitySalience;
  if (text == "capability") return WeightRule::kCapability;
  if (text == "salience") return WeightRule::kSalience;
  if (text == "equal") return WeightRule::kEqual;
  throw std::logic_error("unknown weight rule " + text);  // the spec parser checked it
}

IssueActors CollectIssue(const Scenario& scenario, std::size_t issue, WeightRule rule) {
  IssueActors view;
  CollectIssue(scenario, issue, rule, view);
  return view;
}

void CollectIssue(const Scenario& scenario, std::size_t issue, WeightRule rule, IssueActors& view) {
  view.actor.clear();
  view.position.clear();
  view.weight.clear();
  for (std::size_t actor = 0; actor < scenario.actor_count(); ++actor) {
    const Stance* stance = scenario.stance(actor, issue);
    if (stance == nullptr) continue;
    const double capability = scenario.Capability(actor, *stance);
    double weight = 1.0;
    switch (rule) {
      case WeightRule::kCapabilitySalience:
        weight = capability * stance->salience;
        break;
      case WeightRule::kCapability:
        weight = capability;
        break;
      case WeightRule::kSalience:
        weight = stance->salience;
        break;
      case WeightRule::kEqual:
        break;
    }
    view.actor.push_back(actor);
    view.position.push_back(stance->position);
    view.weight.push_back(weight);
  }
}

double WeightedMean(const std::vector<double>& position, const std::vector<double>& weight) {
  double weighted_sum = 0;
  double total_weight = 0;
  for (std::size_t i = 0; i < position.size(); ++i) {
    weighted_sum += weight[i] * position[i];
    total_weight += weight[i];
  }
  if (total_weight <= 0) {
    // Every weight is zero (possible with weight=salience): the plain mean, the limit of
    // equal tiny weights, rather than a division by zero.
    for (double p : position) weighted_sum += p;
    return weighted_sum / static_cast<double>(position.size());
  }
  return weighted_sum / total_weight;
}

double WeightedMedian(const std::vector<double>& position, const std::vector<double>& weight) {
  std::vector<std::size_t> order;
  return WeightedMedian(position, weight, order);
}

double WeightedMedian(const std::vector<double>& position, const std::vector<double>& weight,
                      std::vector<std::size_t>& order) {
  const std::size_t count = position.size();
  order.resize(count);
  std::iota(order.begin(), order.end(), 0);
  // Sort by position, then weight, so the summation order (and thus rounding) does not
  // depend on the order actors were listed in.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return position[a] != position[b] ? position[a] < position[b] : weight[a] < weight[b];
  });
  double total = 0;
  for (std::size_t i : order) total += weight[i];
  const bool unweighted = total <= 0;
  if (unweighted) total = static_cast<double>(count);
  const double half = total / 2;
  // Relative tolerance for "exactly half": sums of the same weights in another order may
  // differ in the last bits.
  const double tie_tolerance = 1e-12 * total;
  double below = 0;  // weight at positions up to and including order[k]'s
  for (std::size_t k = 0; k < count; ++k) {
    below += unweighted ? 1.0 : weight[order[k]];
    // Skip to the last actor sharing this position: a position is a median candidate
    // only with all its weight counted.
    if (k + 1 < count && position[order[k + 1]] == position[order[k]]) continue;
    if (below > half + tie_tolerance) return position[order[k]];
    if (below >= half - tie_tolerance) {
      // Exactly half the weight at or left of this position: the median is the interval
      // up to the next position that carries weight.
      for (std::size_t next = k + 1; next < count; ++next) {
        if (unweighted || weight[order[next]] > 0) {
          return (position[order[k]] + position[order[next]]) / 2;
        }
      }
      return position[order[k]];
    }
  }
  return position[order[count - 1]];
}

}  // namespace parley::internal
