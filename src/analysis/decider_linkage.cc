// Linkage between deciders (parley/linkage.h, AnalyzeDeciderLinkage): conditional offers
// between the actors that decide issues, their credibility, agenda changes and the
// slippery slope. The formulas are in the header; this file follows them.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "parley/agenda.h"
#include "parley/decision.h"
#include "parley/linkage.h"
#include "parley/registry.h"
#include "parley/utility.h"

namespace parley {

namespace {

// Quadratic utility, as the nash model and the rest of the linkage analysis by default: it
// makes the deciders' Pareto frontier a closed form (see the header).
constexpr UtilityShape kShape = UtilityShape::kQuadratic;
// Frontier points searched before the Nash solution is refined by golden section.
constexpr int kFrontierSteps = 2000;
// Gains below this (utility units; saliences are at most 1) count as none.
constexpr double kNoGain = 1e-9;

struct Context {
  const Scenario& scenario;
  std::vector<double> no_agreement;  // per issue: the decision stage on stated positions
  std::vector<double> low, high;     // per issue: what its decider can promise
  std::vector<std::string> decider;  // per issue: the deciding actor, or "" for none
};

Context MakeContext(const Scenario& scenario) {
  Context context{scenario, {}, {}, {}, {}};
  const Result procedural = DefaultRegistry().Create("procedural")->Run(scenario);
  std::vector<double> stated(scenario.actor_count(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const Issue& issue = scenario.issue(k);
    context.no_agreement.push_back(procedural.forecasts[k].position);
    context.low.push_back(issue.scale_min);
    context.high.push_back(issue.scale_max);
    context.decider.emplace_back();
    if (!issue.decision || issue.decision->rule != DecisionRule::kDecider) continue;
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      const Stance* stance = scenario.stance(a, k);
      stated[a] = stance ? stance->position : std::numeric_limits<double>::quiet_NaN();
    }
    const DecisionOutcome outcome = Decide(scenario, k, stated);
    context.low.back() = outcome.low;
    context.high.back() = outcome.high;
    context.decider.back() = issue.decision->decider;
  }
  return context;
}

// One bargaining problem: deciders a and b, the package issues, the no-agreement outcome
// `base` (every issue of the scenario) and their utilities there.
struct Problem {
  const Context& context;
  std::size_t a, b;                 // actor indices
  std::vector<std::size_t> issues;  // package issue indices, scenario order
  std::vector<double> base;
  double base_a = 0, base_b = 0;

  Problem(const Context& context_in, std::size_t a_in, std::size_t b_in,
          std::vector<std::size_t> issues_in, std::vector<double> base_in)
      : context(context_in),
        a(a_in),
        b(b_in),
        issues(std::move(issues_in)),
        base(std::move(base_in)) {
    base_a = Utility(a, base);
    base_b = Utility(b, base);
  }

  double Utility(std::size_t actor, const std::vector<double>& outcome) const {
    return SpatialUtility(context.scenario, actor, outcome, kShape);
  }

  // The frontier point for weight l on decider a (1 - l on b): per issue the clamp of the
  // salience-weighted mean of their positions, the maximiser of l u_a + (1 - l) u_b for
  // separable quadratic utilities over a box.
  std::vector<double> Frontier(double l) const {
    std::vector<double> outcome = base;
    for (std::size_t k : issues) {
      const Stance* sa = context.scenario.stance(a, k);
      const Stance* sb = context.scenario.stance(b, k);
      const double wa = sa ? l * sa->salience : 0, wb = sb ? (1 - l) * sb->salience : 0;
      if (wa + wb <= 0) continue;
      const double mean = ((sa ? wa * sa->position : 0) + (sb ? wb * sb->position : 0)) / (wa + wb);
      outcome[k] = std::clamp(mean, context.low[k], context.high[k]);
    }
    return outcome;
  }

  std::pair<double, double> Gains(const std::vector<double>& outcome) const {
    return {Utility(a, outcome) - base_a, Utility(b, outcome) - base_b};
  }

