// A model that forecasts each issue on its own from the participants' positions and
// weights, with one rule (weighted mean, weighted median, ...). Shared by the simple
// one-dimensional models so each of them is only its descriptor and its rule.
#ifndef PARLEY_MODELS_PER_ISSUE_H_
#define PARLEY_MODELS_PER_ISSUE_H_

#include <vector>

#include "core/weights.h"
#include "parley/model.h"

namespace parley::models {

class PerIssueModel : public Model {
 public:
  using Rule = double (*)(const std::vector<double>& position, const std::vector<double>& weight);

  // The spec must carry the shared "weight" parameter (internal::WeightParam()).
  PerIssueModel(ModelSpec spec, const ModelDescriptor& descriptor, Rule rule)
      : Model(std::move(spec)),
        descriptor_(descriptor),
        rule_(rule),
        weight_(internal::ParseWeightRule(this->spec().parameters.Choice("weight"))) {}

  const ModelDescriptor& descriptor() const override { return descriptor_; }

  Result Bargain(const Scenario& scenario) const override {
    Result result = NewResult(scenario);
    for (std::size_t issue = 0; issue < scenario.issue_count(); ++issue) {
      const internal::IssueActors view = internal::CollectIssue(scenario, issue, weight_);
      result.forecasts.push_back({scenario.issue(issue).id, rule_(view.position, view.weight)});
    }
    return result;
  }

 private:
  const ModelDescriptor& descriptor_;
  Rule rule_;
  internal::WeightRule weight_;
};

}  // namespace parley::models

#endif  // PARLEY_MODELS_PER_ISSUE_H_
