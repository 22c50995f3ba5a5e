#include "models/eum_core.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/weights.h"

namespace parley::internal::eum {

namespace {

// x^r, skipping the library call for the common r = 1 (pow(x, 1) == x exactly).
double Power(double base, double exponent) {
  return exponent == 1.0 ? base : std::pow(base, exponent);
}

// The naive algorithm tabulates voter utilities u_a(x_b) up to this many actors (32 MiB);
// beyond it risk-weighted votes recompute them, O(n) per pair either way.
constexpr std::size_t kMaxTableActors = 2048;

// Voting support for one position over another: the numerator and denominator of the
// probability of success P(x_i, x_j) (eum.cc, eqs. 1-2), for every pair in a row. Rows are
// produced one at a time in the order the algorithm needs (Row's `t`-th row): actor order
// for the naive sums, position order for the fast sweep.
class Votes {
 public:
  // `exponent` holds each voter's risk exponent, or is empty for linear utility (r = 1).
  // The tables live in `buffers` (whatever they held before is overwritten).
  Votes(const std::vector<double>& weight, const std::vector<double>& position,
        const std::vector<double>& exponent, double range, Probability probability,
        Algorithm algorithm, VoteBuffers& buffers)
      : weight_(weight),
        position_(position),
        exponent_(exponent),
        range_(range),
        probability_(probability),
        fast_(algorithm == Algorithm::kFast),
        buffers_(buffers) {
    const std::size_t n = position.size();
    if (fast_) {
      Sort();
      if (!exponent_.empty()) PrepareRiskSums();
    } else if (!exponent_.empty() && n <= kMaxTableActors) {
      use_table_ = true;
      table_.resize(n * n);
      for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t b = 0; b < n; ++b) table_[a * n + b] = ComputeUtility(a, b);
      }
    }
    if (probability_ == Probability::kTriples) {
      triple_denominator_ = fast_ ? FastTripleDenominator() : NaiveTripleDenominator();
    }
  }

  // The t-th row (call with t = 0, 1, ..., n - 1 in turn): returns the actor i it belongs
  // to and sets p_ij[j] = P(x_i, x_j), p_ji[j] = P(x_j, x_i) for every j (0 where
  // x_j == x_i).
  std::size_t Row(std::size_t t, std::vector<double>& p_ij, std::vector<double>& p_ji) {
    p_ij.assign(position_.size(), 0.0);
    p_ji.assign(position_.size(), 0.0);
    if (!fast_) {
      NaiveRow(t, p_ij, p_ji);
      return t;
    }
    const std::size_t i = order_[t];
    row_x_ = position_[i];
    row_next_ = 0;
    row_sum_ = 0;
    SweepRow(i, p_ij, p_ji);
    return i;
  }

 private:
  // u_a(x_b) = (|x_a - x_b| / range)^r_a: voter a's distance loss (compare_a's terms).
  double ComputeUtility(std::size_t a, std::size_t b) const {
    const double distance = std::abs(position_[a] - position_[b]) / range_;
    return exponent_.empty() ? distance : Power(distance, exponent_[a]);
  }
  double Utility(std::size_t a, std::size_t b) const {
    return use_table_ ? table_[a * position_.size() + b] : ComputeUtility(a, b);
  }

  // Support over the denominator; a zero denominator means no voter distinguishes the
  // two positions: an even chance per pair, and (numerator then 0 too) 0 for triples.
  double Ratio(double support, double pair_total) const {
    const double denominator =
        probability_ == Probability::kPair ? pair_total : triple_denominator_;
    if (!(denominator > 0)) return probability_ == Probability::kPair ? 0.5 : 0.0;
    return support / denominator;
  }

  // The reference's sums, term by term in actor order (O(n) per pair).
  void NaiveRow(std::size_t i, std::vector<double>& p_ij, std::vector<double>& p_ji) const {
    const std::size_t n = position_.size();
    for (std::size_t j = 0; j < n; ++j) {
      if (position_[j] == position_[i]) continue;
      double for_i = 0, for_j = 0, total = 0;
      for (std::size_t a = 0; a < n; ++a) {
        const double vote = weight_[a] * (Utility(a, j) - Utility(a, i));  // compare_a(x_i,x_j)
        for_i += std::max(0.0, vote);
        for_j += std::max(0.0, -vote);
        total += std::abs(vote);
      }
      p_ij[j] = Ratio(for_i, total);
      p_ji[j] = Ratio(for_j, total);
    }
  }

