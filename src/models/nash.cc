// nash: the (asymmetric) Nash bargaining solution over all issues jointly.
//
// The outcome x* maximises the weighted Nash product of the actors' utility gains over
// the disagreement point d (Nash 1950; asymmetric form: Kalai 1977; Roth 1979):
//
//   x* = argmax_x  sum_i w_i log( u_i(x) - u_i(d) )      subject to u_i(x) >= u_i(d),  (1)
//
// with bargaining weights w_i = capability_i / sum capability (or equal), and spatial
// utilities over the issues k, in scale-normalised coordinates y_k = (x_k - min_k)/range_k
// (so an issue's scale does not change its weight):
//
//   linear     u_i(y) = - sum_k s_ik |y_k - p_ik|                                       (2a)
//   quadratic  u_i(y) = - sum_k s_ik (y_k - p_ik)^2                                     (2b)
//
// where p_ik is i's normalised position and s_ik its salience (Achen 2006 uses (2b) and
// shows the one-issue solution is close to the weighted mean). The disagreement point d
// is the status quo on each issue; for an issue without one, either every actor's
// disagreement utility there is that of the scale end farthest from it (no_status_quo=
// worst) or the model refuses to run (no_status_quo=error). Actors with zero salience on
// every issue have constant utility and drop out of (1).
//
// Solution method. (1) is concave: each u_i is concave and log is concave and increasing.
// For (2a) the kinks are removed by the epigraph form: variables t_ik >= |y_k - p_ik| and
// u_i = -sum_k s_ik t_ik, which is affine. We follow the central path of a log-barrier
// method (Boyd & Vandenberghe 2004, ch. 11) with damped Newton steps:
//
//   maximise  sum_i w_i log( g_i(z) + eps ) + mu sum_ik [ log(t_ik - y_k + p_ik)
//                                                         + log(t_ik + y_k - p_ik) ]     (3)
//
// with g_i = u_i - u_i(d), for mu = eps = 1e-1, 1e-2, ..., down to tolerance * 1e-10.
// The shift eps keeps a strictly feasible point when no outcome makes every actor
// strictly better off than the disagreement point (e.g. one issue, status quo between
// the actors: the solution is then the status quo itself); as eps -> 0 the maximiser of
// (3) tends to the solution of (1). The barrier and the shift move the solution by O(mu)
// where the optimum sits on a kink with a non-zero subgradient margin, but by
// O(sqrt(mu)) where the margin is zero (a kink that is also a stationary point), hence
// the final mu = 1e-10 * tolerance (tests/nash_test.cc checks hand-solved cases, both
// kinds, and a brute-force search, to 1e-9 of the range).
//
// Box constraints are not needed: moving y_k toward the range of the positions on issue k
// never lowers anyone's utility, so the maximiser lies within the scale.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "models/builtin.h"
#include "parley/errors.h"

namespace parley::models {

namespace {

// One (actor, issue) utility term: salience and ideal point in normalised coordinates.
struct Term {
  std::size_t issue;
  double salience;
  double ideal;
};

// Problem (1) after normalisation; only the actors whose utility is not constant.
struct Problem {
  std::size_t issue_count = 0;
  bool quadratic = true;
  std::vector<std::size_t> actor;            // scenario index of each bargainer
  std::vector<double> weight;                // w_i, summing to 1
  std::vector<Term> terms;                   // bargainer by bargainer, issues in order
  std::vector<std::size_t> first_term;       // per bargainer, and the total at the end
  std::vector<double> disagreement_utility;  // u_i(d)
  std::vector<double> reference;             // y_ref with g_i(y_ref) >= 0 for all i
  std::size_t term_count = 0;                // number of t variables (linear only)

  std::size_t bargainers() const { return actor.size(); }
  const Term* begin(std::size_t i) const { return terms.data() + first_term[i]; }
  const Term* end(std::size_t i) const { return terms.data() + first_term[i + 1]; }
};

// Everything a solve needs beside the problem, kept between runs (Model::RunInto): once
// sized, a solve allocates nothing. Eigen's LDLT reuses its storage when recomputed.
struct Scratch {
  std::vector<double> surplus, diagonal, coupling, kappa, outcome, snapped;
  Eigen::VectorXd z, gradient, trial_gradient, direction, reference, candidate, trial;
  Eigen::VectorXd surplus_gradient, scaled, rhs, c_u, step_y;
  Eigen::MatrixXd curvature, schur;
  Eigen::LDLT<Eigen::MatrixXd> ldlt;
};

double Loss(double distance, bool quadratic) {
  return quadratic ? distance * distance : std::abs(distance);
}

// The barrier objective (3) with its gradient and (negated) Hessian; variables z are
// [y_1..y_m] for quadratic utility and [y_1..y_m, t_1..t_N] for linear utility (t in the
// order of the terms, bargainer by bargainer).
class Barrier {
 public:
  Barrier(const Problem& problem, Scratch& scratch) : problem_(problem), scratch_(scratch) {
    dimension_ = problem.issue_count + (problem.quadratic ? 0 : problem.term_count);
  }
  std::size_t dimension() const { return dimension_; }

