// The features of the blend model, shared with the validation code that refits it.
#ifndef PARLEY_MODELS_BLEND_H_
#define PARLEY_MODELS_BLEND_H_

#include <array>
#include <cstddef>
#include <vector>

#include "core/weights.h"
#include "parley/scenario.h"

namespace parley::models {

// status quo, Commission, Parliament, weighted median, weighted median on two-position issues
inline constexpr std::size_t kBlendFeatures = 5;

// The compromise forecast of an issue and the blend's features; a feature that is missing
// (no status quo, no Commission or Parliament stance; the two-position median on an issue
// with more than two distinct positions) equals the compromise, so its term vanishes.
struct BlendInputs {
  double compromise = 0;
  std::array<double, kBlendFeatures> feature{};
};

BlendInputs ComputeBlendInputs(const Scenario& scenario, std::size_t issue,
                               internal::WeightRule rule);

// Buffers for ComputeBlendInputs, reused between calls (Model::RunInto).
struct BlendScratch {
  internal::IssueActors view;
  std::vector<std::size_t> order;  // WeightedMedian's
  std::vector<double> distinct;
};
BlendInputs ComputeBlendInputs(const Scenario& scenario, std::size_t issue,
                               internal::WeightRule rule, BlendScratch& scratch);

}  // namespace parley::models

#endif  // PARLEY_MODELS_BLEND_H_
