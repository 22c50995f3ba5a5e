// KTAB's SMP turn by turn; see smp.cc for the equations and the references to KTAB's code.
#include "models/smp_core.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "models/recycle.h"

namespace parley::internal::smp {

namespace {

constexpr double kMinCoalition = 1e-8;       // Model::coalitions: every coalition starts here
constexpr double kMinChallenge = 1e-10;      // probEduChlg: the principals' coalitions start here
constexpr double kMinSignificantEdu = 1e-5;  // bestChallenge: smallest gain worth a challenge
constexpr double kMinBargainWeight = 1e-6;   // interpolated bargains: avoids 0/0

// Loops over `count` independent items (each computed alone, so the result does not depend
// on threads) of about `work` elementary steps in all, with scratch for the body: small
// loops run on this thread with `scratch`; TBB's first parallel loop in a process starts
// its thread pool, which cost about 1 ms of a 10-actor `parley run`
// (bench/startup_bench.cc), more than the whole model. Large loops run in parallel, each
// range with scratch of its own (allocated: only large scenarios get there).
constexpr std::size_t kParallelWork = std::size_t{1} << 16;
template <class ScratchT, class Body>
void ForEachRangeWith(std::size_t count, std::size_t grain, std::size_t work, ScratchT& scratch,
                      const Body& body) {
  if (work < kParallelWork) {
    body(std::size_t{0}, count, scratch);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, grain),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      ScratchT local;
                      body(r.begin(), r.end(), local);
                    });
}

// The same for a body that needs no scratch.
template <class Body>
void ForEachRange(std::size_t count, std::size_t grain, std::size_t work, const Body& body) {
  struct None {
  } none;
  ForEachRangeWith(count, grain, work, none,
                   [&](std::size_t begin, std::size_t end, None&) { body(begin, end); });
}

// Utility of a salience-weighted distance sd in [0, 1] for risk attitude r in [-1, 1].
double BsUtil(double sd, double r) {
  return sd <= 1 ? (1 - sd) * (1 + sd * r) : (1 - sd) * (1 + r);
}

// Lanes of doubles for the loops over targets (GCC/Clang vector extension: one SSE2
// register on x86-64). Every operation is IEEE per lane, as in scalar code; selections are
// bitwise, so no lane takes a branch.
constexpr std::size_t kLanes = 2;
using Lanes = double __attribute__((vector_size(kLanes * sizeof(double))));
using LaneMask = std::int64_t __attribute__((vector_size(kLanes * sizeof(std::int64_t))));

inline Lanes LoadLanes(const double* from) {
  Lanes v;
  std::memcpy(&v, from, sizeof v);
  return v;
}
inline void StoreLanes(double* to, Lanes v) { std::memcpy(to, &v, sizeof v); }

// s in every lane.
template <typename T>
T Splat(double s) {
  if constexpr (std::is_same_v<T, double>) {
    return s;
  } else {
    T v;
    for (std::size_t l = 0; l < kLanes; ++l) v[l] = s;
    return v;
  }
}

// a where `mask` holds, else b: both already computed.
inline double Where(bool mask, double a, double b) { return mask ? a : b; }
inline Lanes Where(LaneMask mask, Lanes a, Lanes b) {
  return reinterpret_cast<Lanes>((reinterpret_cast<LaneMask>(a) & mask) |
                                 (reinterpret_cast<LaneMask>(b) & ~mask));
}

// One third party m's votes in initiator i's contests against targets j (the body of
// ProbEduChallenge's loop over m, same operations), for one target (T = double) or
// kLanes targets (T = Lanes, proportional votes). A vote of the other sign adds +0.0,
// which leaves the sums (>= 1e-10 > 0) exactly as KTAB's skipped addition does.
struct ThirdParty3 {
  double umi, umm, wm, rm;  // u_m(x_i), u_m(x_m), m's weight and risk attitude (h's view)
  double ik_def_j, i_def_jk;
  bool j_def_ik_own, jk_def_i_own;  // the third terms of u_j_def_ik, u_jk_def_i: umm, or umj

