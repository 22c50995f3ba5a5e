// KTAB's SMP turn by turn; see smp.cc for the equations and the references to KTAB's code.
#include "models/smp_core.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace parley::internal::smp {

namespace {

constexpr double kMinCoalition = 1e-8;       // Model::coalitions: every coalition starts here
constexpr double kMinChallenge = 1e-10;      // probEduChlg: the principals' coalitions start here
constexpr double kMinSignificantEdu = 1e-5;  // bestChallenge: smallest gain worth a challenge
constexpr double kMinBargainWeight = 1e-6;   // interpolated bargains: avoids 0/0

// Utility of a salience-weighted distance sd in [0, 1] for risk attitude r in [-1, 1].
double BsUtil(double sd, double r) {
  return sd <= 1 ? (1 - sd) * (1 + sd * r) : (1 - sd) * (1 + r);
}

double OtherVote(VotingRule rule, double weight, double du) {
  double binary = du / 1e-8;
  binary = binary > 1 ? 1 : binary;
  binary = binary < -1 ? -1 : binary;
  const double cubic = du * du * du;
  switch (rule) {
    case VotingRule::kBinary:
      return weight * binary;
    case VotingRule::kPropBin:
      return weight * ((1 - 0.2) * du + 0.2 * binary);
    case VotingRule::kProportional:
      return weight * du;
    case VotingRule::kPropCubic:
      return weight * ((1 - 0.5) * du + 0.5 * cubic);
    case VotingRule::kCubic:
      return weight * cubic;
    case VotingRule::kAsymProsp:
      if (du < 0) return weight * du;
      if (du > 0) return (2.0 * weight * du) / 3.0;
      return 0;
  }
  return 0;
}

// Model::vote; proportional (the default) first, as it is by far the most frequent call.
inline double Vote(VotingRule rule, double weight, double u_i, double u_j) {
  const double du = u_i - u_j;
  if (rule == VotingRule::kProportional) return weight * du;
  return OtherVote(rule, weight, du);
}

std::pair<double, double> VictoryProbability(VictoryModel model, double s1, double s2) {
  double x1 = s1, x2 = s2;
  switch (model) {
    case VictoryModel::kLinear:
      break;
    case VictoryModel::kSquare:
      x1 = s1 * s1;
      x2 = s2 * s2;
      break;
    case VictoryModel::kQuartic:
      x1 = (s1 * s1) * (s1 * s1);
      x2 = (s2 * s2) * (s2 * s2);
      break;
    case VictoryModel::kOctic: {
      const double q1 = (s1 * s1) * (s1 * s1), q2 = (s2 * s2) * (s2 * s2);
      x1 = q1 * q1;
      x2 = q2 * q2;
      break;
    }
    case VictoryModel::kBinary: {
      const double thresh = 1.10, min_x = 1e-6;
      if (s1 >= thresh * s2) {
        x1 = 1.0;
        x2 = min_x;
      } else if (s2 >= thresh * s1) {
        x1 = min_x;
        x2 = 1.0;
      } else {
        const double r12 = s1 / (s1 + s2);
        const double p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0);
        x1 = p12;
        x2 = 1 - p12;
      }
      break;
    }
  }
  return {x1 / (x1 + x2), x2 / (x1 + x2)};
}

// c(i, j): strength of the coalition for option i against option j (row-major, m x m).
template <typename VoteFn>
std::vector<double> Coalitions(const VoteFn& vote, std::size_t voters, std::size_t options) {
  std::vector<double> c(options * options, 0.0);
  const auto rows = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        double cij = kMinCoalition, cji = kMinCoalition;
        for (std::size_t k = 0; k < voters; ++k) {
          const double v = vote(k, i, j);
          if (v > 0) cij = cij + v;
          if (v < 0) cji = cji - v;
        }
        c[i * options + j] = cij;
        c[j * options + i] = cji;
      }
      c[i * options + i] = kMinCoalition;
    }
  };
  // Every pair is summed alone, in voter order: the result does not depend on threads.
  if (options * options * voters < (1u << 16)) {
    rows(0, options);
  } else {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, options, 4),
                      [&](const tbb::blocked_range<std::size_t>& r) { rows(r.begin(), r.end()); });
  }
  return c;
}

