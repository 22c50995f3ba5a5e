// median: the weighted median of positions per issue.
//
// In one dimension with symmetric single-peaked preferences the weighted median is the
// Condorcet winner: no other position beats it in a weighted pairwise vote (Black 1948;
// the "median voter" baseline of Bueno de Mesquita 1994 and Thomson et al. 2006).
// Weights are capability x salience by default. An exact half/half split returns the
// midpoint of the median interval (see internal::WeightedMedian).
#include <memory>

#include "core/weights.h"
#include "models/builtin.h"
#include "models/per_issue.h"

namespace parley::models {

const ModelDescriptor& MedianDescriptor() {
  static const ModelDescriptor descriptor{
      "median",
      "weighted median of positions per issue, the one-dimensional Condorcet position",
      "Black, D. (1948). On the rationale of group decision-making. Journal of Political "
      "Economy 56(1), 23-34",
      {internal::WeightParam()},
      nullptr,
      {}};
  return descriptor;
}

std::unique_ptr<Model> MakeMedian(ModelSpec spec) {
  return std::make_unique<PerIssueModel>(
      std::move(spec), MedianDescriptor(),
      static_cast<PerIssueModel::Rule>(internal::WeightedMedian));
}

}  // namespace parley::models