  template <typename T, typename VoteFn>
  void operator()(const VoteFn& vote, T to_mj, T principal_i, T principal_j, T& chij,
                  T& chji) const {
    const T zero{};
    const T umj = (1.0 - to_mj) * Where(to_mj <= 1.0, 1.0 + to_mj * rm, Splat<T>(1.0 + rm));
    // Actor::vProbLittle: the little contest of i, j and m alone.
    const T cm = vote(wm, umi, umj);
    const T cmi = principal_i + Where(cm > 0.0, cm, zero);
    const T cmj = principal_j - Where(cm < 0.0, cm, zero);
    const T pin = cmi / (cmi + cmj);
    const T pjn = 1.0 - pin;
    // Actor::thirdPartyVoteSU
    const T j_def_ik = umj + umj + (j_def_ik_own ? Splat<T>(umm) : umj);
    const T jk_def_i = umj + umj + (jk_def_i_own ? Splat<T>(umm) : umj);
    const T u_ik_j = (pin * ik_def_j) + (pjn * j_def_ik);
    const T u_i_jk = (pin * i_def_jk) + (pjn * jk_def_i);
    const T w = vote(wm, u_ik_j, u_i_jk);
    chij = chij + Where(w > 0.0, w, zero);
    chji = chji - Where(w < 0.0, w, zero);
  }
};

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

// Coalition sums for R rows i0.. against 2 kLanes columns j0.. (all j < i), voter by
// voter with the tile's sums in registers (c_ij at [i * options + j], c_ji at [j * options
// + i]). A vote of the other sign adds +0.0, exact as the sums are >= 1e-8 > 0.
template <std::size_t R, typename VoteFn>
void CoalitionTile(const VoteFn& vote, const std::vector<double>& w, const double* u,
                   std::size_t voters, std::size_t options, std::size_t i0, std::size_t j0,
                   std::vector<double>& c) {
  const Lanes zero{};
  Lanes for_i[R][2], for_j[R][2];
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t h = 0; h < 2; ++h) for_i[r][h] = for_j[r][h] = Splat<Lanes>(kMinCoalition);
  }
  for (std::size_t k = 0; k < voters; ++k) {
    const double* uk = u + k * options;
    const Lanes uj[2] = {LoadLanes(uk + j0), LoadLanes(uk + j0 + kLanes)};
    for (std::size_t r = 0; r < R; ++r) {
      for (std::size_t h = 0; h < 2; ++h) {
        const Lanes v = vote(w[k], uk[i0 + r], uj[h]);
        for_i[r][h] = for_i[r][h] + Where(v > 0.0, v, zero);
        for_j[r][h] = for_j[r][h] - Where(v < 0.0, v, zero);
      }
    }
  }
  for (std::size_t r = 0; r < R; ++r) {
    for (std::size_t h = 0; h < 2; ++h) {
      for (std::size_t l = 0; l < kLanes; ++l) {
        const std::size_t i = i0 + r, j = j0 + h * kLanes + l;
        c[i * options + j] = for_i[r][h][l];
        c[j * options + i] = for_j[r][h][l];
      }
    }
  }
}

