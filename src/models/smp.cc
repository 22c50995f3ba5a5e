// smp: the spatial model of politics of KTAB (KAPSARC Toolkit for Behavioral Analysis,
// github KAPSARC/KTAB, examples/smp/libsrc/smp*.cpp and KTAB/kmodel/libsrc/kmodel.cpp),
// reimplemented from its semantics with KTAB's CSV defaults.
//
// Dimensions are the scenario's issues: actor i's position is the vector x_i of its positions
// on all issues, each mapped to [0, 1] by the issue's scale; s_ik = Stance::salience on issue
// k; c_i = Actor::capability (one scalar per actor: issue-specific capabilities are not used).
// A missing stance counts as salience 0 at the issue's status quo (else its midpoint).
// With S_i = sum_k s_ik, every state (turn) is assessed as follows.
//   d_i(x, y) = sqrt(sum_k s_ik^2 (x_k - y_k)^2 / sum_k s_ik^2)          (bvDiff)
//   u(d, R) = (1 - d)(1 + d R)                                          (bsUtil)
//   vote_k(a:b) = w_k (u_k(a) - u_k(b))                   (voting=proportional; others below)
//   c(a:b) = 1e-8 + sum_k max(0, vote_k(a:b));  P(a>b) = c(a:b) / (c(a:b) + c(b:a)) (linear)
//   PCE (conditional): p_a ∝ prod_b P(a>b), with P(a>a) = 1/2
// Risk attitudes: p from risk-neutral utilities u(d_i(x_i, x_j), 0) with w = c, then
// R_i = (3 p_i - (p_max + 2 p_min)) / (2 (p_max - p_min)) (risk_range=mid, in [-1/2, 1]);
// h's estimate of i's attitude is (2 R_h + R_i)/3 (risk_adjust=one_third). If every p_i is
// equal (one actor, unanimity) KTAB divides 0 by 0; parley sets R = 0.
// A turn (SMPState::doBCN): each actor i evaluates, from its own view, challenging every j:
// the principals vote with w = S c, each third party m votes in the little (i, j, m)
// contest with the semi-committed utilities (third_party=semi); the expected gain is
// (1 - S_j) 2u_i(x_i) + S_j (P 2u_i(x_i) + (1 - P) 2u_i(x_j)) - (u_i(x_i) + u_i(x_j)).
// Its best target (largest gain above 1e-5, first in actor order on ties) gets a bargain
// interpolated per dimension with weights s^2 P^2 (interpolation=s2p2, rounded to 4
// decimals), offered to both (bargain=init_only). Each actor then takes, among its status
// quo and the bargains it is party to (in KTAB's order), the one of highest probability in
// a PCE vote of all actors (w = c) on the mean utility of the resulting states
// (transitions: deterministic; ties to the first).
// Stopping: after turn t >= min_turns, stop once D(t-1, t) / (D(0, 1) + 1e-4) < stop_ratio,
// where D sums the actors' Euclidean moves in [0, 1]^d; at most max_turns turns.
// Probability of winning (KTAB's "prob :" history): the PCE over the distinct positions
// (closer than position_tol count as one) of votes w = c on each actor's own utilities;
// actors sharing a position share its probability.
//
// Parameters: victory (linear | square | quartic | octic | binary), voting (proportional |
// binary | prop_bin | prop_cubic | cubic | asym_prosp), pce (conditional | markov_incentive |
// markov_uniform), risk_range (mid | min | max), risk_adjust (one_third | full | two_thirds |
// half | none), third_party (semi | full | none), interpolation (s2p2 | s1p1 | s2pmax),
// bargain (init_only | init_rcvr | power_weighted; the last two reproduce KTAB's quirks:
// the receiver's view uses its expected gain as a probability, the power weights use the
// initiator's capability), min_turns 2, max_turns 100, stop_ratio 0.02, position_tol 1e-3,
// capabilities (max100 | raw): max100 rescales capabilities so the largest is 100 (identity
// for KTAB's usual inputs, and makes the run invariant to the capabilities' unit, which
// KTAB's additive constants 1e-8 and 1e-10 are not); raw uses them as given, as KTAB does.
// KTAB's stochastic transitions (its own PRNG) are not offered.
//
// Cost per turn, with n actors, d dimensions, m distinct positions and b_k options for actor
// k: Theta(n^3 + n^2 d) time, O(n^2) memory, as KTAB's own arithmetic (its time grows as n^4
// because it records every actor's estimate of every challenge). The n^3 terms, each sum in
// KTAB's order:
//   best targets    n initiators x n targets x n third parties (probEduChlg's loop over the
//                   third parties m: the model itself); about 3/4 of a turn;
//   coalitions      n^2/2 pairs x n voters for the risk attitudes, n m^2/2 for the
//                   probabilities of the distinct positions, n b_k^2/2 for each actor's
//                   choice (b_k = 1 + the bargains k is party to, so usually O(n^2) in all);
//   bargain values  n bargains x n actors x n positions (brgnUtil: each actor's sum runs
//                   over the two new positions, then everyone else's in actor order).
// The rest is O(n^2 d): distances, utilities, PCE, status quo values. None of the three
// can drop to n^2 with the same results: each contest and each pair of options needs
// every third party's or voter's vote, whose sign depends on both sides; a bargain's value
// could be the status quo sum minus two terms plus two (O(1) per actor), but summing in
// another order changes the last bits, and with them the choices on ties. parley hoists
// each initiator's view of all actors out of the loop over targets, values each bargain
// once for both parties and each status quo once per turn, and runs initiators,
// coalitions, bargain values and choices on threads. The three n^3 loops run over targets,
// coalition columns and actors innermost, in two-lane vectors with bitwise selections
// instead of a branch on the sign of each vote (a vote of the other sign adds +0.0 to a
// positive sum, which leaves it unchanged): every sum keeps KTAB's order, so results do
// not depend on the number of threads or on the vector width. If every conditional-PCE
// product underflows (about 1,000 options; KTAB is capped at 250 actors) the ratios are
// taken from sums of logarithms.
//
// Output: trajectory, per turn t (0 = initial), one ActorRound per actor per issue: the
// position on the issue's scale and `risk` = the actor's inferred R_i in that turn.
// details: per actor "win_probability_turn_<t>"; per turn t >= 1 "fractional_change_turn_<t>"
// (KTAB's "Fractional change compared to first step"), "turns" (number of turns); per issue
// "mean" (as the forecast). forecasts: the final c*s-weighted mean position per issue.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/builtin.h"
#include "models/recycle.h"
#include "models/smp_core.h"

