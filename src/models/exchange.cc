// exchange: Stokman & Van Oosten's (1994) exchange model of policy networks, in the
// equal-gain form implemented by the decide program (foarsitter/decide-exchange-model,
// HEAD 51dee66), which this file follows step by step (the semantics are documented in
// ../shared/data/exchange/ORACLE-SEMANTICS.md; tests/exchange_test.cc checks them on COP21).
//
// Positions are normalised per issue to 0-100: x = (position - min) * (100 / range). Each
// actor i has capability c_i (decide's "power") and salience s_ik per issue k. One round:
//
// 1. Expected outcome per issue (the Nash bargaining solution of the reference):
//      O_k = sum_i c_i s_ik x_ik / S_k,   S_k = sum_i c_i s_ik.                         (1)
// 2. Each actor is left of O_k (x_ik <= O_k) or right of it. For every issue pair (p, q)
//    in scenario order, actors on both issues fall into groups a (right, right),
//    b (left on p only), c (left on q only), d (left, left). Only actors on opposite sides
//    on both issues can gain from trading: candidates are made for every (a, d) pair and
//    then every (b, c) pair, in actor order (this is the creation order).
// 3. Supply and demand: the actor with the larger s_p/s_q ratio is "i"; i gives way (moves)
//    on q, where it cares relatively less, and demands p; "j" moves on p and demands q.
// 4. Equal gain. If j moves all the way to i on p, O_p shifts by
//      dp = |x_ip - x_jp| c_j s_jp / S_p;   the equal-gain shift on q is
//      dq = dp (s_ip + s_jp) / (s_iq + s_jq),                                           (2)
//    which makes i's gain dp s_ip - dq s_iq equal to j's gain dq s_jq - dp s_jp. i's move
//    is dq S_q / (c_i s_iq); if that would carry i past x_jq, i moves fully instead and
//    (2) is solved for dp. Each actor moves toward its partner; y = x + move is its
//    voting position and the gain is |dq s_iq - dp s_ip|.
// 5. Validity: 1e-10 < |move| <= 100, y within [0, 100], the actor's move history in
//    this candidate sums to <= 100 and has one sign, and gain >= 1e-10.
// 6. NBS crossing: if moving an actor to y would carry the outcome of its supply issue
//    (with the candidate's private updates, below) past the partner's position, the move
//    is shortened so that the outcome lands exactly on the partner's position, the
//    partner's move is rescaled by (2) and the gain recomputed. (An outcome already on
//    the partner's position counts as crossed by any further move: see Crosses.)
// 7. Selection: the candidate with the highest gain is realised. Ties: among the
//    candidates whose gain is within `tie_tolerance` of the best, the one created first
//    this round (the reference breaks exact ties at random, or by its sort order; the
//    creation-order rule is the deterministic one its authors' tie-eps run uses). Every
//    remaining candidate in which one side is the same actor on the same supply issue as
//    a side of the realised exchange takes that side's y as its x; every candidate in
//    which one side demands an issue that a realised side supplied records that
//    position in its private updates; both are recalculated (steps 4-6) and dropped when
//    no longer valid. The model's positions and outcomes stay at their round-start
//    values during the round.
// 8. End of round: every actor-issue in a realised exchange gets the new position
//      x' = x0 + (0.1 + 0.4 (1 - s)) (y - x0),                                         (3)
//    evaluated as (1-s)*0.4*y + 0.1*y + (1 - (1-s)*0.4 - 0.1)*x0 as the reference does,
//    with x0 its round-start position, s its salience and y from the last realised
//    exchange that involves it. Exactly `rounds` rounds are run.
//
// The forecast is (1) on the final positions. The randomised variant (variant=random)
// follows Dijkstra et al. (2018): after step 6, one side of every valid candidate (each
// with probability 1/2) draws a gain between the equal gain and either its maximum
// (the partner's gain falls to 0) or 0, with strength p: eu' = eu + p z (eu_max - eu) or
// eu' = eu (1 - p z), z uniform; the moves are re-derived from eu' (with the cap and the
// NBS check for the drawing side). Selection still uses the equal gain. The reference's
// own random stream (CPython's) is not reproduced, so only its statistics compare.
// Random numbers come from pcg32 (O'Neill 2014), seeded with `seed`: the same seed gives
// the same run on every platform.
//
// Arithmetic. The reference computes in 28-digit decimals (Python's decimal module,
// default context), and its tie and crossing decisions sometimes turn on residuals of
// 1e-26 that no double can see. arithmetic=decimal runs the same code on Decimal
// (src/core/decimal.h), every operation in the reference's order, sums in the order its
// input listed the stances, with its constants (Decimal(0.4), 1e-10) as the binary
// doubles they are in Python: it reproduces the reference's runs digit for digit
// (tests/exchange_test.cc), 50 to 80 times slower. arithmetic=double, the default, is
// the same algorithm in doubles: where exact arithmetic lands a full move exactly on the
// partner's position, y is set to that position; the [0, 100] and 100-cap checks allow
// 1e-9 of rounding; the crossing check decides a residual within 1e-9 by its purpose
// (Crosses).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <pcg_random.hpp>
#include <type_traits>
#include <utility>
#include <vector>

#include "models/builtin.h"
#include "models/exchange_internal.h"
#include "models/recycle.h"
#include "parley/errors.h"