  // sum_a sum_b sum_c |compare_a(x_b, x_c)| in the reference's loop order (O(n^3)).
  double NaiveTripleDenominator() const {
    const std::size_t n = position_.size();
    std::vector<double>& utility = buffers_.spread;
    utility.resize(n);
    double total = 0;
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = 0; b < n; ++b) utility[b] = Utility(a, b);
      for (std::size_t b = 0; b < n; ++b) {
        for (std::size_t c = 0; c < n; ++c)
          total += std::abs(weight_[a] * (utility[c] - utility[b]));
      }
    }
    return total;
  }

  void Sort() {
    const std::size_t n = position_.size();
    order_.resize(n);
    std::iota(order_.begin(), order_.end(), 0);
    // A stable sort by position, without stable_sort's temporary buffer (an allocation
    // per call): equal positions keep actor order through the index tie-break.
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return position_[a] < position_[b] || (position_[a] == position_[b] && a < b);
    });
    sorted_.resize(n);
    rank_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      sorted_[k] = position_[order_[k]];
      rank_[order_[k]] = k;
    }
    // Prefix sums of w and of w * (y - y_0); the shift keeps the cancellations in the
    // sweep relative to the spread of the positions, not their magnitude.
    weight_prefix_.assign(n + 1, 0.0);
    moment_prefix_.assign(n + 1, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      const double w = weight_[order_[k]];
      weight_prefix_[k + 1] = weight_prefix_[k] + w;
      moment_prefix_[k + 1] = moment_prefix_[k] + w * (sorted_[k] - sorted_[0]);
    }
    run_begin_.resize(n);
    run_end_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      run_begin_[k] = (k > 0 && sorted_[k - 1] == sorted_[k]) ? run_begin_[k - 1] : k;
    }
    for (std::size_t k = n; k-- > 0;) {
      run_end_[k] = (k + 1 < n && sorted_[k + 1] == sorted_[k]) ? run_end_[k + 1] : k + 1;
    }
  }

  // Linear votes for lo < hi: the support of lo over hi and of hi over lo (times R), given the
  // sorted index ranges [0, below) at or left of lo, [0, mid) left of the midpoint and
  // [above, n) at or right of hi. With m the midpoint, a voter at y contributes
  //   y <= lo: (hi - lo) to lo;   lo < y < m: 2(m - y) to lo;
  //   m < y < hi: 2(y - m) to hi; y >= hi: (hi - lo) to hi      (eq. 8 in eum.cc).
  void LinearSupport(double lo, double hi, std::size_t below, std::size_t mid, std::size_t above,
                     double& for_lo, double& for_hi) const {
    const double gap = hi - lo;
    const double m = 0.5 * (lo + hi) - sorted_[0];
    const std::vector<double>& w = weight_prefix_;
    const std::vector<double>& z = moment_prefix_;
    for_lo = w[below] * gap + 2 * (m * (w[mid] - w[below]) - (z[mid] - z[below]));
    for_hi = (w.back() - w[above]) * gap + 2 * ((z[above] - z[mid]) - m * (w[above] - w[mid]));
    for_lo = std::max(0.0, for_lo);
    for_hi = std::max(0.0, for_hi);
  }

  // Risk-weighted votes: u_a increases with distance (r_a > 0), so voters left of the
  // midpoint of lo < hi support lo and the rest support hi; with per-position prefix sums
  // G_x[k] = sum over the k leftmost voters of w_a u_a(x) (eq. 8b in eum.cc)
  //   support(lo) = G_hi[mid] - G_lo[mid],
  //   support(hi) = (G_lo[n] - G_lo[mid]) - (G_hi[n] - G_hi[mid]).
  // The n x (n + 1) table of all G_x[k] would take 800 MB at 10,000 actors, so only O(n)
  // of it is kept: G_x[n] for every x (PrepareRiskSums), and running sums G_x[k] at the
  // last k asked for, one for the receiver's own position (RowPrefix, restarted per row:
  // along a row mid only grows) and one for each other position x (ColumnPrefix: rows come
  // in position order, and mid(i, j) only grows with x_i for a fixed j). Each running sum
  // advances at most n terms per row or round: O(n^2) per round in all, with every G_x[k]
  // summed in the same order (voters left to right, from 0) as a full table would be, so
  // bit for bit the same values.

  // w_a u_a(x) for the voter at sorted index k.
  double RiskTerm(std::size_t k, double x) const {
    return sorted_weight_[k] * Power(std::abs(sorted_[k] - x) / range_, sorted_exponent_[k]);
  }

  void PrepareRiskSums() {
    const std::size_t n = position_.size();
    sorted_weight_.resize(n);
    sorted_exponent_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      sorted_weight_[k] = weight_[order_[k]];
      sorted_exponent_[k] = exponent_[order_[k]];
    }
    column_sum_.assign(n, 0.0);
    column_next_.assign(n, 0);
    // G_x[n] for every x; with probability=triples FastTripleDenominator adds them up in
    // the pass that evaluates every u_a(x_b) anyway.
    column_total_.assign(n, 0.0);
    if (probability_ == Probability::kTriples) return;
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t m = 0; m < n; ++m) {
        column_total_[m] = column_total_[m] + RiskTerm(k, sorted_[m]);
      }
    }
  }

  // G_x[mid] from the running sum G_x[next] = sum, which it advances.
  double Advance(double x, std::size_t mid, std::size_t& next, double& sum) const {
    if (mid < next) {  // not reached in the sweep's order; correct regardless
      next = 0;
      sum = 0;
    }
    for (; next < mid; ++next) sum = sum + RiskTerm(next, x);
    return sum;
  }
  double RowPrefix(std::size_t mid) { return Advance(row_x_, mid, row_next_, row_sum_); }
  double ColumnPrefix(std::size_t m, std::size_t mid) {
    return Advance(sorted_[m], mid, column_next_[m], column_sum_[m]);
  }

  // Supports of the position at sorted index `lo` over the one at `hi` (x_lo < x_hi) and
  // back, times R; the row's actor is at `lo` or, if !row_is_lo, at `hi`.
  void Support(std::size_t lo, std::size_t hi, bool row_is_lo, std::size_t below, std::size_t mid,
               std::size_t above, double& for_lo, double& for_hi) {
    if (exponent_.empty()) {
      LinearSupport(sorted_[lo], sorted_[hi], below, mid, above, for_lo, for_hi);
      return;
    }
    const double lo_mid = row_is_lo ? RowPrefix(mid) : ColumnPrefix(lo, mid);
    const double hi_mid = row_is_lo ? ColumnPrefix(hi, mid) : RowPrefix(mid);
    const double lo_all = column_total_[lo], hi_all = column_total_[hi];
    for_lo = std::max(0.0, hi_mid - lo_mid) * range_;  // SweepRow divides by R
    for_hi = std::max(0.0, (lo_all - lo_mid) - (hi_all - hi_mid)) * range_;
  }

  // P(x_i, x_j) and P(x_j, x_i) from the two supports times R, with one division.
  void SweptRatios(double for_i, double for_j, double& p_ij, double& p_ji) const {
    const double denominator =
        probability_ == Probability::kPair ? for_i + for_j : triple_denominator_ * range_;
    if (!(denominator > 0)) {
      p_ij = p_ji = probability_ == Probability::kPair ? 0.5 : 0.0;
      return;
    }
    const double inverse = 1 / denominator;
    p_ij = for_i * inverse;
    p_ji = for_j * inverse;
  }

  // One row in O(n): j in sorted order, the midpoint index advancing monotonically.
  void SweepRow(std::size_t i, std::vector<double>& p_ij, std::vector<double>& p_ji) {
    const std::size_t n = position_.size();
    const double x = position_[i];
    const std::size_t row = rank_[i];
    const std::size_t at_begin = run_begin_[row];
    const std::size_t at_end = run_end_[row];
    std::size_t mid = 0;
    for (std::size_t k = 0; k < at_begin; ++k) {  // x_j < x_i
      const double lo = sorted_[k];
      const double midpoint = 0.5 * (lo + x);
      while (mid < n && sorted_[mid] < midpoint) ++mid;
      double for_j, for_i;
      Support(k, row, false, run_end_[k], mid, at_begin, for_j, for_i);
      SweptRatios(for_i, for_j, p_ij[order_[k]], p_ji[order_[k]]);
    }
    mid = at_end;
    for (std::size_t k = at_end; k < n; ++k) {  // x_j > x_i
      const double hi = sorted_[k];
      const double midpoint = 0.5 * (x + hi);
      while (mid < n && sorted_[mid] < midpoint) ++mid;
      double for_i, for_j;
      Support(row, k, true, at_end, mid, run_begin_[k], for_i, for_j);
      SweptRatios(for_i, for_j, p_ij[order_[k]], p_ji[order_[k]]);
    }
  }

  // sum_a w_a sum_b sum_c |u_a(b) - u_a(c)| = sum_a 2 w_a sum_k u_a,(k) (2k - n + 1) with
  // u_a sorted; u_a increases with distance, so merging the sorted positions outward from
  // x_a sorts it in O(n): O(n^2) in all. Voters are visited left to right (the per-voter
  // terms are then added in actor order), so that with risk-weighted votes the same
  // pass can add up the totals G_x[n] in the prefix sums' order.
  double FastTripleDenominator() {
    const std::size_t n = position_.size();
    const bool totals = !exponent_.empty();
    std::vector<double>& distance = buffers_.distance;
    std::vector<double>& spread = buffers_.spread;
    std::vector<std::size_t>& target = buffers_.target;
    distance.resize(n);
    spread.resize(n);
    target.resize(n);
    for (std::size_t voter = 0; voter < n; ++voter) {
      const std::size_t a = order_[voter];
      const double x = position_[a];
      std::size_t left = voter;  // candidates [0, left) on the left, [right, n) right
      std::size_t right = voter;
      for (std::size_t k = 0; k < n; ++k) {
        const bool take_left =
            right == n || (left > 0 && x - sorted_[left - 1] <= sorted_[right] - x);
        target[k] = take_left ? --left : right++;
        distance[k] = take_left ? x - sorted_[target[k]] : sorted_[target[k]] - x;
      }
      double sum = 0;
      for (std::size_t k = 0; k < n; ++k) {
        const double d = distance[k] / range_;
        const double u = exponent_.empty() ? d : Power(d, exponent_[a]);
        sum += u * (2.0 * static_cast<double>(k) - static_cast<double>(n) + 1.0);
        if (totals) column_total_[target[k]] = column_total_[target[k]] + weight_[a] * u;
      }
      spread[voter] = sum;
    }
    double total = 0;
    for (std::size_t a = 0; a < n; ++a) total += 2 * weight_[a] * spread[rank_[a]];
    return total;
  }

  const std::vector<double>& weight_;
  const std::vector<double>& position_;
  const std::vector<double>& exponent_;
  double range_;
  Probability probability_;
  bool fast_;
  VoteBuffers& buffers_;
  double triple_denominator_ = 0;
  // u_a(x_b), row-major, when exponents differ from 1 (naive algorithm, use_table_).
  bool use_table_ = false;
  std::vector<double>& table_ = buffers_.table;
  // Sorted view (fast algorithm only).
  std::vector<std::size_t>& order_ = buffers_.order;
  std::vector<std::size_t>& rank_ = buffers_.rank;
  std::vector<std::size_t>& run_begin_ = buffers_.run_begin;
  std::vector<std::size_t>& run_end_ = buffers_.run_end;
  std::vector<double>& sorted_ = buffers_.sorted;
  std::vector<double>& weight_prefix_ = buffers_.weight_prefix;
  std::vector<double>& moment_prefix_ = buffers_.moment_prefix;
  // Risk-weighted votes (fast only), by sorted index: w_a and r_a of each voter, G_x[n] and
  // the running sums G_x[column_next_] of each position x; the current row's G_{x_i}[row_next_].
  std::vector<double>& sorted_weight_ = buffers_.sorted_weight;
  std::vector<double>& sorted_exponent_ = buffers_.sorted_exponent;
  std::vector<double>& column_total_ = buffers_.column_total;
  std::vector<double>& column_sum_ = buffers_.column_sum;
  std::vector<std::size_t>& column_next_ = buffers_.column_next;
  double row_x_ = 0, row_sum_ = 0;
  std::size_t row_next_ = 0;
};

