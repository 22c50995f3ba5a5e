// Drawing uncertain inputs: inverse CDFs and a per-thread scenario copy that sampled values
// are written into in place, so an ensemble run allocates nothing to build its scenario.
// Private to the library.
#ifndef PARLEY_ANALYSIS_SAMPLING_H_
#define PARLEY_ANALYSIS_SAMPLING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "parley/scenario.h"

namespace parley::internal {

// A distribution with the constants of its inverse CDF precomputed.
class InputSampler {
 public:
  explicit InputSampler(const Distribution& distribution);
  // The value at probability u in (0, 1).
  double operator()(double u) const;

 private:
  Distribution d_;
  double cdf_low_ = 0, cdf_high_ = 1;  // normal: Phi at the truncation bounds
  double mode_share_ = 0;              // triangular: F(mode)
};

// u in (0, 1) from 32 random bits: (k + 0.5) / 2^32, never 0 or 1, so inverse CDFs stay
// finite.
inline double UnitFromBits(std::uint32_t bits) { return (bits + 0.5) * 0x1p-32; }

// A copy of a scenario whose uncertain fields can be overwritten. It reports the original
// scenario's ContentHash without recomputing it.
class ScenarioWorkspace {
 public:
  ScenarioWorkspace(const Scenario& nominal, const std::string& content_hash);
  ScenarioWorkspace(const ScenarioWorkspace& other);  // keeps other's nominal values
  ScenarioWorkspace& operator=(const ScenarioWorkspace&) = delete;

  std::size_t input_count() const { return samplers_.size(); }
  const InputSampler& sampler(std::size_t input) const { return samplers_[input]; }
  double nominal(std::size_t input) const { return nominal_[input]; }
  void Set(std::size_t input, double value) {
    *target_[input] = value;
    if (rederive_[input]) Rederive();
  }
  // Every input from pcg32(seed, run) in scenario order (ensemble run `run`).
  void Draw(std::uint64_t seed, std::uint64_t run);
  void SetNominal();
  const Scenario& scenario() const { return scenario_; }

 private:
  void Bind();  // points target_ at the uncertain fields of scenario_
  // Issue capabilities derived from trade data depend on the actors' capabilities (the
  // leverage rule, src/trade/leverage_rule.h): recompute them from the current values.
  void Rederive();

  // One derived capability: which stance it is written into and the rule's fixed inputs.
  struct DerivedCapability {
    std::size_t actor = 0;
    Stance* stance = nullptr;
    double leverage_weight = 0;  // beta
    double trade_share = 0;
  };

  Scenario scenario_;
  std::vector<double*> target_;
  std::vector<bool> rederive_;  // per input: a capability some derived one depends on
  std::vector<std::vector<DerivedCapability>> derived_;  // per issue with derivations
  std::vector<InputSampler> samplers_;
  std::vector<double> nominal_;
};

}  // namespace parley::internal

#endif  // PARLEY_ANALYSIS_SAMPLING_H_