std::vector<double> VictoryMatrix(VictoryModel model, const std::vector<double>& c, std::size_t m) {
  std::vector<double> p(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const auto [pij, pji] = VictoryProbability(model, c[i * m + j], c[j * m + i]);
      p[i * m + j] = pij;
      p[j * m + i] = pji;
    }
    p[i * m + i] = 0.5;
  }
  return p;
}

std::vector<double> ConditionalPce(const std::vector<double>& pv, std::size_t m) {
  std::vector<double> p(m);
  for (std::size_t i = 0; i < m; ++i) {
    double pi = 1.0;
    for (std::size_t j = 0; j < m; ++j) pi = pi * pv[i * m + j];
    p[i] = pi;
  }
  double total = 0;
  for (double x : p) total = total + x;
  if (!(total > 0)) {
    // Every product underflowed (about a thousand options; KTAB, capped at 250 actors,
    // would divide 0 by 0): the same ratios from sums of logarithms.
    double top = -HUGE_VAL;
    for (std::size_t i = 0; i < m; ++i) {
      double log_p = 0;
      for (std::size_t j = 0; j < m; ++j) log_p += std::log(pv[i * m + j]);
      p[i] = log_p;
      top = std::max(top, log_p);
    }
    total = 0;
    for (double& x : p) {
      x = std::exp(x - top);
      total += x;
    }
  }
  for (double& x : p) x = x / total;
  return p;
}

std::vector<double> MarkovUniformPce(const std::vector<double>& pv, std::size_t m) {
  std::vector<double> p(m, 1.0 / static_cast<double>(m)), q = p;
  double change = 1.0;
  for (int iter = 0; change > 1e-6 && iter < 1000; ++iter) {
    change = 0;
    for (std::size_t i = 0; i < m; ++i) {
      double pi = 0.0;
      for (std::size_t j = 0; j < m; ++j) pi = pi + pv[i * m + j] * (p[i] + p[j]);
      q[i] = pi / static_cast<double>(m);
      change = std::max(change, std::abs(q[i] - p[i]));
    }
    for (std::size_t i = 0; i < m; ++i) p[i] = (p[i] + q[i]) / 2.0;
  }
  return p;
}

std::vector<double> MarkovIncentivePce(const std::vector<double>& c, const std::vector<double>& pv,
                                       std::size_t m) {
  std::vector<double> incentive(m * m), challenge(m * m);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      incentive[i * m + j] = c[i * m + j] * pv[i * m + j] + (i == j ? 1e-10 : 0.0);
    }
  }
  for (std::size_t j = 0; j < m; ++j) {
    double sum = 0.0;
    for (std::size_t k = 0; k < m; ++k) sum = sum + incentive[k * m + j];
    for (std::size_t i = 0; i < m; ++i) challenge[i * m + j] = incentive[i * m + j] / sum;
  }
  std::vector<double> p(m, 1.0 / static_cast<double>(m)), q = p, ct(m * m);
  double change = 1.0;
  for (int iter = 0; change > 1e-8 && iter < 1000; ++iter) {
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < m; ++j) ct[i * m + j] = p[i] * challenge[j * m + i];
    }
    change = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
      double qi = 0.0;
      for (std::size_t j = 0; j < m; ++j) qi = qi + pv[i * m + j] * (ct[i * m + j] + ct[j * m + i]);
      q[i] = qi;
      change = std::max(change, std::abs(q[i] - p[i]));
    }
    for (std::size_t i = 0; i < m; ++i) p[i] = (p[i] + q[i]) / 2.0;
  }
  return p;
}

std::vector<double> ProbabilityOfEach(const Config& config, const std::vector<double>& c,
                                      std::size_t m) {
  const std::vector<double> pv = VictoryMatrix(config.victory, c, m);
  switch (config.pce) {
    case PceModel::kMarkovIncentive:
      return MarkovIncentivePce(c, pv, m);
    case PceModel::kMarkovUniform:
      return MarkovUniformPce(pv, m);
    case PceModel::kConditional:
      break;
  }
  return ConditionalPce(pv, m);
}

