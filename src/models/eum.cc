// eum: the expected utility model of Bueno de Mesquita (1994) as reconstructed by Scholz,
// Calbert & Smith (2011), run issue by issue.
//
// State per participant a of an issue: capability c_a, salience s_a, position x_a and risk
// exponent r_a. Distances are divided by R, the range of the participants' INITIAL
// positions (fixed for the run, as in the reference; R = 1 if they all coincide). With
// w_a = c_a s_a and u_a(x) = (|x_a - x| / R)^rho_a (rho_a = r_a, or 1 for linear votes):
//
//   compare_a(x_i, x_j) = w_a (u_a(x_j) - u_a(x_i))          (> 0: a prefers x_i)    (1)
//   P(x_i, x_j) = sum_a max(0, compare_a(x_i, x_j)) / Den                              (2)
//       Den = sum_a |compare_a(x_i, x_j)|                       probability=pair
//       Den = sum_a sum_b sum_c |compare_a(x_b, x_c)|           probability=triples
//   P = 0 when x_i == x_j; a zero Den (no voter tells the two apart) gives 0.5 per pair,
//   0 for triples (its numerator is then 0 as well).
// Utilities of actor k (exponent r_k) for a challenge between positions at distance
// d = |x_i - x_j| / R, with mu the current median:
//   Us = 2 - 4 (0.5 - 0.5 d)^r   Uf = 2 - 4 (0.5 + 0.5 d)^r   Usq = 2 - 4 (0.5)^r      (3-5)
//   Ub = 2 - 4 (0.5 - 0.25 (|x_i - mu|/R + d))^r   Uw = 2 - 4 (0.5 + 0.25 (...))^r      (6)
//   EU_k(i challenges j) = s_j (P Us + (1 - P) Uf) + (1 - s_j) Us - q Usq
//                          [ - (1 - q)(T Ub + (1 - T) Uw)   expectation=bdm ]         (7)
// Since u_a grows with distance, a voter supports whichever of x_i, x_j is nearer: the
// supporters of each side are a prefix / suffix of the voters sorted by position. The fast
// algorithm sums them with prefix sums, in O(1) per pair (eum_core.cc): of w and w x for
// linear votes, whose support is piecewise linear in x_a (8), of w_a u_a(x) per position x
// for risk-weighted votes (8b).
// Risk (BDM 1994; Scholz et al. 2011 sec. 3): with every r = 1, danger levels
//   D_i = sum_{b != i} EU_i(b challenges i),                                            (9)
//   R_i = (2 D_i - D_max - D_min) / (D_max - D_min),  r_i = (1 - R_i/3) / (1 + R_i/3).  (10)
// If every D_i is equal, (10) is 0/0 (the reference raises ZeroDivisionError); parley
// sets R_i = 0, r_i = 1: nobody is more exposed than anyone else, so all are neutral.
// Offers: receiver i, every j with x_j != x_i, eu_ij = EU_i(i challenges j), eu_ji =
// EU_i(j challenges i), both from i's perspective (r_i):
//   eu_ji > eu_ij > 0                           confrontation: i moves to x_j
//   eu_ji > 0 > eu_ij, eu_ji > |eu_ij|          compromise: see `compromise`
//   eu_ji > 0 > eu_ij, eu_ji < |eu_ij|          capitulation: i moves to x_j
// All comparisons strict; every actor takes its best offer from the round's starting
// positions, then all move at once. A round = r update, offers, simultaneous move.
//
// Interpretation parameters ("preset" = take the value from the preset):
//   preset      corrected (default) | replication. `replication` reproduces the public
//               Python replication (jmckib/dmasad bdm-scholz-expected-utility-model), quirks
//               included; `corrected` fixes the quirks and follows BDM (1994).
//   probability triples (replication: Scholz's denominator over all n^3 triples, which
//               makes P tiny and P_ij + P_ji != 1) | pair (corrected: BDM 1994's
//               P_ij = support for i over j divided by all votes cast on that pair).
//   votes       risk (replication: voters weigh distances with their own r_a, as Scholz
//               et al. do) | linear (corrected: votes c s (|x_a-x_j| - |x_a-x_i|) as in
//               BDM 1994; risk attitudes enter the actors' own utilities (3)-(6) only).
//   risk        actors (both presets: R_i relative to the most and least endangered
//               actors, eq. 10) | neutral (every r = 1: the risk-neutral baseline).
//   expectation status_quo (replication: only - q Usq, the (1 - q) branch is dropped) |
//               bdm (corrected: the full status-quo lottery of BDM 1994, eq. 7). With the
//               default q = 1 both give the same numbers.
//   q, t        Q: probability that the status quo persists if nobody challenges (1);
//               T: probability that things then get better rather than worse (1).
//   compromise  ratio (both presets: x_i + (x_j - x_i) |eu_ij / eu_ji|, Scholz et al.) |
//               weighted ((|eu_ij| x_i + |eu_ji| x_j) / (|eu_ij| + |eu_ji|)).
//   selection   scholz (replication: nearest confrontation first; else the compromise
//               with the numerically smallest weighted position (|eu_ij| x_i + |eu_ji|
//               x_j) / (|eu_ij| + |eu_ji|), which is neither the adopted position nor the
//               smallest move; then the nearest capitulation) | nearest (corrected: the
//               offer of any kind that moves i least, BDM's "least change" reading).
//               Ties go to the first offer in actor order.
//   capitulation off (replication: a typo, `eu_ji < abs(eu_ji)`, stops it from ever firing,
//               and such pairs make no offer) | on (corrected).
//   median      condorcet (replication: the actor position that wins every pairwise
//               c*s-weighted vote; exact ties to the lowest position, where the reference
//               follows Python's set order) | weighted (corrected: the weighted median,
//               midpoint of an exact tie, as the `median` model).
//   stop        fixed (replication: exactly `rounds` rounds) | converge (corrected: stop
//               once the weighted mean and every position moved at most `tolerance` x the
//               issue's scale range for `patience` consecutive rounds; `rounds` caps it).
//   algorithm   auto | naive | fast: the naive sums (O(n^3) per round, the test oracle;
//               the reference's per-call triple sum is hoisted out of the pair loop, the
//               arithmetic is unchanged) or the fast ones: O(n^2) per round after an
//               O(n log n) sort, for both probability rules (8; the triple sum by merging
//               sorted distances per voter) and both vote utilities (8b: the prefix sums of
//               risk-weighted votes kept in O(n) memory, see "Cost"). auto: naive up to 64
//               participants (the reference's exact summation order), else fast.
// Cost per round of an issue with n participants (either preset; q < 1 adds nothing):
//   fast   O(n^2) time, O(n) memory (plus O(n^2) for a RoundTrace). With linear votes
//          (corrected) each pair costs O(1) from prefix sums of w and w x. With risk-
//          weighted votes (replication) the sums G_x[k] of (8b) come from one pass over
//          all (voter, position) pairs for every G_x[n] (merged with the triple sum) and
//          from running sums that only move forward: one along the receiver's row, and one
//          per position for the other side of each pair, because receivers are visited in
//          position order. At most 5 n^2 calls of pow per round: n^2 for that pass, at
//          most n^2 for each kind of running sum, 2 n^2 for the utilities (3-4). Every
//          G_x[k] is added up in the same order as in a full n x (n + 1) table, so the
//          results are bit for bit those of the table (800 MB at 10,000 participants),
//          which was used up to 2,048 participants, with the O(n^3) sums beyond.
//   naive  O(n^3) time; O(n^2) memory up to 2,048 participants with risk-weighted votes.
// When a spec is parsed (and so in Result.spec and Result.parameters) each "preset" is
// replaced by the value the preset chose, so the spec names every choice and re-running it
// reproduces the run.
//
// Output: forecast = final c*s-weighted mean per issue; details per issue "mean",
// "median", "rounds" (rounds run) and "converged" (1/0; stop=converge only); trajectory
// (round 0 = initial positions, r = 1; round t = positions after round t, r used in it);
// one Move per actor that moved (or accepted an offer) in a round.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/builtin.h"
#include "models/eum_core.h"
#include "models/recycle.h"