namespace parley::models {

namespace {

namespace smp = internal::smp;

template <typename Enum>
Enum Pick(const Parameters& params, const std::string& name,
          const std::vector<std::pair<std::string, Enum>>& names) {
  const std::string& chosen = params.Choice(name);
  for (const auto& [text, value] : names) {
    if (text == chosen) return value;
  }
  return names.front().second;
}

class Smp : public Model {
 public:
  explicit Smp(ModelSpec spec) : Model(std::move(spec)) {
    const Parameters& p = this->spec().parameters;
    using smp::VictoryModel, smp::VotingRule, smp::PceModel, smp::RiskRange, smp::RiskAdjust,
        smp::ThirdParty, smp::Interpolation, smp::BargainModel;
    config_.victory = Pick<VictoryModel>(p, "victory",
                                         {{"linear", VictoryModel::kLinear},
                                          {"square", VictoryModel::kSquare},
                                          {"quartic", VictoryModel::kQuartic},
                                          {"octic", VictoryModel::kOctic},
                                          {"binary", VictoryModel::kBinary}});
    config_.voting = Pick<VotingRule>(p, "voting",
                                      {{"proportional", VotingRule::kProportional},
                                       {"binary", VotingRule::kBinary},
                                       {"prop_bin", VotingRule::kPropBin},
                                       {"prop_cubic", VotingRule::kPropCubic},
                                       {"cubic", VotingRule::kCubic},
                                       {"asym_prosp", VotingRule::kAsymProsp}});
    config_.pce = Pick<PceModel>(p, "pce",
                                 {{"conditional", PceModel::kConditional},
                                  {"markov_incentive", PceModel::kMarkovIncentive},
                                  {"markov_uniform", PceModel::kMarkovUniform}});
    config_.risk_range = Pick<RiskRange>(
        p, "risk_range",
        {{"mid", RiskRange::kMid}, {"min", RiskRange::kMin}, {"max", RiskRange::kMax}});
    config_.risk_adjust = Pick<RiskAdjust>(p, "risk_adjust",
                                           {{"one_third", RiskAdjust::kOneThird},
                                            {"full", RiskAdjust::kFull},
                                            {"two_thirds", RiskAdjust::kTwoThirds},
                                            {"half", RiskAdjust::kHalf},
                                            {"none", RiskAdjust::kNone}});
    config_.third_party = Pick<ThirdParty>(
        p, "third_party",
        {{"semi", ThirdParty::kSemi}, {"full", ThirdParty::kFull}, {"none", ThirdParty::kNone}});
    config_.interpolation = Pick<Interpolation>(p, "interpolation",
                                                {{"s2p2", Interpolation::kS2P2},
                                                 {"s1p1", Interpolation::kS1P1},
                                                 {"s2pmax", Interpolation::kS2PMax}});
    config_.bargain = Pick<BargainModel>(p, "bargain",
                                         {{"init_only", BargainModel::kInitOnly},
                                          {"init_rcvr", BargainModel::kInitRcvr},
                                          {"power_weighted", BargainModel::kPowerWeighted}});
    config_.min_turns = static_cast<int>(p.Integer("min_turns"));
    config_.max_turns = static_cast<int>(p.Integer("max_turns"));
    config_.stop_ratio = p.Real("stop_ratio");
    config_.position_tol = p.Real("position_tol");
    raw_capabilities_ = p.Choice("capabilities") == "raw";
  }

