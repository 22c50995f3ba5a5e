// The arithmetic of KTAB's spatial model of politics (SMP), independent of Scenario and
// Result: positions in [0, 1]^d, saliences in [0, 1] per dimension, scalar capabilities.
// See smp.cc for the model's description and the parameters. Private to the library.
#ifndef PARLEY_MODELS_SMP_CORE_H_
#define PARLEY_MODELS_SMP_CORE_H_

#include <cstddef>
#include <memory>
#include <vector>

namespace parley::internal::smp {

enum class VictoryModel { kLinear, kSquare, kQuartic, kOctic, kBinary };
enum class VotingRule { kBinary, kPropBin, kProportional, kPropCubic, kCubic, kAsymProsp };
enum class PceModel { kConditional, kMarkovIncentive, kMarkovUniform };
enum class RiskRange { kMin, kMid, kMax };
enum class RiskAdjust { kFull, kTwoThirds, kHalf, kOneThird, kNone };
enum class ThirdParty { kFull, kSemi, kNone };
enum class Interpolation { kS1P1, kS2P2, kS2PMax };
enum class BargainModel { kInitOnly, kInitRcvr, kPowerWeighted };

struct Config {
  VictoryModel victory = VictoryModel::kLinear;
  VotingRule voting = VotingRule::kProportional;
  PceModel pce = PceModel::kConditional;
  RiskRange risk_range = RiskRange::kMid;
  RiskAdjust risk_adjust = RiskAdjust::kOneThird;
  ThirdParty third_party = ThirdParty::kSemi;
  Interpolation interpolation = Interpolation::kS2P2;
  BargainModel bargain = BargainModel::kInitOnly;
  int min_turns = 2;
  int max_turns = 100;
  double stop_ratio = 0.02;     // stop when step distance / first step distance < this
  double min_sig_delta = 1e-4;  // added to the first step's distance
  double position_tol = 1e-3;   // positions closer than this (Euclidean, [0,1]) are one
};

struct Actors {
  std::size_t n = 0;
  std::size_t dims = 0;
  std::vector<double> capability;  // n
  std::vector<double> salience;    // n * dims, row-major
};

// One state: positions (n * dims, row-major) and what KTAB reports about it.
struct Turn {
  std::vector<double> position;
  std::vector<double> risk;         // inferred risk attitude R_i of each actor
  std::vector<double> probability;  // probability that each actor's position wins
  double fractional_change = 0;     // vs the first step; 0 for the initial state
};

// Runs the model from the initial positions; the result holds the initial state and one
// state per turn.
std::vector<Turn> Run(const Config& config, const Actors& actors,
                      const std::vector<double>& initial_position);

// What Run keeps between runs (ensembles): its tables, the bargains and the turns it
// has dropped. With it, a run whose loops stay on one thread (small scenarios, see
// ForEachRange in smp_core.cc) allocates nothing once the buffers have grown; larger runs
// allocate per parallel chunk.
struct Scratch;
struct ScratchDeleter {
  void operator()(Scratch* scratch) const;
};
using ScratchPtr = std::unique_ptr<Scratch, ScratchDeleter>;
ScratchPtr NewScratch();

// Run into `turns` (whatever it held is replaced), with `scratch` from NewScratch.
void Run(const Config& config, const Actors& actors, const std::vector<double>& initial_position,
         Scratch& scratch, std::vector<Turn>& turns);

}  // namespace parley::internal::smp

#endif  // PARLEY_MODELS_SMP_CORE_H_
