// Linkage analysis: the four parts of parley/linkage.h. Models are run through the
// registry by spec, so the analysis uses exactly what `parley run` would.
#include "parley/linkage.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "parley/agenda.h"
#include "parley/io.h"
#include "parley/registry.h"

namespace parley {

namespace {

// A gain below this (in normalised utility) counts as no gain: the nash solver's accuracy.
constexpr double kGainTolerance = 1e-9;

std::vector<double> Outcome(const Scenario& scenario, const Result& result) {
  std::vector<double> outcome;
  for (const Issue& issue : scenario.issues()) outcome.push_back(result.Forecast(issue.id));
  return outcome;
}

double Gain(const Scenario& scenario, std::size_t actor, const std::vector<double>& outcome,
            UtilityShape shape) {
  return SpatialUtility(scenario, actor, outcome, shape) -
         DisagreementUtility(scenario, actor, shape);
}

std::string NashSpec(UtilityShape shape) {
  return std::string("nash(utility=") + UtilityShapeName(shape) + ")";
}

Result RunSpec(const std::string& spec, const Scenario& scenario) {
  return DefaultRegistry().Create(spec)->Run(scenario);
}

// Whether an actor's utility depends on the outcome at all.
bool HasStake(const Scenario& scenario, std::size_t actor) {
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const Stance* stance = scenario.stance(actor, k);
    if (stance != nullptr && stance->salience > 0) return true;
  }
  return false;
}

LinkageComparison Compare(const Scenario& scenario, const std::string& separate_spec,
                          const std::vector<double>& separate, const std::string& linked_spec,
                          const std::vector<double>& linked, UtilityShape shape) {
  LinkageComparison comparison;
  comparison.separate_spec = separate_spec;
  comparison.linked_spec = linked_spec;
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    comparison.separate.push_back({scenario.issue(k).id, separate[k]});
    comparison.linked.push_back({scenario.issue(k).id, linked[k]});
  }
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    comparison.actors.push_back({scenario.actor(a).id, Gain(scenario, a, separate, shape),
                                 Gain(scenario, a, linked, shape)});
  }
  return comparison;
}

// Part 1, first pair: the nash solution of each issue alone vs over all issues.
LinkageComparison NashSeparateVsJoint(const Scenario& scenario, UtilityShape shape) {
  const std::string spec = NashSpec(shape);
  std::vector<double> separate;
  std::string resolved;
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    std::vector<std::string> others;
    for (std::size_t other = 0; other < scenario.issue_count(); ++other) {
      if (other != k) others.push_back(scenario.issue(other).id);
    }
    const Scenario alone = WithoutIssues(scenario, others);
    const Result result = RunSpec(spec, alone);
    resolved = result.spec;
    separate.push_back(result.forecasts.at(0).position);
  }
  const Result joint = RunSpec(spec, scenario);
  return Compare(scenario, resolved + " on each issue alone", separate,
                 joint.spec + " over all issues", Outcome(scenario, joint), shape);
}

Deal MakeDeal(const Scenario& scenario, std::size_t i, std::size_t j, std::size_t k,
              std::size_t l) {
  // i gives way on k, j on l. Linear utility: a move of d (share of range) on issue k
  // costs i s_ik * d, so the marginal rate of substitution between k and l is s_il/s_ik.
  const Stance& ik = *scenario.stance(i, k);
  const Stance& il = *scenario.stance(i, l);
  const Stance& jk = *scenario.stance(j, k);
  const Stance& jl = *scenario.stance(j, l);
  const Issue& issue_k = scenario.issue(k);
  const Issue& issue_l = scenario.issue(l);
  // Rates r = move on k / move on l in shares of range: i gains iff r < s_il/s_ik, j gains
  // iff r > s_jl/s_jk (Tollison & Willett 1979).
  const double rate_min = jl.salience / jk.salience;
  const double rate_max = il.salience / ik.salience;
  // Equal gains: s_il*m_l - s_ik*m_k = s_jk*m_k - s_jl*m_l  =>  r = (s_il+s_jl)/(s_ik+s_jk),
  // the equal-gain rate of Stokman & Van Oosten (1994).
  const double rate_equal = (il.salience + jl.salience) / (ik.salience + jk.salience);
  const double distance_k = std::abs(ik.position - jk.position) / issue_k.range();
  const double distance_l = std::abs(il.position - jl.position) / issue_l.range();
  // The largest deal at that rate: nobody moves past the partner's position.
  const double move_l = std::min(distance_l, distance_k / rate_equal);
  const double move_k = rate_equal * move_l;
  Deal deal;
  deal.actor_i = scenario.actor(i).id;
  deal.issue_i = issue_k.id;
  deal.actor_j = scenario.actor(j).id;
  deal.issue_j = issue_l.id;
  const double units = issue_k.range() / issue_l.range();
  deal.rate_min = rate_min * units;
  deal.rate_max = rate_max * units;
  deal.rate_equal = rate_equal * units;
  deal.move_i = move_k * issue_k.range();
  deal.move_j = move_l * issue_l.range();
  deal.target_i = ik.position + (jk.position > ik.position ? deal.move_i : -deal.move_i);
  deal.target_j = jl.position + (il.position > jl.position ? deal.move_j : -deal.move_j);
  deal.gain_i = il.salience * move_l - ik.salience * move_k;
  deal.gain_j = jk.salience * move_k - jl.salience * move_l;
  deal.joint_gain = deal.gain_i + deal.gain_j;
  return deal;
}

