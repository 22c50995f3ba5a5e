#include "parley/utility.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace parley {

UtilityShape ParseUtilityShape(const std::string& text) {
  if (text == "linear") return UtilityShape::kLinear;
  if (text == "quadratic") return UtilityShape::kQuadratic;
  throw InputError({}, "utility",
                   fmt::format("'{}' is not a utility shape; expected linear or quadratic", text));
}

const char* UtilityShapeName(UtilityShape shape) {
  return shape == UtilityShape::kLinear ? "linear" : "quadratic";
}

namespace {
double Loss(double share, UtilityShape shape) {
  return shape == UtilityShape::kLinear ? std::abs(share) : share * share;
}
}  // namespace

double SpatialUtility(const Scenario& scenario, std::size_t actor,
                      const std::vector<double>& outcome, UtilityShape shape) {
  double utility = 0;
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const Stance* stance = scenario.stance(actor, k);
    if (stance == nullptr) continue;
    const Issue& issue = scenario.issue(k);
    utility -= stance->salience * Loss((outcome.at(k) - stance->position) / issue.range(), shape);
  }
  return utility;
}

double DisagreementUtility(const Scenario& scenario, std::size_t actor, UtilityShape shape) {
  double utility = 0;
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const Stance* stance = scenario.stance(actor, k);
    if (stance == nullptr) continue;
    const Issue& issue = scenario.issue(k);
    const double distance = issue.status_quo ? *issue.status_quo - stance->position
                                             : std::max(stance->position - issue.scale_min,
                                                        issue.scale_max - stance->position);
    utility -= stance->salience * Loss(distance / issue.range(), shape);
  }
  return utility;
}

}  // namespace parley
