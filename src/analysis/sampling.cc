// Inverse CDFs of the uncertain-input distributions and the in-place scenario workspace.
#include "analysis/sampling.h"

#include <algorithm>
#include <array>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <limits>
#include <pcg_random.hpp>

#include "parley/ensemble.h"

namespace parley {
namespace internal {

namespace {

// Standard normal CDF through erfc, accurate in both tails: Phi(z) = erfc(-z / sqrt 2) / 2
// (used once per input, for the truncation bounds). Boost.Math promotes double arithmetic
// to long double by default (x87, several times slower); double precision is ample here.
using FastPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

double NormalCdf(double z) {
  if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
  return 0.5 * boost::math::erfc(-z / std::sqrt(2.0), FastPolicy());
}

// AS 241 (Wichura 1988, Applied Statistics 37(3), 477-484), PPND16: coefficients of the
// numerator and denominator of each region's rational function, lowest degree first.
using Polynomial = std::array<double, 8>;
constexpr Polynomial kCentralA = {
    3.387132872796366608,  133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
    45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727};
constexpr Polynomial kCentralB = {1.0,
                                  42.313330701600911252,
                                  687.1870074920579083,
                                  5394.1960214247511077,
                                  21213.794301586595867,
                                  39307.89580009271061,
                                  28729.085735721942674,
                                  5226.495278852854561};
constexpr Polynomial kNearC = {1.42343711074968357734,   4.6303378461565452959,
                               5.7694972214606914055,    3.64784832476320460504,
                               1.27045825245236838258,   0.24178072517745061177,
                               0.0227238449892691845833, 7.7454501427834140764e-4};
constexpr Polynomial kNearD = {1.0,
                               2.05319162663775882187,
                               1.6763848301838038494,
                               0.68976733498510000455,
                               0.14810397642748007459,
                               0.0151986665636164571966,
                               5.475938084995344946e-4,
                               1.05075007164441684324e-9};
constexpr Polynomial kFarE = {6.6579046435011037772,     5.4637849111641143699,
                              1.7848265399172913358,     0.29656057182850489123,
                              0.026532189526576123093,   0.0012426609473880784386,
                              2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr Polynomial kFarF = {1.0,
                              0.59983220655588793769,
                              0.13692988092273580531,
                              0.0148753612908506148525,
                              7.868691311456132591e-4,
                              1.8463183175100546818e-5,
                              1.4215117583164458887e-7,
                              2.04426310338993978564e-15};

// c[0] + c[1] x + ... + c[7] x^7 by Horner's rule (the order of operations AS 241 uses).
inline double Horner(const Polynomial& c, double x) {
  double value = c[7];
  for (int j = 6; j >= 0; --j) value = value * x + c[j];
  return value;
}

// Central region |q| <= 0.425, q = p - 1/2: z = q A(r) / B(r) with r = 0.180625 - q^2.
inline double CentralQuantile(double p) {
  const double q = p - 0.5;
  const double r = 0.180625 - q * q;
  return q * Horner(kCentralA, r) / Horner(kCentralB, r);
}

bool InCentralRegion(double p) { return std::abs(p - 0.5) <= 0.425; }

// Tails: r = sqrt(-log(min(p, 1 - p))), then C(r - 1.6) / D(r - 1.6) up to r = 5 (p down
// to about 1.4e-11) and E(r - 5) / F(r - 5) beyond.
double TailQuantile(double p) {
  if (!(p > 0)) return -std::numeric_limits<double>::infinity();
  if (!(p < 1)) return std::numeric_limits<double>::infinity();
  const bool lower = p < 0.5;
  const double r = std::sqrt(-std::log(lower ? p : 1 - p));
  const double value = r <= 5 ? Horner(kNearC, r - 1.6) / Horner(kNearD, r - 1.6)
                              : Horner(kFarE, r - 5) / Horner(kFarF, r - 5);
  return lower ? -value : value;
}

}  // namespace

double StandardNormalQuantile(double p) {
  return InCentralRegion(p) ? CentralQuantile(p) : TailQuantile(p);
}

void StandardNormalQuantiles(const double* p, double* z, std::size_t n) {
  // In chunks: the central formula for every element (a branch-free loop, vectorised),
  // then the tail elements, gathered without a branch (about 15% of them, at random
  // places, would mispredict a branch per element) and computed again.
  constexpr std::size_t kChunk = 64;
  std::size_t tails[kChunk];
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t size = std::min(kChunk, n - start);
    for (std::size_t i = start; i < start + size; ++i) z[i] = CentralQuantile(p[i]);
    std::size_t count = 0;
    for (std::size_t i = start; i < start + size; ++i) {
      tails[count] = i;
      count += InCentralRegion(p[i]) ? 0 : 1;
    }
    for (std::size_t j = 0; j < count; ++j) z[tails[j]] = TailQuantile(p[tails[j]]);
  }
}

InputSampler::InputSampler(const Distribution& distribution) : d_(distribution) {
  if (d_.kind == DistributionKind::kNormal) {
    cdf_low_ = NormalCdf((d_.low - d_.mean) / d_.sd);
    cdf_high_ = NormalCdf((d_.high - d_.mean) / d_.sd);
  } else if (d_.kind == DistributionKind::kTriangular) {
    mode_share_ = (d_.mode - d_.low) / (d_.high - d_.low);
  }
}

double InputSampler::operator()(double u) const {
  const double width = d_.high - d_.low;
  switch (d_.kind) {
    case DistributionKind::kUniform:
      return d_.low + u * width;
    case DistributionKind::kTriangular:
      // F(x) = (x-a)^2 / ((b-a)(c-a)) below the mode c, 1 - (b-x)^2 / ((b-a)(b-c)) above.
      if (u < mode_share_) return d_.low + std::sqrt(u * width * (d_.mode - d_.low));
      return d_.high - std::sqrt((1 - u) * width * (d_.high - d_.mode));
    case DistributionKind::kNormal: {
      // Truncation by inversion: p uniform on [Phi(a), Phi(b)], x = mean + sd Phi^-1(p).
      const double p = NormalProbability(u);
      return NormalValue(p, StandardNormalQuantile(p));
    }
    case DistributionKind::kBeta:
      return Clamp(d_.low + width * boost::math::ibeta_inv(d_.alpha, d_.beta, u, FastPolicy()));
  }
  return Clamp(0);
}

ScenarioWorkspace::ScenarioWorkspace(const Scenario& nominal, const std::string& content_hash)
    : scenario_(nominal) {
  scenario_.content_hash_ = content_hash;
  for (const UncertainInput& input : scenario_.uncertain_)
    samplers_.emplace_back(input.distribution);
  Bind();
  for (double* target : target_) nominal_.push_back(*target);
  PrepareDraw();
}

ScenarioWorkspace::ScenarioWorkspace(const ScenarioWorkspace& other)
    : scenario_(other.scenario_), samplers_(other.samplers_), nominal_(other.nominal_) {
  Bind();
  PrepareDraw();
  SetNominal();
}

void ScenarioWorkspace::PrepareDraw() {
  normal_.clear();
  other_.clear();
  for (std::size_t i = 0; i < samplers_.size(); ++i) {
    const bool normal = samplers_[i].distribution().kind == DistributionKind::kNormal;
    (normal ? normal_ : other_).push_back(i);
  }
  unit_.assign(samplers_.size(), 0.0);
  normal_p_.assign(normal_.size(), 0.0);
  normal_z_.assign(normal_.size(), 0.0);
}

void ScenarioWorkspace::Bind() {
  target_.clear();
  any_rederive_ = false;
  rederive_.assign(scenario_.uncertain_.size(), false);
  derived_.clear();
  const std::size_t actor_count = scenario_.actors_.size();
  // Group the derivations by issue, in the order the leverage rule summed them (the
  // reader's participant order), so that recomputing nominal values gives the same bits.
  std::vector<std::size_t> issue_of_group;
  for (const CapabilityDerivation& derivation : scenario_.derivations_) {
    const std::size_t issue = *scenario_.FindIssue(derivation.issue_id);
    const std::size_t actor = *scenario_.FindActor(derivation.actor_id);
    std::size_t group = 0;
    while (group < issue_of_group.size() && issue_of_group[group] != issue) ++group;
    if (group == issue_of_group.size()) {
      issue_of_group.push_back(issue);
      derived_.emplace_back();
    }
    derived_[group].push_back({actor, &*scenario_.stances_[issue * actor_count + actor],
                               derivation.leverage_weight, derivation.trade_share});
  }
  for (std::size_t i = 0; i < scenario_.uncertain_.size(); ++i) {
    const UncertainInput& input = scenario_.uncertain_[i];
    if (input.field != UncertainField::kCapability) continue;
    for (const auto& group : derived_) {
      for (const DerivedCapability& derived : group) {
        if (derived.actor == input.actor) rederive_[i] = true;
      }
    }
    any_rederive_ = any_rederive_ || rederive_[i];
  }
  for (const UncertainInput& input : scenario_.uncertain_) {
    double* target = nullptr;
    if (input.field == UncertainField::kCapability) {
      target = &scenario_.actors_[input.actor].capability;
    } else {
      Stance& stance = *scenario_.stances_[input.issue * actor_count + input.actor];
      target = input.field == UncertainField::kPosition ? &stance.position : &stance.salience;
    }
    target_.push_back(target);
  }
}

void ScenarioWorkspace::Draw(std::uint64_t seed, std::uint64_t run) {
  pcg32 rng(seed, run);
  for (double& unit : unit_) unit = UnitFromBits(rng());
  // The normal inputs in three passes: probabilities, quantiles (vectorised), values.
  const std::size_t normals = normal_.size();
  for (std::size_t j = 0; j < normals; ++j) {
    normal_p_[j] = samplers_[normal_[j]].NormalProbability(unit_[normal_[j]]);
  }
  StandardNormalQuantiles(normal_p_.data(), normal_z_.data(), normals);
  for (std::size_t j = 0; j < normals; ++j) {
    *target_[normal_[j]] = samplers_[normal_[j]].NormalValue(normal_p_[j], normal_z_[j]);
  }
  for (std::size_t i : other_) *target_[i] = samplers_[i](unit_[i]);
  if (any_rederive_) Rederive();
}

void ScenarioWorkspace::SetNominal() {
  for (std::size_t i = 0; i < target_.size(); ++i) *target_[i] = nominal_[i];
  if (any_rederive_) Rederive();
}

void ScenarioWorkspace::Rederive() {
  // capability_ik = (1 - beta) c_i / sum_{a in P_k} c_a + beta trade_share_ik, the rule of
  // src/trade/leverage_rule.h with the same order of operations.
  for (const auto& group : derived_) {
    double capability_total = 0;
    for (const DerivedCapability& derived : group) {
      capability_total += scenario_.actors_[derived.actor].capability;
    }
    for (const DerivedCapability& derived : group) {
      const double capability_share =
          scenario_.actors_[derived.actor].capability / capability_total;
      derived.stance->capability = (1 - derived.leverage_weight) * capability_share +
                                   derived.leverage_weight * derived.trade_share;
    }
  }
}

}  // namespace internal

double InverseCdf(const Distribution& distribution, double u) {
  return internal::InputSampler(distribution)(u);
}

Scenario SampleScenario(const Scenario& scenario, std::uint64_t seed, std::uint64_t run) {
  internal::ScenarioWorkspace workspace(scenario, "");
  workspace.Draw(seed, run);
  return workspace.scenario();
}

}  // namespace parley