// c(i, j): strength of the coalition for option i against option j (row-major, m x m),
// from votes vote(w_k, u_k(i), u_k(j)); u is voters x options, row-major. As in KTAB,
// each pair's votes are added voter by voter: c(i, j) += v if v > 0, c(j, i) -= v if v < 0.
// kTiled (proportional votes): pairs of rows against 2 kLanes columns at a time.
template <bool kTiled, typename VoteFn>
void Coalitions(const VoteFn& vote, const std::vector<double>& w, const double* u,
                std::size_t voters, std::size_t options, std::vector<double>& c) {
  c.assign(options * options, 0.0);
  const auto pair = [&](std::size_t i, std::size_t j) {
    double cij = kMinCoalition, cji = kMinCoalition;
    for (std::size_t k = 0; k < voters; ++k) {
      const double v = vote(w[k], u[k * options + i], u[k * options + j]);
      if (v > 0) cij = cij + v;
      if (v < 0) cji = cji - v;
    }
    c[i * options + j] = cij;
    c[j * options + i] = cji;
  };
  const auto rows = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; i += 2) {
      const std::size_t height = std::min<std::size_t>(2, end - i);
      std::size_t j = 0;
      if constexpr (kTiled) {
        for (; j + 2 * kLanes <= i; j += 2 * kLanes) {
          if (height == 2) {
            CoalitionTile<2>(vote, w, u, voters, options, i, j, c);
          } else {
            CoalitionTile<1>(vote, w, u, voters, options, i, j, c);
          }
        }
      }
      for (std::size_t r = 0; r < height; ++r) {
        for (std::size_t jj = j; jj < i + r; ++jj) pair(i + r, jj);
        c[(i + r) * options + i + r] = kMinCoalition;
      }
    }
  };
  // Every pair is summed alone, in voter order: the result does not depend on threads.
  ForEachRange(options, 4, options * options * voters, rows);
}

// Coalitions under a voting rule (proportional, by far the most frequent, tiled).
void Coalitions(VotingRule rule, const std::vector<double>& w, const double* u, std::size_t voters,
                std::size_t options, std::vector<double>& c) {
  if (rule == VotingRule::kProportional) {
    Coalitions<true>([](auto wk, auto ui, auto uj) { return wk * (ui - uj); }, w, u, voters,
                     options, c);
    return;
  }
  Coalitions<false>([rule](double wk, double ui, double uj) { return Vote(rule, wk, ui, uj); }, w,
                    u, voters, options, c);
}

// The buffers of the PCE functions below (kept between calls).
struct PceScratch {
  std::vector<double> coalitions, victory, q, incentive, challenge, ct;
};

void VictoryMatrix(VictoryModel model, const std::vector<double>& c, std::size_t m,
                   std::vector<double>& p) {
  p.assign(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const auto [pij, pji] = VictoryProbability(model, c[i * m + j], c[j * m + i]);
      p[i * m + j] = pij;
      p[j * m + i] = pji;
    }
    p[i * m + i] = 0.5;
  }
}

void ConditionalPce(const std::vector<double>& pv, std::size_t m, std::vector<double>& p) {
  p.resize(m);
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
}

void MarkovUniformPce(const std::vector<double>& pv, std::size_t m, std::vector<double>& p,
                      PceScratch& scratch) {
  p.assign(m, 1.0 / static_cast<double>(m));
  std::vector<double>& q = scratch.q;
  q.assign(p.begin(), p.end());
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
}

void MarkovIncentivePce(const std::vector<double>& c, const std::vector<double>& pv, std::size_t m,
                        std::vector<double>& p, PceScratch& scratch) {
  std::vector<double>& incentive = scratch.incentive;
  std::vector<double>& challenge = scratch.challenge;
  incentive.resize(m * m);
  challenge.resize(m * m);
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
  p.assign(m, 1.0 / static_cast<double>(m));
  std::vector<double>& q = scratch.q;
  std::vector<double>& ct = scratch.ct;
  q.assign(p.begin(), p.end());
  ct.resize(m * m);
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
}

// The probability of each option from the coalitions c (m x m) into p.
void ProbabilityOfEach(const Config& config, const std::vector<double>& c, std::size_t m,
                       std::vector<double>& p, PceScratch& scratch) {
  std::vector<double>& pv = scratch.victory;
  VictoryMatrix(config.victory, c, m, pv);
  switch (config.pce) {
    case PceModel::kMarkovIncentive:
      MarkovIncentivePce(c, pv, m, p, scratch);
      return;
    case PceModel::kMarkovUniform:
      MarkovUniformPce(pv, m, p, scratch);
      return;
    case PceModel::kConditional:
      break;
  }
  ConditionalPce(pv, m, p);
}

