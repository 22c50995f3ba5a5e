// Scenario storage and the validating builder every reader goes through, so that the
// rules in scenario.h are enforced in exactly one place.
#include "parley/scenario.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "core/text.h"

namespace parley {

std::optional<std::size_t> Scenario::FindActor(const std::string& id) const {
  for (std::size_t index = 0; index < actors_.size(); ++index) {
    if (actors_[index].id == id) return index;
  }
  return std::nullopt;
}

std::optional<std::size_t> Scenario::FindIssue(const std::string& id) const {
  for (std::size_t index = 0; index < issues_.size(); ++index) {
    if (issues_[index].id == id) return index;
  }
  return std::nullopt;
}

const Stance* Scenario::stance(std::size_t actor, std::size_t issue) const {
  const auto& slot = stances_.at(issue * actors_.size() + actor);
  return slot ? &*slot : nullptr;
}

bool Scenario::HasDecisions() const {
  for (const Issue& issue : issues_) {
    if (issue.decision) return true;
  }
  return false;
}

double Scenario::Capability(std::size_t actor, std::size_t issue) const {
  const Stance* own = stance(actor, issue);
  return own != nullptr ? Capability(actor, *own) : actors_.at(actor).capability;
}

namespace {

// FNV-1a, 64 bit (Fowler, Noll, Vo): simple, stable across platforms, good enough to tell
// inputs apart in output files (this is not a security hash).
class Fnv1a {
 public:
  void Add(const std::string& text) {
    for (unsigned char byte : text) Mix(byte);
    Mix(0);  // separator, so ("ab","c") and ("a","bc") differ
  }
  void Add(double value) { Add(fmt::format("{}", value)); }
  std::string Hex() const { return fmt::format("{:016x}", state_); }