namespace parley::models {

namespace {

namespace eum = internal::eum;

constexpr std::size_t kNaiveUpTo = 64;  // algorithm=auto: naive at or below this size

// Every interpretation parameter's value in each preset.
const std::map<std::string, std::map<std::string, std::string>>& PresetValues() {
  static const std::map<std::string, std::map<std::string, std::string>> values{
      {"corrected",
       {{"probability", "pair"},
        {"votes", "linear"},
        {"risk", "actors"},
        {"expectation", "bdm"},
        {"compromise", "ratio"},
        {"selection", "nearest"},
        {"capitulation", "on"},
        {"median", "weighted"},
        {"stop", "converge"}}},
      {"replication",
       {{"probability", "triples"},
        {"votes", "risk"},
        {"risk", "actors"},
        {"expectation", "status_quo"},
        {"compromise", "ratio"},
        {"selection", "scholz"},
        {"capitulation", "off"},
        {"median", "condorcet"},
        {"stop", "fixed"}}}};
  return values;
}

ParamSpec Interpretation(const std::string& name, const std::string& help,
                         std::vector<std::string> choices) {
  choices.insert(choices.begin(), "preset");
  return {name, ParamType::kChoice, help, "preset", 0, 0, std::move(choices)};
}

const char* KindName(eum::OfferKind kind) {
  switch (kind) {
    case eum::OfferKind::kConfrontation:
      return "confrontation";
    case eum::OfferKind::kCompromise:
      return "compromise";
    case eum::OfferKind::kCapitulation:
      return "capitulation";
    default:
      return "none";
  }
}

class Eum : public Model {
 public:
  explicit Eum(ModelSpec spec) : Model(std::move(spec)) {
    // The registry resolves presets when it parses a spec; a spec built by hand may still
    // say "preset", so resolve again (a no-op on a parsed spec).
    Parameters params = this->spec().parameters;
    ResolveEumPresets(params);
    const std::string& preset = params.Choice("preset");
    config_.probability = params.Choice("probability") == "pair" ? eum::Probability::kPair
                                                                 : eum::Probability::kTriples;
    config_.votes =
        params.Choice("votes") == "linear" ? eum::VoteUtility::kLinear : eum::VoteUtility::kRisk;
    config_.risk =
        params.Choice("risk") == "actors" ? eum::RiskRule::kActors : eum::RiskRule::kNeutral;
    config_.expectation = params.Choice("expectation") == "bdm" ? eum::Expectation::kBdm
                                                                : eum::Expectation::kStatusQuoOnly;
    config_.compromise = params.Choice("compromise") == "ratio" ? eum::CompromiseRule::kRatio
                                                                : eum::CompromiseRule::kWeighted;
    config_.selection =
        params.Choice("selection") == "scholz" ? eum::Selection::kScholz : eum::Selection::kNearest;
    config_.capitulation = params.Choice("capitulation") == "on";
    config_.median = params.Choice("median") == "condorcet" ? eum::MedianRule::kCondorcet
                                                            : eum::MedianRule::kWeighted;
    config_.q = params.Real("q");
    config_.t = params.Real("t");
    // The replication divides by any non-zero spread of danger levels; the corrected
    // reading treats a spread at rounding level as a tie (see eum_core.h).
    config_.danger_tie = preset == "replication" ? 0.0 : 1e-12;
    converge_ = params.Choice("stop") == "converge";
    rounds_ = static_cast<int>(params.Integer("rounds"));
    tolerance_ = params.Real("tolerance");
    patience_ = static_cast<int>(params.Integer("patience"));
    algorithm_ = params.Choice("algorithm");
  }