  // G_i(z) = g_i(z) + eps for every bargainer.
  void Surpluses(const Eigen::VectorXd& z, double eps, std::vector<double>& surplus) const {
    surplus.resize(problem_.bargainers());
    std::size_t t_index = problem_.issue_count;
    for (std::size_t i = 0; i < problem_.bargainers(); ++i) {
      double utility = 0;
      for (const Term* term = problem_.begin(i); term != problem_.end(i); ++term) {
        if (problem_.quadratic) {
          const double gap = z[term->issue] - term->ideal;
          utility -= term->salience * gap * gap;
        } else {
          utility -= term->salience * z[t_index++];
        }
      }
      surplus[i] = utility - problem_.disagreement_utility[i] + eps;
    }
  }

  // Value of (3); -infinity outside its domain.
  double Value(const Eigen::VectorXd& z, double mu, double eps) const {
    std::vector<double>& surplus = scratch_.surplus;
    Surpluses(z, eps, surplus);
    double value = 0;
    for (std::size_t i = 0; i < surplus.size(); ++i) {
      if (!(surplus[i] > 0)) return -std::numeric_limits<double>::infinity();
      value += problem_.weight[i] * std::log(surplus[i]);
    }
    if (!problem_.quadratic) {
      std::size_t t_index = problem_.issue_count;
      for (const Term& term : problem_.terms) {
        const double offset = z[term.issue] - term.ideal;
        const double upper = z[t_index] - offset;
        const double lower = z[t_index] + offset;
        ++t_index;
        if (!(upper > 0 && lower > 0)) return -std::numeric_limits<double>::infinity();
        value += mu * (std::log(upper) + std::log(lower));
      }
    }
    return value;
  }

  // Quadratic utility only: gradient of (3) and the negated Hessian (positive definite).
  void QuadraticDerivatives(const Eigen::VectorXd& z, double eps, Eigen::VectorXd& gradient,
                            Eigen::MatrixXd& curvature) const {
    gradient.setZero(dimension_);
    curvature.setZero(dimension_, dimension_);
    std::vector<double>& surplus = scratch_.surplus;
    Surpluses(z, eps, surplus);
    Eigen::VectorXd& surplus_gradient = scratch_.surplus_gradient;
    Eigen::VectorXd& scaled = scratch_.scaled;
    surplus_gradient.resize(dimension_);
    for (std::size_t i = 0; i < problem_.bargainers(); ++i) {
      const double w = problem_.weight[i];
      const double g = surplus[i];
      surplus_gradient.setZero();
      for (const Term* term = problem_.begin(i); term != problem_.end(i); ++term) {
        surplus_gradient[term->issue] -= 2 * term->salience * (z[term->issue] - term->ideal);
        // -d2G/dy2 / G: the curvature of the quadratic loss.
        curvature(term->issue, term->issue) += w * 2 * term->salience / g;
      }
      gradient += (w / g) * surplus_gradient;
      // The outer product's scaled factor in its own vector: Eigen would otherwise make a
      // temporary for it, and the products are the same.
      scaled = (w / (g * g)) * surplus_gradient;
      curvature.noalias() += scaled * surplus_gradient.transpose();
    }
  }

  // Gradient of (3) only (no curvature): what the line search needs.
  void Gradient(const Eigen::VectorXd& z, double mu, double eps, Eigen::VectorXd& gradient) const {
    gradient.setZero(dimension_);
    std::vector<double>& surplus = scratch_.surplus;
    Surpluses(z, eps, surplus);
    std::size_t t_index = problem_.issue_count;
    for (std::size_t i = 0; i < problem_.bargainers(); ++i) {
      const double scale = problem_.weight[i] / surplus[i];
      for (const Term* term = problem_.begin(i); term != problem_.end(i); ++term) {
        if (problem_.quadratic) {
          gradient[term->issue] -= scale * 2 * term->salience * (z[term->issue] - term->ideal);
        } else {
          const std::size_t t = t_index++;
          const double offset = z[term->issue] - term->ideal;
          const double upper = z[t] - offset;
          const double lower = z[t] + offset;
          gradient[t] += -scale * term->salience + mu * (1 / upper + 1 / lower);
          gradient[term->issue] += mu * (-1 / upper + 1 / lower);
        }
      }
    }
  }