namespace parley::models {

namespace exchange_internal {

namespace {

// What differs between the two arithmetics. Every formula below is written once, with its
// operations in the order decide evaluates them, so that in Decimal each intermediate is
// rounded exactly where decide rounds it; in double the order changes results by 1e-16.
template <typename Number>
struct Arithmetic;

template <>
struct Arithmetic<double> {
  static constexpr bool kExact = false;
  // A number read from the scenario; a constant of decide's code (a Python float).
  static double Input(double value) { return value; }
  static double Constant(double value) { return value; }
  static double ToDouble(double value) { return value; }
  // Allowance on [0, 100] and the cap of 100: where exact arithmetic lands a full move
  // exactly on the partner's position, doubles may land 1e-14 beyond it.
  static constexpr double kSlack = 1e-9;
  static double NoStance() { return std::numeric_limits<double>::quiet_NaN(); }  // shows a slip
};

template <>
struct Arithmetic<Decimal> {
  static constexpr bool kExact = true;
  // Files give decimal text ("0.35"): the shortest decimal that reads back as the double
  // is that text. decide's constants are Python floats, which enter Decimal exactly.
  static Decimal Input(double value) { return Decimal::FromShortestDouble(value); }
  static Decimal Constant(double value) { return Decimal::FromDouble(value); }
  static double ToDouble(const Decimal& value) { return value.ToDouble(); }
  static constexpr int kSlack = 0;
  static Decimal NoStance() { return Decimal(); }  // never read
};

double Abs(double value) { return std::abs(value); }
using internal::Abs;

// The scenario in normalised form, indexed [issue][actor].
template <typename Number>
struct Data {
  std::size_t actor_count = 0;
  std::size_t issue_count = 0;
  std::vector<std::vector<bool>> has;
  // Per issue, the actors with a stance in the order the source listed them: decide sums
  // in that order, and in 28 digits the order of a sum shows in its last digit.
  std::vector<std::vector<std::size_t>> order;
  std::vector<std::vector<Number>> salience;
  std::vector<std::vector<Number>> power;   // c, the capability
  std::vector<std::vector<Number>> weight;  // c * s
  std::vector<Number> denominator;          // S_k of (1)
};

// (1): sum of x s c over sum of s c, summed in the source's order as decide does.
template <typename Number>
Number Nbs(const Data<Number>& data, std::size_t issue, const std::vector<Number>& position) {
  if (data.denominator[issue] == Number(0)) return Number(0);
  Number numerator = 0;
  for (std::size_t a : data.order[issue]) {
    numerator += position[a] * data.salience[issue][a] * data.power[issue][a];
  }
  return numerator / data.denominator[issue];
}

// What a simulation keeps between runs (SimulateInto): the scenario's data, the position
// tables and the candidates, including those it has discarded (`pool`), whose move
// histories and update lists keep their storage for the next candidates.
template <typename Number>
struct Buffers {
  static constexpr std::size_t kReservedHistory = 8;
  Data<Number> data;
  std::vector<std::vector<Number>> positions, next;
  std::vector<std::vector<bool>> left;
  std::vector<BasicCandidate<Number>> alive, remaining, pool;
  std::vector<std::size_t> group[4];

  // Moves `list`'s candidates into the pool and empties it.
  void Recycle(std::vector<BasicCandidate<Number>>& list) {
    for (BasicCandidate<Number>& candidate : list) pool.push_back(std::move(candidate));
    list.clear();
  }
  // A new last candidate of `list` with every field at its default: a pooled one when
  // there is one (its vectors emptied, their storage kept).
  BasicCandidate<Number>& NewCandidate(std::vector<BasicCandidate<Number>>& list) {
    if (pool.empty()) {
      // Room for the usual move histories and update lists, so that candidates taken
      // back from the pool rarely have to grow them whatever role they play next.
      BasicCandidate<Number>& fresh = list.emplace_back();
      fresh.i.moves.reserve(kReservedHistory);
      fresh.j.moves.reserve(kReservedHistory);
      fresh.updates.reserve(kReservedHistory);
      return fresh;
    }
    BasicCandidate<Number>& candidate = list.emplace_back(std::move(pool.back()));
    pool.pop_back();
    std::vector<Number> moves_i = std::move(candidate.i.moves);
    std::vector<Number> moves_j = std::move(candidate.j.moves);
    auto updates = std::move(candidate.updates);
    candidate = BasicCandidate<Number>{};
    candidate.i.moves = std::move(moves_i);
    candidate.j.moves = std::move(moves_j);
    candidate.updates = std::move(updates);
    candidate.i.moves.clear();
    candidate.j.moves.clear();
    candidate.updates.clear();
    return candidate;
  }
};

// Uniform double in [0, 1) from the top 53 bits (portable, unlike the std distributions).
// A uniform draw in [0, 1) with 53 random bits from two 32-bit outputs.
double Uniform(pcg32& random) {
  const std::uint64_t high = random() >> 5;  // 27 bits
  const std::uint64_t low = random() >> 6;   // 26 bits
  return static_cast<double>((high << 26) | low) * 0x1.0p-53;
}

template <typename Number>
class Simulation {
  using Math = Arithmetic<Number>;
  using Side = BasicSide<Number>;
  using Candidate = BasicCandidate<Number>;
  using RoundTrace = BasicRoundTrace<Number>;

 public:
  Simulation(Buffers<Number>& buffers, const Options& options)
      : buffers_(buffers),
        data_(buffers.data),
        options_(options),
        random_(options.seed),
        minimum_move_(Math::Constant(1e-10)),
        minimum_gain_(Math::Constant(1e-10)),
        tie_tolerance_(Math::Input(options.tie_tolerance)),
        salience_weight_(Math::Constant(0.4)),
        fixed_weight_(Math::Constant(0.1)) {}