// Model::scalarPCE: u is voters x options (row-major), weights are the capabilities; the
// probability of each option into p.
void ScalarPce(const Config& config, VotingRule rule, const std::vector<double>& w,
               const std::vector<double>& u, std::size_t voters, std::size_t options,
               std::vector<double>& p, PceScratch& scratch) {
  Coalitions(rule, w, u.data(), voters, options, scratch.coalitions);
  ProbabilityOfEach(config, scratch.coalitions, options, p, scratch);
}

void RiskFromProbability(const std::vector<double>& p, RiskRange range, std::vector<double>& r) {
  double p_min = 1.0, p_max = 0.0;
  for (double x : p) {
    p_min = x < p_min ? x : p_min;
    p_max = x > p_max ? x : p_max;
  }
  r.assign(p.size(), 0.0);
  // All equally likely (e.g. one actor, or unanimity): KTAB divides 0 by 0; parley makes
  // everyone risk-neutral.
  if (!(p_max > p_min)) return;
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

// What h thinks of every actor x's attitude and of x's utility for i's and its own
// position: shared by all of h's estimates about challenges by i (hoisted out of the
// loop over targets j, the same arithmetic as KTAB's aUtil[h] entries).
struct Perspective {
  std::size_t h = 0, i = 0;
  std::vector<double> risk, u_i, u_own;
};

struct Target {
  int j = -1;
  double p = 0;
};

// BestTarget's buffers (one per thread).
struct TargetScratch {
  Perspective view;
  std::vector<double> u_ij, principal_i, principal_j, chij, chji, p, edu;
};

// DealValues' and Choose's buffers (one per thread).
struct ChooseScratch {
  std::vector<double> sum, u, p;
  PceScratch pce;
};

}  // namespace

struct Scratch {
  // The engine's tables (Engine's members of the same names).
  std::vector<double> salience_sum, salience_sq, weight, diff, risk, own, own_t, status_quo_value;
  // Assess.
  std::vector<double> neutral, utility, probability;
  std::vector<std::size_t> unique;
  PceScratch pce;
  // Step.
  std::vector<Target> targets;
  std::vector<Bargain> deals;  // the first deal_count are this turn's
  Bargain initiator_view, receiver_view;
  Perspective receiver_perspective;
  std::vector<std::vector<long>> lists;
  std::vector<double> value;
  TargetScratch target;
  ChooseScratch choose;
  std::vector<Turn> spare_turns;
};

void ScratchDeleter::operator()(Scratch* scratch) const { delete scratch; }
ScratchPtr NewScratch() { return ScratchPtr(new Scratch); }