// Model::scalarPCE: u is voters x options (row-major), weights are the capabilities.
std::vector<double> ScalarPce(const Config& config, VotingRule rule, const std::vector<double>& w,
                              const std::vector<double>& u, std::size_t voters,
                              std::size_t options) {
  const auto vote = [&](std::size_t k, std::size_t i, std::size_t j) {
    return Vote(rule, w[k], u[k * options + i], u[k * options + j]);
  };
  return ProbabilityOfEach(config, Coalitions(vote, voters, options), options);
}

std::vector<double> RiskFromProbability(const std::vector<double>& p, RiskRange range) {
  double p_min = 1.0, p_max = 0.0;
  for (double x : p) {
    p_min = x < p_min ? x : p_min;
    p_max = x > p_max ? x : p_max;
  }
  std::vector<double> r(p.size(), 0.0);
  // All equally likely (e.g. one actor, or unanimity): KTAB divides 0 by 0; parley makes
  // everyone risk-neutral.
  if (!(p_max > p_min)) return r;
  for (std::size_t i = 0; i < p.size(); ++i) {
    switch (range) {
      case RiskRange::kMin:
        r[i] = (p[i] - p_min) / (p_max - p_min);
        break;
      case RiskRange::kMid:
        r[i] = (3 * p[i] - (p_max + 2 * p_min)) / (2 * (p_max - p_min));
        break;
      case RiskRange::kMax:
        r[i] = (2 * p[i] - (p_max + p_min)) / (p_max - p_min);
        break;
    }
  }
  return r;
}

double EstimatedRisk(double rh, double ri, RiskAdjust adjust) {
  switch (adjust) {
    case RiskAdjust::kFull:
      return ri;
    case RiskAdjust::kTwoThirds:
      return (rh + (2.0 * ri)) / 3.0;
    case RiskAdjust::kHalf:
      return (rh + ri) / 2;
    case RiskAdjust::kOneThird:
      return ((2.0 * rh) + ri) / 3.0;
    case RiskAdjust::kNone:
      return rh;
  }
  return rh;
}

struct Bargain {
  std::size_t init = 0, rcvr = 0;  // init == rcvr: the status quo
  std::vector<double> pos_init, pos_rcvr;
};

