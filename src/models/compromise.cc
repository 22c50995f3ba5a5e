// compromise: the weighted mean of positions per issue.
//
// Equation (Achen 2006, eq. 1; Van den Bos 1991):  x*_k = sum_i w_ik x_ik / sum_i w_ik,
// with w_ik = capability_i * salience_ik by default. Achen derives it as the outcome of
// Nash bargaining with quadratic utilities; Thomson et al. (2006) found it as accurate as
// far more elaborate models on EU legislative decisions.
#include <cstddef>
#include <memory>
#include <vector>

#include "core/weights.h"
#include "models/builtin.h"
#include "models/per_issue.h"

namespace parley::models {

const ModelDescriptor& CompromiseDescriptor() {
  static const ModelDescriptor descriptor{
      "compromise",
      "weighted mean of positions per issue (capability x salience weights)",
      "Achen, C. H. (2006). Institutional realism and bargaining models. In Thomson, Stokman, "
      "Achen & Koenig (eds.), The European Union Decides, Cambridge University Press, ch. 4",
      {internal::WeightParam()},
      nullptr,
      {}};
  return descriptor;
}

std::unique_ptr<Model> MakeCompromise(ModelSpec spec) {
  return std::make_unique<PerIssueModel>(
      std::move(spec), CompromiseDescriptor(),
      [](const std::vector<double>& position, const std::vector<double>& weight,
         std::vector<std::size_t>&) { return internal::WeightedMean(position, weight); });
}

}  // namespace parley::models