  // Plays one round from `start` ([issue][actor]) into `trace` (whatever it held is
  // replaced) and the next round's positions into `next`.
  void PlayRound(const std::vector<std::vector<Number>>& start, RoundTrace& trace,
                 std::vector<std::vector<Number>>& next) {
    start_ = &start;
    trace.start = start;
    trace.start_nbs.clear();
    buffers_.Recycle(trace.candidates);
    buffers_.Recycle(trace.realised);
    std::vector<std::vector<bool>>& left = buffers_.left;
    left.resize(data_.issue_count);
    for (std::size_t k = 0; k < data_.issue_count; ++k) {
      const Number outcome = Nbs(data_, k, start[k]);
      trace.start_nbs.push_back(outcome);
      left[k].resize(data_.actor_count);
      for (std::size_t a = 0; a < data_.actor_count; ++a) {
        left[k][a] = data_.has[k][a] && start[k][a] <= outcome;
      }
    }
    std::vector<Candidate>& alive = buffers_.alive;
    std::vector<Candidate>& remaining = buffers_.remaining;
    buffers_.Recycle(alive);
    CreateCandidates(left, alive);
    if (options_.record_candidates) trace.candidates = alive;

    while (!alive.empty()) {
      const std::size_t pick = Pick(alive);
      // The chosen candidate goes to the end of the realised list (or, invalid, to the
      // pool); the others keep their order.
      std::rotate(alive.begin() + static_cast<std::ptrdiff_t>(pick),
                  alive.begin() + static_cast<std::ptrdiff_t>(pick) + 1, alive.end());
      if (!alive.back().valid) {  // an invalid candidate is discarded
        buffers_.pool.push_back(std::move(alive.back()));
        alive.pop_back();
        continue;
      }
      Candidate& chosen = trace.realised.emplace_back(std::move(alive.back()));
      alive.pop_back();
      remaining.clear();
      for (Candidate& candidate : alive) {
        if (candidate.valid) Recalculate(candidate, chosen);
        if (candidate.valid) {
          remaining.push_back(std::move(candidate));
        } else {
          buffers_.pool.push_back(std::move(candidate));
        }
      }
      alive.swap(remaining);
      remaining.clear();
    }

    // (3), in realisation order: the last exchange an actor-issue took part in wins.
    next = start;
    for (const Candidate& realised : trace.realised) {
      for (const Side* side : {&realised.i, &realised.j}) {
        const Number& s = data_.salience[side->supply][side->actor];
        next[side->supply][side->actor] =
            (1 - s) * salience_weight_ * side->y + fixed_weight_ * side->y +
            (1 - (1 - s) * salience_weight_ - fixed_weight_) * side->start;
      }
    }
  }

 private:
  const Number& SupplySalience(const Side& side) const {
    return data_.salience[side.supply][side.actor];
  }
  const Number& DemandSalience(const Side& side) const {
    return data_.salience[side.demand][side.actor];
  }
  const Number& SupplyPower(const Side& side) const { return data_.power[side.supply][side.actor]; }
  const Number& SupplyWeight(const Side& side) const {
    return data_.weight[side.supply][side.actor];
  }
  const Number& Denominator(std::size_t issue) const { return data_.denominator[issue]; }

  // Step 7: the index of the candidate to realise next (see TieRule).
  std::size_t Pick(std::vector<Candidate>& alive) const {
    if (options_.ties == TieRule::kSortedOrder) {
      std::stable_sort(alive.begin(), alive.end(),
                       [](const Candidate& a, const Candidate& b) { return a.gain > b.gain; });
      return 0;
    }
    const Number* best = &alive.front().gain;
    for (const Candidate& candidate : alive) {
      if (candidate.gain > *best) best = &candidate.gain;
    }
    const Number threshold = *best - tie_tolerance_;
    for (std::size_t n = 0; n < alive.size(); ++n) {
      if (alive[n].gain >= threshold) return n;
    }
    return 0;
  }

  static const typename Candidate::Update* FindUpdate(const Candidate& candidate, std::size_t issue,
                                                      std::size_t actor) {
    for (const typename Candidate::Update& update : candidate.updates) {
      if (update.issue == issue && update.actor == actor) return &update;
    }
    return nullptr;
  }

  // The outcome (1) of the side's supply issue with the candidate's updates and the side's
  // actor at `position` (the reference's adjusted_nbs).
  Number AdjustedNbs(const Candidate& candidate, const Side& side, const Number& position) const {
    const std::size_t k = side.supply;
    Number numerator = 0;
    for (std::size_t a : data_.order[k]) {
      const Number* x = &(*start_)[k][a];
      if (a == side.actor) {
        x = &position;
      } else if (const typename Candidate::Update* update = FindUpdate(candidate, k, a)) {
        x = &update->position;
      }
      numerator += *x * data_.salience[k][a] * data_.power[k][a];
    }
    return numerator / Denominator(k);
  }

  // The move of the side's actor that puts the outcome of its supply issue at `target`,
  // from the outcome with the actor at x and the updates (which here take precedence over
  // x, as in the reference's adjusted_nbs_by_position).
  Number MoveToReach(const Candidate& candidate, const Side& side, const Number& target) const {
    const std::size_t k = side.supply;
    Number numerator = 0;
    for (std::size_t a : data_.order[k]) {
      const Number* x = a == side.actor ? &side.x : &(*start_)[k][a];
      if (const typename Candidate::Update* update = FindUpdate(candidate, k, a)) {
        x = &update->position;
      }
      numerator += *x * data_.salience[k][a] * data_.power[k][a];
    }
    return (target * Denominator(k) - numerator) / SupplyWeight(side);
  }

