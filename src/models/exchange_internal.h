// The exchange model's simulation state, exposed so that tests can compare every candidate
// exchange and every realised exchange with the reference program's trace
// (tests/exchange_test.cc). Private to the library; src/models/exchange.cc documents the
// algorithm.
#ifndef PARLEY_MODELS_EXCHANGE_INTERNAL_H_
#define PARLEY_MODELS_EXCHANGE_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/decimal.h"
#include "parley/scenario.h"

namespace parley::models::exchange_internal {

using internal::Decimal;

// How the best candidate is chosen when gains tie (step 7 in exchange.cc).
enum class TieRule {
  // Gains within `tie_tolerance` of the best tie; the candidate created first this round
  // wins (the rule of the reference's tie-eps run, one double precision can follow).
  kCreationOrder,
  // decide's own order with its random tie-breaking off: the candidates are stably sorted
  // by gain, highest first, before every pick, and the first is taken; equal gains keep
  // their order in the list, which is the order of the previous sort, not of creation.
  kSortedOrder,
};

struct Options {
  int rounds = 10;
  double tie_tolerance = 1e-12;  // absolute, on gains (normalised units); kCreationOrder
  TieRule ties = TieRule::kCreationOrder;
  bool randomised = false;  // the REX variant (Dijkstra et al. 2018); double only
  double p = 0;             // REX strength in [0, 1]
  std::uint64_t seed = 0;
  bool record_candidates = false;  // keep every round's initial candidate list
};

// One actor's side of a candidate exchange. Positions are on the normalised 0-100 scale.
// Number is double or Decimal (decide's 28-digit arithmetic, arithmetic=decimal).
template <typename Number>
struct BasicSide {
  std::size_t actor = 0;
  std::size_t supply = 0;        // the issue this actor moves on
  std::size_t demand = 0;        // the issue its partner moves on
  Number x = 0;                  // current supply position (round start, or a realised y)
  Number start = 0;              // round-start supply position
  Number demand_position = 0;    // round-start position on the demand issue (never updated)
  Number move = 0;               // signed
  Number y = 0;                  // x + move: the voting position
  Number nbs_0 = 0, nbs_1 = 0;   // supply-issue NBS with this actor at x / at y
  bool adjusted_by_nbs = false;  // the move was shortened by the NBS-crossing check
  std::vector<Number> moves;     // move history (validity rules)
};

template <typename Number>
struct BasicCandidate {
  int creation_index = 0;    // position in the round's creation order
  std::size_t p = 0, q = 0;  // issue pair, p before q in scenario order
  bool groups_bc = false;    // b/c pair (else a/d)
  BasicSide<Number> i, j;    // i supplies q and demands p; j supplies p and demands q
  // The NBS shifts as the reference stores them: dp on p, dq on q, except that after an
  // NBS-crossing adjustment of side i the two are swapped (the reference's labelling).
  Number dp = 0, dq = 0;
  Number gain = 0;  // equal gain (p = 0 gain in the REX variant)
  bool valid = false;
  // The candidate's private view of positions its partners have already traded away
  // this round: (issue, actor, position).
  struct Update {
    std::size_t issue;
    std::size_t actor;
    Number position;
  };
  std::vector<Update> updates;
};

template <typename Number>
struct BasicRoundTrace {
  // [issue][actor], normalised; no stance: NaN in double, 0 in Decimal
  std::vector<std::vector<Number>> start;
  std::vector<BasicCandidate<Number>> candidates;  // at round start (only if record_candidates)
  std::vector<BasicCandidate<Number>> realised;    // in realisation order, as selected
  std::vector<Number> start_nbs;                   // per issue, normalised
};

template <typename Number>
struct BasicTrace {
  std::vector<BasicRoundTrace<Number>> rounds;
  std::vector<std::vector<Number>> final_positions;  // [issue][actor], normalised
  std::vector<Number> final_nbs;
};

using Side = BasicSide<double>;
using Candidate = BasicCandidate<double>;
using RoundTrace = BasicRoundTrace<double>;
using Trace = BasicTrace<double>;
using DecimalCandidate = BasicCandidate<Decimal>;
using DecimalTrace = BasicTrace<Decimal>;

// Runs the model on the scenario (positions normalised to 0-100 per issue), in double
// precision or in decide's decimal arithmetic.
Trace Simulate(const Scenario& scenario, const Options& options);
DecimalTrace SimulateDecimal(const Scenario& scenario, const Options& options);

// The decimal run's trace in doubles (each value correctly rounded; NaN where the
// scenario has no stance, as in Simulate's).
Trace ToDouble(const DecimalTrace& trace, const Scenario& scenario);

}  // namespace parley::models::exchange_internal

#endif  // PARLEY_MODELS_EXCHANGE_INTERNAL_H_