  const ModelDescriptor& descriptor() const override { return EumDescriptor(); }

  // Bargain is Model's default: BargainInto with a fresh workspace.

 protected:
  std::unique_ptr<ModelWorkspace> MakeWorkspace() const override {
    return std::make_unique<Workspace>();
  }

  void BargainInto(const Scenario& scenario, ModelWorkspace& base, Result& result) const override {
    Workspace& workspace = static_cast<Workspace&>(base);
    // The trajectory and moves vary in length from run to run: their entries (and the
    // storage of their strings) wait in the workspace between runs.
    internal::Park(result.trajectory, workspace.spare_rounds);
    internal::Park(result.moves, workspace.spare_moves);
    const std::size_t details_per_issue = converge_ ? 4 : 3;
    ResetResult(scenario, result, scenario.issue_count() * details_per_issue);
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      RunIssue(scenario, k, workspace, result, &result.details[k * details_per_issue]);
    }
  }

 private:
  struct Workspace : ModelWorkspace {
    eum::IssueActors actors;
    std::vector<std::size_t> members;  // the issue's participants (scenario actor indices)
    std::vector<double> position;
    eum::RoundOutcome outcome;
    eum::RoundScratch scratch;
    std::vector<ActorRound> spare_rounds;
    std::vector<Move> spare_moves;
  };