  // Whether a move carries the outcome past the partner's position (arguments: partner -
  // outcome before and after the move). The reference tests for a strict sign change: a
  // difference of exactly 0 on either side is no crossing.
  //
  // After an NBS-adjusted exchange, an outcome often sits exactly on a partner's
  // position, and then only rounding decides: in 28-digit decimals the difference is
  // sometimes 0 (no crossing) and sometimes +-1e-26 (a crossing, if of the sign opposite
  // to the move's). In Decimal the reference's rule applies as it stands. In doubles the
  // difference is +-1e-14 either way, and we decide by the check's purpose, within 1e-9:
  // an outcome that ends on the partner has not crossed; one that starts on the partner
  // and moves has (so the move shrinks to nothing and the candidate lapses). On COP21
  // this reproduces the reference's choice in round 2 and departs from it in round 8
  // (tests/exchange_test.cc).
  static bool Crosses(const Number& before, const Number& after) {
    if constexpr (Math::kExact) {
      const Number zero = 0;
      return !((before >= zero && after >= zero) || (before <= zero && after <= zero));
    } else {
      constexpr double kAt = 1e-9;
      if (std::abs(after) <= kAt) return false;  // lands on the partner
      if (std::abs(before) <= kAt) return true;  // starts on the partner, leaves
      return (before > 0) != (after > 0);
    }
  }

  bool IsMoveValid(const Side& side) const {
    const Number size = Abs(side.move);
    if (size > 100 + Math::kSlack || size <= minimum_move_) return false;
    if (side.y < 0 - Math::kSlack || side.y > 100 + Math::kSlack) return false;
    Number sum = 0;
    const Number* smallest = &side.moves.front();
    const Number* largest = &side.moves.front();
    for (const Number& move : side.moves) {
      sum += move;
      if (move < *smallest) smallest = &move;
      if (move > *largest) largest = &move;
    }
    if (sum > 100 + Math::kSlack) return false;
    const Number zero = 0;
    return (*smallest < zero && *largest < zero) || (*smallest > zero && *largest > zero);
  }

  // Steps 1-6 for every pair, appended to `candidates` (empty) in creation order.
  void CreateCandidates(const std::vector<std::vector<bool>>& left,
                        std::vector<Candidate>& candidates) {
    std::vector<std::size_t>* group = buffers_.group;
    for (std::size_t p = 0; p < data_.issue_count; ++p) {
      for (std::size_t q = p + 1; q < data_.issue_count; ++q) {
        for (int g = 0; g < 4; ++g) group[g].clear();
        for (std::size_t a = 0; a < data_.actor_count; ++a) {
          if (!data_.has[p][a] || !data_.has[q][a]) continue;
          group[(left[p][a] ? 1 : 0) + (left[q][a] ? 2 : 0)].push_back(a);
        }
        for (const auto& [first, second] : {std::pair{0, 3}, std::pair{1, 2}}) {
          for (std::size_t i : group[first]) {
            for (std::size_t j : group[second]) {
              Candidate& candidate = buffers_.NewCandidate(candidates);
              candidate.creation_index = static_cast<int>(candidates.size()) - 1;
              InitCandidate(candidate, i, j, p, q, first == 1);
            }
          }
        }
      }
    }
  }

  // The side's fields at the round start (its move history is empty).
  void InitSide(Side& side, std::size_t actor, std::size_t supply, std::size_t demand) const {
    side.actor = actor;
    side.supply = supply;
    side.demand = demand;
    side.x = side.start = (*start_)[supply][actor];
    side.demand_position = (*start_)[demand][actor];
  }

  // Step 3: whether b, not a, is "i": whether s_p / s_q of a is below that of b.
  bool SwapSides(std::size_t a, std::size_t b, std::size_t p, std::size_t q) const {
    const auto& s = data_.salience;
    if constexpr (Math::kExact) {
      // The reference divides, each quotient rounded to 28 digits (its saliences are
      // never 0: it drops such lines; a 0 here compares by cross-multiplication).
      if (!s[q][a].IsZero() && !s[q][b].IsZero()) return s[p][a] / s[q][a] < s[p][b] / s[q][b];
      return s[p][a] * s[q][b] < s[p][b] * s[q][a];
    } else {
      // By cross-multiplication (saliences may be 0) with a relative margin, so that
      // ratios equal in decimal stay equal in binary: equal ratios keep the order (a, b).
      const double ratio_a = s[p][a] * s[q][b];
      const double ratio_b = s[p][b] * s[q][a];
      return ratio_a < ratio_b - 1e-12 * std::abs(ratio_b);
    }
  }

  // `candidate` (fields at their defaults) for the pair a, b on issues p, q.
  void InitCandidate(Candidate& candidate, std::size_t a, std::size_t b, std::size_t p,
                     std::size_t q, bool groups_bc) {
    candidate.p = p;
    candidate.q = q;
    candidate.groups_bc = groups_bc;
    const bool swap = SwapSides(a, b, p, q);
    const std::size_t i = swap ? b : a;
    const std::size_t j = swap ? a : b;
    InitSide(candidate.i, i, q, p);
    InitSide(candidate.j, j, p, q);
    Calculate(candidate);
  }

  // The outcome shift on the side's supply issue when it moves `distance`:
  // distance s c / S (the reference's exchange_ratio and by_absolute_move).
  Number Shift(const Side& side, const Number& distance) const {
    return distance * SupplySalience(side) * SupplyPower(side) / Denominator(side.supply);
  }
  // The move that shifts the outcome on the side's supply issue by `shift`:
  // shift S / (c s) (the reference's reverse_move).
  Number MoveFor(const Side& side, const Number& shift) const {
    return shift * Denominator(side.supply) / SupplyWeight(side);
  }
  // (2) from the side of `supplier`, whose shift is known: the partner's shift is
  // ((s_supplier,supply + s_partner,demand) / (s_supplier,demand + s_partner,supply)) x
  // shift (the reference's by_exchange_ratio, in its order of operations).
  Number EqualGainShift(const Side& supplier, const Side& partner, const Number& shift) const {
    return (SupplySalience(supplier) + DemandSalience(partner)) /
           (DemandSalience(supplier) + SupplySalience(partner)) * shift;
  }

