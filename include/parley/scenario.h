// parley/scenario.h: what a negotiation looks like to every model.
//
// A Scenario holds actors (who bargains, with how much capability), issues (one-dimensional
// scales with labelled ends and an optional status quo) and, for each actor and issue, the
// actor's stance: its preferred position on the scale and the salience (0..1) it attaches
// to the issue. An actor may take no part in an issue (no stance).
//
// Contract: a Scenario is immutable and always valid. The only way to make one is
// `ScenarioBuilder::Build()` (used by every reader), which enforces:
//   - at least one actor and one issue; ids unique and non-empty;
//   - capability finite and > 0;
//   - scale min < max, both finite; status quo, when given, within the scale;
//   - positions finite and within their issue's scale; salience finite and in [0, 1];
//   - every issue has at least one participant with positive salience;
//   - repeated-game payoffs, when given, finite with punished < cooperate;
//   - issue-specific capabilities, when given, finite and > 0;
//   - decision blocks, when given, name actors that take part in the issue (a decider with
//     positive salience), thresholds in (0, 1], voting weights finite and > 0, and a status
//     quo wherever the rule needs one (see Decision).
// Violations throw InputError naming the source location, field and value.
#ifndef PARLEY_SCENARIO_H_
#define PARLEY_SCENARIO_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "parley/errors.h"

namespace parley {

struct Actor {
  std::string id;           // short, unique key used in files and output, e.g. "USA"
  std::string name;         // display name, e.g. "United States"
  double capability = 1.0;  // > 0; only ratios between actors matter
};

// Who decides an issue (docs/scenario-format.md, "Decision structure"). Without a
// Decision the issue is a collective decision by capability-weighted bargaining, as every
// model has always treated it. With one, a model's bargaining stage yields each actor's
// position and the decision stage (parley/decision.h) turns them into the outcome under
// the rule, the veto players and the agenda setter given here. Actors are named by id.
enum class DecisionRule {
  kDecider,    // one actor decides; the others can only persuade, threaten or pay
  kVote,       // a share `threshold` of the voting weight is needed to move off the status quo
  kUnanimity,  // every participant must consent to a change of the status quo
};

struct Decision {
  DecisionRule rule = DecisionRule::kDecider;
  std::string decider;     // kDecider: the deciding actor
  double threshold = 0.5;  // kVote: share of voting weight in (0, 1]
  // kVote: formal votes (e.g. Council votes), distinct from capability; only these actors
  // vote. Empty: every participant votes with its capability on the issue.
  std::vector<std::pair<std::string, double>> voting_weights;
  std::vector<std::string> veto;  // actors whose consent any change needs, under any rule
  std::string agenda_setter;      // who proposes; empty = none (kDecider: the decider)
  std::string note;               // free text, e.g. the treaty article; kept, not used
};

// "decider", "vote", "unanimity".
const char* DecisionRuleName(DecisionRule rule);

struct Issue {
  std::string id;
  std::string name;
  double scale_min = 0.0;
  double scale_max = 100.0;
  std::string min_label;  // what scale_min means, e.g. "business as usual"
  std::string max_label;  // what scale_max means, e.g. "full embargo"
  std::optional<double> status_quo;
  std::optional<Decision> decision;  // nullopt: collective bargaining (see Decision)

  double range() const { return scale_max - scale_min; }
};

// Per-period payoffs of an actor in the repeated game on one issue (any common unit):
// what it gets when everyone cooperates, when it defects while the others cooperate, and
// in the punishment phase after a defection. Used by the enforcement part of the linkage
// analysis (critical discount factors, Friedman 1971; Bernheim & Whinston 1990).
struct RepeatedGamePayoffs {
  double cooperate = 0.0;
  double defect = 0.0;
  double punished = 0.0;  // must be below `cooperate`
};

struct Stance {
  double position = 0.0;  // on the issue's scale
  double salience = 0.0;  // in [0, 1]: share of attention the actor gives the issue
  std::optional<RepeatedGamePayoffs> payoffs;  // optional; see RepeatedGamePayoffs
  // The actor's capability on this issue when it differs from its general one (given in
  // the file, or derived from trade data); > 0. See Scenario::Capability.
  std::optional<double> capability;
};

// How an issue-specific capability was derived from trade data (see the leverage rule in
// docs/scenario-format.md), kept so that reports can show the derived values and inputs.
struct CapabilityDerivation {
  std::string actor_id;
  std::string issue_id;
  int year = 0;
  double capability_share = 0;  // the actor's capability / the participants' total
  double trade_share = 0;       // mean share of the targets' trade with the actor
  double leverage_weight = 0;   // beta: the part of the weight that comes from trade
  double capability = 0;        // (1 - beta) capability_share + beta trade_share
  std::string inputs;           // e.g. "PRK: 5510 of 6020 (91.5%)"
};

// Uncertainty (docs/scenario-format.md, "Uncertainty"): a position, salience or capability
// may be given as a distribution. The scenario keeps a point value for it (the nominal
// value, see Distribution) so every model runs on the nominal scenario unchanged; ensembles
// and sensitivity analyses (parley/ensemble.h) draw from the distributions.
enum class DistributionKind { kUniform, kTriangular, kNormal, kBeta };

// A distribution on [low, high], the part of the field's valid range it may take:
//   uniform     on [low, high];
//   triangular  on [low, high] with mode `mode`;
//   normal      N(mean, sd) truncated to [low, high] (the valid range);
//   beta        Beta(alpha, beta) scaled to [low, high].
// The nominal value is the uniform's midpoint, the triangular's mode, the normal's mean
// and the scaled beta's mean low + (high - low) alpha / (alpha + beta).
struct Distribution {
  DistributionKind kind = DistributionKind::kUniform;
  double low = 0, high = 0;  // support (truncation bounds for the normal); high may be inf
  double mode = 0;           // triangular
  double mean = 0, sd = 0;   // normal
  double alpha = 0, beta = 0;

