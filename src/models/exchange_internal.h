// The exchange model's simulation state, exposed so that tests can compare every candidate
// exchange and every realised exchange with the reference program's trace
// (tests/exchange_test.cc). Private to the library; src/models/exchange.cc documents the
// algorithm.
#ifndef PARLEY_MODELS_EXCHANGE_INTERNAL_H_
#define PARLEY_MODELS_EXCHANGE_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "parley/scenario.h"

namespace parley::models::exchange_internal {

struct Options {
  int rounds = 10;
  double tie_tolerance = 1e-12;  // absolute, on gains (normalised units)
  bool randomised = false;       // the REX variant (Dijkstra et al. 2018)
  double p = 0;                  // REX strength in [0, 1]
  std::uint64_t seed = 0;
  bool record_candidates = false;  // keep every round's initial candidate list
};

// One actor's side of a candidate exchange. Positions are on the normalised 0-100 scale.
struct Side {
  std::size_t actor = 0;
  std::size_t supply = 0;        // the issue this actor moves on
  std::size_t demand = 0;        // the issue its partner moves on
  double x = 0;                  // current supply position (round start, or a realised y)
  double start = 0;              // round-start supply position
  double demand_position = 0;    // round-start position on the demand issue (never updated)
  double move = 0;               // signed
  double y = 0;                  // x + move: the voting position
  double nbs_0 = 0, nbs_1 = 0;   // supply-issue NBS with this actor at x / at y
  bool adjusted_by_nbs = false;  // the move was shortened by the NBS-crossing check
  std::vector<double> moves;     // move history (validity rules)
};

struct Candidate {
  int creation_index = 0;    // position in the round's creation order
  std::size_t p = 0, q = 0;  // issue pair, p before q in scenario order
  bool groups_bc = false;    // b/c pair (else a/d)
  Side i, j;                 // i supplies q and demands p; j supplies p and demands q
  // The NBS shifts as the reference stores them: dp on p, dq on q, except that after an
  // NBS-crossing adjustment of side i the two are swapped (the reference's labelling).
  double dp = 0, dq = 0;
  double gain = 0;  // equal gain (p = 0 gain in the REX variant)
  bool valid = false;
  // The candidate's private view of positions its partners have already traded away
  // this round: (issue, actor, position).
  struct Update {
    std::size_t issue;
    std::size_t actor;
    double position;
  };
  std::vector<Update> updates;
};

struct RoundTrace {
  std::vector<std::vector<double>> start;  // [issue][actor], normalised; NaN = no stance
  std::vector<Candidate> candidates;       // at round start (only if record_candidates)
  std::vector<Candidate> realised;         // in realisation order, as selected
  std::vector<double> start_nbs;           // per issue, normalised
};

struct Trace {
  std::vector<RoundTrace> rounds;
  std::vector<std::vector<double>> final_positions;  // [issue][actor], normalised
  std::vector<double> final_nbs;
};

// Runs the model on the scenario (positions normalised to 0-100 per issue).
Trace Simulate(const Scenario& scenario, const Options& options);

}  // namespace parley::models::exchange_internal

#endif  // PARLEY_MODELS_EXCHANGE_INTERNAL_H_
