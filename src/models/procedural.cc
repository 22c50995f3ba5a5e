// procedural: the decision stage alone, on the actors' stated positions.
//
// The procedural models of the EU-decision literature (Steunenberg 1994; Tsebelis 2002;
// Thomson et al. 2006, ch. 5-6) take no bargaining into account: the outcome is what the
// formal procedure gives when every actor holds its stated position, e.g. the agenda
// setter's best point inside the veto players' win-sets of the status quo. Here that is
// exactly the shared decision stage (parley/decision.h) applied to the stated positions,
// so this model is the benchmark the bargaining models are measured against.
//
// An issue without a decision block has no procedure; it is then decided as a simple
// majority of the participants' weights (capability x salience by default), whose
// outcome in one dimension is the weighted median (Black 1948).
#include <memory>

#include "core/weights.h"
#include "models/builtin.h"
#include "models/per_issue.h"

namespace parley::models {

const ModelDescriptor& ProceduralDescriptor() {
  static const ModelDescriptor descriptor{
      "procedural",
      "the issue's decision rule (decider, vote, unanimity, veto players, agenda setter) on "
      "stated positions; weighted median where an issue has no decision block",
      "Steunenberg, B. (1994). Decision making under different institutional arrangements. "
      "Journal of Institutional and Theoretical Economics 150(4), 642-669; Tsebelis, G. "
      "(2002). Veto Players, Princeton University Press",
      {internal::WeightParam()},
      nullptr,
      {}};
  return descriptor;
}

std::unique_ptr<Model> MakeProcedural(ModelSpec spec) {
  // The bargaining stage leaves the stated positions; Model::Run's decision stage does the
  // rest. Without a block the weighted median stands for a simple-majority vote.
  return std::make_unique<PerIssueModel>(
      std::move(spec), ProceduralDescriptor(),
      static_cast<PerIssueModel::Rule>(internal::WeightedMedian));
}

}  // namespace parley::models