// The utilities of eqs. 3-6 (eum.cc) for one challenger-target distance, from the
// perspective of an actor with risk exponent r.
struct Utilities {
  double success;
  double failure;
  double status_quo_term;  // q * Usq (+ (1 - q)(T * Ub + (1 - T) * Uw) under kBdm)
};

Utilities ComputeUtilities(const Config& config, double r, double distance,
                           double challenger_to_median, double status_quo_utility) {
  Utilities u;
  u.success = 2 - 4 * Power(std::max(0.0, 0.5 - 0.5 * distance), r);
  u.failure = 2 - 4 * Power(0.5 + 0.5 * distance, r);
  u.status_quo_term = config.q * status_quo_utility;
  if (config.expectation == Expectation::kBdm && config.q < 1) {
    const double shift = 0.25 * (challenger_to_median + distance);
    const double better = 2 - 4 * Power(std::max(0.0, 0.5 - shift), r);
    const double worse = 2 - 4 * Power(0.5 + shift, r);
    u.status_quo_term += (1 - config.q) * (config.t * better + (1 - config.t) * worse);
  }
  return u;
}

// EU of challenging a target with salience s, success probability p (eq. 7), evaluated
// in the reference's order: (eu_resist + eu_not_resist) - eu_status_quo.
double ExpectedUtility(const Utilities& u, double p, double target_salience) {
  const double resist = target_salience * (p * u.success + (1 - p) * u.failure);
  const double not_resist = (1 - target_salience) * u.success;
  return (resist + not_resist) - u.status_quo_term;
}

