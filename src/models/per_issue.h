// A model that forecasts each issue on its own from the participants' positions and
// weights, with one rule (weighted mean, weighted median, ...). Shared by the simple
// one-dimensional models so each of them is only its descriptor and its rule.
#ifndef PARLEY_MODELS_PER_ISSUE_H_
#define PARLEY_MODELS_PER_ISSUE_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "core/weights.h"
#include "parley/model.h"

namespace parley::models {

class PerIssueModel : public Model {
 public:
  // The rule; `scratch` is a buffer it may reuse between calls (WeightedMedian's sort).
  using Rule = double (*)(const std::vector<double>& position, const std::vector<double>& weight,
                          std::vector<std::size_t>& scratch);

  // The spec must carry the shared "weight" parameter (internal::WeightParam()).
  PerIssueModel(ModelSpec spec, const ModelDescriptor& descriptor, Rule rule)
      : Model(std::move(spec)),
        descriptor_(descriptor),
        rule_(rule),
        weight_(internal::ParseWeightRule(this->spec().parameters.Choice("weight"))) {}

  const ModelDescriptor& descriptor() const override { return descriptor_; }

 protected:
  std::unique_ptr<ModelWorkspace> MakeWorkspace() const override {
    return std::make_unique<Workspace>();
  }
  void BargainInto(const Scenario& scenario, ModelWorkspace& workspace,
                   Result& result) const override {
    Workspace& own = static_cast<Workspace&>(workspace);
    ResetResult(scenario, result);
    for (std::size_t issue = 0; issue < scenario.issue_count(); ++issue) {
      internal::CollectIssue(scenario, issue, weight_, own.view);
      result.forecasts[issue].position = rule_(own.view.position, own.view.weight, own.order);
    }
  }

 private:
  struct Workspace : ModelWorkspace {
    internal::IssueActors view;
    std::vector<std::size_t> order;
  };

  const ModelDescriptor& descriptor_;
  Rule rule_;
  internal::WeightRule weight_;
};

}  // namespace parley::models

#endif  // PARLEY_MODELS_PER_ISSUE_H_