  // One issue's rounds into `result` (forecast k, its trajectory and moves) and its
  // details into details[0..3): mean, median, rounds and, with converge, converged.
  void RunIssue(const Scenario& scenario, std::size_t issue_index, Workspace& workspace,
                Result& result, Detail* details) const {
    const Issue& issue = scenario.issue(issue_index);
    eum::IssueActors& actors = workspace.actors;
    std::vector<std::size_t>& members = workspace.members;
    std::vector<double>& position = workspace.position;
    actors.capability.clear();
    actors.salience.clear();
    members.clear();
    position.clear();
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      const Stance* stance = scenario.stance(a, issue_index);
      if (stance == nullptr) continue;
      actors.capability.push_back(scenario.Capability(a, *stance));
      actors.salience.push_back(stance->salience);
      members.push_back(a);
      position.push_back(stance->position);
    }
    const auto id = [&](std::size_t member) -> const std::string& {
      return scenario.actor(members[member]).id;
    };
    const auto add_round = [&](int round, std::size_t a, double at, double risk) {
      ActorRound& entry = internal::Append(result.trajectory, workspace.spare_rounds);
      entry.round = round;
      entry.issue_id.assign(issue.id);
      entry.actor_id.assign(id(a));
      entry.position = at;
      entry.risk = risk;
    };
    const std::size_t n = position.size();
    const eum::Algorithm algorithm =
        algorithm_ == "naive" || (algorithm_ == "auto" && n <= kNaiveUpTo) ? eum::Algorithm::kNaive
                                                                           : eum::Algorithm::kFast;
    const double range = eum::PositionRange(position);
    const bool needs_median = config_.expectation == eum::Expectation::kBdm && config_.q < 1;
    for (std::size_t a = 0; a < n; ++a) add_round(0, a, position[a], 1.0);
    eum::RoundScratch& scratch = workspace.scratch;
    eum::RoundOutcome& outcome = workspace.outcome;
    double mean = eum::MeanPosition(actors, position, scratch);
    const double step_tolerance = tolerance_ * issue.range();
    int rounds_run = 0;
    int quiet_rounds = 0;
    bool converged = false;
    for (int round = 1; round <= rounds_; ++round) {
      const double median =
          needs_median ? eum::MedianPosition(config_.median, actors, position, scratch) : 0.0;
      eum::RunRound(config_, algorithm, actors, position, range, median, scratch, outcome);
      double largest_step = 0;
      for (std::size_t a = 0; a < n; ++a) {
        const eum::Offer& offer = outcome.offer[a];
        if (offer.kind != eum::OfferKind::kNone) {
          Move& move = internal::Append(result.moves, workspace.spare_moves);
          move.round = round;
          move.issue_id.assign(issue.id);
          move.actor_id.assign(id(a));
          move.toward_id.assign(id(offer.from));
          move.kind.assign(KindName(offer.kind));
          move.from = position[a];
          move.to = outcome.position[a];
          move.eu_self = offer.eu_ij;
          move.eu_other = offer.eu_ji;
        }
        largest_step = std::max(largest_step, std::abs(outcome.position[a] - position[a]));
        add_round(round, a, outcome.position[a], outcome.r[a]);
      }
      position.swap(outcome.position);
      const double new_mean = eum::MeanPosition(actors, position, scratch);
      const bool quiet =
          std::abs(new_mean - mean) <= step_tolerance && largest_step <= step_tolerance;
      mean = new_mean;
      rounds_run = round;
      quiet_rounds = quiet ? quiet_rounds + 1 : 0;
      if (converge_ && quiet_rounds >= patience_) {
        converged = true;
        break;
      }
    }
    const double median = eum::MedianPosition(config_.median, actors, position, scratch);
    result.forecasts[issue_index].position = mean;
    const auto detail = [&](std::size_t d, const char* name, double value) {
      details[d].issue_id.assign(issue.id);
      details[d].name.assign(name);
      details[d].value = value;
    };
    detail(0, "mean", mean);
    detail(1, "median", median);
    detail(2, "rounds", static_cast<double>(rounds_run));
    if (converge_) detail(3, "converged", converged ? 1.0 : 0.0);
  }