// Danger levels D_i = sum_{b != i} EU_b->i from i's perspective with every r = 1 (eq. 9),
// into scratch.danger.
void DangerLevels(const Config& config, Algorithm algorithm, const IssueActors& actors,
                  const std::vector<double>& position, double range, double median,
                  RoundScratch& scratch) {
  const std::size_t n = position.size();
  Votes votes(scratch.weight, position, scratch.linear, range, config.probability, algorithm,
              scratch.votes);
  const double status_quo_utility = 2 - 4 * 0.5;
  std::vector<double>& danger = scratch.danger;
  std::vector<double>& p_ib = scratch.p_ij;
  std::vector<double>& p_bi = scratch.p_ji;
  danger.assign(n, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    const std::size_t i = votes.Row(t, p_ib, p_bi);
    double total = 0;
    for (std::size_t b = 0; b < n; ++b) {
      if (b == i) continue;
      const double distance = std::abs(position[b] - position[i]) / range;
      const Utilities u = ComputeUtilities(
          config, 1.0, distance, std::abs(position[b] - median) / range, status_quo_utility);
      total += ExpectedUtility(u, p_bi[b], actors.salience[i]);
    }
    danger[i] = total;
  }
}

// The best offer a receiver has seen so far. Offers are classified (eum.cc, "offers") and
// ranked for selection: lower tier first, then lower key; ties keep the earlier offer
// (actor order), as Python's min does. Written without data-dependent branches: a random
// mix of offers and non-offers would otherwise mispredict on about every other pair.
class BestOffer {
 public:
  BestOffer(const Config& config, double x_i) : config_(config), x_i_(x_i) {}