  // The Newton direction for (3) at z and the squared Newton decrement gradient'direction.
  // Quadratic utility: a dense m x m solve. Linear utility: the t variables are eliminated
  // block by block, so the cost is O(N m + n m^2 + m^3) instead of O((m + N)^3): for
  // bargainer i the t-block of the negated Hessian is D_i + rho_i s_i s_i' (D_i diagonal,
  // rho_i = w_i / G_i^2), inverted by Sherman-Morrison, and each t_ik couples only to y_k.
  double NewtonStep(const Eigen::VectorXd& z, double mu, double eps, Eigen::VectorXd& gradient,
                    Eigen::VectorXd& direction) const {
    Eigen::LDLT<Eigen::MatrixXd>& ldlt = scratch_.ldlt;
    if (problem_.quadratic) {
      QuadraticDerivatives(z, eps, gradient, scratch_.curvature);
      ldlt.compute(scratch_.curvature);
      direction = ldlt.solve(gradient);
      return gradient.dot(direction);
    }
    Gradient(z, mu, eps, gradient);
    const std::size_t m = problem_.issue_count;
    std::vector<double>& surplus = scratch_.surplus;
    Surpluses(z, eps, surplus);
    // Per term j: d_j = a_j + b_j (diagonal), e_j = b_j - a_j (coupling to y_k(j)).
    std::vector<double>& diagonal = scratch_.diagonal;
    std::vector<double>& coupling = scratch_.coupling;
    std::vector<double>& kappa = scratch_.kappa;
    diagonal.resize(problem_.term_count);
    coupling.resize(problem_.term_count);
    kappa.resize(problem_.bargainers());
    Eigen::MatrixXd& schur = scratch_.schur;
    schur.setZero(m, m);
    Eigen::VectorXd& rhs = scratch_.rhs;
    rhs = gradient.head(m);
    Eigen::VectorXd& c_u = scratch_.c_u;  // C_i' D_i^-1 s_i, per bargainer
    c_u.resize(m);
    Eigen::VectorXd& scaled = scratch_.scaled;
    std::size_t j = 0;
    for (std::size_t i = 0; i < problem_.bargainers(); ++i) {
      double s_u = 0, u_g = 0;
      c_u.setZero();
      for (const Term* term = problem_.begin(i); term != problem_.end(i); ++term) {
        const std::size_t t = m + j;
        const double offset = z[term->issue] - term->ideal;
        const double upper = z[t] - offset;
        const double lower = z[t] + offset;
        const double a = mu / (upper * upper);
        const double b = mu / (lower * lower);
        diagonal[j] = a + b;
        coupling[j] = b - a;
        const double u = term->salience / diagonal[j];
        s_u += term->salience * u;
        u_g += u * gradient[t];
        c_u[term->issue] += coupling[j] * u;
        schur(term->issue, term->issue) += diagonal[j] - coupling[j] * coupling[j] / diagonal[j];
        rhs[term->issue] -= coupling[j] * gradient[t] / diagonal[j];
        ++j;
      }
      const double rho = problem_.weight[i] / (surplus[i] * surplus[i]);
      kappa[i] = rho / (1 + rho * s_u);
      // Subtract the Sherman-Morrison part: - kappa (C'u)(C'u)' and - kappa (C'u)(u'g).
      scaled = kappa[i] * c_u;
      schur.noalias() += scaled * c_u.transpose();
      rhs += kappa[i] * u_g * c_u;
    }
    ldlt.compute(schur);
    Eigen::VectorXd& step_y = scratch_.step_y;
    step_y = ldlt.solve(rhs);
    direction.resize(dimension_);
    direction.head(m) = step_y;
    // Back-substitution: dt_i = A_i^-1 (g_ti - C_i dy) = D^-1 r - kappa u (u'r).
    j = 0;
    for (std::size_t i = 0; i < problem_.bargainers(); ++i) {
      double u_r = 0;
      const std::size_t first = j;
      for (const Term* term = problem_.begin(i); term != problem_.end(i); ++term) {
        const double r = gradient[m + j] - coupling[j] * step_y[term->issue];
        u_r += term->salience / diagonal[j] * r;
        direction[m + j] = r / diagonal[j];
        ++j;
      }
      j = first;
      for (const Term* term = problem_.begin(i); term != problem_.end(i); ++term) {
        direction[m + j] -= kappa[i] * (term->salience / diagonal[j]) * u_r;
        ++j;
      }
    }
    return gradient.dot(direction);
  }