  const ModelDescriptor& descriptor() const override { return SmpDescriptor(); }

  // Bargain is Model's default: BargainInto with a fresh workspace.

 protected:
  std::unique_ptr<ModelWorkspace> MakeWorkspace() const override {
    return std::make_unique<Workspace>();
  }

  void BargainInto(const Scenario& scenario, ModelWorkspace& base, Result& result) const override {
    Workspace& workspace = static_cast<Workspace&>(base);
    const std::size_t n = scenario.actor_count();
    const std::size_t d = scenario.issue_count();
    smp::Actors& actors = workspace.actors;
    actors.n = n;
    actors.dims = d;
    actors.capability.resize(n);
    actors.salience.assign(n * d, 0.0);
    std::vector<double>& position = workspace.position;
    position.assign(n * d, 0.0);
    double largest = 0;
    for (std::size_t a = 0; a < n; ++a) {
      actors.capability[a] = scenario.actor(a).capability;
      largest = std::max(largest, actors.capability[a]);
    }
    if (!raw_capabilities_ && largest > 0 && largest != 100.0) {
      const double factor = 100.0 / largest;
      for (double& c : actors.capability) c = c * factor;
    }
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t k = 0; k < d; ++k) {
        const Issue& issue = scenario.issue(k);
        const Stance* stance = scenario.stance(a, k);
        double x = issue.status_quo.value_or((issue.scale_min + issue.scale_max) / 2);
        if (stance != nullptr) {
          x = stance->position;
          actors.salience[a * d + k] = stance->salience;
        }
        position[a * d + k] = (x - issue.scale_min) / issue.range();
      }
    }
    if (!workspace.scratch) workspace.scratch = smp::NewScratch();
    std::vector<smp::Turn>& turns = workspace.turns;
    smp::Run(config_, actors, position, *workspace.scratch, turns);