const char* KindWord(AgendaEdit::Kind kind) {
  switch (kind) {
    case AgendaEdit::Kind::kAddIssue:
      return "add issue";
    case AgendaEdit::Kind::kDropIssue:
      return "drop issue";
    case AgendaEdit::Kind::kAddActor:
      return "add actor";
    case AgendaEdit::Kind::kDropActor:
      return "drop actor";
  }
  return "?";
}

// Part 3: one agenda edit, before and after.
AgendaOutcome AnalyzeEdit(const Scenario& scenario, const AgendaEdit& edit, UtilityShape shape) {
  Scenario before = scenario;
  Scenario after = scenario;
  switch (edit.kind) {
    case AgendaEdit::Kind::kDropIssue:
      after = WithoutIssues(scenario, {edit.id});
      break;
    case AgendaEdit::Kind::kDropActor:
      after = WithoutActors(scenario, {edit.id});
      break;
    case AgendaEdit::Kind::kAddIssue:
      if (edit.file.empty()) {
        before = WithoutIssues(scenario, {edit.id});
      } else {
        after = WithIssueFrom(scenario, ReadScenarioFile(edit.file), edit.id);
      }
      break;
    case AgendaEdit::Kind::kAddActor:
      if (edit.file.empty()) {
        before = WithoutActors(scenario, {edit.id});
      } else {
        after = WithActorFrom(scenario, ReadScenarioFile(edit.file), edit.id);
      }
      break;
  }
  AgendaOutcome outcome;
  outcome.edit = edit;
  outcome.description = fmt::format("{} {}{}", KindWord(edit.kind), edit.id,
                                    edit.file.empty() ? "" : " (from " + edit.file + ")");
  const std::string spec = NashSpec(shape);
  const Result result_before = RunSpec(spec, before);
  const Result result_after = RunSpec(spec, after);
  outcome.before = result_before.forecasts;
  outcome.after = result_after.forecasts;
  const std::vector<double> before_outcome = Outcome(before, result_before);
  const std::vector<double> after_outcome = Outcome(after, result_after);
  // Every actor of either scenario, in the order of the larger one.
  const Scenario& larger = after.actor_count() >= before.actor_count() ? after : before;
  outcome.agreement_before = true;
  outcome.agreement_after = true;
  for (const Actor& actor : larger.actors()) {
    ActorChange change;
    change.actor_id = actor.id;
    if (auto index = before.FindActor(actor.id)) {
      change.before = Gain(before, *index, before_outcome, shape);
      if (HasStake(before, *index) && *change.before <= kGainTolerance) {
        outcome.agreement_before = false;
      }
    }
    if (auto index = after.FindActor(actor.id)) {
      change.after = Gain(after, *index, after_outcome, shape);
      if (HasStake(after, *index) && *change.after <= kGainTolerance) {
        outcome.agreement_after = false;
      }
    }
    outcome.actors.push_back(change);
  }
  return outcome;
}

}  // namespace

AgendaEdit ParseAgendaEdit(AgendaEdit::Kind kind, const std::string& text) {
  AgendaEdit edit;
  edit.kind = kind;
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    edit.id = text;
  } else {
    edit.file = text.substr(0, colon);
    edit.id = text.substr(colon + 1);
  }
  if (edit.id.empty() || (colon != std::string::npos && edit.file.empty())) {
    throw InputError({}, KindWord(kind),
                     fmt::format("'{}' is not ID or FILE:ID; expected e.g. taiwan or "
                                 "extra.yaml:taiwan",
                                 text));
  }
  return edit;
}

std::vector<Deal> FindDeals(const Scenario& scenario) {
  std::vector<Deal> deals;
  const auto usable = [&](std::size_t actor, std::size_t issue) {
    const Stance* stance = scenario.stance(actor, issue);
    return stance != nullptr && stance->salience > 0;
  };
  for (std::size_t i = 0; i < scenario.actor_count(); ++i) {
    for (std::size_t j = i + 1; j < scenario.actor_count(); ++j) {
      for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
        for (std::size_t l = k + 1; l < scenario.issue_count(); ++l) {
          if (!usable(i, k) || !usable(i, l) || !usable(j, k) || !usable(j, l)) continue;
          if (scenario.stance(i, k)->position == scenario.stance(j, k)->position ||
              scenario.stance(i, l)->position == scenario.stance(j, l)->position) {
            continue;  // nothing to concede on one of the issues
          }
          // Of the two ways to trade (i gives on k and j on l, or the reverse) at most one
          // benefits both: the one where each gives way where it cares relatively less.
          for (const auto& [giver, taker, give, take] :
               {std::tuple{i, j, k, l}, std::tuple{i, j, l, k}}) {
            const double giver_ratio =
                scenario.stance(giver, take)->salience / scenario.stance(giver, give)->salience;
            const double taker_ratio =
                scenario.stance(taker, take)->salience / scenario.stance(taker, give)->salience;
            if (giver_ratio > taker_ratio) {
              deals.push_back(MakeDeal(scenario, giver, taker, give, take));
            }
          }
        }
      }
    }
  }
  std::stable_sort(deals.begin(), deals.end(),
                   [](const Deal& a, const Deal& b) { return a.joint_gain > b.joint_gain; });
  return deals;
}

