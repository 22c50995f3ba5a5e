// parley/utility.h: how much an actor likes an outcome.
//
// Spatial utility over the issues an actor takes part in, each issue's distance measured
// as a share of its scale so that issues on different scales are comparable:
//
//   linear     u_i(x) = - sum_k s_ik |x_k - p_ik| / range_k
//   quadratic  u_i(x) = - sum_k s_ik ((x_k - p_ik) / range_k)^2
//
// (the loss functions of Achen 2006 and of the nash model). The disagreement utility is the
// utility of the status quo; on an issue without a status quo the actor is assumed to lose
// as much as possible there (its farthest scale end), as in nash(no_status_quo=worst).
#ifndef PARLEY_UTILITY_H_
#define PARLEY_UTILITY_H_

#include <cstddef>
#include <string>
#include <vector>

#include "parley/scenario.h"

namespace parley {

enum class UtilityShape { kLinear, kQuadratic };

// "linear" or "quadratic"; throws InputError otherwise.
UtilityShape ParseUtilityShape(const std::string& text);
const char* UtilityShapeName(UtilityShape shape);

// u_i(outcome); `outcome` holds one position per issue of the scenario, in scale units.
double SpatialUtility(const Scenario& scenario, std::size_t actor,
                      const std::vector<double>& outcome, UtilityShape shape);

// u_i at the status quo (farthest scale end on issues without one).
double DisagreementUtility(const Scenario& scenario, std::size_t actor, UtilityShape shape);

}  // namespace parley

#endif  // PARLEY_UTILITY_H_