namespace {

class Engine {
 public:
  Engine(const Config& config, const Actors& actors, Scratch& scratch)
      : config_(config), a_(actors), scratch_(scratch) {
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
    std::vector<double>& neutral = scratch_.neutral;
    neutral.resize(n_ * n_);
    for (std::size_t i = 0; i < n_ * n_; ++i) neutral[i] = BsUtil(diff_[i], 0.0);
    Coalitions(config_.voting, a_.capability, neutral.data(), n_, n_, scratch_.pce.coalitions);
    ProbabilityOfEach(config_, scratch_.pce.coalitions, n_, scratch_.probability, scratch_.pce);
    RiskFromProbability(scratch_.probability, config_.risk_range, risk_);
    turn.risk = risk_;
    own_.resize(n_ * n_);
    for (std::size_t i = 0; i < n_; ++i) {
      const double rii = EstimatedRisk(risk_[i], risk_[i], config_.risk_adjust);
      for (std::size_t j = 0; j < n_; ++j) own_[i * n_ + j] = BsUtil(diff_[i * n_ + j], rii);
    }
    own_t_.resize(n_ * n_);  // column x of own_ contiguous, for the bargains' values
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t x = 0; x < n_; ++x) own_t_[x * n_ + i] = own_[i * n_ + x];
    }
    status_quo_value_.assign(n_, 0.0);
    for (std::size_t a = 0; a < n_; ++a) {
      double sum = 0.0;
      for (std::size_t x = 0; x < n_; ++x) sum = sum + own_[a * n_ + x];
      status_quo_value_[a] = sum / static_cast<double>(n_);
    }
    // Unique positions: the first actor of each group closer than position_tol.
    std::vector<std::size_t>& unique = scratch_.unique;
    unique.clear();
    for (std::size_t i = 0; i < n_; ++i) {
      bool found = false;
      for (std::size_t u : unique) found = found || Equivalent(i, u);
      if (!found) unique.push_back(i);
    }
    const std::size_t m = unique.size();
    std::vector<double>& u = scratch_.utility;
    u.resize(n_ * m);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t c = 0; c < m; ++c) u[i * m + c] = own_[i * n_ + unique[c]];
    }
    std::vector<double>& p = scratch_.probability;
    ScalarPce(config_, VotingRule::kProportional, a_.capability, u, n_, m, p, scratch_.pce);
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

  // h's Perspective on challenges by i, into v.
  void View(std::size_t h, std::size_t i, Perspective& v) const {
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
    for (std::size_t m = 0; m < n_; ++m) {
      if (m == i || m == j) continue;
      const double umi = v.u_i[m], umj = BsUtil(diff_[m * n_ + j], v.risk[m]), umm = v.u_own[m];
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

  // ProbEduChallenge(v, v.i, j) for every target j at once: p[j] and edu[j] (j == v.i
  // left meaningless). The same operations per target, but with the loop over third
  // parties m outside the loop over targets: each target's sums still run over m in
  // order, and a vote of the other sign adds 0 (exact: the sums start at 1e-10 > 0), so
  // the inner loop reads row m of diff_ contiguously, has no branches and vectorises.
  template <bool kVectorised, typename VoteFn>
  void ChallengeAll(const VoteFn& vote, const Perspective& v, std::vector<double>& p,
                    std::vector<double>& edu, TargetScratch& scratch) const {
    const std::size_t n = n_, i = v.i;
    const double uii = v.u_i[i];
    const double si = salience_sum_[i], ci = a_.capability[i];
    std::vector<double>& u_ij = scratch.u_ij;
    std::vector<double>& principal_i = scratch.principal_i;
    std::vector<double>& principal_j = scratch.principal_j;
    std::vector<double>& chij = scratch.chij;
    std::vector<double>& chji = scratch.chji;
    u_ij.resize(n);
    principal_i.resize(n);
    principal_j.resize(n);
    chij.resize(n);
    chji.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      const double uij = BsUtil(diff_[i * n + j], v.risk[i]);
      const double uji = v.u_i[j], ujj = v.u_own[j];
      const double sj = salience_sum_[j], cj = a_.capability[j];
      const double contrib_i = vote(si * ci, uii, uij);
      const double contrib_j = vote(sj * cj, uji, ujj);
      double ch_ij = kMinChallenge, ch_ji = kMinChallenge;
      if (contrib_i > 0.0) ch_ij = ch_ij + contrib_i;
      if (contrib_i < 0.0) ch_ji = ch_ji - contrib_i;
      if (contrib_j > 0.0) ch_ij = ch_ij + contrib_j;
      if (contrib_j < 0.0) ch_ji = ch_ji - contrib_j;
      u_ij[j] = uij;
      principal_i[j] = chij[j] = ch_ij;
      principal_j[j] = chji[j] = ch_ji;
    }
    ThirdParty3 third;
    third.j_def_ik_own = config_.third_party == ThirdParty::kNone;
    third.jk_def_i_own = config_.third_party != ThirdParty::kFull;
    for (std::size_t m = 0; m < n; ++m) {
      if (m == i) continue;
      const double umi = v.u_i[m], umm = v.u_own[m];
      third.umi = umi;
      third.umm = umm;
      third.wm = weight_[m];
      third.rm = v.risk[m];
      third.ik_def_j = config_.third_party == ThirdParty::kFull ? umi + umi + umi : umi + umi + umm;
      third.i_def_jk = config_.third_party == ThirdParty::kNone ? umi + umi + umm : umi + umi + umi;
      const double* to_m = &diff_[m * n];  // to_m[j] = d_m(x_m, x_j)
      const auto targets = [&](std::size_t begin, std::size_t end) {
        std::size_t j = begin;
        if constexpr (kVectorised) {
          for (; j + kLanes <= end; j += kLanes) {
            Lanes ch_ij = LoadLanes(&chij[j]), ch_ji = LoadLanes(&chji[j]);
            third(vote, LoadLanes(to_m + j), LoadLanes(&principal_i[j]), LoadLanes(&principal_j[j]),
                  ch_ij, ch_ji);
            StoreLanes(&chij[j], ch_ij);
            StoreLanes(&chji[j], ch_ji);
          }
        }
        for (; j < end; ++j) third(vote, to_m[j], principal_i[j], principal_j[j], chij[j], chji[j]);
      };
      targets(0, m);
      targets(m + 1, n);
    }
    p.resize(n);
    edu.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      const double uki = uii, ukj = u_ij[j], sj = salience_sum_[j];
      const double eu_sq = uki + ukj;
      const double u_kij = uki + uki;
      const double u_kji = ukj + ukj;
      const double phij = chij[j] / (chij[j] + chji[j]);
      const double phji = chji[j] / (chij[j] + chji[j]);
      const double eu_contest = phij * u_kij + phji * u_kji;
      const double eu_challenge = (1 - sj) * u_kij + sj * eu_contest;
      p[j] = phij;
      edu[j] = eu_challenge - eu_sq;
    }
  }

  // SMPState::bestChallenge: i's most advantageous target, from i's own view.
  Target BestTarget(std::size_t i, TargetScratch& scratch) const {
    Perspective& view = scratch.view;
    View(i, i, view);
    std::vector<double>& p = scratch.p;
    std::vector<double>& edu = scratch.edu;
    if (config_.voting == VotingRule::kProportional) {
      ChallengeAll<true>([](auto w, auto u_a, auto u_b) { return w * (u_a - u_b); }, view, p, edu,
                         scratch);
    } else {
      const VotingRule rule = config_.voting;
      ChallengeAll<false>(
          [rule](double w, double u_a, double u_b) { return Vote(rule, w, u_a, u_b); }, view, p,
          edu, scratch);
    }
    Target best;
    double best_eu = -1.0;
    for (std::size_t j = 0; j < n_; ++j) {
      if (j == i) continue;
      if (kMinSignificantEdu < edu[j] && best_eu < edu[j]) {
        best.j = static_cast<int>(j);
        best.p = p[j];
        best_eu = edu[j];
      }
    }
    return best;
  }

  // The bargain i proposes to j, into b.
  void Interpolate(std::size_t i, std::size_t j, double prob_i, double prob_j, Bargain& b) const {
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
  }

  // brgnUtil: value[m * n + a] = a's mean utility over all positions once deals[m] is
  // made, for the deals [begin, end) and every actor a, in KTAB's order of summation per
  // actor (the two new positions, then everyone else's in actor order). All actors' sums
  // advance together over the transposed utilities, a block of deals per pass.
  void DealValues(const std::vector<Bargain>& deals, std::size_t begin, std::size_t end,
                  std::vector<double>& value, std::vector<double>& sum) const {
    constexpr std::size_t kBlock = 8;
    sum.resize(kBlock * n_);
    for (std::size_t first = begin; first < end; first += kBlock) {
      const std::size_t last = std::min(first + kBlock, end);
      for (std::size_t m = first; m < last; ++m) {
        const Bargain& deal = deals[m];
        for (std::size_t a = 0; a < n_; ++a) {
          const double* pa = pos_ + a * d_;
          double s = 0.0;
          s = s + BsUtil(Distance(a, pa, deal.pos_init.data()), risk_[a]);
          s = s + BsUtil(Distance(a, pa, deal.pos_rcvr.data()), risk_[a]);
          sum[(m - first) * n_ + a] = s;
        }
      }
      for (std::size_t x = 0; x < n_; ++x) {
        const double* own_x = &own_t_[x * n_];  // own_x[a] = a's utility of x's position
        for (std::size_t m = first; m < last; ++m) {
          if (x == deals[m].init || x == deals[m].rcvr) continue;
          double* s = &sum[(m - first) * n_];
          for (std::size_t a = 0; a < n_; ++a) s[a] = s[a] + own_x[a];
        }
      }
      for (std::size_t m = first; m < last; ++m) {
        for (std::size_t a = 0; a < n_; ++a) {
          value[m * n_ + a] = sum[(m - first) * n_ + a] / static_cast<double>(n_);
        }
      }
    }
  }

  // Actor k's choice among its options: a PCE vote on the value of each outcome.
  void Choose(std::size_t k, const std::vector<long>& list, const std::vector<Bargain>& deals,
              const std::vector<double>& value, std::vector<double>& next,
              ChooseScratch& scratch) const {
    const std::size_t nb = list.size();
    std::vector<double>& u = scratch.u;
    u.resize(n_ * nb);
    for (std::size_t a = 0; a < n_; ++a) {
      for (std::size_t m = 0; m < nb; ++m) {
        u[a * nb + m] =
            list[m] < 0 ? status_quo_value_[a] : value[static_cast<std::size_t>(list[m]) * n_ + a];
      }
    }
    std::vector<double>& p = scratch.p;
    ScalarPce(config_, config_.voting, a_.capability, u, n_, nb, p, scratch.pce);
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

  // SMPState::doBCN: challenges, bargains, and each actor's choice among its bargains;
  // the next positions into `next`.
  void Step(std::vector<double>& next) const {
    std::vector<Target>& targets = scratch_.targets;
    targets.assign(n_, Target{});
    // BestTarget: every target j of i, each valued by every voter.
    ForEachRangeWith(n_, 2, n_ * n_ * n_ * d_, scratch_.target,
                     [&](std::size_t begin, std::size_t end, TargetScratch& scratch) {
                       for (std::size_t i = begin; i < end; ++i)
                         targets[i] = BestTarget(i, scratch);
                     });
    // Each bargain once in `deals` (its first `count`); lists[k] holds k's options in
    // KTAB's order, -1 being k's status quo. A bargain sits on both its parties' lists but
    // is valued once.
    std::vector<Bargain>& deals = scratch_.deals;
    std::size_t count = 0;
    std::vector<std::vector<long>>& lists = scratch_.lists;
    lists.resize(n_);
    for (std::vector<long>& list : lists) list.clear();
    const auto offer = [&](std::size_t i, std::size_t j) -> Bargain& {
      lists[i].push_back(static_cast<long>(count));
      lists[j].push_back(static_cast<long>(count));
      if (count == deals.size()) deals.emplace_back();
      return deals[count++];
    };
    for (std::size_t i = 0; i < n_; ++i) {
      lists[i].push_back(-1);
      const int best_j = targets[i].j;
      const double best_p = targets[i].p;
      if (best_j < 0) continue;
      const auto j = static_cast<std::size_t>(best_j);
      if (config_.bargain == BargainModel::kInitOnly) {
        Interpolate(i, j, best_p, 1 - best_p, offer(i, j));
        continue;
      }
      // KTAB passes j's expected gain, not its probability, as "pjiJ" here.
      View(j, i, scratch_.receiver_perspective);
      const double pji = ProbEduChallenge(scratch_.receiver_perspective, i, j).second;
      if (config_.bargain == BargainModel::kInitRcvr) {
        Interpolate(i, j, best_p, 1 - best_p, offer(i, j));
        Interpolate(i, j, pji, 1 - pji, offer(i, j));
        continue;
      }
      // power_weighted: KTAB weighs the receiver's view with the initiator's capability.
      Bargain& iij = scratch_.initiator_view;
      Bargain& jij = scratch_.receiver_view;
      Interpolate(i, j, best_p, 1 - best_p, iij);
      Interpolate(i, j, pji, 1 - pji, jij);
      const double wi = a_.capability[i] * salience_sum_[i];
      const double wj = a_.capability[i] * salience_sum_[j];
      Bargain& pw = offer(i, j);
      pw.init = i;
      pw.rcvr = j;
      pw.pos_init.resize(d_);
      pw.pos_rcvr.resize(d_);
      for (std::size_t k = 0; k < d_; ++k) {
        pw.pos_init[k] = (wi * iij.pos_init[k] + wj * jij.pos_init[k]) / (wi + wj);
        pw.pos_rcvr[k] = (wi * iij.pos_rcvr[k] + wj * jij.pos_rcvr[k]) / (wi + wj);
      }
    }
    // value[b * n + a]: a's mean utility over the positions of the state bargain b makes.
    std::vector<double>& value = scratch_.value;
    value.resize(count * n_);
    ForEachRangeWith(count, 8, count * n_ * n_ * d_, scratch_.choose,
                     [&](std::size_t begin, std::size_t end, ChooseScratch& scratch) {
                       DealValues(deals, begin, end, value, scratch.sum);
                     });
    next.resize(n_ * d_);
    ForEachRangeWith(n_, 4, n_ * count, scratch_.choose,
                     [&](std::size_t begin, std::size_t end, ChooseScratch& scratch) {
                       for (std::size_t k = begin; k < end; ++k) {
                         Choose(k, lists[k], deals, value, next, scratch);
                       }
                     });
  }

 private:
  const Config& config_;
  const Actors& a_;
  Scratch& scratch_;
  std::size_t n_ = 0, d_ = 0;
  std::vector<double>& salience_sum_ = scratch_.salience_sum;
  std::vector<double>& salience_sq_ = scratch_.salience_sq;
  std::vector<double>& weight_ = scratch_.weight;
  const double* pos_ = nullptr;
  std::vector<double>& diff_ = scratch_.diff;
  std::vector<double>& risk_ = scratch_.risk;
  std::vector<double>& own_ = scratch_.own;
  std::vector<double>& own_t_ = scratch_.own_t;
  std::vector<double>& status_quo_value_ = scratch_.status_quo_value;
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

void Run(const Config& config, const Actors& actors, const std::vector<double>& initial_position,
         Scratch& scratch, std::vector<Turn>& turns) {
  Engine engine(config, actors, scratch);
  // Turns of earlier runs wait in the scratch with their vectors' storage.
  internal::Park(turns, scratch.spare_turns);
  Turn& first = internal::Append(turns, scratch.spare_turns);
  first.position.assign(initial_position.begin(), initial_position.end());
  first.fractional_change = 0;
  engine.Assess(first);
  for (int iter = 1;; ++iter) {
    Turn& next = internal::Append(turns, scratch.spare_turns);
    next.fractional_change = 0;
    engine.Step(next.position);
    engine.Assess(next);
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
}

std::vector<Turn> Run(const Config& config, const Actors& actors,
                      const std::vector<double>& initial_position) {
  Scratch scratch;
  std::vector<Turn> turns;
  Run(config, actors, initial_position, scratch, turns);
  return turns;
}

}  // namespace parley::internal::smp