std::optional<Enforcement> AnalyzeEnforcement(const Scenario& scenario) {
  // Grim trigger (Friedman 1971): cooperating forever pays C/(1-d); defecting once pays D,
  // then P forever: D + d P/(1-d). Cooperation holds iff d >= (D - C)/(D - P), or always
  // when D <= C (no temptation). With the issues linked, a defection on one issue is
  // punished on all (Bernheim & Whinston 1990), the deviator defects wherever D > C, and
  // the per-issue constraints pool:  d >= sum_{D>C} (D - C) / sum_k (max(D, C) - P).
  Enforcement enforcement;
  bool any = false;
  std::vector<double> temptation(scenario.actor_count(), 0);
  std::vector<double> stake(scenario.actor_count(), 0);
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    IssueEnforcement issue;
    issue.issue_id = scenario.issue(k).id;
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      const Stance* stance = scenario.stance(a, k);
      if (stance == nullptr || !stance->payoffs) continue;
      const RepeatedGamePayoffs& p = *stance->payoffs;
      const double critical =
          p.defect <= p.cooperate ? 0.0 : (p.defect - p.cooperate) / (p.defect - p.punished);
      issue.actor_critical.emplace_back(scenario.actor(a).id, critical);
      issue.critical = std::max(issue.critical, critical);
      temptation[a] += std::max(0.0, p.defect - p.cooperate);
      stake[a] += std::max(p.defect, p.cooperate) - p.punished;
    }
    if (issue.actor_critical.empty()) continue;
    any = true;
    enforcement.separate_critical = std::max(enforcement.separate_critical, issue.critical);
    enforcement.issues.push_back(std::move(issue));
  }
  if (!any) return std::nullopt;
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    if (stake[a] <= 0) continue;
    const double pooled = temptation[a] / stake[a];
    enforcement.actor_linked.emplace_back(scenario.actor(a).id, pooled);
    enforcement.linked_critical = std::max(enforcement.linked_critical, pooled);
  }
  return enforcement;
}

LinkageReport AnalyzeLinkage(const Scenario& scenario, const LinkageOptions& options) {
  LinkageReport report;
  report.scenario_name = scenario.name();
  report.input_hash = scenario.ContentHash();
  report.utility = UtilityShapeName(options.utility);

  if (scenario.issue_count() < 2) {
    report.notes.push_back("one issue only: nothing to link; parts 1 and 2 are empty");
  } else {
    report.comparisons.push_back(NashSeparateVsJoint(scenario, options.utility));
  }
  for (const auto& [separate_spec, linked_spec] : options.model_pairs) {
    if (scenario.issue_count() < 2) break;
    const Registry& registry = DefaultRegistry();
    const auto name_of = [](const std::string& spec) { return spec.substr(0, spec.find('(')); };
    if (registry.Find(name_of(separate_spec)) == nullptr ||
        registry.Find(name_of(linked_spec)) == nullptr) {
      report.notes.push_back(
          fmt::format("{} vs {} left out: model not available", separate_spec, linked_spec));
      continue;
    }
    const Result separate = RunSpec(separate_spec, scenario);
    const Result linked = RunSpec(linked_spec, scenario);
    report.comparisons.push_back(Compare(scenario, separate.spec, Outcome(scenario, separate),
                                         linked.spec, Outcome(scenario, linked), options.utility));
  }

  report.deals = FindDeals(scenario);

  std::vector<AgendaEdit> edits = options.edits;
  if (edits.empty() && scenario.issue_count() > 1) {
    for (const Issue& issue : scenario.issues()) {
      edits.push_back({AgendaEdit::Kind::kAddIssue, issue.id, ""});
    }
  }
  for (const AgendaEdit& edit : edits) {
    report.agenda.push_back(AnalyzeEdit(scenario, edit, options.utility));
  }

  // With deciders, the offers between them (parley/linkage.h) lead the report.
  if (scenario.HasDecisions()) report.deciders = AnalyzeDeciderLinkage(scenario);

  report.enforcement = AnalyzeEnforcement(scenario);
  if (!report.enforcement) {
    report.notes.push_back(
        "no repeated-game payoffs in the scenario: part 4 (enforcement) left out");
  }
  return report;
}

}  // namespace parley
