// blend: the compromise model corrected toward the reference point and the positions of
// the agenda setters.
//
// Equation, per issue k, with C_k the compromise forecast (capability x salience weighted
// mean of positions, Achen 2006), Q_k the reference point (status quo), E_k the position
// of the Commission (actor id "com"), P_k that of the European Parliament ("ep") and M_k
// the weighted median of positions:
//
//   x*_k = clamp( C_k + w_q (Q_k - C_k) + w_e (E_k - C_k) + w_p (P_k - C_k)
//                     + w_m (M_k - C_k) + w_2 T_k (M_k - C_k), scale ),
//
// where T_k = 1 when the participants hold exactly two distinct positions, else 0: on such
// issues the outcome is mostly one of the two positions, the side with the larger
// salience-weighted support (33 of 41 such issues of the development file whose outcome
// is one of the two positions), which the weighted median picks.
//
// A term whose input is missing (no status quo, Commission or Parliament without a stance)
// is zero. w = 0 gives the compromise model back. The idea follows the DEU literature:
// outcomes lie between the reference point and the Council's compromise because any
// change needs a qualified majority or unanimity against the status quo (procedural models:
// Koenig & Proksch 2006; Steunenberg & Selck 2006), the Commission proposes and the
// Parliament co-decides (Thomson et al. 2006, ch. 10-12; Arregui 2016), and combinations
// of the compromise model with other forecasts reduce error (Achen 2006; Thomson 2011).
// The default weights are the least-absolute-deviation fit of w_m and w_2 on the DEU III
// development file (230 issues, equal capabilities; w_q = w_e = w_p = 0 because they did
// not lower the cross-validated error there); `parley validate` (model blend-cv) refits
// w_m and w_2 in each fold of a proposal-grouped cross-validation and reports that
// out-of-sample error.
#include "models/blend.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "models/builtin.h"

namespace parley::models {

BlendInputs ComputeBlendInputs(const Scenario& scenario, std::size_t issue,
                               internal::WeightRule rule) {
  BlendScratch scratch;
  return ComputeBlendInputs(scenario, issue, rule, scratch);
}

BlendInputs ComputeBlendInputs(const Scenario& scenario, std::size_t issue,
                               internal::WeightRule rule, BlendScratch& scratch) {
  internal::IssueActors& view = scratch.view;
  internal::CollectIssue(scenario, issue, rule, view);
  BlendInputs inputs;
  inputs.compromise = internal::WeightedMean(view.position, view.weight);
  inputs.feature.fill(inputs.compromise);
  const Issue& meta = scenario.issue(issue);
  if (meta.status_quo) inputs.feature[0] = *meta.status_quo;
  const char* setters[] = {"com", "ep"};
  for (int s = 0; s < 2; ++s) {
    const std::optional<std::size_t> actor = scenario.FindActor(setters[s]);
    if (!actor) continue;
    const Stance* stance = scenario.stance(*actor, issue);
    if (stance != nullptr) inputs.feature[1 + s] = stance->position;
  }
  inputs.feature[3] = internal::WeightedMedian(view.position, view.weight, scratch.order);
  std::vector<double>& distinct = scratch.distinct;
  distinct.assign(view.position.begin(), view.position.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() == 2) inputs.feature[4] = inputs.feature[3];
  return inputs;
}

namespace {

const char* const kWeightNames[kBlendFeatures] = {"w_status_quo", "w_commission", "w_parliament",
                                                  "w_median", "w_median_two"};

class BlendModel : public Model {
 public:
  explicit BlendModel(ModelSpec spec)
      : Model(std::move(spec)),
        rule_(internal::ParseWeightRule(this->spec().parameters.Choice("weight"))) {
    for (std::size_t j = 0; j < kBlendFeatures; ++j) {
      w_[j] = this->spec().parameters.Real(kWeightNames[j]);
    }
  }
  const ModelDescriptor& descriptor() const override { return BlendDescriptor(); }

 protected:
  std::unique_ptr<ModelWorkspace> MakeWorkspace() const override {
    return std::make_unique<Workspace>();
  }
  void BargainInto(const Scenario& scenario, ModelWorkspace& workspace,
                   Result& result) const override {
    BlendScratch& scratch = static_cast<Workspace&>(workspace).scratch;
    ResetResult(scenario, result);
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      const BlendInputs in = ComputeBlendInputs(scenario, k, rule_, scratch);
      double x = in.compromise;
      for (std::size_t j = 0; j < kBlendFeatures; ++j) x += w_[j] * (in.feature[j] - in.compromise);
      const Issue& issue = scenario.issue(k);
      result.forecasts[k].position = std::clamp(x, issue.scale_min, issue.scale_max);
    }
  }

 private:
  struct Workspace : ModelWorkspace {
    BlendScratch scratch;
  };

  internal::WeightRule rule_;
  double w_[kBlendFeatures];
};

// Blend's weights were fitted on EU legislative decisions, and its terms read the
// Commission's and the Parliament's positions: it belongs in the default set only of
// scenarios that have both (actor ids "com" and "ep", any letter case, as the DEU reader
// names them).
bool IsEuLegislative(const Scenario& scenario) {
  bool commission = false, parliament = false;
  for (const Actor& actor : scenario.actors()) {
    std::string id = actor.id;
    for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    commission = commission || id == "com";
    parliament = parliament || id == "ep";
  }
  return commission && parliament;
}

ParamSpec WeightOf(const char* name, const char* help, const char* value) {
  return {name, ParamType::kReal, help, value, -2, 2, {}};
}

}  // namespace

const ModelDescriptor& BlendDescriptor() {
  static const ModelDescriptor descriptor{
      "blend",
      "compromise corrected toward the status quo, Commission, Parliament and median",
      "Achen (2006) compromise model; Koenig & Proksch (2006) and Thomson et al. (2006) on "
      "the reference point and agenda setters; weights fitted by least absolute deviation",
      {internal::WeightParam(),
       WeightOf("w_status_quo", "weight of (status quo - compromise)", "0"),
       WeightOf("w_commission", "weight of (Commission position - compromise)", "0"),
       WeightOf("w_parliament", "weight of (Parliament position - compromise)", "0"),
       WeightOf("w_median", "weight of (weighted median - compromise)", "-0.19"),
       WeightOf("w_median_two",
                "weight of (weighted median - compromise) on issues with two distinct positions",
                "0.965")},
      IsEuLegislative,
      "EU legislative scenarios (actors 'com' and 'ep')"};
  return descriptor;
}

std::unique_ptr<Model> MakeBlend(ModelSpec spec) {
  return std::make_unique<BlendModel>(std::move(spec));
}

}  // namespace parley::models