  // Steps 4-6 (the reference's EqualGainExchange.calculate).
  void Calculate(Candidate& candidate) {
    Side& i = candidate.i;
    Side& j = candidate.j;
    const Number zero = 0;
    if (!(SupplyWeight(i) > zero) || !(SupplyWeight(j) > zero)) {
      // An actor without weight on its supply issue cannot shift the outcome there: no
      // exchange (the reference would divide by zero).
      i.move = j.move = 0;
      i.y = i.x;
      j.y = j.x;
      i.moves.push_back(0);
      j.moves.push_back(0);
      candidate.dp = candidate.dq = candidate.gain = 0;
      candidate.valid = false;
      return;
    }
    // j moves all the way to i on p; i gives the equal-gain shift on q.
    const Number distance_p = Abs(i.demand_position - j.x);
    Number dp = Shift(j, distance_p);
    Number dq = EqualGainShift(j, i, dp);
    i.move = MoveFor(i, dq);
    j.move = distance_p;
    bool i_full = false;
    const Number distance_q = Abs(j.demand_position - i.x);
    if (Abs(i.move) > distance_q) {  // i would pass j: i moves fully instead
      dq = Shift(i, distance_q);
      dp = EqualGainShift(i, j, dq);
      i.move = distance_q;
      j.move = MoveFor(j, dp);
      i_full = true;
    }
    if (i.x > j.demand_position) i.move = -i.move;
    if (j.x > i.demand_position) j.move = -j.move;
    i.moves.push_back(i.move);
    j.moves.push_back(j.move);
    i.y = i.x + i.move;
    j.y = j.x + j.move;
    if constexpr (!Math::kExact) {
      // A full move lands on the partner's position exactly, as it does in decimals.
      if (i_full) {
        i.y = j.demand_position;
      } else {
        j.y = i.demand_position;
      }
    }
    candidate.dp = dp;
    candidate.dq = dq;
    candidate.gain = Abs(dq * SupplySalience(i) - dp * DemandSalience(i));
    candidate.valid = IsMoveValid(i) && IsMoveValid(j) && !(candidate.gain < minimum_gain_);
    if (!candidate.valid) return;
    CheckNbs(candidate, i, j);
    CheckNbs(candidate, j, i);
    candidate.valid = IsMoveValid(i) && IsMoveValid(j);
    if constexpr (!Math::kExact) {
      if (candidate.valid && options_.randomised && options_.p > 0) Randomise(candidate);
    }
  }

  // Step 6 for one side (the reference's check_nbs). Mirrors the reference's bookkeeping:
  // dp receives the shift on self's supply issue and dq the partner's, whichever side
  // self is.
  void CheckNbs(Candidate& candidate, Side& self, Side& other) {
    self.nbs_0 = AdjustedNbs(candidate, self, self.x);
    self.nbs_1 = AdjustedNbs(candidate, self, self.y);
    const Number& partner = other.demand_position;
    if (!Crosses(partner - self.nbs_0, partner - self.nbs_1)) return;
    const Number delta = Abs(MoveToReach(candidate, self, partner));
    candidate.dp = Shift(self, delta);
    candidate.dq = EqualGainShift(self, other, candidate.dp);
    other.move = Abs(MoveFor(other, candidate.dq));
    self.move = delta;
    if (other.x > self.demand_position) other.move = -other.move;
    if (self.x > other.demand_position) self.move = -self.move;
    other.moves.back() = other.move;
    self.moves.back() = self.move;
    other.y = other.x + other.move;
    self.y = self.x + self.move;
    candidate.gain =
        Abs(candidate.dq * SupplySalience(other) - candidate.dp * DemandSalience(other));
    self.nbs_1 = AdjustedNbs(candidate, self, self.y);
    self.adjusted_by_nbs = true;
  }

  // The REX draw (see the file comment), double only. `k` draws; `o` is its partner.
  void Randomise(Candidate& candidate) {
    const double u = Uniform(random_), v = Uniform(random_), z = Uniform(random_);
    Side& k = u < 0.5 ? candidate.i : candidate.j;
    Side& o = u < 0.5 ? candidate.j : candidate.i;
    const double s_kd = DemandSalience(k), s_ks = SupplySalience(k);
    const double s_od = DemandSalience(o), s_os = SupplySalience(o);
    if (!(s_kd > 0 && s_ks > 0 && s_od > 0)) return;  // no trade-off to randomise
    const double denominator_k = Denominator(k.supply);
    const double denominator_o = Denominator(o.supply);
    // Outcome shifts: `demand` on k's demand issue (o's move), `supply` on k's supply issue.
    double demand = std::abs(o.move) * SupplyWeight(o) / denominator_o;
    const double gain = candidate.gain;
    // k's gain demand*s_kd - supply*s_ks is largest when o gains nothing:
    // supply = demand * s_os / s_od.
    const double gain_max = demand * s_kd - demand * s_os / s_od * s_ks;
    const double p = options_.p;
    const double drawn = v < 0.5 ? gain + p * z * (gain_max - gain) : gain - p * z * gain;
    double supply = (demand * s_kd - drawn) / s_ks;
    double k_move = supply * denominator_k / SupplyWeight(k);
    const double k_full = std::abs(o.demand_position - k.x);
    if (k_move > k_full) {  // k would pass its partner: it moves fully, o correspondingly less
      k_move = k_full;
      supply = k_full * SupplyWeight(k) / denominator_k;
      demand = (drawn + supply * s_ks) / s_kd;
    }
    const double sign_k = k.x > o.demand_position ? -1 : 1;
    const double sign_o = o.x > k.demand_position ? -1 : 1;
    k.move = sign_k * k_move;
    k.y = k.x + k.move;
    // Step 6 for k: do not carry the outcome of k's supply issue past o's position.
    const double before = o.demand_position - AdjustedNbs(candidate, k, k.x);
    const double after = o.demand_position - AdjustedNbs(candidate, k, k.y);
    if (Crosses(before, after)) {
      k_move = std::abs(MoveToReach(candidate, k, o.demand_position));
      supply = k_move * SupplyWeight(k) / denominator_k;
      demand = (drawn + supply * s_ks) / s_kd;
      k.move = sign_k * k_move;
      k.y = k.x + k.move;
      k.adjusted_by_nbs = true;
    }
    o.move = sign_o * demand * denominator_o / SupplyWeight(o);
    o.y = o.x + o.move;
    k.moves.back() = k.move;
    o.moves.back() = o.move;
    candidate.valid = IsMoveValid(k) && IsMoveValid(o);
  }

