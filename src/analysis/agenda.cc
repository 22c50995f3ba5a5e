// Agenda edits: every edit rebuilds the scenario through ScenarioBuilder, so the result is
// validated exactly like a scenario read from a file.
#include "parley/agenda.h"

#include <fmt/format.h>

#include <algorithm>

namespace parley {

namespace {

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The issue's decision block without the actors `keep_actor` drops: they leave the veto
// players and the voters, and an agenda setter who leaves sets no agenda. A decider who
// leaves takes the rule with it: the issue is then decided by bargaining, as without a
// block (there is nobody left with the authority the block named).
template <typename KeepActor>
Issue WithoutDroppedActors(Issue issue, KeepActor keep_actor) {
  if (!issue.decision) return issue;
  Decision& decision = *issue.decision;
  if (decision.rule == DecisionRule::kDecider && !keep_actor(decision.decider)) {
    issue.decision.reset();
    return issue;
  }
  std::erase_if(decision.veto, [&](const std::string& id) { return !keep_actor(id); });
  std::erase_if(decision.voting_weights,
                [&](const auto& entry) { return !keep_actor(entry.first); });
  if (!decision.agenda_setter.empty() && !keep_actor(decision.agenda_setter)) {
    decision.agenda_setter.clear();
  }
  return issue;
}

// Copies `scenario` into `builder`, keeping the actors and issues the filters accept.
template <typename KeepActor, typename KeepIssue>
void CopyInto(ScenarioBuilder& builder, const Scenario& scenario, KeepActor keep_actor,
              KeepIssue keep_issue) {
  builder.SetName(scenario.name());
  builder.SetDescription(scenario.description());
  if (scenario.discount_factor()) builder.SetDiscountFactor(*scenario.discount_factor());
  for (const Actor& actor : scenario.actors()) {
    if (keep_actor(actor.id)) builder.AddActor(actor);
  }
  for (const Issue& issue : scenario.issues()) {
    if (keep_issue(issue.id)) builder.AddIssue(WithoutDroppedActors(issue, keep_actor));
  }
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    if (!keep_issue(scenario.issue(k).id)) continue;
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      const Stance* stance = scenario.stance(a, k);
      if (stance != nullptr && keep_actor(scenario.actor(a).id)) {
        builder.SetStance(scenario.actor(a).id, scenario.issue(k).id, *stance);
      }
    }
  }
}

void RequireKnown(const std::vector<std::string>& ids,
                  bool (*known)(const Scenario&, const std::string&), const Scenario& scenario,
                  const char* what) {
  for (const std::string& id : ids) {
    if (!known(scenario, id)) {
      throw InputError({scenario.source(), 0, 0}, what,
                       fmt::format("no {} '{}' in the scenario", what, id));
    }
  }
}

bool HasIssue(const Scenario& scenario, const std::string& id) {
  return scenario.FindIssue(id).has_value();
}
bool HasActor(const Scenario& scenario, const std::string& id) {
  return scenario.FindActor(id).has_value();
}

}  // namespace

Scenario WithoutIssues(const Scenario& scenario, const std::vector<std::string>& issue_ids) {
  RequireKnown(issue_ids, HasIssue, scenario, "issue");
  ScenarioBuilder builder(scenario.source());
  CopyInto(
      builder, scenario, [](const std::string&) { return true; },
      [&](const std::string& id) { return !Contains(issue_ids, id); });
  return builder.Build();
}

Scenario WithoutActors(const Scenario& scenario, const std::vector<std::string>& actor_ids) {
  RequireKnown(actor_ids, HasActor, scenario, "actor");
  ScenarioBuilder builder(scenario.source());
  CopyInto(
      builder, scenario, [&](const std::string& id) { return !Contains(actor_ids, id); },
      [](const std::string&) { return true; });
  return builder.Build();
}

Scenario WithIssueFrom(const Scenario& scenario, const Scenario& donor,
                       const std::string& issue_id) {
  const auto donor_issue = donor.FindIssue(issue_id);
  if (!donor_issue) {
    throw InputError({donor.source(), 0, 0}, "issue",
                     fmt::format("no issue '{}' in {}", issue_id, donor.source()));
  }
  if (scenario.FindIssue(issue_id)) {
    throw InputError({scenario.source(), 0, 0}, "issue",
                     fmt::format("the scenario already has an issue '{}'", issue_id));
  }
  ScenarioBuilder builder(scenario.source());
  CopyInto(
      builder, scenario, [](const std::string&) { return true; },
      [](const std::string&) { return true; });
  builder.AddIssue(donor.issue(*donor_issue));
  for (std::size_t a = 0; a < donor.actor_count(); ++a) {
    const Stance* stance = donor.stance(a, *donor_issue);
    if (stance == nullptr) continue;
    if (!scenario.FindActor(donor.actor(a).id)) {
      throw InputError({donor.source(), 0, 0}, "issue " + issue_id,
                       fmt::format("actor '{}' takes part in it but is not in the scenario; "
                                   "add the actor too (--add-actor) or drop its position",
                                   donor.actor(a).id));
    }
    builder.SetStance(donor.actor(a).id, issue_id, *stance);
  }
  return builder.Build();
}

Scenario WithActorFrom(const Scenario& scenario, const Scenario& donor,
                       const std::string& actor_id) {
  const auto donor_actor = donor.FindActor(actor_id);
  if (!donor_actor) {
    throw InputError({donor.source(), 0, 0}, "actor",
                     fmt::format("no actor '{}' in {}", actor_id, donor.source()));
  }
  if (scenario.FindActor(actor_id)) {
    throw InputError({scenario.source(), 0, 0}, "actor",
                     fmt::format("the scenario already has an actor '{}'", actor_id));
  }
  ScenarioBuilder builder(scenario.source());
  CopyInto(
      builder, scenario, [](const std::string&) { return true; },
      [](const std::string&) { return true; });
  builder.AddActor(donor.actor(*donor_actor));
  for (std::size_t k = 0; k < donor.issue_count(); ++k) {
    const Stance* stance = donor.stance(*donor_actor, k);
    if (stance != nullptr && scenario.FindIssue(donor.issue(k).id)) {
      builder.SetStance(actor_id, donor.issue(k).id, *stance);
    }
  }
  return builder.Build();
}

}  // namespace parley