  // A strictly feasible point for shift eps: y at the reference, t just above |y - p|.
  void ReferencePoint(double eps, Eigen::VectorXd& z) const {
    z.resize(dimension_);
    for (std::size_t k = 0; k < problem_.issue_count; ++k) z[k] = problem_.reference[k];
    if (problem_.quadratic) return;
    double largest_salience_sum = 0;
    for (std::size_t i = 0; i < problem_.bargainers(); ++i) {
      double sum = 0;
      for (const Term* term = problem_.begin(i); term != problem_.end(i); ++term) {
        sum += term->salience;
      }
      largest_salience_sum = std::max(largest_salience_sum, sum);
    }
    // Slack delta with sum_k s_ik * delta <= eps / 2, so G_i >= eps / 2 > 0.
    const double slack = eps / (2 * largest_salience_sum);
    std::size_t t_index = problem_.issue_count;
    for (const Term& term : problem_.terms) {
      z[t_index++] = std::abs(z[term.issue] - term.ideal) + slack;
    }
  }

 private:
  const Problem& problem_;
  Scratch& scratch_;
  std::size_t dimension_ = 0;
};

// The objective of (1) with the final shift eps, at outcome y (linear or quadratic loss).
double NashObjective(const Problem& problem, double eps, const std::vector<double>& y) {
  double value = 0;
  for (std::size_t i = 0; i < problem.bargainers(); ++i) {
    double utility = 0;
    for (const Term* term = problem.begin(i); term != problem.end(i); ++term) {
      utility -= term->salience * Loss(y[term->issue] - term->ideal, problem.quadratic);
    }
    value += problem.weight[i] * std::log(utility - problem.disagreement_utility[i] + eps);
  }
  return value;
}

// With linear utility the optimum often sits exactly on a kink (some actor's ideal
// point). Where the objective is flat on one side of that kink, the barrier leaves the
// solution O(sqrt(mu)) away from it; moving each coordinate onto a kink closer than
// 1e-6 whenever that does not lower the objective (beyond rounding) removes this residue.
void SnapToKinks(const Problem& problem, double eps, std::vector<double>& y,
                 std::vector<double>& snapped) {
  constexpr double kSnapDistance = 1e-6;
  for (std::size_t k = 0; k < problem.issue_count; ++k) {
    double nearest = y[k];
    double nearest_distance = kSnapDistance;
    for (const Term& term : problem.terms) {
      if (term.issue == k && std::abs(term.ideal - y[k]) < nearest_distance) {
        nearest = term.ideal;
        nearest_distance = std::abs(term.ideal - y[k]);
      }
    }
    if (nearest == y[k]) continue;
    snapped.assign(y.begin(), y.end());
    snapped[k] = nearest;
    // "Does not lower" up to rounding: at a flat kink the two values differ by O(d^2),
    // far below the resolution of the logarithms.
    const double before = NashObjective(problem, eps, y);
    if (NashObjective(problem, eps, snapped) >= before - 1e-14 * std::max(1.0, std::abs(before))) {
      y.swap(snapped);
    }
  }
}

// Follows the central path of (3) down to mu = final_mu; the normalised outcome y is left
// in scratch.outcome.
void SolveNash(const Problem& problem, double final_mu, Scratch& scratch) {
  const Barrier barrier(problem, scratch);
  double mu = 0.1;
  Eigen::VectorXd& z = scratch.z;
  barrier.ReferencePoint(mu, z);
  Eigen::VectorXd& gradient = scratch.gradient;
  Eigen::VectorXd& trial_gradient = scratch.trial_gradient;
  Eigen::VectorXd& direction = scratch.direction;
  Eigen::VectorXd& trial = scratch.trial;
  while (true) {
    const double eps = mu;
    // Restore strict feasibility after eps shrank: by concavity of every G_i and h, the
    // segment from the reference point (feasible) toward z stays feasible near its start.
    if (!std::isfinite(barrier.Value(z, mu, eps))) {
      Eigen::VectorXd& reference = scratch.reference;
      barrier.ReferencePoint(eps, reference);
      double step = 1.0;
      Eigen::VectorXd& candidate = scratch.candidate;
      candidate = z;
      do {
        step *= 0.5;
        candidate = reference + step * (z - reference);
      } while (!std::isfinite(barrier.Value(candidate, mu, eps)) && step > 1e-300);
      z = candidate;
    }
    // Damped Newton's method on (3) for this mu (Boyd & Vandenberghe 2004, alg. 9.5). Late
    // stages have mu far below the resolution of the objective's value, so a step is also
    // accepted when the value does not fall and the gradient shrinks (a Newton step for
    // the optimality condition grad = 0).
    // Near the optimum the decrement falls quadratically until rounding stops it (about
    // 1e-19 here); two iterations without a fourfold fall below 1e-12 mean that floor.
    double previous_decrement = std::numeric_limits<double>::infinity();
    int stalls = 0;
    for (int iteration = 0; iteration < 100; ++iteration) {
      const double decrement =  // Newton decrement squared
          barrier.NewtonStep(z, mu, eps, gradient, direction);
      if (!(decrement > 1e-24) || !direction.allFinite()) break;
      if (decrement < 1e-12 && decrement > 0.25 * previous_decrement && ++stalls >= 2) break;
      previous_decrement = decrement;
      const double current = barrier.Value(z, mu, eps);
      const double residual = gradient.norm();
      double step = 1.0;
      bool moved = false;
      for (int halving = 0; halving < 60 && !moved; ++halving, step *= 0.5) {
        trial = z + step * direction;
        // A step too small to change z is no progress (rounding makes it "acceptable").
        if ((trial - z).lpNorm<Eigen::Infinity>() <= 1e-15 * (1 + z.lpNorm<Eigen::Infinity>())) {
          break;
        }
        const double value = barrier.Value(trial, mu, eps);
        if (!std::isfinite(value)) continue;
        if (value >= current + 0.25 * step * decrement) {
          moved = true;
        } else if (value >= current - 1e-15 * std::abs(current)) {
          barrier.Gradient(trial, mu, eps, trial_gradient);
          moved = trial_gradient.norm() <= (1 - 0.25 * step) * residual;
        }
        if (moved) z = trial;
      }
      if (!moved) break;
    }
    if (mu <= final_mu) break;
    mu = std::max(mu * 0.1, final_mu);
  }
  std::vector<double>& outcome = scratch.outcome;
  outcome.resize(problem.issue_count);
  for (std::size_t k = 0; k < problem.issue_count; ++k) {
    outcome[k] = std::clamp(z[k], 0.0, 1.0);
  }
  if (!problem.quadratic) SnapToKinks(problem, final_mu, outcome, scratch.snapped);
}

class Nash : public Model {
 public:
  explicit Nash(ModelSpec spec)
      : Model(std::move(spec)),
        quadratic_(this->spec().parameters.Choice("utility") == "quadratic"),
        equal_weights_(this->spec().parameters.Choice("weights") == "equal"),
        worst_if_missing_(this->spec().parameters.Choice("no_status_quo") == "worst"),
        final_mu_(this->spec().parameters.Real("tolerance") * 1e-10) {}
  const ModelDescriptor& descriptor() const override { return NashDescriptor(); }