  // Step 7 for a remaining candidate after `realised` (the reference's recalculate).
  void Recalculate(Candidate& candidate, const Candidate& realised) {
    bool recalculate = false;
    for (Side* side : {&candidate.i, &candidate.j}) {
      for (const Side* done : {&realised.i, &realised.j}) {
        if (side->actor == done->actor && side->supply == done->supply) {
          side->x = done->y;
          side->moves.push_back(done->moves.back());
          recalculate = true;
          break;
        }
      }
    }
    // The reference then drops the last history entry of both sides: a side that took a
    // realised position loses that entry again and keeps its own earlier proposal.
    if (recalculate) {
      candidate.i.moves.pop_back();
      candidate.j.moves.pop_back();
    }
    for (const auto& [demander, supplier] :
         {std::pair{&realised.j, &realised.i}, std::pair{&realised.i, &realised.j}}) {
      const bool demands_the_same =
          (demander->actor == candidate.j.actor && demander->demand == candidate.j.demand) ||
          (demander->actor == candidate.i.actor && demander->demand == candidate.i.demand);
      if (!demands_the_same) continue;
      const std::size_t issue = demander->demand;
      typename Candidate::Update* update = nullptr;
      for (typename Candidate::Update& existing : candidate.updates) {
        if (existing.issue == issue && existing.actor == supplier->actor) update = &existing;
      }
      if (update == nullptr) {
        candidate.updates.push_back({issue, supplier->actor, supplier->y});
      } else if (supplier->start <= update->position) {
        update->position = std::min(update->position, supplier->y);
      } else {
        update->position = std::max(update->position, supplier->y);
      }
      if (!recalculate) {
        candidate.i.moves.pop_back();
        candidate.j.moves.pop_back();
        recalculate = true;
      }
    }
    if (recalculate) Calculate(candidate);
  }