  double Nominal() const;
  std::string ToString() const;  // e.g. "uniform(60, 80)"
};

enum class UncertainField { kPosition, kSalience, kCapability };

// One uncertain number of the scenario. `issue` is kNoIssue for an actor's capability.
struct UncertainInput {
  static constexpr std::size_t kNoIssue = static_cast<std::size_t>(-1);
  UncertainField field = UncertainField::kPosition;
  std::size_t actor = 0;
  std::size_t issue = kNoIssue;
  Distribution distribution;
  bool from_noise = false;  // added by `uncertainty: {relative_noise: r}`
};

namespace internal {
class ScenarioWorkspace;  // writes sampled values into a copy (src/analysis/sampling.h)
}

class Scenario {
 public:
  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::string& source() const { return source_; }  // file it was read from, if any

  std::size_t actor_count() const { return actors_.size(); }
  std::size_t issue_count() const { return issues_.size(); }
  const std::vector<Actor>& actors() const { return actors_; }
  const std::vector<Issue>& issues() const { return issues_; }
  const Actor& actor(std::size_t index) const { return actors_.at(index); }
  const Issue& issue(std::size_t index) const { return issues_.at(index); }

  // Index of the actor or issue with this id, or nullopt.
  std::optional<std::size_t> FindActor(const std::string& id) const;
  std::optional<std::size_t> FindIssue(const std::string& id) const;

  // The stance of `actor` on `issue`, or nullptr when the actor takes no part.
  const Stance* stance(std::size_t actor, std::size_t issue) const;

  // The actor's capability on an issue: the stance's own capability when it has one,
  // else the actor's. Models that weigh actors issue by issue use this.
  double Capability(std::size_t actor, std::size_t issue) const;
  // The same given the actor's stance on that issue (saves looking it up again).
  double Capability(std::size_t actor, const Stance& stance) const {
    return stance.capability ? *stance.capability : actors_[actor].capability;
  }

  // Whether any issue has a decision block (parley/decision.h).
  bool HasDecisions() const;

  // The actors with a stance on `issue`, in the order the source listed the stances (the
  // order of ScenarioBuilder::SetStance calls). Most formats list by actor; decide's #D
  // lines need not. No result depends on it except where a model reproduces another
  // program's rounding: exchange(arithmetic=decimal) sums in this order, as decide does.
  // Writers (YAML, JSON, and so a pickle) keep no order of their own: read back, a
  // scenario lists its stances by actor.
  const std::vector<std::size_t>& StanceOrder(std::size_t issue) const {
    return stance_order_.at(issue);
  }

  // Issue-specific capabilities derived from trade data, with their inputs.
  const std::vector<CapabilityDerivation>& derivations() const { return derivations_; }

  // A stable 64-bit FNV-1a hash (16 hex digits) of the scenario's canonical content:
  // every id, name, number and label, in order. Two files that describe the same
  // scenario (e.g. YAML and JSON) hash the same; results record it for reproducibility.
  const std::string& ContentHash() const { return content_hash_; }

  // Uncertain inputs in file order (actor capabilities, then per issue each stance's
  // position and salience), followed by those added by relative noise; empty when the
  // scenario is certain. Values in the scenario itself are the nominal ones.
  const std::vector<UncertainInput>& uncertain_inputs() const { return uncertain_; }
  double relative_noise() const { return relative_noise_; }  // 0 = none
  // The per-period discount factor in (0, 1) the parties apply to future payoffs, for
  // whether a linked promise is self-enforcing in the repeated game (parley/linkage.h);
  // nullopt when the scenario gives none.
  std::optional<double> discount_factor() const { return discount_factor_; }
  // "USA.capability", "CHN.nk-pressure.position", ...
  std::string InputLabel(const UncertainInput& input) const;
  // The uncertain input on a field (issue = UncertainInput::kNoIssue for a capability), or
  // nullptr when the field is certain. O(1).
  const UncertainInput* FindUncertainInput(UncertainField field, std::size_t actor,
                                           std::size_t issue) const;