 protected:
  std::unique_ptr<ModelWorkspace> MakeWorkspace() const override {
    return std::make_unique<Workspace>();
  }

  void BargainInto(const Scenario& scenario, ModelWorkspace& base, Result& result) const override {
    Workspace& workspace = static_cast<Workspace&>(base);
    Problem& problem = workspace.problem;
    Formulate(scenario, problem);
    SolveNash(problem, final_mu_, workspace.scratch);
    const std::vector<double>& outcome = workspace.scratch.outcome;
    ResetResult(scenario, result, problem.bargainers());
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      const Issue& issue = scenario.issue(k);
      result.forecasts[k].position = issue.scale_min + outcome[k] * issue.range();
    }
    // Each bargainer's utility gain over the disagreement point, in the normalised units
    // of (2): what linkage and agenda analyses compare.
    for (std::size_t i = 0; i < problem.bargainers(); ++i) {
      double utility = 0;
      for (const Term* term = problem.begin(i); term != problem.end(i); ++term) {
        utility -= term->salience * Loss(outcome[term->issue] - term->ideal, problem.quadratic);
      }
      Detail& detail = result.details[i];
      detail.actor_id.assign(scenario.actor(problem.actor[i]).id);
      detail.name.assign("utility_gain");
      detail.value = utility - problem.disagreement_utility[i];
    }
  }