class Engine {
 public:
  Engine(const Config& config, const Actors& actors) : config_(config), a_(actors) {
    n_ = a_.n;
    d_ = a_.dims;
    salience_sum_.resize(n_);
    salience_sq_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      double s = 0, ss = 0;
      for (std::size_t k = 0; k < d_; ++k) {
        const double sik = a_.salience[i * d_ + k];
        s = s + sik;
        ss = ss + sik * sik;
      }
      salience_sum_[i] = s;
      salience_sq_[i] = ss;
    }
    weight_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) weight_[i] = salience_sum_[i] * a_.capability[i];
  }

  // SMPModel::bvDiff: i's salience-weighted distance between x and y (d values each).
  double Distance(std::size_t i, const double* x, const double* y) const {
    if (!(salience_sq_[i] > 0)) return 0.0;
    double ds_sq = 0;
    for (std::size_t k = 0; k < d_; ++k) {
      const double ds = (x[k] - y[k]) * a_.salience[i * d_ + k];
      ds_sq = ds_sq + ds * ds;
    }
    return std::sqrt(ds_sq / salience_sq_[i]);
  }

  // setAllAUtil: distances, risk attitudes; pDist(-1): probability of each actor's position.
  void Assess(Turn& turn) {
    pos_ = turn.position.data();
    diff_.assign(n_ * n_, 0.0);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t j = 0; j < n_; ++j) {
        diff_[i * n_ + j] = Distance(i, pos_ + i * d_, pos_ + j * d_);
      }
    }
    diff_t_.resize(n_ * n_);  // column j of diff_ contiguous, for the loops over voters
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t j = 0; j < n_; ++j) diff_t_[j * n_ + i] = diff_[i * n_ + j];
    }
    std::vector<double> neutral(n_ * n_);
    for (std::size_t i = 0; i < n_ * n_; ++i) neutral[i] = BsUtil(diff_[i], 0.0);
    const auto vote = [&](std::size_t k, std::size_t i, std::size_t j) {
      return Vote(config_.voting, a_.capability[k], neutral[k * n_ + i], neutral[k * n_ + j]);
    };
    risk_ = RiskFromProbability(ProbabilityOfEach(config_, Coalitions(vote, n_, n_), n_),
                                config_.risk_range);
    turn.risk = risk_;
    own_.resize(n_ * n_);
    for (std::size_t i = 0; i < n_; ++i) {
      const double rii = EstimatedRisk(risk_[i], risk_[i], config_.risk_adjust);
      for (std::size_t j = 0; j < n_; ++j) own_[i * n_ + j] = BsUtil(diff_[i * n_ + j], rii);
    }
    status_quo_value_.assign(n_, 0.0);
    for (std::size_t a = 0; a < n_; ++a) {
      double sum = 0.0;
      for (std::size_t x = 0; x < n_; ++x) sum = sum + own_[a * n_ + x];
      status_quo_value_[a] = sum / static_cast<double>(n_);
    }
    // Unique positions: the first actor of each group closer than position_tol.
    std::vector<std::size_t> unique;
    for (std::size_t i = 0; i < n_; ++i) {
      bool found = false;
      for (std::size_t u : unique) found = found || Equivalent(i, u);
      if (!found) unique.push_back(i);
    }
    const std::size_t m = unique.size();
    std::vector<double> u(n_ * m);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t c = 0; c < m; ++c) u[i * m + c] = own_[i * n_ + unique[c]];
    }
    const std::vector<double> p =
        ScalarPce(config_, VotingRule::kProportional, a_.capability, u, n_, m);
    turn.probability.assign(n_, 0.0);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t c = 0; c < m; ++c) {
        if (Equivalent(i, unique[c])) turn.probability[i] = p[c];  // the last match, as KTAB
      }
    }
  }

  bool Equivalent(std::size_t i, std::size_t j) const {
    double sq = 0;
    for (std::size_t k = 0; k < d_; ++k) {
      const double dk = pos_[i * d_ + k] - pos_[j * d_ + k];
      sq = sq + dk * dk;
    }
    return std::sqrt(sq) < config_.position_tol;
  }

  // What h thinks of every actor x's attitude and of x's utility for i's and its own
  // position: shared by all of h's estimates about challenges by i (hoisted out of the
  // loop over targets j, the same arithmetic as KTAB's aUtil[h] entries).
  struct Perspective {
    std::size_t h = 0, i = 0;
    std::vector<double> risk, u_i, u_own;
  };

  Perspective View(std::size_t h, std::size_t i) const {
    Perspective v;
    v.h = h;
    v.i = i;
    v.risk.resize(n_);
    v.u_i.resize(n_);
    v.u_own.resize(n_);
    for (std::size_t x = 0; x < n_; ++x) {
      v.risk[x] = EstimatedRisk(risk_[h], risk_[x], config_.risk_adjust);
      v.u_i[x] = BsUtil(diff_[x * n_ + i], v.risk[x]);
      v.u_own[x] = BsUtil(diff_[x * n_ + x], v.risk[x]);
    }
    return v;
  }

  // SMPState::probEduChlg(h, k, i, j): h's estimate of P(i beats j) and of the change in
  // k's utility if i challenges j.
  std::pair<double, double> ProbEduChallenge(const Perspective& v, std::size_t k,
                                             std::size_t j) const {
    const VotingRule vr = config_.voting;
    const std::size_t i = v.i;
    const auto u = [&](std::size_t x, std::size_t y) {
      return BsUtil(diff_[x * n_ + y], v.risk[x]);
    };
    const double uii = v.u_i[i], uij = u(i, j), uji = v.u_i[j], ujj = v.u_own[j];
    const double uki = v.u_i[k], ukj = u(k, j);
    const double eu_sq = uki + ukj;
    const double u_kij = uki + uki;
    const double u_kji = ukj + ukj;
    const double si = salience_sum_[i], ci = a_.capability[i];
    const double sj = salience_sum_[j], cj = a_.capability[j];
    const double contrib_i = Vote(vr, si * ci, uii, uij);
    const double contrib_j = Vote(vr, sj * cj, uji, ujj);
    double chij = kMinChallenge, chji = kMinChallenge;
    if (contrib_i > 0.0) chij = chij + contrib_i;
    if (contrib_i < 0.0) chji = chji - contrib_i;
    if (contrib_j > 0.0) chij = chij + contrib_j;
    if (contrib_j < 0.0) chji = chji - contrib_j;
    const double principal_i = chij, principal_j = chji;
    const double* to_j = &diff_t_[j * n_];  // to_j[m] = d_m(x_m, x_j)
    for (std::size_t m = 0; m < n_; ++m) {
      if (m == i || m == j) continue;
      const double umi = v.u_i[m], umj = BsUtil(to_j[m], v.risk[m]), umm = v.u_own[m];
      const double wm = weight_[m];
      // Actor::vProbLittle: the little contest of i, j and m alone.
      const double cm = Vote(vr, wm, umi, umj);
      const double cmi = cm > 0 ? principal_i + cm : principal_i;
      const double cmj = cm < 0 ? principal_j - cm : principal_j;
      const double pin = cmi / (cmi + cmj);
      const double pjn = 1.0 - pin;
      // Actor::thirdPartyVoteSU
      double u_ik_def_j = 0, u_j_def_ik = 0, u_i_def_jk = 0, u_jk_def_i = 0;
      switch (config_.third_party) {
        case ThirdParty::kFull:
          u_ik_def_j = umi + umi + umi;
          u_j_def_ik = umj + umj + umj;
          u_i_def_jk = umi + umi + umi;
          u_jk_def_i = umj + umj + umj;
          break;
        case ThirdParty::kSemi:
          u_ik_def_j = umi + umi + umm;
          u_j_def_ik = umj + umj + umj;
          u_i_def_jk = umi + umi + umi;
          u_jk_def_i = umj + umj + umm;
          break;
        case ThirdParty::kNone:
          u_ik_def_j = umi + umi + umm;
          u_j_def_ik = umj + umj + umm;
          u_i_def_jk = umi + umi + umm;
          u_jk_def_i = umj + umj + umm;
          break;
      }
      const double u_ik_j = (pin * u_ik_def_j) + (pjn * u_j_def_ik);
      const double u_i_jk = (pin * u_i_def_jk) + (pjn * u_jk_def_i);
      const double vote = Vote(vr, wm, u_ik_j, u_i_jk);
      chij = vote > 0 ? chij + vote : chij;
      chji = vote < 0 ? chji - vote : chji;
    }
    const double phij = chij / (chij + chji);
    const double phji = chji / (chij + chji);
    const double eu_contest = phij * u_kij + phji * u_kji;
    const double eu_challenge = (1 - sj) * u_kij + sj * eu_contest;
    return {phij, eu_challenge - eu_sq};
  }

  struct Target {
    int j = -1;
    double p = 0;
  };

  // SMPState::bestChallenge: i's most advantageous target, from i's own view.
  Target BestTarget(std::size_t i) const {
    const Perspective view = View(i, i);
    Target best;
    double best_eu = -1.0;
    for (std::size_t j = 0; j < n_; ++j) {
      if (j == i) continue;
      const auto [p, edu] = ProbEduChallenge(view, i, j);
      if (kMinSignificantEdu < edu && best_eu < edu) {
        best.j = static_cast<int>(j);
        best.p = p;
        best_eu = edu;
      }
    }
    return best;
  }

  Bargain Interpolate(std::size_t i, std::size_t j, double prob_i, double prob_j) const {
    Bargain b;
    b.init = i;
    b.rcvr = j;
    b.pos_init.resize(d_);
    b.pos_rcvr.resize(d_);
    const auto round4 = [](double x) {
      const int y = static_cast<int>(0.5 + (x * 10000.0));
      return static_cast<double>(y) / 10000.0;
    };
    for (std::size_t k = 0; k < d_; ++k) {
      const double tik = pos_[i * d_ + k], sik = a_.salience[i * d_ + k];
      const double tjk = pos_[j * d_ + k], sjk = a_.salience[j * d_ + k];
      double bik = tik, bjk = tjk;
      if (config_.interpolation == Interpolation::kS2PMax) {
        const double di = (prob_j > prob_i) ? (prob_j - prob_i) : 0;
        const double dj = (prob_i > prob_j) ? (prob_i - prob_j) : 0;
        const double sik2 = sik * sik, sjk2 = sjk * sjk;
        const double dik = (di * sjk2) / ((di * sjk2) + kMinBargainWeight + ((1 - di) * sik2));
        const double djk = (dj * sik2) / ((dj * sik2) + kMinBargainWeight + ((1 - dj) * sjk2));
        bik = tik + dik * (tjk - tik);
        bjk = tjk + djk * (tik - tjk);
      } else {
        const double e = config_.interpolation == Interpolation::kS1P1 ? 1.0 : 2.0;
        const double wik = std::pow(sik, e) * std::pow(prob_i, e);
        const double wjk = std::pow(sjk, e) * std::pow(prob_j, e);
        const double w = kMinBargainWeight;
        bik = round4(((wik + w) * tik + wjk * tjk) / (wik + w + wjk));
        bjk = round4((wik * tik + (w + wjk) * tjk) / (wik + w + wjk));
      }
      b.pos_init[k] = bik;
      b.pos_rcvr[k] = bjk;
    }
    return b;
  }

  // brgnUtil: a's mean utility over all positions once `deal` is made (KTAB's order of
  // summation: the two new positions, then everyone else's in actor order).
  double DealValue(std::size_t a, const Bargain& deal) const {
    const double* own = &own_[a * n_];
    const double* pa = pos_ + a * d_;
    double sum = 0.0;
    sum = sum + BsUtil(Distance(a, pa, deal.pos_init.data()), risk_[a]);
    sum = sum + BsUtil(Distance(a, pa, deal.pos_rcvr.data()), risk_[a]);
    for (std::size_t x = 0; x < n_; ++x) {
      if (x != deal.init && x != deal.rcvr) sum = sum + own[x];
    }
    return sum / static_cast<double>(n_);
  }

  // Actor k's choice among its options: a PCE vote on the value of each outcome.
  void Choose(std::size_t k, const std::vector<long>& list, const std::vector<Bargain>& deals,
              const std::vector<double>& value, std::vector<double>& next) const {
    const std::size_t nb = list.size();
    std::vector<double> u(n_ * nb, 0.0);
    for (std::size_t a = 0; a < n_; ++a) {
      for (std::size_t m = 0; m < nb; ++m) {
        u[a * nb + m] =
            list[m] < 0 ? status_quo_value_[a] : value[static_cast<std::size_t>(list[m]) * n_ + a];
      }
    }
    const std::vector<double> p = ScalarPce(config_, config_.voting, a_.capability, u, n_, nb);
    std::size_t best = 0;
    for (std::size_t m = 1; m < nb; ++m) {
      if (std::abs(p[m]) > std::abs(p[best])) best = m;
    }
    const double* source = pos_ + k * d_;
    if (list[best] >= 0) {
      const Bargain& chosen = deals[static_cast<std::size_t>(list[best])];
      source = chosen.init == k ? chosen.pos_init.data() : chosen.pos_rcvr.data();
    }
    std::copy(source, source + d_, next.begin() + static_cast<std::ptrdiff_t>(k * d_));
  }

  // SMPState::doBCN: challenges, bargains, and each actor's choice among its bargains.
  std::vector<double> Step() const {
    std::vector<Target> targets(n_);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_, 2),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i < r.end(); ++i)
                          targets[i] = BestTarget(i);
                      });
    // Each bargain once in `deals`; lists[k] holds k's options in KTAB's order, -1 being
    // k's status quo. A bargain sits on both its parties' lists but is valued once.
    std::vector<Bargain> deals;
    std::vector<std::vector<long>> lists(n_);
    const auto offer = [&](std::size_t i, std::size_t j, Bargain deal) {
      lists[i].push_back(static_cast<long>(deals.size()));
      lists[j].push_back(static_cast<long>(deals.size()));
      deals.push_back(std::move(deal));
    };
    for (std::size_t i = 0; i < n_; ++i) {
      lists[i].push_back(-1);
      const int best_j = targets[i].j;
      const double best_p = targets[i].p;
      if (best_j < 0) continue;
      const auto j = static_cast<std::size_t>(best_j);
      Bargain iij = Interpolate(i, j, best_p, 1 - best_p);
      if (config_.bargain == BargainModel::kInitOnly) {
        offer(i, j, std::move(iij));
        continue;
      }
      // KTAB passes j's expected gain, not its probability, as "pjiJ" here.
      const double pji = ProbEduChallenge(View(j, i), i, j).second;
      Bargain jij = Interpolate(i, j, pji, 1 - pji);
      if (config_.bargain == BargainModel::kInitRcvr) {
        offer(i, j, std::move(iij));
        offer(i, j, std::move(jij));
        continue;
      }
      // power_weighted: KTAB weighs the receiver's view with the initiator's capability.
      const double wi = a_.capability[i] * salience_sum_[i];
      const double wj = a_.capability[i] * salience_sum_[j];
      Bargain pw = iij;
      for (std::size_t k = 0; k < d_; ++k) {
        pw.pos_init[k] = (wi * iij.pos_init[k] + wj * jij.pos_init[k]) / (wi + wj);
        pw.pos_rcvr[k] = (wi * iij.pos_rcvr[k] + wj * jij.pos_rcvr[k]) / (wi + wj);
      }
      offer(i, j, std::move(pw));
    }
    // value[b * n + a]: a's mean utility over the positions of the state bargain b makes.
    std::vector<double> value(deals.size() * n_);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, deals.size(), 2),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t m = r.begin(); m < r.end(); ++m) {
                          for (std::size_t a = 0; a < n_; ++a) {
                            value[m * n_ + a] = DealValue(a, deals[m]);
                          }
                        }
                      });
    std::vector<double> next(n_ * d_);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_, 4),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t k = r.begin(); k < r.end(); ++k) {
                          Choose(k, lists[k], deals, value, next);
                        }
                      });
    return next;
  }

 private:
  const Config& config_;
  const Actors& a_;
  std::size_t n_ = 0, d_ = 0;
  std::vector<double> salience_sum_, salience_sq_, weight_;
  const double* pos_ = nullptr;
  std::vector<double> diff_, diff_t_, risk_, own_, status_quo_value_;
};