  eum::Config config_;
  bool converge_ = false;
  int rounds_ = 10;
  double tolerance_ = 1e-6;
  int patience_ = 2;
  std::string algorithm_;
};

}  // namespace

const ModelDescriptor& EumDescriptor() {
  static const ModelDescriptor descriptor{
      "eum",
      "expected utility model: rounds of challenges, compromises and capitulations per issue",
      "Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In "
      "Bueno de Mesquita & Stokman (eds.), European Community Decision Making, Yale UP, ch. 4; "
      "as reconstructed by Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011), Unravelling "
      "Bueno de Mesquita's group decision model, J. Theoretical Politics 23(4), 510-531",
      {{"preset",
        ParamType::kChoice,
        "bundle of interpretation choices: corrected (BDM 1994, quirks fixed) or replication "
        "(the public Python replication of Scholz et al., quirks included)",
        "corrected",
        0,
        0,
        {"corrected", "replication"}},
       Interpretation("probability",
                      "denominator of P(i beats j): votes on the pair, or Scholz's sum over "
                      "all actor triples",
                      {"pair", "triples"}),
       Interpretation("votes",
                      "voters' utility in P: linear distance, or distance^r with their risk "
                      "exponent",
                      {"linear", "risk"}),
       Interpretation("risk",
                      "risk exponents: from danger levels relative to all actors, or neutral "
                      "(r = 1)",
                      {"actors", "neutral"}),
       Interpretation("expectation",
                      "no-challenge branch: -q*Usq only, or BDM's -q*Usq-(1-q)(t*Ub+(1-t)*Uw)",
                      {"status_quo", "bdm"}),
       {"q",
        ParamType::kReal,
        "Q: probability that the status quo persists without a challenge",
        "1",
        0,
        1,
        {}},
       {"t",
        ParamType::kReal,
        "T: probability that things get better, not worse, if the status quo changes",
        "1",
        0,
        1,
        {}},
       Interpretation("compromise",
                      "compromise position: x_i+(x_j-x_i)|eu_ij/eu_ji|, or the |eu|-weighted "
                      "mean of x_i and x_j",
                      {"ratio", "weighted"}),
       Interpretation("selection",
                      "which offer an actor takes: scholz (nearest confrontation, else smallest "
                      "weighted compromise key) or nearest (least move)",
                      {"scholz", "nearest"}),
       Interpretation("capitulation",
                      "whether the capitulation branch fires (the replication's typo disables it)",
                      {"on", "off"}),
       Interpretation("median",
                      "reported median: condorcet (best actor position) or weighted (midpoint "
                      "of ties)",
                      {"condorcet", "weighted"}),
       Interpretation("stop", "fixed number of rounds, or stop at convergence (rounds is the cap)",
                      {"fixed", "converge"}),
       {"rounds",
        ParamType::kInteger,
        "number of rounds (fixed) or the cap (converge)",
        "10",
        0,
        100000,
        {}},
       {"tolerance",
        ParamType::kReal,
        "converge: largest move of the mean and of any position, as a share of the scale range",
        "1e-6",
        0,
        1,
        {}},
       {"patience",
        ParamType::kInteger,
        "converge: consecutive quiet rounds needed to stop",
        "2",
        1,
        1000,
        {}},
       {"algorithm",
        ParamType::kChoice,
        "naive (the reference's sums, O(n^3) per round), fast (sorted prefix sums, O(n^2) per "
        "round), or auto",
        "auto",
        0,
        0,
        {"auto", "naive", "fast"}}},
      nullptr,
      {}};
  return descriptor;
}

std::unique_ptr<Model> MakeEum(ModelSpec spec) { return std::make_unique<Eum>(std::move(spec)); }

void ResolveEumPresets(Parameters& parameters) {
  for (const auto& [name, value] : PresetValues().at(parameters.Choice("preset"))) {
    if (parameters.Choice(name) == "preset") parameters.Set(name, value);
  }
}

}  // namespace parley::models