 private:
  friend class ScenarioBuilder;
  friend class internal::ScenarioWorkspace;
  std::string name_;
  std::string description_;
  std::string source_;
  std::vector<Actor> actors_;
  std::vector<Issue> issues_;
  // stances_[issue * actor_count + actor]; nullopt = no part in the issue.
  std::vector<std::optional<Stance>> stances_;
  std::vector<std::vector<std::size_t>> stance_order_;  // per issue, see StanceOrder
  std::vector<CapabilityDerivation> derivations_;
  std::vector<UncertainInput> uncertain_;
  // Per field, 1 + its index in uncertain_, or 0 when certain: capabilities first
  // (actor_count), then per stance slot its position and its salience (see UncertainSlot).
  std::vector<std::uint32_t> uncertain_index_;
  std::size_t UncertainSlot(UncertainField field, std::size_t actor, std::size_t issue) const;
  void IndexUncertainInput(std::size_t input);
  double relative_noise_ = 0;
  std::optional<double> discount_factor_;
  // ContentHash(), computed once by ScenarioBuilder::Build(): a Scenario never changes
  // afterwards, and models record the hash in every Result. A sampled copy in an ensemble
  // workspace keeps its nominal scenario's hash.
  std::string content_hash_;
  std::string ComputeContentHash() const;
};

// Collects a scenario piece by piece and validates it. Each Add/Set call checks what it
// can at once (ranges, NaN, duplicates) and records `where` so that checks that can only
// run at the end (participation, positions against a scale given later) still point at
// the right line.
class ScenarioBuilder {
 public:
  // `source` names the file in messages (may be empty for in-memory scenarios).
  explicit ScenarioBuilder(std::string source = "");

  void SetName(const std::string& name);
  void SetDescription(const std::string& description);

  // Adds an actor. `field` is the field path used in messages, e.g. "actors[3]".
  void AddActor(const Actor& actor, const SourceLocation& where = {},
                const std::string& field = "actor");
  void AddIssue(const Issue& issue, const SourceLocation& where = {},
                const std::string& field = "issue");
  // Sets the stance of an actor on an issue; both must have been added before.
  void SetStance(const std::string& actor_id, const std::string& issue_id, const Stance& stance,
                 const SourceLocation& where = {}, const std::string& field = "position");

  // Sets the issue-specific capability of an existing stance (> 0, finite).
  void SetIssueCapability(const std::string& actor_id, const std::string& issue_id,
                          double capability, const SourceLocation& where = {},
                          const std::string& field = "capability");
  // Sets the decision structure of an existing issue. Ids and the status quo are checked
  // in Build(), once every stance is known; `where`/`field` locate the block in messages.
  void SetDecision(const std::string& issue_id, const Decision& decision,
                   const SourceLocation& where = {}, const std::string& field = "decision");
  // Records how a stance's capability was derived.
  void AddDerivation(const CapabilityDerivation& derivation);

  // Declares an actor's capability (issue_id empty) or a stance's position or salience
  // (the stance set before) uncertain. Checks the parameters against the field's valid
  // range: the issue's scale for positions, [0, 1] for saliences, (0, inf) for
  // capabilities. `distribution.low/high` must already be set (readers fill in the valid
  // range when the file gives no bounds). The field's point value should be
  // distribution.Nominal().
  void SetUncertainty(const std::string& actor_id, const std::string& issue_id, UncertainField kind,
                      const Distribution& distribution, const SourceLocation& where = {},
                      const std::string& field = "position");
  // Scenario-wide noise for every position, salience and capability without a
  // distribution: normal, sd = r x the valid range (scale width for positions, 1 for
  // saliences, the nominal value for capabilities), truncated to the range. r in (0, 1].
  void SetRelativeNoise(double relative_noise, const SourceLocation& where = {},
                        const std::string& field = "uncertainty.relative_noise");

  // The per-period discount factor, in (0, 1).
  void SetDiscountFactor(double discount_factor, const SourceLocation& where = {},
                         const std::string& field = "discount_factor");

  // Runs the whole-scenario checks and returns the scenario. The builder is left empty.
  Scenario Build();

  // The location recorded for an actor id / issue id ({} when none).
  SourceLocation ActorLocation(const std::string& id) const;
  SourceLocation IssueLocation(const std::string& id) const;

 private:
  struct PendingStance {
    std::size_t actor;
    std::size_t issue;
    Stance stance;
    SourceLocation where;
    std::string field;
  };
  SourceLocation Locate(const SourceLocation& where) const;
  void AddNoiseInputs();  // Build(): relative noise for every field without a distribution
  void CheckDecision(std::size_t issue) const;  // Build(): the rules in Decision's comment

  std::string source_;
  Scenario scenario_;
  std::vector<SourceLocation> actor_where_;
  std::vector<std::string> actor_field_;
  std::vector<SourceLocation> issue_where_;
  std::vector<std::string> issue_field_;
  std::vector<SourceLocation> decision_where_;  // per issue, where its decision block is
  std::vector<std::string> decision_field_;
  std::vector<PendingStance> stances_;
  std::unordered_map<std::uint64_t, std::size_t> stance_index_;  // (actor, issue) -> slot
};

}  // namespace parley

#endif  // PARLEY_SCENARIO_H_