  // d/dl of each decider's utility along the frontier: sum over package issues of
  // du/dx_k dx_k/dl, with du_i/dx_k = -2 s_ik (x_k - p_ik) / range_k^2 and, where x_k is
  // not clamped, dx_k/dl = s_ak s_bk (p_ak - p_bk) / (l s_ak + (1 - l) s_bk)^2.
  std::pair<double, double> Slopes(double l) const {
    double slope_a = 0, slope_b = 0;
    const std::vector<double> outcome = Frontier(l);
    for (std::size_t k : issues) {
      const Stance* sa = context.scenario.stance(a, k);
      const Stance* sb = context.scenario.stance(b, k);
      if (sa == nullptr || sb == nullptr) continue;  // one side alone: x_k does not move
      if (outcome[k] <= context.low[k] || outcome[k] >= context.high[k]) continue;  // clamped
      const double denominator = l * sa->salience + (1 - l) * sb->salience;
      if (denominator <= 0) continue;
      const double dx =
          sa->salience * sb->salience * (sa->position - sb->position) / (denominator * denominator);
      const double range2 = context.scenario.issue(k).range() * context.scenario.issue(k).range();
      slope_a += -2 * sa->salience * (outcome[k] - sa->position) / range2 * dx;
      slope_b += -2 * sb->salience * (outcome[k] - sb->position) / range2 * dx;
    }
    return {slope_a, slope_b};
  }
};

struct Solution {
  bool exists = false;
  std::vector<double> nash, equal_gain;  // full outcomes (empty when none)
  double gain_a = 0, gain_b = 0, equal_value = 0, joint = 0;
};

Solution Solve(const Problem& problem) {
  const Scenario& scenario = problem.context.scenario;
  const double weight_a = scenario.actor(problem.a).capability;
  const double weight_b = scenario.actor(problem.b).capability;
  // log of the asymmetric Nash product; -inf outside the set both strictly prefer.
  auto log_nash = [&](double l) {
    const auto [ga, gb] = problem.Gains(problem.Frontier(l));
    if (ga <= kNoGain || gb <= kNoGain) return -std::numeric_limits<double>::infinity();
    return weight_a * std::log(ga) + weight_b * std::log(gb);
  };
  Solution solution;
  int best = -1;
  double best_value = -std::numeric_limits<double>::infinity();
  for (int i = 0; i <= kFrontierSteps; ++i) {
    const double l = static_cast<double>(i) / kFrontierSteps;
    const auto [ga, gb] = problem.Gains(problem.Frontier(l));
    if (ga > kNoGain && gb > kNoGain) solution.joint = std::max(solution.joint, ga + gb);
    const double value = log_nash(l);
    if (value > best_value) {
      best_value = value;
      best = i;
    }
  }
  if (best < 0) return solution;  // no point both strictly prefer
  solution.exists = true;
  // Refinement around the best grid point: bisection on the sign of the log Nash product's
  // derivative w_a g_a'/g_a + w_b g_b'/g_b, which falls through zero at the maximum (the
  // product is unimodal along the frontier of concave utilities).
  auto derivative = [&](double l) {
    const auto [ga, gb] = problem.Gains(problem.Frontier(l));
    const auto [da, db] = problem.Slopes(l);
    return weight_a * da / ga + weight_b * db / gb;
  };
  double lo = std::max(0.0, (best - 1.0) / kFrontierSteps);
  double hi = std::min(1.0, (best + 1.0) / kFrontierSteps);
  double l_nash = static_cast<double>(best) / kFrontierSteps;
  if (log_nash(lo) > -std::numeric_limits<double>::infinity() &&
      log_nash(hi) > -std::numeric_limits<double>::infinity() && derivative(lo) > 0 &&
      derivative(hi) < 0) {
    for (int iteration = 0; iteration < 100; ++iteration) {
      const double middle = 0.5 * (lo + hi);
      (derivative(middle) > 0 ? lo : hi) = middle;
    }
    if (log_nash(0.5 * (lo + hi)) >= best_value) l_nash = 0.5 * (lo + hi);
  }
  solution.nash = problem.Frontier(l_nash);
  std::tie(solution.gain_a, solution.gain_b) = problem.Gains(solution.nash);
  // Equal gains: g_a - g_b rises with l (more weight on a); bisection on [0, 1].
  auto difference = [&](double l) {
    const auto [ga, gb] = problem.Gains(problem.Frontier(l));
    return ga - gb;
  };
  if (difference(0) <= 0 && difference(1) >= 0) {
    double left = 0, right = 1;
    for (int iteration = 0; iteration < 100; ++iteration) {
      const double middle = 0.5 * (left + right);
      (difference(middle) < 0 ? left : right) = middle;
    }
    const std::vector<double> point = problem.Frontier(0.5 * (left + right));
    const auto [ga, gb] = problem.Gains(point);
    if (ga > kNoGain && gb > kNoGain) {
      solution.equal_gain = point;
      solution.equal_value = 0.5 * (ga + gb);
    }
  }
  return solution;
}

std::vector<double> Pick(const std::vector<double>& outcome, const std::vector<std::size_t>& at) {
  std::vector<double> picked;
  picked.reserve(at.size());
  for (std::size_t k : at) picked.push_back(outcome[k]);
  return picked;
}

DeciderOffer MakeOffer(const Context& context, std::size_t a, std::size_t b,
                       const std::vector<std::size_t>& issues) {
  const Scenario& scenario = context.scenario;
  const Problem problem(context, a, b, issues, context.no_agreement);
  const Solution solution = Solve(problem);
  DeciderOffer offer;
  offer.decider_a = scenario.actor(a).id;
  offer.decider_b = scenario.actor(b).id;
  for (std::size_t k : issues) {
    offer.issues.push_back(scenario.issue(k).id);
    offer.decided_by.push_back(context.decider[k]);
    offer.feasible_low.push_back(context.low[k]);
    offer.feasible_high.push_back(context.high[k]);
  }
  offer.no_agreement = Pick(context.no_agreement, issues);
  offer.exists = solution.exists;
  offer.largest_joint_gain = solution.joint;
  if (!solution.exists) return offer;
  offer.nash = Pick(solution.nash, issues);
  if (!solution.equal_gain.empty()) offer.equal_gain = Pick(solution.equal_gain, issues);
  offer.gain_a = solution.gain_a;
  offer.gain_b = solution.gain_b;
  offer.equal_gain_value = solution.equal_value;

  // Credibility: each side reneging on its own issues while the other keeps its promise.
  auto reneging = [&](const std::string& who) {
    std::vector<double> outcome = solution.nash;
    for (std::size_t k : issues) {
      if (context.decider[k] == who) outcome[k] = context.no_agreement[k];
    }
    return outcome;
  };
  auto critical = [&](std::size_t actor, const std::string& who, double* temptation) {
    const double keep = problem.Utility(actor, solution.nash);
    const double renege = problem.Utility(actor, reneging(who));
    const double punished = problem.Utility(actor, context.no_agreement);
    *temptation = std::max(0.0, renege - keep);
    // delta* = (T - C) / (T - P): no temptation, no trust needed.
    return renege - keep <= kNoGain || renege - punished <= kNoGain
               ? 0.0
               : (renege - keep) / (renege - punished);
  };
  offer.critical_a = critical(a, offer.decider_a, &offer.temptation_a);
  offer.critical_b = critical(b, offer.decider_b, &offer.temptation_b);
  if (const auto delta = scenario.discount_factor()) {
    offer.holds_a = *delta >= offer.critical_a;
    offer.holds_b = *delta >= offer.critical_b;
  }
  const bool a_first = offer.critical_a >= offer.critical_b;
  offer.first_mover = a_first ? offer.decider_a : offer.decider_b;
  const std::string& second = a_first ? offer.decider_b : offer.decider_a;
  offer.first_mover_reason =
      offer.critical_a == offer.critical_b
          ? fmt::format("both promises need the same trust (delta* {:.2f}); {} is listed first",
                        offer.critical_a, offer.first_mover)
          : fmt::format(
                "{}'s promise needs more trust (delta* {:.2f} against {:.2f}), so {} moves "
                "first and {}'s promise is the one left outstanding",
                offer.first_mover, std::max(offer.critical_a, offer.critical_b),
                std::min(offer.critical_a, offer.critical_b), offer.first_mover, second);
  const std::vector<double> reneged = reneging(second);
  offer.reneged = Pick(reneged, issues);
  // Everyone's utility change: the deciders first, then the others in scenario order.
  std::vector<std::size_t> order = {a, b};
  for (std::size_t i = 0; i < scenario.actor_count(); ++i) {
    if (i != a && i != b) order.push_back(i);
  }
  for (std::size_t i : order) {
    const double none = problem.Utility(i, context.no_agreement);
    offer.actors.push_back({scenario.actor(i).id, problem.Utility(i, solution.nash) - none,
                            problem.Utility(i, reneged) - none});
  }
  return offer;
}

}  // namespace

namespace {

// Offers, agenda changes and slopes (AnalyzeDeciderLinkage without the party changes).
DeciderLinkage AnalyzeOffers(const Scenario& scenario) {
  DeciderLinkage linkage;
  linkage.discount_factor = scenario.discount_factor();
  const Context context = MakeContext(scenario);
  // Deciders in scenario order, each with its issues.
  std::vector<std::size_t> deciders;
  std::vector<std::vector<std::size_t>> decided;
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    std::vector<std::size_t> issues;
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      if (context.decider[k] == scenario.actor(a).id) issues.push_back(k);
    }
    if (!issues.empty()) {
      deciders.push_back(a);
      decided.push_back(std::move(issues));
    }
  }
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const Issue& issue = scenario.issue(k);
    if (issue.decision && issue.decision->rule != DecisionRule::kDecider) {
      linkage.notes.push_back(fmt::format("{} is decided by {}, not by one decider: not offered",
                                          issue.id, DescribeDecision(issue)));
    }
  }
  if (deciders.size() < 2) {
    linkage.notes.emplace_back("fewer than two deciders: no offers between deciders");
    return linkage;
  }
  for (std::size_t i = 0; i < deciders.size(); ++i) {
    for (std::size_t j = i + 1; j < deciders.size(); ++j) {
      const std::size_t a = deciders[i], b = deciders[j];
      // The pair's whole set of issues, offered as one package after the two-issue ones.
      std::vector<std::size_t> all = decided[i];
      all.insert(all.end(), decided[j].begin(), decided[j].end());
      for (std::size_t ka : decided[i]) {
        for (std::size_t kb : decided[j]) {
          std::vector<std::size_t> pair = {std::min(ka, kb), std::max(ka, kb)};
          const DeciderOffer first = MakeOffer(context, a, b, pair);
          linkage.offers.push_back(first);
          // Adding each further issue either decides (Sebenius 1983).
          for (const auto& extra : {decided[i], decided[j]}) {
            for (std::size_t kc : extra) {
              if (kc == ka || kc == kb) continue;
              std::vector<std::size_t> bigger = pair;
              bigger.push_back(kc);
              std::sort(bigger.begin(), bigger.end());
              const DeciderOffer after = MakeOffer(context, a, b, bigger);
              DeciderAgendaChange change;
              change.decider_a = first.decider_a;
              change.decider_b = first.decider_b;
              change.before = first.issues;
              change.added = scenario.issue(kc).id;
              change.exists_before = first.exists;
              change.exists_after = after.exists;
              change.gain_a_before = first.gain_a;
              change.gain_b_before = first.gain_b;
              change.gain_a_after = after.gain_a;
              change.gain_b_after = after.gain_b;
              change.joint_before = first.largest_joint_gain;
              change.joint_after = after.largest_joint_gain;
              linkage.agenda.push_back(std::move(change));
            }
          }
          // The slippery slope: with the first agreement standing, each side asks for the
          // other's further issues, paying with its own issue of the first package.
          if (!first.exists) continue;
          // Every issue as it stands once the first agreement is kept.
          std::vector<double> granted = context.no_agreement;
          for (std::size_t p = 0; p < pair.size(); ++p) granted[pair[p]] = first.nash[p];
          for (const bool a_demands : {true, false}) {
            const std::size_t demander = a_demands ? a : b;
            const std::size_t own = a_demands ? ka : kb;
            for (std::size_t kc : a_demands ? decided[j] : decided[i]) {
              if (kc == ka || kc == kb) continue;
              std::vector<std::size_t> next = {std::min(own, kc), std::max(own, kc)};
              const Problem fresh(context, a, b, next, context.no_agreement);
              const Problem after(context, a, b, next, granted);
              const Solution without_first = Solve(fresh), after_first = Solve(after);
              SlipperySlope slope;
              slope.demander = scenario.actor(demander).id;
              slope.conceder = scenario.actor(a_demands ? b : a).id;
              slope.first = first.issues;
              slope.next_issue = scenario.issue(kc).id;
              slope.gain_without_first = a_demands ? without_first.gain_a : without_first.gain_b;
              slope.gain_after_first = a_demands ? after_first.gain_a : after_first.gain_b;
              slope.slope = slope.gain_after_first - slope.gain_without_first;
              linkage.slopes.push_back(std::move(slope));
            }
          }
        }
      }
      std::sort(all.begin(), all.end());
      if (all.size() > 2) linkage.offers.push_back(MakeOffer(context, a, b, all));
    }
  }
  return linkage;
}

}  // namespace