  Buffers<Number>& buffers_;
  const Data<Number>& data_;
  const Options& options_;
  pcg32 random_;
  const std::vector<std::vector<Number>>* start_ = nullptr;
  const Number minimum_move_;  // reference: a move of at most 1e-10 is no move
  const Number minimum_gain_;
  const Number tie_tolerance_;
  // Weights of the position update (3); binary doubles, as the reference's Decimal(0.4).
  const Number salience_weight_;
  const Number fixed_weight_;
};

// The simulation of `scenario` into `trace`, with `buffers` kept from earlier runs
// (every table is refilled; whatever `trace` held is replaced).
template <typename Number>
void Run(const Scenario& scenario, const Options& options, Buffers<Number>& buffers,
         BasicTrace<Number>& trace) {
  using Math = Arithmetic<Number>;
  Data<Number>& data = buffers.data;
  data.actor_count = scenario.actor_count();
  data.issue_count = scenario.issue_count();
  std::vector<std::vector<Number>>& positions = buffers.positions;
  positions.resize(data.issue_count);
  data.has.resize(data.issue_count);
  data.order.resize(data.issue_count);
  data.salience.resize(data.issue_count);
  data.power.resize(data.issue_count);
  data.weight.resize(data.issue_count);
  data.denominator.assign(data.issue_count, Number(0));
  for (std::size_t k = 0; k < data.issue_count; ++k) {
    positions[k].assign(data.actor_count, Math::NoStance());
    data.has[k].assign(data.actor_count, false);
    data.salience[k].assign(data.actor_count, Number(0));
    data.power[k].assign(data.actor_count, Number(0));
    data.weight[k].assign(data.actor_count, Number(0));
    const Issue& issue = scenario.issue(k);
    // Normalisation as the reference's Issue.normalize: (x - lower) * (100 / (upper - lower)).
    const Number lower = Math::Input(issue.scale_min);
    const Number step = Number(100) / (Math::Input(issue.scale_max) - lower);
    const std::vector<std::size_t>& order = scenario.StanceOrder(k);
    data.order[k].assign(order.begin(), order.end());
    for (std::size_t a : order) {
      const Stance* stance = scenario.stance(a, k);
      data.has[k][a] = true;
      positions[k][a] = (Math::Input(stance->position) - lower) * step;
      data.salience[k][a] = Math::Input(stance->salience);
      data.power[k][a] = Math::Input(scenario.Capability(a, *stance));
      data.weight[k][a] = data.salience[k][a] * data.power[k][a];
      data.denominator[k] += data.weight[k][a];
    }
  }
  Simulation<Number> simulation(buffers, options);
  const std::size_t rounds = static_cast<std::size_t>(std::max(0, options.rounds));
  for (std::size_t round = rounds; round < trace.rounds.size(); ++round) {
    buffers.Recycle(trace.rounds[round].candidates);
    buffers.Recycle(trace.rounds[round].realised);
  }
  trace.rounds.resize(rounds);
  for (std::size_t round = 0; round < rounds; ++round) {
    simulation.PlayRound(positions, trace.rounds[round], buffers.next);
    positions.swap(buffers.next);
  }
  trace.final_nbs.clear();
  for (std::size_t k = 0; k < data.issue_count; ++k) {
    trace.final_nbs.push_back(Nbs(data, k, positions[k]));
  }
  trace.final_positions = positions;
}

template <typename Number>
BasicTrace<Number> Run(const Scenario& scenario, const Options& options) {
  Buffers<Number> buffers;
  BasicTrace<Number> trace;
  Run(scenario, options, buffers, trace);
  return trace;
}

Side ToDouble(const BasicSide<Decimal>& side) {
  Side converted;
  converted.actor = side.actor;
  converted.supply = side.supply;
  converted.demand = side.demand;
  converted.x = side.x.ToDouble();
  converted.start = side.start.ToDouble();
  converted.demand_position = side.demand_position.ToDouble();
  converted.move = side.move.ToDouble();
  converted.y = side.y.ToDouble();
  converted.nbs_0 = side.nbs_0.ToDouble();
  converted.nbs_1 = side.nbs_1.ToDouble();
  converted.adjusted_by_nbs = side.adjusted_by_nbs;
  for (const Decimal& move : side.moves) converted.moves.push_back(move.ToDouble());
  return converted;
}

Candidate ToDouble(const DecimalCandidate& candidate) {
  Candidate converted;
  converted.creation_index = candidate.creation_index;
  converted.p = candidate.p;
  converted.q = candidate.q;
  converted.groups_bc = candidate.groups_bc;
  converted.i = ToDouble(candidate.i);
  converted.j = ToDouble(candidate.j);
  converted.dp = candidate.dp.ToDouble();
  converted.dq = candidate.dq.ToDouble();
  converted.gain = candidate.gain.ToDouble();
  converted.valid = candidate.valid;
  for (const auto& update : candidate.updates) {
    converted.updates.push_back({update.issue, update.actor, update.position.ToDouble()});
  }
  return converted;
}

std::vector<std::vector<double>> ToDouble(const std::vector<std::vector<Decimal>>& positions,
                                          const Scenario& scenario) {
  std::vector<std::vector<double>> converted(positions.size());
  for (std::size_t k = 0; k < positions.size(); ++k) {
    for (std::size_t a = 0; a < positions[k].size(); ++a) {
      converted[k].push_back(scenario.stance(a, k) == nullptr
                                 ? std::numeric_limits<double>::quiet_NaN()
                                 : positions[k][a].ToDouble());
    }
  }
  return converted;
}

std::vector<double> ToDouble(const std::vector<Decimal>& values) {
  std::vector<double> converted;
  for (const Decimal& value : values) converted.push_back(value.ToDouble());
  return converted;
}

}  // namespace

Trace Simulate(const Scenario& scenario, const Options& options) {
  return Run<double>(scenario, options);
}

DecimalTrace SimulateDecimal(const Scenario& scenario, const Options& options) {
  return Run<Decimal>(scenario, options);
}

Trace ToDouble(const DecimalTrace& trace, const Scenario& scenario) {
  Trace converted;
  for (const auto& round : trace.rounds) {
    RoundTrace& target = converted.rounds.emplace_back();
    target.start = ToDouble(round.start, scenario);
    for (const auto& candidate : round.candidates) target.candidates.push_back(ToDouble(candidate));
    for (const auto& candidate : round.realised) target.realised.push_back(ToDouble(candidate));
    target.start_nbs = ToDouble(round.start_nbs);
  }
  converted.final_positions = ToDouble(trace.final_positions, scenario);
  converted.final_nbs = ToDouble(trace.final_nbs);
  return converted;
}

}  // namespace exchange_internal

namespace {

class ExchangeModel : public Model {
 public:
  explicit ExchangeModel(ModelSpec spec) : Model(std::move(spec)) {}
  const ModelDescriptor& descriptor() const override { return ExchangeDescriptor(); }

  // Bargain is Model's default: BargainInto with a fresh workspace.

 protected:
  std::unique_ptr<ModelWorkspace> MakeWorkspace() const override {
    return std::make_unique<Workspace>();
  }