    // The number of turns varies from run to run, and with it the number of details:
    // they wait in the workspace between runs, as the trajectory's entries do.
    internal::Park(result.trajectory, workspace.spare_rounds);
    internal::Park(result.details, workspace.spare_details);
    ResetResult(scenario, result);
    // Details: per turn each actor's win probability, per turn after the first its
    // fractional change, the number of turns, and per issue the mean.
    const auto detail = [&]() -> Detail& {
      Detail& next = internal::Append(result.details, workspace.spare_details);
      next.issue_id.clear();
      next.actor_id.clear();
      next.name.clear();
      next.value = 0;
      return next;
    };
    for (std::size_t t = 0; t < turns.size(); ++t) {
      const smp::Turn& turn = turns[t];
      for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t k = 0; k < d; ++k) {
          const Issue& issue = scenario.issue(k);
          ActorRound& entry = internal::Append(result.trajectory, workspace.spare_rounds);
          entry.round = static_cast<int>(t);
          entry.issue_id.assign(issue.id);
          entry.actor_id.assign(scenario.actor(a).id);
          entry.position = issue.scale_min + turn.position[a * d + k] * issue.range();
          entry.risk = turn.risk[a];
        }
      }
      for (std::size_t a = 0; a < n; ++a) {
        Detail& win = detail();
        win.actor_id.assign(scenario.actor(a).id);
        fmt::format_to(std::back_inserter(win.name), "win_probability_turn_{}", t);
        win.value = turn.probability[a];
      }
      if (t > 0) {
        Detail& change = detail();
        fmt::format_to(std::back_inserter(change.name), "fractional_change_turn_{}", t);
        change.value = turn.fractional_change;
      }
    }
    Detail& turn_count = detail();
    turn_count.name.assign("turns");
    turn_count.value = static_cast<double>(turns.size() - 1);
    const smp::Turn& last = turns.back();
    for (std::size_t k = 0; k < d; ++k) {
      const Issue& issue = scenario.issue(k);
      double weighted = 0, weight = 0, plain = 0;
      for (std::size_t a = 0; a < n; ++a) {
        const double w = actors.capability[a] * actors.salience[a * d + k];
        const double x = issue.scale_min + last.position[a * d + k] * issue.range();
        weighted += w * x;
        weight += w;
        plain += x;
      }
      double mean = weight > 0 ? weighted / weight : plain / static_cast<double>(n);
      mean = std::clamp(mean, issue.scale_min, issue.scale_max);
      result.forecasts[k].position = mean;
      Detail& mean_detail = detail();
      mean_detail.issue_id.assign(issue.id);
      mean_detail.name.assign("mean");
      mean_detail.value = mean;
    }
  }

 private:
  struct Workspace : ModelWorkspace {
    smp::Actors actors;
    std::vector<double> position;
    std::vector<smp::Turn> turns;
    smp::ScratchPtr scratch;
    std::vector<ActorRound> spare_rounds;
    std::vector<Detail> spare_details;
  };

  smp::Config config_;
  bool raw_capabilities_ = false;
};

ParamSpec Choice(const std::string& name, const std::string& help,
                 std::vector<std::string> choices) {
  std::string first = choices.front();
  return {name, ParamType::kChoice, help, first, 0, 0, std::move(choices)};
}

}  // namespace

const ModelDescriptor& SmpDescriptor() {
  static const ModelDescriptor descriptor{
      "smp",
      "KTAB's spatial model of politics: issues as dimensions, challenges turned into bargains, "
      "PCE votes",
      "Wise, B., Lester, L. & Efird, B. (2015-2017). KTAB, the KAPSARC Toolkit for Behavioral "
      "Analysis: the spatial model of politics (smpc 0.1, github KAPSARC/KTAB, MIT licence)",
      {Choice("victory", "victory probability from coalition strengths (KTAB VictoryProbModel)",
              {"linear", "square", "quartic", "octic", "binary"}),
       Choice("voting", "how an actor's vote grows with its utility difference (VotingRule)",
              {"proportional", "binary", "prop_bin", "prop_cubic", "cubic", "asym_prosp"}),
       Choice("pce", "probabilistic Condorcet election model (PCEModel)",
              {"conditional", "markov_incentive", "markov_uniform"}),
       Choice("risk_range", "range of inferred risk attitudes: mid [-1/2,1], min [0,1], max [-1,1]",
              {"mid", "min", "max"}),
       Choice("risk_adjust", "how an actor estimates another's risk attitude (BigRAdjust)",
              {"one_third", "full", "two_thirds", "half", "none"}),
       Choice("third_party", "third parties' commitment in the little contests (ThirdPartyCommit)",
              {"semi", "full", "none"}),
       Choice("interpolation", "bargain interpolation weights per dimension (InterVecBrgn)",
              {"s2p2", "s1p1", "s2pmax"}),
       Choice("bargain", "whose view forms the bargain (BargnModel)",
              {"init_only", "init_rcvr", "power_weighted"}),
       {"min_turns",
        ParamType::kInteger,
        "turns before the stopping rule may stop",
        "2",
        1,
        100000,
        {}},
       {"max_turns", ParamType::kInteger, "largest number of turns", "100", 1, 100000, {}},
       {"stop_ratio",
        ParamType::kReal,
        "stop when a turn's total move is below this share of the first turn's",
        "0.02",
        0,
        1,
        {}},
       {"position_tol",
        ParamType::kReal,
        "positions closer than this (Euclidean, scales mapped to [0,1]) count as one",
        "0.001",
        0,
        1,
        {}},
       Choice("capabilities", "max100: rescale so the largest is 100 (unit-free); raw: as given",
              {"max100", "raw"})},
      nullptr,
      {}};
  return descriptor;
}

std::unique_ptr<Model> MakeSmp(ModelSpec spec) { return std::make_unique<Smp>(std::move(spec)); }

}  // namespace parley::models