// SMPModel::stateDist: the sum over actors of the Euclidean distance moved.
double StateDistance(const std::vector<double>& a, const std::vector<double>& b, std::size_t n,
                     std::size_t d) {
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double sq = 0;
    for (std::size_t k = 0; k < d; ++k) {
      const double dk = a[i * d + k] - b[i * d + k];
      sq = sq + dk * dk;
    }
    total = total + std::sqrt(sq);
  }
  return total;
}

}  // namespace

std::vector<Turn> Run(const Config& config, const Actors& actors,
                      const std::vector<double>& initial_position) {
  Engine engine(config, actors);
  std::vector<Turn> turns(1);
  turns[0].position = initial_position;
  engine.Assess(turns[0]);
  for (int iter = 1;; ++iter) {
    Turn next;
    next.position = engine.Step();
    turns.push_back(std::move(next));
    engine.Assess(turns.back());
    const double d01 = StateDistance(turns[0].position, turns[1].position, actors.n, actors.dims) +
                       config.min_sig_delta;
    const double dxy =
        StateDistance(turns[static_cast<std::size_t>(iter)].position,
                      turns[static_cast<std::size_t>(iter) - 1].position, actors.n, actors.dims);
    const double ratio = dxy / d01;
    turns.back().fractional_change = ratio;
    const bool quiet = ratio < config.stop_ratio;
    if (config.max_turns <= iter || (config.min_turns <= iter && quiet)) break;
  }
  return turns;
}

}  // namespace parley::internal::smp