  void Consider(std::size_t j, double x_j, double eu_ij, double eu_ji) {
    const double loss = std::abs(eu_ij);
    const bool confrontation = (eu_ji > eu_ij) & (eu_ij > 0);
    const bool split = (eu_ji > 0) & (0 > eu_ij);
    const bool compromise = split & (eu_ji > loss);
    const bool capitulation = config_.capitulation & split & (eu_ji < loss);
    const int kind = confrontation * 1 + compromise * 2 + capitulation * 3;
    const double compromise_position =
        config_.compromise == CompromiseRule::kRatio
            ? x_i_ + (x_j - x_i_) * std::abs(eu_ij / eu_ji)
            : (loss * x_i_ + std::abs(eu_ji) * x_j) / (loss + std::abs(eu_ji));
    const double position = compromise ? compromise_position : x_j;
    int tier;
    double key;
    if (config_.selection == Selection::kNearest) {
      tier = kind == 0 ? 3 : 0;
      key = std::abs(position - x_i_);
    } else {
      // Scholz: confrontations, then compromises by the smallest weighted position (his
      // key, not the adopted position), then capitulations.
      tier = kind == 0 ? 3 : kind - 1;
      const double weighted = (loss * x_i_ + std::abs(eu_ji) * x_j) / (loss + std::abs(eu_ji));
      key = compromise ? weighted : std::abs(x_i_ - x_j);
    }
    const bool better = (tier < tier_) | ((tier == tier_) & (key < key_));
    tier_ = better ? tier : tier_;
    key_ = better ? key : key_;
    kind_ = better ? kind : kind_;
    from_ = better ? j : from_;
    eu_ij_ = better ? eu_ij : eu_ij_;
    eu_ji_ = better ? eu_ji : eu_ji_;
    position_ = better ? position : position_;
  }

