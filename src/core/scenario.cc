// Scenario storage and the validating builder every reader goes through, so that the
// rules in scenario.h are enforced in exactly one place.
#include "parley/scenario.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
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

std::string Scenario::ContentHash() const {
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
  }
  for (const auto& slot : stances_) {
    if (!slot) {
      hash.Add("-");
      continue;
    }
    hash.Add(slot->position);
    hash.Add(slot->salience);
    if (slot->payoffs) {
      hash.Add(slot->payoffs->cooperate);
      hash.Add(slot->payoffs->defect);
      hash.Add(slot->payoffs->punished);
    }
  }
  return hash.Hex();
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
  for (const PendingStance& pending : stances_) {
    scenario_.stances_[pending.issue * actor_count + pending.actor] = pending.stance;
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
  Scenario built = std::move(scenario_);
  scenario_ = Scenario();
  scenario_.source_ = source_;
  actor_where_.clear();
  actor_field_.clear();
  issue_where_.clear();
  issue_field_.clear();
  stances_.clear();
  stance_index_.clear();
  return built;
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