  void BargainInto(const Scenario& scenario, ModelWorkspace& base, Result& result) const override {
    Workspace& workspace = static_cast<Workspace&>(base);
    const Parameters& params = spec().parameters;
    exchange_internal::Options options;
    options.rounds = static_cast<int>(params.Integer("rounds"));
    options.tie_tolerance = params.Real("tie_tolerance");
    const bool decimal = params.Choice("arithmetic") == "decimal";
    const std::string& ties = params.Choice("ties");
    options.ties = ties == "sorted" || (ties == "auto" && decimal)
                       ? exchange_internal::TieRule::kSortedOrder
                       : exchange_internal::TieRule::kCreationOrder;
    options.randomised = params.Choice("variant") == "random";
    options.p = params.Real("p");
    options.seed = static_cast<std::uint64_t>(params.Integer("seed"));
    // In double the simulation reuses the workspace's buffers and trace (an ensemble's runs
    // then allocate nothing); decimal runs are converted to a trace in double.
    if (decimal) {
      workspace.trace = exchange_internal::ToDouble(
          exchange_internal::SimulateDecimal(scenario, options), scenario);
    } else {
      exchange_internal::Run(scenario, options, workspace.buffers, workspace.trace);
    }
    const exchange_internal::Trace& trace = workspace.trace;

    internal::Park(result.trajectory, workspace.spare_rounds);
    internal::Park(result.exchanges, workspace.spare_exchanges);
    ResetResult(scenario, result, (trace.rounds.size() + 1) * scenario.issue_count());
    if (options.randomised) result.seed = options.seed;
    // Back to each issue's own scale (clamped: rounding may leave 1e-14 outside).
    auto to_scale = [&](std::size_t k, double normalised) {
      const Issue& issue = scenario.issue(k);
      return std::clamp(issue.scale_min + normalised * issue.range() / 100, issue.scale_min,
                        issue.scale_max);
    };
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      result.forecasts[k].position = to_scale(k, trace.final_nbs[k]);
    }
    // Positions at the start of every round (round 0 = the input) and after the last;
    // the expected outcome (1) at the same moments as details "nbs_round_<r>".
    std::size_t detail = 0;
    auto add_round = [&](int round, const std::vector<std::vector<double>>& positions,
                         const std::vector<double>& nbs) {
      for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        const std::string& issue_id = scenario.issue(k).id;
        for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
          if (std::isnan(positions[k][a])) continue;
          ActorRound& entry = internal::Append(result.trajectory, workspace.spare_rounds);
          entry.round = round;
          entry.issue_id.assign(issue_id);
          entry.actor_id.assign(scenario.actor(a).id);
          entry.position = to_scale(k, positions[k][a]);
          entry.risk = 0.0;
        }
        Detail& nbs_detail = result.details[detail++];
        nbs_detail.issue_id.assign(issue_id);
        fmt::format_to(std::back_inserter(nbs_detail.name), "nbs_round_{}", round);
        nbs_detail.value = to_scale(k, nbs[k]);
      }
    };
    for (std::size_t r = 0; r < trace.rounds.size(); ++r) {
      const exchange_internal::RoundTrace& round = trace.rounds[r];
      add_round(static_cast<int>(r), round.start, round.start_nbs);
      int order = 0;
      for (const exchange_internal::Candidate& realised : round.realised) {
        Exchange& exchange = internal::Append(result.exchanges, workspace.spare_exchanges);
        exchange.round = static_cast<int>(r) + 1;
        exchange.order = ++order;
        exchange.actor_i.assign(scenario.actor(realised.i.actor).id);
        exchange.issue_i.assign(scenario.issue(realised.i.supply).id);
        exchange.from_i = to_scale(realised.i.supply, realised.i.x);
        exchange.to_i = to_scale(realised.i.supply, realised.i.y);
        exchange.actor_j.assign(scenario.actor(realised.j.actor).id);
        exchange.issue_j.assign(scenario.issue(realised.j.supply).id);
        exchange.from_j = to_scale(realised.j.supply, realised.j.x);
        exchange.to_j = to_scale(realised.j.supply, realised.j.y);
        exchange.gain = realised.gain;
      }
    }
    add_round(static_cast<int>(trace.rounds.size()), trace.final_positions, trace.final_nbs);
  }

 private:
  struct Workspace : ModelWorkspace {
    exchange_internal::Buffers<double> buffers;
    exchange_internal::Trace trace;
    std::vector<ActorRound> spare_rounds;
    std::vector<Exchange> spare_exchanges;
  };
};

}  // namespace

const ModelDescriptor& ExchangeDescriptor() {
  static const ModelDescriptor descriptor{
      "exchange",
      "Stokman-Van Oosten exchange model: actors trade position moves across issue pairs at "
      "the equal-gain rate, highest gain first, for a number of rounds",
      "Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an "
      "object-oriented model of policy networks. In Bueno de Mesquita & Stokman (eds.), "
      "European Community Decision Making, Yale University Press, ch. 5; as implemented in "
      "decide-exchange-model (foarsitter, HEAD 51dee66); randomised variant: Dijkstra et al. "
      "(2018)",
      {{"rounds", ParamType::kInteger, "number of exchange rounds", "10", 0, 10000, {}},
       {"tie_tolerance",
        ParamType::kReal,
        "ties=creation: gains within this (absolute, normalised units) of the best count as "
        "ties; the earliest-created candidate of the round wins",
        "1e-12",
        0,
        1e-3,
        {}},
       {"ties",
        ParamType::kChoice,
        "which of equal gains goes first: creation (within tie_tolerance, the earliest "
        "created), sorted (decide's own: exact ties keep their place in the list sorted by "
        "gain before each pick), or auto (sorted with arithmetic=decimal, else creation)",
        "auto",
        0,
        0,
        {"auto", "creation", "sorted"}},
       {"arithmetic",
        ParamType::kChoice,
        "double (fast) or decimal (decide's 28-digit decimals, rounded half to even as "
        "Python's decimal module does, to reproduce its runs to the last digit; 50 to 80 "
        "times slower)",
        "double",
        0,
        0,
        {"double", "decimal"}},
       {"variant",
        ParamType::kChoice,
        "equal (equal-gain exchanges) or random (randomised equal gain, REX)",
        "equal",
        0,
        0,
        {"equal", "random"}},
       {"p",
        ParamType::kReal,
        "variant=random: how far a drawn gain may depart from the equal gain (0 = none)",
        "0.5",
        0,
        1,
        {}},
       {"seed",
        ParamType::kInteger,
        "variant=random: seed of the random stream (pcg32)",
        "1",
        0,
        9007199254740991.0,
        {}}},
      nullptr,
      {}};
  return descriptor;
}

std::unique_ptr<Model> MakeExchange(ModelSpec spec) {
  if (spec.parameters.Choice("arithmetic") == "decimal" &&
      spec.parameters.Choice("variant") == "random") {
    throw InputError(
        "exchange: arithmetic=decimal reproduces decide's equal-gain runs; the randomised "
        "variant (variant=random) draws from its own stream, not decide's, so it runs in "
        "double only: drop arithmetic=decimal or use variant=equal");
  }
  return std::make_unique<ExchangeModel>(std::move(spec));
}

}  // namespace parley::models