  Offer offer() const {
    constexpr OfferKind kKinds[] = {OfferKind::kNone, OfferKind::kConfrontation,
                                    OfferKind::kCompromise, OfferKind::kCapitulation};
    if (kind_ == 0) return Offer{};
    return {kKinds[kind_], from_, eu_ij_, eu_ji_, position_};
  }

 private:
  const Config& config_;
  double x_i_;
  int tier_ = 3;  // 3: no offer yet
  double key_ = 0;
  int kind_ = 0;
  std::size_t from_ = 0;
  double eu_ij_ = 0, eu_ji_ = 0, position_ = 0;
};

}  // namespace

double PositionRange(const std::vector<double>& position) {
  if (position.empty()) return 1.0;
  const auto [low, high] = std::minmax_element(position.begin(), position.end());
  const double range = *high - *low;
  return range > 0 ? range : 1.0;
}

RoundOutcome RunRound(const Config& config, Algorithm algorithm, const IssueActors& actors,
                      const std::vector<double>& position, double range, double median,
                      RoundTrace* trace) {
  RoundScratch scratch;
  RoundOutcome outcome;
  RunRound(config, algorithm, actors, position, range, median, scratch, outcome, trace);
  return outcome;
}

void RunRound(const Config& config, Algorithm algorithm, const IssueActors& actors,
              const std::vector<double>& position, double range, double median,
              RoundScratch& scratch, RoundOutcome& outcome, RoundTrace* trace) {
  const std::size_t n = position.size();
  std::vector<double>& weight = scratch.weight;
  weight.resize(n);
  for (std::size_t a = 0; a < n; ++a) weight[a] = actors.capability[a] * actors.salience[a];

  outcome.r.assign(n, 1.0);
  if (trace != nullptr) {
    trace->danger.assign(n, 0.0);
    trace->risk_acceptance.assign(n, 0.0);
  }
  if (config.risk == RiskRule::kActors && n > 0) {
    DangerLevels(config, algorithm, actors, position, range, median, scratch);
    const std::vector<double>& danger = scratch.danger;
    const auto [low, high] = std::minmax_element(danger.begin(), danger.end());
    const double d_min = *low, d_max = *high;
    const double magnitude = std::max(std::abs(d_min), std::abs(d_max));
    // Equal danger levels leave R undefined (0/0): nobody is more threatened than anyone
    // else, so everyone is risk neutral (R = 0, r = 1).
    const bool all_equal = !(d_max - d_min > config.danger_tie * magnitude);
    for (std::size_t i = 0; i < n; ++i) {
      const double risk_acceptance =
          all_equal ? 0.0 : (2 * danger[i] - d_max - d_min) / (d_max - d_min);
      outcome.r[i] = (1 - risk_acceptance / 3) / (1 + risk_acceptance / 3);
      if (trace != nullptr) {
        trace->danger[i] = danger[i];
        trace->risk_acceptance[i] = risk_acceptance;
      }
    }
  }

  Votes votes(weight, position, config.votes == VoteUtility::kRisk ? outcome.r : scratch.linear,
              range, config.probability, algorithm, scratch.votes);
  if (trace != nullptr) {
    trace->probability.assign(n * n, 0.0);
    trace->eu_ij.assign(n * n, 0.0);
    trace->eu_ji.assign(n * n, 0.0);
  }
  outcome.offer.assign(n, Offer{});
  outcome.position.assign(position.begin(), position.end());
  std::vector<double>& p_ij = scratch.p_ij;
  std::vector<double>& p_ji = scratch.p_ji;
  for (std::size_t t = 0; t < n; ++t) {
    const std::size_t i = votes.Row(t, p_ij, p_ji);  // rows in the order the algorithm needs
    const double r = outcome.r[i];
    const double x_i = position[i];
    const double status_quo_utility = 2 - 4 * Power(0.5, r);
    BestOffer best(config, x_i);
    for (std::size_t j = 0; j < n; ++j) {
      const double x_j = position[j];
      if (j == i || x_j == x_i) continue;
      const double distance = std::abs(x_i - x_j) / range;
      const Utilities own =
          ComputeUtilities(config, r, distance, std::abs(x_i - median) / range, status_quo_utility);
      const double eu_ij = ExpectedUtility(own, p_ij[j], actors.salience[j]);
      const Utilities other =
          config.expectation == Expectation::kBdm && config.q < 1
              ? ComputeUtilities(config, r, distance, std::abs(x_j - median) / range,
                                 status_quo_utility)
              : own;
      const double eu_ji = ExpectedUtility(other, p_ji[j], actors.salience[i]);
      if (trace != nullptr) {
        trace->probability[i * n + j] = p_ij[j];
        trace->eu_ij[i * n + j] = eu_ij;
        trace->eu_ji[i * n + j] = eu_ji;
      }
      best.Consider(j, x_j, eu_ij, eu_ji);
    }
    outcome.offer[i] = best.offer();
    if (outcome.offer[i].kind != OfferKind::kNone) outcome.position[i] = outcome.offer[i].position;
  }
}

