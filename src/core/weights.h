// Per-issue views of a scenario for the one-dimensional models: the participants'
// positions and voting weights as contiguous arrays. Private to the library.
#ifndef PARLEY_CORE_WEIGHTS_H_
#define PARLEY_CORE_WEIGHTS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "parley/model.h"
#include "parley/scenario.h"

namespace parley::internal {

// How an actor's weight on an issue is formed. The literature's default is capability x
// salience (Bueno de Mesquita 1994; Achen 2006); the others serve sensitivity checks and
// the "equal capabilities" baselines of the DEU studies (Thomson et al. 2006).
enum class WeightRule { kCapabilitySalience, kCapability, kSalience, kEqual };

// The shared "weight" parameter descriptor, default capability x salience.
ParamSpec WeightParam();
WeightRule ParseWeightRule(const std::string& text);

struct IssueActors {
  std::vector<std::size_t> actor;  // scenario index of each participant
  std::vector<double> position;    // on the issue's scale
  std::vector<double> weight;      // >= 0, per the rule
};

// The participants of `issue` (actors with a stance), in scenario order.
IssueActors CollectIssue(const Scenario& scenario, std::size_t issue, WeightRule rule);
// The same into `view`, reusing its storage.
void CollectIssue(const Scenario& scenario, std::size_t issue, WeightRule rule, IssueActors& view);

// sum_i w_i x_i / sum_i w_i; the plain mean when every weight is zero.
double WeightedMean(const std::vector<double>& position, const std::vector<double>& weight);

// The weighted median: a position m with at most half the total weight strictly on
// either side, i.e. the Condorcet winner in one dimension under symmetric single-peaked
// preferences (Black 1948). When the weight splits exactly in half between two adjacent
// positions, every point between them is a median and the midpoint is returned, which
// keeps the result independent of actor order. Equal weights of zero: the plain median.
double WeightedMedian(const std::vector<double>& position, const std::vector<double>& weight);
// The same with `order` as the sort's buffer (reused: no allocation once it has grown).
double WeightedMedian(const std::vector<double>& position, const std::vector<double>& weight,
                      std::vector<std::size_t>& order);

}  // namespace parley::internal

#endif  // PARLEY_CORE_WEIGHTS_H_