DeciderLinkage AnalyzeDeciderLinkage(const Scenario& scenario) {
  DeciderLinkage linkage = AnalyzeOffers(scenario);
  // Each veto player of an issue a decider decides, taken off the table in turn.
  std::vector<std::string> vetoes;
  for (const Issue& issue : scenario.issues()) {
    if (!issue.decision || issue.decision->rule != DecisionRule::kDecider) continue;
    for (const std::string& id : issue.decision->veto) {
      if (std::find(vetoes.begin(), vetoes.end(), id) == vetoes.end()) vetoes.push_back(id);
    }
  }
  for (const std::string& veto : vetoes) {
    const Scenario without = WithoutActors(scenario, {veto});
    const DeciderLinkage after = AnalyzeOffers(without);
    DeciderPartyChange change;
    change.dropped = veto;
    for (const DeciderOffer& offer : after.offers) {
      if (offer.issues.size() != 2) continue;
      DeciderPartyChange::Package package;
      package.decider_a = offer.decider_a;
      package.decider_b = offer.decider_b;
      package.issues = offer.issues;
      package.exists_without = offer.exists;
      package.joint_without = offer.largest_joint_gain;
      for (const DeciderOffer& before : linkage.offers) {
        if (before.decider_a == offer.decider_a && before.decider_b == offer.decider_b &&
            before.issues == offer.issues) {
          package.exists_with = before.exists;
          package.joint_with = before.largest_joint_gain;
        }
      }
      change.packages.push_back(std::move(package));
    }
    change.slopes = after.slopes;
    linkage.parties.push_back(std::move(change));
  }
  return linkage;
}

}  // namespace parley