double MeanPosition(const IssueActors& actors, const std::vector<double>& position) {
  RoundScratch scratch;
  return MeanPosition(actors, position, scratch);
}

double MeanPosition(const IssueActors& actors, const std::vector<double>& position,
                    RoundScratch& scratch) {
  std::vector<double>& weight = scratch.weight;
  weight.resize(position.size());
  for (std::size_t a = 0; a < position.size(); ++a) {
    weight[a] = actors.capability[a] * actors.salience[a];
  }
  return internal::WeightedMean(position, weight);
}

double MedianPosition(MedianRule rule, const IssueActors& actors,
                      const std::vector<double>& position) {
  RoundScratch scratch;
  return MedianPosition(rule, actors, position, scratch);
}

double MedianPosition(MedianRule rule, const IssueActors& actors,
                      const std::vector<double>& position, RoundScratch& scratch) {
  const std::size_t n = position.size();
  std::vector<double>& weight = scratch.weight;
  weight.resize(n);
  for (std::size_t a = 0; a < n; ++a) weight[a] = actors.capability[a] * actors.salience[a];
  std::vector<std::size_t>& order = scratch.order;
  if (rule == MedianRule::kWeighted) return internal::WeightedMedian(position, weight, order);
  // The position p minimising sum_a w_a |x_a - p| beats every other actor position in the
  // linear-utility vote sum_a w_a (|x_a - m| - |x_a - p|) (Black 1948); prefix sums over
  // the sorted positions give every candidate's cost in O(n log n).
  order.resize(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return position[a] < position[b]; });
  double total_weight = 0, total_moment = 0;
  for (std::size_t a : order) {
    total_weight += weight[a];
    total_moment += weight[a] * (position[a] - position[order[0]]);
  }
  double best = position[order[0]];
  double best_cost = 0;
  bool first = true;
  double below_weight = 0, below_moment = 0;  // over positions strictly below the candidate
  for (std::size_t k = 0; k < n; ++k) {
    const double p = position[order[k]];
    if (k == 0 || p != position[order[k - 1]]) {
      const double z = p - position[order[0]];
      const double cost = (z * below_weight - below_moment) +
                          ((total_moment - below_moment) - z * (total_weight - below_weight));
      if (first || cost < best_cost) {
        best = p;
        best_cost = cost;
        first = false;
      }
    }
    below_weight += weight[order[k]];
    below_moment += weight[order[k]] * (position[order[k]] - position[order[0]]);
  }
  return best;
}

Config ReplicationConfig() {
  Config config;
  config.probability = Probability::kTriples;
  config.votes = VoteUtility::kRisk;
  config.expectation = Expectation::kStatusQuoOnly;
  config.selection = Selection::kScholz;
  config.capitulation = false;
  config.median = MedianRule::kCondorcet;
  return config;
}

}  // namespace parley::internal::eum
