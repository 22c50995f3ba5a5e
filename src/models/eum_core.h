// The arithmetic of one round of the expected utility model (src/models/eum.cc), on one
// issue, in two implementations that must agree: a naive one that transcribes the
// reference program's formulas sum by sum (the test oracle, O(n^3) per round), and a fast
// one (prefix sums over sorted positions: O(n^2) time and O(n) memory per round, for both
// presets; see "Cost" in eum.cc). Private to the library; exposed for tests and benchmarks,
// which also read the per-round internals (danger levels, probabilities, EU pairs) through
// RoundTrace. The equations are documented in eum.cc.
#ifndef PARLEY_MODELS_EUM_CORE_H_
#define PARLEY_MODELS_EUM_CORE_H_

#include <cstddef>
#include <vector>

namespace parley::internal::eum {

enum class Probability { kPair, kTriples };       // denominator of P(x_i, x_j)
enum class VoteUtility { kLinear, kRisk };        // voters' utility in P: r = 1, or their r_a
enum class RiskRule { kActors, kNeutral };        // r from danger levels, or r = 1 throughout
enum class Expectation { kStatusQuoOnly, kBdm };  // - q*Usq, or also (1-q)(T*Ub+(1-T)*Uw)
enum class CompromiseRule { kRatio, kWeighted };
enum class Selection { kScholz, kNearest };
enum class MedianRule { kCondorcet, kWeighted };
enum class Algorithm { kNaive, kFast };
enum class OfferKind { kNone, kConfrontation, kCompromise, kCapitulation };

struct Config {
  Probability probability = Probability::kPair;
  VoteUtility votes = VoteUtility::kLinear;
  RiskRule risk = RiskRule::kActors;
  Expectation expectation = Expectation::kBdm;
  CompromiseRule compromise = CompromiseRule::kRatio;
  Selection selection = Selection::kNearest;
  MedianRule median = MedianRule::kWeighted;
  bool capitulation = true;
  double q = 1.0;
  double t = 1.0;
  // Danger levels whose spread (max - min) is at most this share of their magnitude count
  // as all equal (every r = 1). 0 reproduces the reference, which only fails on an exact
  // tie; a small positive value keeps rounding noise from being amplified into r.
  double danger_tie = 0.0;
};

// The choices of the public Python replication (the model's preset=replication, Scholz et
// al. 2011); a default Config is the corrected preset without its danger_tie.
Config ReplicationConfig();

// The fixed data of one issue's participants, in scenario order.
struct IssueActors {
  std::vector<double> capability;
  std::vector<double> salience;
};

// The offer an actor accepts in a round (kind kNone: it keeps its position).
struct Offer {
  OfferKind kind = OfferKind::kNone;
  std::size_t from = 0;  // index of the actor whose position or challenge it accepts
  double eu_ij = 0.0;    // receiver's EU of challenging `from`, from its own perspective
  double eu_ji = 0.0;    // `from`'s EU of challenging the receiver, as the receiver sees it
  double position = 0.0;
};

// Internals of one round, for tests: n x n matrices are row-major, [i * n + j].
struct RoundTrace {
  std::vector<double> danger;           // D_i, computed with every r = 1
  std::vector<double> risk_acceptance;  // R_i
  std::vector<double> probability;      // P(x_i, x_j) with the new r (0 where x_i == x_j)
  std::vector<double> eu_ij;            // i.eu_challenge(i, j); 0 where x_i == x_j
  std::vector<double> eu_ji;            // i.eu_challenge(j, i); 0 where x_i == x_j
};

struct RoundOutcome {
  std::vector<double> r;         // risk exponents used this round
  std::vector<Offer> offer;      // per actor, the accepted offer
  std::vector<double> position;  // positions after the simultaneous update
};

// Storage of the vote tables (eum_core.cc's Votes), kept between rounds and runs.
struct VoteBuffers {
  std::vector<double> table, sorted, weight_prefix, moment_prefix, sorted_weight, sorted_exponent,
      column_total, column_sum, distance, spread;
  std::vector<std::size_t> order, rank, run_begin, run_end, column_next, target;
};

// What RunRound needs besides its inputs and outcome, for repeated rounds and runs
// (ensembles): once grown to the largest issue, a round allocates nothing.
struct RoundScratch {
  std::vector<double> weight, danger, p_ij, p_ji, linear;
  std::vector<std::size_t> order;  // MedianPosition's sort
  VoteBuffers votes;
};

// max - min of the positions, or 1 when they all coincide (no distance is then non-zero,
// and dividing by 1 keeps every formula defined).
double PositionRange(const std::vector<double>& position);

// One round: risk exponents from the danger levels, then every actor's best offer, then
// the simultaneous position update. `range` is the issue's initial position range and
// `median` the current median (used only by Expectation::kBdm with q < 1). `trace`, when
// not null, receives the round's internals (O(n^2) memory).
RoundOutcome RunRound(const Config& config, Algorithm algorithm, const IssueActors& actors,
                      const std::vector<double>& position, double range, double median,
                      RoundTrace* trace = nullptr);
// The same into `outcome`, with `scratch` for every intermediate (storage reused).
void RunRound(const Config& config, Algorithm algorithm, const IssueActors& actors,
              const std::vector<double>& position, double range, double median,
              RoundScratch& scratch, RoundOutcome& outcome, RoundTrace* trace = nullptr);

// sum c*s*x / sum c*s (the plain mean when every weight is zero).
double MeanPosition(const IssueActors& actors, const std::vector<double>& position);
double MeanPosition(const IssueActors& actors, const std::vector<double>& position,
                    RoundScratch& scratch);

// The median per `rule`: kCondorcet is the actor position that wins every pairwise
// c*s-weighted vote with linear utility (the reference's median_position; exact ties go to
// the lowest position), kWeighted is internal::WeightedMedian (midpoint of a tie).
double MedianPosition(MedianRule rule, const IssueActors& actors,
                      const std::vector<double>& position);
double MedianPosition(MedianRule rule, const IssueActors& actors,
                      const std::vector<double>& position, RoundScratch& scratch);

}  // namespace parley::internal::eum

#endif  // PARLEY_MODELS_EUM_CORE_H_
