// Drawing uncertain inputs: inverse CDFs and a per-thread scenario copy that sampled values
// are written into in place, so an ensemble run allocates nothing to build its scenario.
// Private to the library.
//
// The standard normal quantile is Wichura's (1988) algorithm AS 241 (PPND16): rational
// approximations of degree 7 in three regions, |p - 1/2| <= 0.425 (85% of draws: no
// transcendental function), then in r = sqrt(-log(min(p, 1 - p))) for r <= 5 and beyond.
// Its relative error is about 1e-16: measured against a quad-precision reference over 2e6
// points of the 32-bit grid UnitFromBits draws from, at most 6.4 ulp (mean 0.83 ulp), where
// Boost's erfc_inv, used before (parley 0.1), had at most 3.6 ulp (mean 0.64 ulp). The two
// differ by at most 8 ulp of the standard normal value on that grid, so every normal draw is
// the same to about 1e-15 relative as in 0.1: the random stream (one pcg32 output per input,
// inversion of the truncated CDF) is unchanged, only the last bits of normal draws differ.
// AS 241 needs log only in the tails (15% of draws; Boost's erfc_inv needed it in half) and
// its central region is evaluated for a whole run's normal inputs at once, which the
// compiler vectorises.
#ifndef PARLEY_ANALYSIS_SAMPLING_H_
#define PARLEY_ANALYSIS_SAMPLING_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "parley/scenario.h"

namespace parley::internal {

// Phi^-1(p) for p in (0, 1) by AS 241 (above); -inf at 0 and +inf at 1.
double StandardNormalQuantile(double p);
// z[i] = StandardNormalQuantile(p[i]) for i < n, bit-identical to the scalar function: the
// central region is computed for every element in one vectorisable loop, the tails after.
void StandardNormalQuantiles(const double* p, double* z, std::size_t n);

// A distribution with the constants of its inverse CDF precomputed.
class InputSampler {
 public:
  explicit InputSampler(const Distribution& distribution);
  // The value at probability u in (0, 1).
  double operator()(double u) const;

  const Distribution& distribution() const { return d_; }
  // Normal: the probability u maps to, Phi(a) + u (Phi(b) - Phi(a)) ...
  double NormalProbability(double u) const { return cdf_low_ + u * (cdf_high_ - cdf_low_); }
  // ... and the value at that probability given z = Phi^-1(p), within the support.
  double NormalValue(double p, double z) const {
    return Clamp(p <= 0 ? d_.low : p >= 1 ? d_.high : d_.mean + d_.sd * z);
  }

 private:
  // Rounding may step outside the support; a capability's support excludes 0.
  double Clamp(double x) const {
    if (x < d_.low) x = d_.low;
    if (x > d_.high) x = d_.high;
    if (x <= 0 && d_.low == 0 && std::isinf(d_.high)) x = std::numeric_limits<double>::min();
    return x;
  }

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
  // Every input from pcg32(seed, run) in scenario order (ensemble run `run`): input i takes
  // the i-th output u_i and the value sampler(i)(UnitFromBits(u_i)), the normal inputs'
  // quantiles computed together. Allocates nothing.
  void Draw(std::uint64_t seed, std::uint64_t run);
  void SetNominal();
  const Scenario& scenario() const { return scenario_; }

 private:
  void Bind();         // points target_ at the uncertain fields of scenario_
  void PrepareDraw();  // sorts the inputs into normal_ and other_, sizes the buffers
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
  bool any_rederive_ = false;
  std::vector<std::vector<DerivedCapability>> derived_;  // per issue with derivations
  std::vector<InputSampler> samplers_;
  std::vector<double> nominal_;
  // Draw's buffers: every input's probability, and for the normal inputs (indices in
  // normal_) their probability and standard normal quantile.
  std::vector<std::size_t> normal_, other_;
  std::vector<double> unit_, normal_p_, normal_z_;
};

}  // namespace parley::internal

#endif  // PARLEY_ANALYSIS_SAMPLING_H_