 private:
  struct Workspace : ModelWorkspace {
    Problem problem;
    Scratch scratch;
  };

  // Problem (1) for the scenario, into `problem` (its storage reused).
  void Formulate(const Scenario& scenario, Problem& problem) const {
    problem.issue_count = scenario.issue_count();
    problem.quadratic = quadratic_;
    problem.reference.resize(problem.issue_count);
    for (std::size_t k = 0; k < problem.issue_count; ++k) {
      const Issue& issue = scenario.issue(k);
      if (issue.status_quo) {
        problem.reference[k] = (*issue.status_quo - issue.scale_min) / issue.range();
      } else if (worst_if_missing_) {
        problem.reference[k] = 0.5;
      } else {
        throw InputError(SourceLocation{scenario.source(), 0, 0},
                         fmt::format("issues[{}].status_quo", k),
                         fmt::format("issue '{}' has no status quo; nash(no_status_quo=error) "
                                     "needs one on every issue as the disagreement point "
                                     "(add status_quo, or use no_status_quo=worst)",
                                     issue.id));
      }
    }
    problem.actor.clear();
    problem.weight.clear();
    problem.terms.clear();
    problem.first_term.assign(1, 0);
    problem.disagreement_utility.clear();
    problem.term_count = 0;
    double capability_total = 0;
    for (const Actor& actor : scenario.actors()) capability_total += actor.capability;
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      const std::size_t first = problem.terms.size();
      double disagreement = 0;
      for (std::size_t k = 0; k < problem.issue_count; ++k) {
        const Stance* stance = scenario.stance(a, k);
        if (stance == nullptr || stance->salience <= 0) continue;
        const Issue& issue = scenario.issue(k);
        const double ideal = (stance->position - issue.scale_min) / issue.range();
        const double distance = issue.status_quo
                                    ? problem.reference[k] - ideal
                                    : std::max(ideal, 1.0 - ideal);  // farthest scale end
        disagreement -= stance->salience * Loss(distance, problem.quadratic);
        problem.terms.push_back({k, stance->salience, ideal});
      }
      if (problem.terms.size() == first) continue;  // constant utility: no stake in the bargain
      problem.actor.push_back(a);
      problem.weight.push_back(equal_weights_ ? 1.0
                                              : scenario.actor(a).capability / capability_total);
      problem.term_count += problem.terms.size() - first;
      problem.first_term.push_back(problem.terms.size());
      problem.disagreement_utility.push_back(disagreement);
    }
    double weight_total = 0;
    for (double w : problem.weight) weight_total += w;
    for (double& w : problem.weight) w /= weight_total;
  }

  bool quadratic_, equal_weights_, worst_if_missing_;
  double final_mu_;
};

}  // namespace

const ModelDescriptor& NashDescriptor() {
  static const ModelDescriptor descriptor{
      "nash",
      "asymmetric Nash bargaining solution over all issues jointly (status quo = "
      "disagreement point)",
      "Nash, J. (1950). The bargaining problem. Econometrica 18(2), 155-162; asymmetric form: "
      "Kalai, E. (1977), Int. J. Game Theory 6(3); spatial form: Achen, C. H. (2006), in "
      "The European Union Decides, ch. 4",
      {{"utility",
        ParamType::kChoice,
        "spatial utility: quadratic -s*(x-p)^2 or linear -s*|x-p| (scale-normalised)",
        "quadratic",
        0,
        0,
        {"quadratic", "linear"}},
       {"weights",
        ParamType::kChoice,
        "bargaining weights: capability (normalised) or equal",
        "capability",
        0,
        0,
        {"capability", "equal"}},
       {"no_status_quo",
        ParamType::kChoice,
        "issues without a status quo: worst (disagreement at each actor's farthest scale end) "
        "or error",
        "worst",
        0,
        0,
        {"worst", "error"}},
       {"tolerance",
        ParamType::kReal,
        "accuracy of the forecast as a share of each issue's range",
        "1e-9",
        1e-12,
        1e-3,
        {}}},
      nullptr,
      {}};
  return descriptor;
}

std::unique_ptr<Model> MakeNash(ModelSpec spec) { return std::make_unique<Nash>(std::move(spec)); }

}  // namespace parley::models
