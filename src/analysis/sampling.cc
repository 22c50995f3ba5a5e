// Inverse CDFs of the uncertain-input distributions and the in-place scenario workspace.
#include "analysis/sampling.h"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <limits>
#include <pcg_random.hpp>

#include "parley/ensemble.h"

namespace parley {
namespace internal {

namespace {

// Standard normal CDF and its inverse through erfc, accurate in both tails:
// Phi(z) = erfc(-z / sqrt 2) / 2, Phi^-1(p) = -sqrt 2 erfc^-1(2 p).
// Boost.Math promotes double arithmetic to long double by default (x87, several times
// slower); double precision is ample for sampling, and this is the sampler's hot path.
using FastPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

double NormalCdf(double z) {
  if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
  return 0.5 * boost::math::erfc(-z / std::sqrt(2.0), FastPolicy());
}
double NormalQuantile(double p) {
  return -std::sqrt(2.0) * boost::math::erfc_inv(2 * p, FastPolicy());
}

}  // namespace

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
  double x = 0;
  switch (d_.kind) {
    case DistributionKind::kUniform:
      return d_.low + u * width;
    case DistributionKind::kTriangular:
      // F(x) = (x-a)^2 / ((b-a)(c-a)) below the mode c, 1 - (b-x)^2 / ((b-a)(b-c)) above.
      if (u < mode_share_) return d_.low + std::sqrt(u * width * (d_.mode - d_.low));
      return d_.high - std::sqrt((1 - u) * width * (d_.high - d_.mode));
    case DistributionKind::kNormal: {
      // Truncation by inversion: p uniform on [Phi(a), Phi(b)], x = mean + sd Phi^-1(p).
      const double p = cdf_low_ + u * (cdf_high_ - cdf_low_);
      x = p <= 0 ? d_.low : p >= 1 ? d_.high : d_.mean + d_.sd * NormalQuantile(p);
      break;
    }
    case DistributionKind::kBeta:
      x = d_.low + width * boost::math::ibeta_inv(d_.alpha, d_.beta, u, FastPolicy());
      break;
  }
  // Rounding may step outside the support; a capability's support excludes 0.
  if (x < d_.low) x = d_.low;
  if (x > d_.high) x = d_.high;
  if (x <= 0 && d_.low == 0 && std::isinf(d_.high)) x = std::numeric_limits<double>::min();
  return x;
}

ScenarioWorkspace::ScenarioWorkspace(const Scenario& nominal, const std::string& content_hash)
    : scenario_(nominal) {
  scenario_.content_hash_ = content_hash;
  for (const UncertainInput& input : scenario_.uncertain_)
    samplers_.emplace_back(input.distribution);
  Bind();
  for (double* target : target_) nominal_.push_back(*target);
}

ScenarioWorkspace::ScenarioWorkspace(const ScenarioWorkspace& other)
    : scenario_(other.scenario_), samplers_(other.samplers_), nominal_(other.nominal_) {
  Bind();
  SetNominal();
}

void ScenarioWorkspace::Bind() {
  target_.clear();
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
  bool rederive = false;
  for (std::size_t i = 0; i < target_.size(); ++i) {
    *target_[i] = samplers_[i](UnitFromBits(rng()));
    rederive = rederive || rederive_[i];
  }
  if (rederive) Rederive();
}

void ScenarioWorkspace::SetNominal() {
  bool rederive = false;
  for (std::size_t i = 0; i < target_.size(); ++i) {
    *target_[i] = nominal_[i];
    rederive = rederive || rederive_[i];
  }
  if (rederive) Rederive();
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