 private:
  void Mix(unsigned char byte) {
    state_ ^= byte;
    state_ *= 0x100000001b3ULL;
  }
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::string Scenario::ComputeContentHash() const {
  Fnv1a hash;
  hash.Add(name_);
  for (const Actor& actor : actors_) {
    hash.Add(actor.id);
    hash.Add(actor.name);
    hash.Add(actor.capability);
  }
  for (const Issue& issue : issues_) {
    hash.Add(issue.id);
    hash.Add(issue.name);
    hash.Add(issue.scale_min);
    hash.Add(issue.scale_max);
    hash.Add(issue.min_label);
    hash.Add(issue.max_label);
    hash.Add(issue.status_quo ? fmt::format("{}", *issue.status_quo) : "none");
    // Only issues with a decision block hash it, so scenarios without one keep their hashes.
    if (const auto& decision = issue.decision) {
      hash.Add(fmt::format("decision:{}", DecisionRuleName(decision->rule)));
      hash.Add(decision->decider);
      hash.Add(decision->threshold);
      for (const auto& [actor, weight] : decision->voting_weights) {
        hash.Add(actor);
        hash.Add(weight);
      }
      hash.Add(fmt::format("veto:{}", decision->veto.size()));
      for (const std::string& actor : decision->veto) hash.Add(actor);
      hash.Add(decision->agenda_setter);
    }
  }
  for (const auto& slot : stances_) {
    if (!slot) {
      hash.Add("-");
      continue;
    }
    hash.Add(slot->position);
    hash.Add(slot->salience);
    if (slot->capability) hash.Add(fmt::format("c{}", *slot->capability));
    if (slot->payoffs) {
      hash.Add(slot->payoffs->cooperate);
      hash.Add(slot->payoffs->defect);
      hash.Add(slot->payoffs->punished);
    }
  }
  // Only uncertain scenarios hash their distributions, so certain ones keep their hashes.
  for (const UncertainInput& input : uncertain_) {
    if (input.from_noise) continue;  // implied by relative_noise_
    hash.Add(InputLabel(input) + "~" + input.distribution.ToString());
  }
  if (relative_noise_ > 0) hash.Add(fmt::format("noise{}", relative_noise_));
  if (discount_factor_) hash.Add(fmt::format("discount{}", *discount_factor_));
  return hash.Hex();
}

double Distribution::Nominal() const {
  switch (kind) {
    case DistributionKind::kUniform:
      return 0.5 * (low + high);
    case DistributionKind::kTriangular:
      return mode;
    case DistributionKind::kNormal:
      return mean;
    case DistributionKind::kBeta:
      return low + (high - low) * alpha / (alpha + beta);
  }
  return low;
}

std::string Distribution::ToString() const {
  switch (kind) {
    case DistributionKind::kUniform:
      return fmt::format("uniform({}, {})", low, high);
    case DistributionKind::kTriangular:
      return fmt::format("triangular({}, {}, {})", low, mode, high);
    case DistributionKind::kNormal:
      return fmt::format("normal({}, {}) on [{}, {}{}", mean, sd, low, high,
                         std::isinf(high) ? ")" : "]");
    case DistributionKind::kBeta:
      return fmt::format("beta({}, {}) on [{}, {}]", alpha, beta, low, high);
  }
  return "?";
}

const char* DecisionRuleName(DecisionRule rule) {
  switch (rule) {
    case DecisionRule::kDecider:
      return "decider";
    case DecisionRule::kVote:
      return "vote";
    case DecisionRule::kUnanimity:
      return "unanimity";
  }
  return "?";
}

std::size_t Scenario::UncertainSlot(UncertainField field, std::size_t actor,
                                    std::size_t issue) const {
  if (field == UncertainField::kCapability) return actor;
  const std::size_t stance_slot = issue * actors_.size() + actor;
  return actors_.size() + 2 * stance_slot + (field == UncertainField::kSalience ? 1 : 0);
}

void Scenario::IndexUncertainInput(std::size_t input) {
  const UncertainInput& entry = uncertain_[input];
  uncertain_index_[UncertainSlot(entry.field, entry.actor, entry.issue)] =
      static_cast<std::uint32_t>(input + 1);
}

const UncertainInput* Scenario::FindUncertainInput(UncertainField field, std::size_t actor,
                                                   std::size_t issue) const {
  if (uncertain_index_.empty()) return nullptr;  // a default-constructed Scenario
  const std::uint32_t entry = uncertain_index_[UncertainSlot(field, actor, issue)];
  return entry == 0 ? nullptr : &uncertain_[entry - 1];
}

std::string Scenario::InputLabel(const UncertainInput& input) const {
  const std::string& actor = actors_.at(input.actor).id;
  if (input.field == UncertainField::kCapability) return actor + ".capability";
  return fmt::format("{}.{}.{}", actor, issues_.at(input.issue).id,
                     input.field == UncertainField::kPosition ? "position" : "salience");
}

// ---------------------------------------------------------------------------------------
// ScenarioBuilder

ScenarioBuilder::ScenarioBuilder(std::string source) : source_(std::move(source)) {
  scenario_.source_ = source_;
}

SourceLocation ScenarioBuilder::Locate(const SourceLocation& where) const {
  SourceLocation located = where;
  if (located.file.empty()) located.file = source_;
  return located;
}

namespace {

std::string Quote(const std::string& text) { return "'" + text + "'"; }

void RequireId(const std::string& id, const SourceLocation& where, const std::string& field) {
  if (id.empty()) throw InputError(where, field + ".id", "is empty; expected a non-empty id");
  for (char c : id) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') {
      throw InputError(where, field + ".id",
                       fmt::format("'{}' contains a comma, quote or line break; expected a "
                                   "plain identifier such as 'USA' or 'nk-pressure'",
                                   id));
    }
  }
}

void RequireUtf8(const std::string& text, const SourceLocation& where, const std::string& field) {
  if (!internal::IsValidUtf8(text)) {
    throw InputError(where, field,
                     "is not valid UTF-8 text; expected UTF-8 (save the file as UTF-8)");
  }
}

void RequireFinite(double value, const SourceLocation& where, const std::string& field) {
  if (!std::isfinite(value)) {
    throw InputError(where, field, fmt::format("is {}; expected a finite number", value));
  }
}

}  // namespace

void ScenarioBuilder::SetName(const std::string& name) {
  RequireUtf8(name, Locate({}), "name");
  scenario_.name_ = name;
}
void ScenarioBuilder::SetDescription(const std::string& description) {
  RequireUtf8(description, Locate({}), "description");
  scenario_.description_ = description;
}

void ScenarioBuilder::AddActor(const Actor& actor, const SourceLocation& where_given,
                               const std::string& field) {
  const SourceLocation where = Locate(where_given);
  RequireId(actor.id, where, field);
  RequireUtf8(actor.id, where, field + ".id");
  RequireUtf8(actor.name, where, field + ".name");
  if (scenario_.FindActor(actor.id)) {
    throw InputError(where, field + ".id",
                     fmt::format("duplicate actor id {}; first defined at {}", Quote(actor.id),
                                 ActorLocation(actor.id).ToString()));
  }
  RequireFinite(actor.capability, where, field + ".capability");
  if (actor.capability <= 0) {
    throw InputError(where, field + ".capability",
                     fmt::format("is {}; expected a number > 0", actor.capability));
  }
  Actor stored = actor;
  if (stored.name.empty()) stored.name = stored.id;
  scenario_.actors_.push_back(stored);
  actor_where_.push_back(where);
  actor_field_.push_back(field);
}

void ScenarioBuilder::AddIssue(const Issue& issue, const SourceLocation& where_given,
                               const std::string& field) {
  const SourceLocation where = Locate(where_given);
  RequireId(issue.id, where, field);
  RequireUtf8(issue.id, where, field + ".id");
  RequireUtf8(issue.name, where, field + ".name");
  RequireUtf8(issue.min_label, where, field + ".scale.min_label");
  RequireUtf8(issue.max_label, where, field + ".scale.max_label");
  if (scenario_.FindIssue(issue.id)) {
    throw InputError(where, field + ".id",
                     fmt::format("duplicate issue id {}; first defined at {}", Quote(issue.id),
                                 IssueLocation(issue.id).ToString()));
  }
  RequireFinite(issue.scale_min, where, field + ".scale.min");
  RequireFinite(issue.scale_max, where, field + ".scale.max");
  if (!(issue.scale_min < issue.scale_max)) {
    throw InputError(where, field + ".scale",
                     fmt::format("min {} is not below max {}; expected min < max", issue.scale_min,
                                 issue.scale_max));
  }
  if (issue.status_quo) {
    RequireFinite(*issue.status_quo, where, field + ".status_quo");
    if (*issue.status_quo < issue.scale_min || *issue.status_quo > issue.scale_max) {
      throw InputError(where, field + ".status_quo",
                       fmt::format("is {}; expected a value within the scale [{}, {}]",
                                   *issue.status_quo, issue.scale_min, issue.scale_max));
    }
  }
  Issue stored = issue;
  if (stored.name.empty()) stored.name = stored.id;
  scenario_.issues_.push_back(stored);
  issue_where_.push_back(where);
  issue_field_.push_back(field);
  decision_where_.push_back(where);
  decision_field_.push_back(field + ".decision");
  // A block given with the issue (agenda edits, rebuilt scenarios) gets the same checks.
  if (issue.decision) SetDecision(issue.id, *issue.decision, where, field + ".decision");
}

void ScenarioBuilder::SetDecision(const std::string& issue_id, const Decision& decision,
                                  const SourceLocation& where_given, const std::string& field) {
  const SourceLocation where = Locate(where_given);
  const auto issue = scenario_.FindIssue(issue_id);
  if (!issue) {
    throw InputError(where, field, fmt::format("unknown issue {}", Quote(issue_id)));
  }
  if (decision.rule == DecisionRule::kVote) {
    RequireFinite(decision.threshold, where, field + ".threshold");
    if (!(decision.threshold > 0 && decision.threshold <= 1)) {
      throw InputError(where, field + ".threshold",
                       fmt::format("is {}; expected a share of the voting weight in (0, 1], "
                                   "e.g. 0.5 for a simple majority",
                                   decision.threshold));
    }
    for (const auto& [actor, weight] : decision.voting_weights) {
      RequireFinite(weight, where, field + ".voting_weights." + actor);
      if (!(weight > 0)) {
        throw InputError(where, field + ".voting_weights." + actor,
                         fmt::format("is {}; expected a number > 0 (leave out an actor "
                                     "that has no vote)",
                                     weight));
      }
    }
  }
  RequireUtf8(decision.note, where, field + ".note");
  scenario_.issues_[*issue].decision = decision;
  decision_where_[*issue] = where;
  decision_field_[*issue] = field;
}

void ScenarioBuilder::CheckDecision(std::size_t issue_index) const {
  const Issue& issue = scenario_.issues_[issue_index];
  if (!issue.decision) return;
  const Decision& decision = *issue.decision;
  const SourceLocation& where = decision_where_[issue_index];
  const std::string& field = decision_field_[issue_index];
  // An actor named in the block must exist and take part in the issue: the decision stage
  // reads its (post-bargaining) position.
  auto require_participant = [&](const std::string& id, const std::string& role_field) {
    const auto actor = scenario_.FindActor(id);
    if (!actor) {
      std::string ids;
      for (const Actor& known : scenario_.actors_) ids += (ids.empty() ? "" : ", ") + known.id;
      throw InputError(
          where, role_field,
          fmt::format("unknown actor {}; expected one of the actors defined: {}", Quote(id), ids));
    }
    const auto& slot = scenario_.stances_[issue_index * scenario_.actors_.size() + *actor];
    if (!slot) {
      throw InputError(where, role_field,
                       fmt::format("actor {} takes no part in issue {}; expected an actor with a "
                                   "position on it (its position is what the rule uses)",
                                   Quote(id), Quote(issue.id)));
    }
    return *actor;
  };
  auto require_status_quo = [&](const std::string& role_field, const char* why) {
    if (!issue.status_quo) {
      throw InputError(
          where, role_field,
          fmt::format("issue {} has no status_quo; expected one, since {}", Quote(issue.id), why));
    }
  };
  switch (decision.rule) {
    case DecisionRule::kDecider: {
      if (decision.decider.empty()) {
        throw InputError(where, field + ".decider",
                         "is missing; expected the id of the actor who decides (rule: decider)");
      }
      const std::size_t actor = require_participant(decision.decider, field + ".decider");
      const auto& slot = scenario_.stances_[issue_index * scenario_.actors_.size() + actor];
      if (!(slot->salience > 0)) {
        throw InputError(where, field + ".decider",
                         fmt::format("actor {} gives issue {} salience 0; expected a decider "
                                     "that cares about the issue (salience > 0)",
                                     Quote(decision.decider), Quote(issue.id)));
      }
      break;
    }
    case DecisionRule::kVote:
      for (const auto& [actor, weight] : decision.voting_weights) {
        require_participant(actor, field + ".voting_weights." + actor);
      }
      if (decision.threshold > 0.5) {
        require_status_quo(field + ".threshold",
                           "a threshold above one half is a share needed to move off it");
      }
      break;
    case DecisionRule::kUnanimity:
      require_status_quo(field + ".rule", "unanimity keeps it unless every participant consents");
      break;
  }
  for (std::size_t v = 0; v < decision.veto.size(); ++v) {
    require_participant(decision.veto[v], fmt::format("{}.veto[{}]", field, v));
    require_status_quo(fmt::format("{}.veto[{}]", field, v),
                       "a veto player's consent is measured against it");
  }
  if (!decision.agenda_setter.empty()) {
    require_participant(decision.agenda_setter, field + ".agenda_setter");
    require_status_quo(field + ".agenda_setter",
                       "the agenda setter's proposal is accepted or rejected against it");
  }
}

void ScenarioBuilder::SetStance(const std::string& actor_id, const std::string& issue_id,
                                const Stance& stance, const SourceLocation& where_given,
                                const std::string& field) {
  const SourceLocation where = Locate(where_given);
  auto actor = scenario_.FindActor(actor_id);
  if (!actor) {
    std::string known;
    for (const Actor& a : scenario_.actors_) known += (known.empty() ? "" : ", ") + a.id;
    throw InputError(where, field,
                     fmt::format("unknown actor {}; expected one of the actors defined: {}",
                                 Quote(actor_id), known.empty() ? "(none)" : known));
  }
  auto issue = scenario_.FindIssue(issue_id);
  if (!issue) {
    std::string known;
    for (const Issue& i : scenario_.issues_) known += (known.empty() ? "" : ", ") + i.id;
    throw InputError(where, field,
                     fmt::format("unknown issue {}; expected one of the issues defined: {}",
                                 Quote(issue_id), known.empty() ? "(none)" : known));
  }
  const std::uint64_t key = (static_cast<std::uint64_t>(*actor) << 32) | *issue;
  if (auto found = stance_index_.find(key); found != stance_index_.end()) {
    throw InputError(
        where, field,
        fmt::format("actor {} already has a position on issue {} (at {})", Quote(actor_id),
                    Quote(issue_id), stances_[found->second].where.ToString()));
  }
  RequireFinite(stance.position, where, field + ".position");
  RequireFinite(stance.salience, where, field + ".salience");
  const Issue& target = scenario_.issues_[*issue];
  if (stance.position < target.scale_min || stance.position > target.scale_max) {
    throw InputError(
        where, field + ".position",
        fmt::format("is {}; expected a value within the scale of issue {}: [{}, {}]",
                    stance.position, Quote(issue_id), target.scale_min, target.scale_max));
  }
  if (stance.salience < 0 || stance.salience > 1) {
    throw InputError(where, field + ".salience",
                     fmt::format("is {}; expected a value in [0, 1] (or in [0, 100] when the "
                                 "file declares salience_scale: 100)",
                                 stance.salience));
  }
  if (stance.capability) {
    RequireFinite(*stance.capability, where, field + ".capability");
    if (*stance.capability <= 0) {
      throw InputError(where, field + ".capability",
                       fmt::format("is {}; expected a number > 0", *stance.capability));
    }
  }
  if (stance.payoffs) {
    const RepeatedGamePayoffs& payoffs = *stance.payoffs;
    RequireFinite(payoffs.cooperate, where, field + ".payoffs.cooperate");
    RequireFinite(payoffs.defect, where, field + ".payoffs.defect");
    RequireFinite(payoffs.punished, where, field + ".payoffs.punished");
    if (!(payoffs.punished < payoffs.cooperate)) {
      throw InputError(where, field + ".payoffs.punished",
                       fmt::format("is {}, not below cooperate ({}); expected a punishment that "
                                   "is worse than cooperation",
                                   payoffs.punished, payoffs.cooperate));
    }
  }
  stance_index_.emplace(key, stances_.size());
  stances_.push_back({*actor, *issue, stance, where, field});
}

void ScenarioBuilder::SetIssueCapability(const std::string& actor_id, const std::string& issue_id,
                                         double capability, const SourceLocation& where_given,
                                         const std::string& field) {
  const SourceLocation where = Locate(where_given);
  const auto actor = scenario_.FindActor(actor_id);
  const auto issue = scenario_.FindIssue(issue_id);
  const auto found = actor && issue
                         ? stance_index_.find((static_cast<std::uint64_t>(*actor) << 32) | *issue)
                         : stance_index_.end();
  if (found == stance_index_.end()) {
    throw InputError(where, field,
                     fmt::format("actor '{}' has no position on issue '{}' to give a "
                                 "capability on",
                                 actor_id, issue_id));
  }
  RequireFinite(capability, where, field);
  if (capability <= 0) {
    throw InputError(where, field, fmt::format("is {}; expected a number > 0", capability));
  }
  stances_[found->second].stance.capability = capability;
}

void ScenarioBuilder::AddDerivation(const CapabilityDerivation& derivation) {
  scenario_.derivations_.push_back(derivation);
}

namespace {

// Checks a distribution's parameters against the valid range [min, max] of its field
// (max may be infinite; `open_min`: the range excludes min, as for capabilities).
void RequireValidDistribution(const Distribution& d, double min, double max, bool open_min,
                              const SourceLocation& where, const std::string& field) {
  const std::string range =
      fmt::format("{}{}, {}{}", open_min ? "(" : "[", min, max, std::isinf(max) ? ")" : "]");
  auto inside = [&](double value) {
    return (open_min ? value > min : value >= min) && value <= max;
  };
  auto finite = [&](double value, const char* name) {
    if (!std::isfinite(value)) {
      throw InputError(
          where, field,
          fmt::format("{} of {} is {}; expected a finite number", name, d.ToString(), value));
    }
  };
  switch (d.kind) {
    case DistributionKind::kUniform:
    case DistributionKind::kTriangular:
    case DistributionKind::kBeta:
      finite(d.low, "the lower bound");
      finite(d.high, "the upper bound");
      if (!(d.low < d.high)) {
        throw InputError(where, field,
                         fmt::format("{}: lower bound {} is not below upper bound {}; expected "
                                     "low < high",
                                     d.ToString(), d.low, d.high));
      }
      if (!inside(d.low) || !inside(d.high)) {
        throw InputError(where, field,
                         fmt::format("{} reaches outside the valid range {}; expected bounds "
                                     "within it",
                                     d.ToString(), range));
      }
      if (d.kind == DistributionKind::kTriangular) {
        finite(d.mode, "the mode");
        if (d.mode < d.low || d.mode > d.high) {
          throw InputError(where, field,
                           fmt::format("{}: mode {} is outside [{}, {}]; expected low <= mode "
                                       "<= high",
                                       d.ToString(), d.mode, d.low, d.high));
        }
      }
      if (d.kind == DistributionKind::kBeta) {
        finite(d.alpha, "alpha");
        finite(d.beta, "beta");
        if (!(d.alpha > 0) || !(d.beta > 0)) {
          throw InputError(where, field,
                           fmt::format("{}: shape parameters must be > 0", d.ToString()));
        }
      }
      break;
    case DistributionKind::kNormal:
      finite(d.mean, "the mean");
      finite(d.sd, "the standard deviation");
      if (!(d.sd > 0)) {
        throw InputError(where, field,
                         fmt::format("{}: standard deviation {} is not positive; expected "
                                     "sd > 0",
                                     d.ToString(), d.sd));
      }
      if (!inside(d.mean)) {
        throw InputError(
            where, field,
            fmt::format("{}: mean {} is outside the valid range {}", d.ToString(), d.mean, range));
      }
      if (std::isnan(d.low) || std::isnan(d.high) || !(d.low < d.high)) {
        throw InputError(where, field, fmt::format("{}: bad truncation range", d.ToString()));
      }
      break;
  }
}

}  // namespace

void ScenarioBuilder::SetUncertainty(const std::string& actor_id, const std::string& issue_id,
                                     UncertainField kind, const Distribution& distribution,
                                     const SourceLocation& where_given, const std::string& field) {
  const SourceLocation where = Locate(where_given);
  const auto actor = scenario_.FindActor(actor_id);
  if (!actor) throw InputError(where, field, fmt::format("unknown actor '{}'", actor_id));
  UncertainInput input{kind, *actor, UncertainInput::kNoIssue, distribution, false};
  double min = 0, max = std::numeric_limits<double>::infinity();
  if (kind == UncertainField::kCapability) {
    if (!issue_id.empty()) {
      throw InputError(where, field,
                       "issue-specific capabilities cannot be uncertain; give the actor's "
                       "capability a distribution instead");
    }
  } else {
    const auto issue = scenario_.FindIssue(issue_id);
    if (!issue || stance_index_.count((static_cast<std::uint64_t>(*actor) << 32) | *issue) == 0) {
      throw InputError(where, field,
                       fmt::format("actor '{}' has no position on issue '{}'", actor_id, issue_id));
    }
    input.issue = *issue;
    if (kind == UncertainField::kPosition) {
      min = scenario_.issues_[*issue].scale_min;
      max = scenario_.issues_[*issue].scale_max;
    } else {
      max = 1;
    }
  }
  RequireValidDistribution(distribution, min, max, kind == UncertainField::kCapability, where,
                           field);
  for (const UncertainInput& other : scenario_.uncertain_) {
    if (other.field == kind && other.actor == input.actor && other.issue == input.issue) {
      throw InputError(where, field, "is already uncertain");
    }
  }
  scenario_.uncertain_.push_back(input);
}

void ScenarioBuilder::SetRelativeNoise(double relative_noise, const SourceLocation& where_given,
                                       const std::string& field) {
  if (!(relative_noise > 0 && relative_noise <= 1)) {
    throw InputError(Locate(where_given), field,
                     fmt::format("is {}; expected a share in (0, 1], e.g. 0.1 for noise with a "
                                 "standard deviation of 10% of each range",
                                 relative_noise));
  }
  scenario_.relative_noise_ = relative_noise;
}

void ScenarioBuilder::SetDiscountFactor(double discount_factor, const SourceLocation& where_given,
                                        const std::string& field) {
  const SourceLocation where = Locate(where_given);
  RequireFinite(discount_factor, where, field);
  if (!(discount_factor > 0 && discount_factor < 1)) {
    throw InputError(where, field,
                     fmt::format("is {}; expected a per-period discount factor in (0, 1), e.g. "
                                 "0.9",
                                 discount_factor));
  }
  scenario_.discount_factor_ = discount_factor;
}

Scenario ScenarioBuilder::Build() {
  const SourceLocation file_only = Locate({});
  if (scenario_.actors_.empty()) {
    throw InputError(file_only, "actors", "the scenario has no actors; expected at least one");
  }
  if (scenario_.issues_.empty()) {
    throw InputError(file_only, "issues", "the scenario has no issues; expected at least one");
  }
  const std::size_t actor_count = scenario_.actors_.size();
  scenario_.stances_.assign(actor_count * scenario_.issues_.size(), std::nullopt);
  scenario_.stance_order_.assign(scenario_.issues_.size(), {});
  for (const PendingStance& pending : stances_) {
    scenario_.stances_[pending.issue * actor_count + pending.actor] = pending.stance;
    scenario_.stance_order_[pending.issue].push_back(pending.actor);
  }
  for (std::size_t issue = 0; issue < scenario_.issues_.size(); ++issue) {
    bool any_participant = false;
    bool any_salience = false;
    for (std::size_t actor = 0; actor < actor_count; ++actor) {
      const auto& slot = scenario_.stances_[issue * actor_count + actor];
      if (!slot) continue;
      any_participant = true;
      any_salience = any_salience || slot->salience > 0;
    }
    const Issue& target = scenario_.issues_[issue];
    if (!any_participant) {
      throw InputError(issue_where_[issue], issue_field_[issue],
                       fmt::format("no actor takes part in issue '{}'; expected at least one "
                                   "actor with a position on it",
                                   target.id));
    }
    if (!any_salience) {
      throw InputError(issue_where_[issue], issue_field_[issue],
                       fmt::format("every actor gives issue '{}' salience 0; expected at least "
                                   "one actor with positive salience",
                                   target.id));
    }
  }
  for (std::size_t issue = 0; issue < scenario_.issues_.size(); ++issue) CheckDecision(issue);
  scenario_.uncertain_index_.assign(actor_count * (1 + 2 * scenario_.issues_.size()), 0);
  const std::size_t declared_inputs = scenario_.uncertain_.size();
  for (std::size_t i = 0; i < declared_inputs; ++i) scenario_.IndexUncertainInput(i);
  if (scenario_.relative_noise_ > 0) AddNoiseInputs();  // looks up the declared ones
  for (std::size_t i = declared_inputs; i < scenario_.uncertain_.size(); ++i) {
    scenario_.IndexUncertainInput(i);
  }
  scenario_.content_hash_ = scenario_.ComputeContentHash();
  Scenario built = std::move(scenario_);
  scenario_ = Scenario();
  scenario_.source_ = source_;
  actor_where_.clear();
  actor_field_.clear();
  issue_where_.clear();
  issue_field_.clear();
  decision_where_.clear();
  decision_field_.clear();
  stances_.clear();
  stance_index_.clear();
  return built;
}

void ScenarioBuilder::AddNoiseInputs() {
  Scenario& s = scenario_;
  const double r = s.relative_noise_;
  auto declared = [&](UncertainField kind, std::size_t actor, std::size_t issue) {
    return s.FindUncertainInput(kind, actor, issue) != nullptr;
  };
  auto noise = [](double nominal, double sd, double low, double high) {
    Distribution d;
    d.kind = DistributionKind::kNormal;
    d.mean = nominal;
    d.sd = sd;
    d.low = low;
    d.high = high;
    return d;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const std::size_t actor_count = s.actors_.size();
  for (std::size_t a = 0; a < actor_count; ++a) {
    if (declared(UncertainField::kCapability, a, UncertainInput::kNoIssue)) continue;
    const double c = s.actors_[a].capability;
    s.uncertain_.push_back(
        {UncertainField::kCapability, a, UncertainInput::kNoIssue, noise(c, r * c, 0, inf), true});
  }
  for (std::size_t k = 0; k < s.issues_.size(); ++k) {
    const Issue& issue = s.issues_[k];
    for (std::size_t a = 0; a < actor_count; ++a) {
      const auto& slot = s.stances_[k * actor_count + a];
      if (!slot) continue;
      if (!declared(UncertainField::kPosition, a, k)) {
        s.uncertain_.push_back(
            {UncertainField::kPosition, a, k,
             noise(slot->position, r * issue.range(), issue.scale_min, issue.scale_max), true});
      }
      if (!declared(UncertainField::kSalience, a, k)) {
        s.uncertain_.push_back(
            {UncertainField::kSalience, a, k, noise(slot->salience, r, 0, 1), true});
      }
    }
  }
}

SourceLocation ScenarioBuilder::ActorLocation(const std::string& id) const {
  auto index = scenario_.FindActor(id);
  return index ? actor_where_[*index] : SourceLocation{};
}

SourceLocation ScenarioBuilder::IssueLocation(const std::string& id) const {
  auto index = scenario_.FindIssue(id);
  return index ? issue_where_[*index] : SourceLocation{};
}

}  // namespace parley
