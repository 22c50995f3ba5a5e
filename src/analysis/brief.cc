// The one-page brief (parley/brief.h): computing the findings, then laying them out once as
// an outline of headings, paragraphs and list items that the text, markdown and HTML
// renderers share, so every output says the same thing.
#include "parley/brief.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "io/format.h"
#include "parley/agenda.h"
#include "parley/decision.h"
#include "parley/error_model.h"
#include "parley/errors.h"
#include "parley/registry.h"

namespace parley {

namespace {

using nlohmann::ordered_json;

// A change of position smaller than this share of the issue's scale is no change: it is
// below the last digit the brief prints (see Decimals), so stating it would read "moved by
// 0.0".
constexpr double kVisibleShare = 1e-3;
// Utility gains are printed with three decimals; a difference below half the last digit
// would read "+0.000" and is not called a gain or a loss.
constexpr double kGainTolerance = 5e-4;
// Models that disagree by more than this share of the scale are flagged as a caveat.
constexpr double kWideSpreadShare = 0.5;
// RunSensitivity always runs its Sobol design after the tornado; at its minimum of two rows
// that costs 2 (k + 2) runs, and the brief reads only the tornado.
constexpr std::uint64_t kMinimumSobolRows = 2;
constexpr int kTextWidth = 80;
// The ensemble range the brief states: the central 90% of the runs.
constexpr double kRangeLow = 0.05, kRangeHigh = 0.95;

// Decimals that show a thousandth of the issue's scale: 1 on a 0-100 scale, 3 on 0-1.
int Decimals(double range) {
  const int decimals = static_cast<int>(std::ceil(-std::log10(range * kVisibleShare)));
  return std::clamp(decimals, 0, 6);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string ModelName(const std::string& spec) { return spec.substr(0, spec.find('(')); }

// Runs every default model that runs on the scenario (as the report does): those that
// throw InputError are listed rather than fatal.
std::vector<Result> RunDefaultModels(const Scenario& scenario, Brief& brief) {
  const Registry& registry = DefaultRegistry();
  std::vector<Result> results;
  for (const std::string& name : registry.DefaultModels(scenario)) {
    try {
      results.push_back(registry.Create(name)->Run(scenario));
      brief.models.push_back(results.back().spec);
    } catch (const InputError& error) {
      brief.skipped_models.push_back(name + ": " + error.what());
    }
  }
  if (results.empty()) {
    throw InputError({scenario.source(), 0, 0}, "models",
                     "no registered model runs on this scenario");
  }
  return results;
}

// The decider's position in the last round a model records for it, or nullopt when the
// model does not move actors on this issue.
std::optional<double> LastPosition(const Result& result, const std::string& issue,
                                   const std::string& actor) {
  std::optional<double> position;
  int last_round = -1;
  for (const ActorRound& round : result.trajectory) {
    if (round.issue_id == issue && round.actor_id == actor && round.round > last_round) {
      last_round = round.round;
      position = round.position;
    }
  }
  return position;
}

IssueBrief ForecastIssue(const Scenario& scenario, std::size_t k,
                         const std::vector<Result>& results) {
  const Issue& issue = scenario.issue(k);
  IssueBrief out;
  out.issue_id = issue.id;
  out.issue_name = issue.name;
  out.scale_min = issue.scale_min;
  out.scale_max = issue.scale_max;
  out.min_label = issue.min_label;
  out.max_label = issue.max_label;
  out.status_quo = issue.status_quo;
  out.decided_by = DescribeDecision(issue);
  if (issue.decision && issue.decision->rule == DecisionRule::kDecider) {
    out.decider = issue.decision->decider;
  }

  std::vector<double> decided, bargained;
  for (const Result& result : results) {
    const IssueForecast& forecast = result.forecasts[k];
    out.models.push_back({result.model, forecast.position, forecast.bargained, forecast.rule});
    decided.push_back(forecast.position);
    if (forecast.bargained) bargained.push_back(*forecast.bargained);
    if (out.low_model.empty() || forecast.position < out.low) {
      out.low = forecast.position;
      out.low_model = result.model;
    }
    if (out.high_model.empty() || forecast.position > out.high) {
      out.high = forecast.position;
      out.high_model = result.model;
    }
  }
  out.forecast = Median(decided);
  if (bargained.size() == decided.size()) out.bargained = Median(bargained);

  if (!out.decider.empty()) {
    const std::size_t actor = *scenario.FindActor(out.decider);
    out.decider_stated = scenario.stance(actor, k)->position;
    for (const Result& result : results) {
      if (auto position = LastPosition(result, issue.id, out.decider)) {
        out.decider_after.push_back({result.model, *position});
      }
      for (const Move& move : result.moves) {
        if (result.model == "eum" && move.issue_id == issue.id && move.actor_id == out.decider) {
          out.decider_moves.push_back(move);
        }
      }
    }
  }
  return out;
}

std::string Number(double value, int decimals) { return fmt::format("{:.{}f}", value, decimals); }

std::string SignedNumber(double value, int decimals) {
  return fmt::format("{:+.{}f}", value, decimals);
}

// Caveats that follow from the numbers of one issue (part 1).
void AddCaveats(IssueBrief& issue) {
  const double range = issue.scale_max - issue.scale_min;
  const int d = Decimals(range);
  const double spread = issue.high - issue.low;
  if (spread > kWideSpreadShare * range) {
    issue.caveats.push_back(fmt::format(
        "the models disagree by more than half the scale ({} of {}: {} says {}, {} says {})",
        Number(spread, d), Number(range, d), issue.low_model, Number(issue.low, d),
        issue.high_model, Number(issue.high, d)));
  }
  if (issue.ensemble_p5 && issue.ensemble_p95) {
    const double width = *issue.ensemble_p95 - *issue.ensemble_p5;
    if (spread > width) {
      issue.caveats.push_back(fmt::format(
          "model uncertainty dominates: the models' spread ({}) is wider than the inputs' "
          "p5-p95 range ({})",
          Number(spread, d), Number(width, d)));
    }
  }
  if (issue.decider_stated && !issue.decider_after.empty()) {
    std::vector<std::string> moved;
    for (const DeciderPosition& after : issue.decider_after) {
      const double shift = after.position - *issue.decider_stated;
      if (std::abs(shift) >= kVisibleShare * range) {
        moved.push_back(fmt::format("{} (by {})", after.model, SignedNumber(shift, d)));
      }
    }
    if (moved.size() == 1 && issue.decider_after.size() > 1) {
      issue.caveats.push_back(
          fmt::format("{}'s position moves in {} only", issue.decider, moved.front()));
    }
  }
}

LinkageFinding Summarise(const LinkageComparison& comparison) {
  LinkageFinding finding;
  finding.separate_spec = comparison.separate_spec;
  finding.linked_spec = comparison.linked_spec;
  finding.separate_model = ModelName(comparison.separate_spec);
  finding.linked_model = ModelName(comparison.linked_spec);
  for (const ActorGain& actor : comparison.actors) {
    const double change = actor.linked - actor.separate;
    if (change > kGainTolerance) finding.gainers.push_back(actor);
    if (change < -kGainTolerance) finding.losers.push_back(actor);
  }
  const auto by_change = [](const ActorGain& a, const ActorGain& b) {
    return std::abs(a.linked - a.separate) > std::abs(b.linked - b.separate);
  };
  std::stable_sort(finding.gainers.begin(), finding.gainers.end(), by_change);
  std::stable_sort(finding.losers.begin(), finding.losers.end(), by_change);
  return finding;
}

// The agenda edits of part 3 that leave a valid scenario; the others are recorded in
// `brief.agenda` with the reason, so that one impossible edit (e.g. dropping the only
// participant of an issue) does not stop the analysis of the rest.
std::vector<AgendaEdit> FeasibleEdits(const Scenario& scenario, Brief& brief,
                                      std::vector<std::size_t>& slots) {
  std::vector<AgendaEdit> edits;
  const auto consider = [&](AgendaEdit::Kind kind, const std::string& id) {
    const bool issue = kind == AgendaEdit::Kind::kDropIssue;
    AgendaFinding finding;
    finding.description = fmt::format("drop {} {}", issue ? "issue" : "actor", id);
    try {
      if (issue) {
        WithoutIssues(scenario, {id});
      } else {
        WithoutActors(scenario, {id});
      }
      edits.push_back({kind, id, ""});
      slots.push_back(brief.agenda.size());
    } catch (const InputError& error) {
      finding.skipped = error.what();
    }
    brief.agenda.push_back(finding);
  };
  for (const Issue& issue : scenario.issues()) consider(AgendaEdit::Kind::kDropIssue, issue.id);
  for (const Actor& actor : scenario.actors()) consider(AgendaEdit::Kind::kDropActor, actor.id);
  return edits;
}

void FillAgenda(const AgendaOutcome& outcome, AgendaFinding& finding) {
  finding.description = outcome.description;
  finding.agreement_before = outcome.agreement_before;
  finding.agreement_after = outcome.agreement_after;
  double largest = 0;
  for (const IssueForecast& after : outcome.after) {
    for (const IssueForecast& before : outcome.before) {
      if (before.issue_id != after.issue_id) continue;
      const double shift = std::abs(after.position - before.position);
      if (shift > largest) {
        largest = shift;
        finding.shift_issue = after.issue_id;
        finding.shift_before = before.position;
        finding.shift_after = after.position;
      }
    }
  }
}

// The index of a quantile level in kQuantileLevels (the ensemble's summary levels).
std::size_t QuantileIndex(double level) {
  const auto found = std::find(kQuantileLevels.begin(), kQuantileLevels.end(), level);
  return static_cast<std::size_t>(found - kQuantileLevels.begin());
}

}  // namespace

Brief MakeBrief(const Scenario& scenario, const BriefOptions& options) {
  Brief brief;
  brief.scenario_name = scenario.name();
  brief.input_hash = scenario.ContentHash();
  brief.source = scenario.source();
  brief.actor_count = scenario.actor_count();
  brief.seed = options.seed;
  brief.uncertain_inputs = scenario.uncertain_inputs().size();
  const bool uncertain = !scenario.uncertain_inputs().empty();
  // Parse the specs the options name before running anything, so that a typo fails fast.
  DefaultRegistry().Parse(options.ensemble_model);
  DefaultRegistry().Parse(options.sensitivity_model);

  // Part 1: the default models' forecasts, then the ensemble ranges.
  const std::vector<Result> results = RunDefaultModels(scenario, brief);
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    brief.issues.push_back(ForecastIssue(scenario, k, results));
  }
  if (uncertain && options.runs > 0) {
    EnsembleOptions ensemble_options;
    ensemble_options.runs = options.runs;
    ensemble_options.seed = options.seed;
    ensemble_options.threads = options.threads;
    const EnsembleResult ensemble =
        RunEnsemble(scenario, {options.ensemble_model}, ensemble_options);
    brief.runs = options.runs;
    brief.ensemble_spec = ensemble.models.front().spec;
    const std::size_t p5 = QuantileIndex(kRangeLow), p95 = QuantileIndex(kRangeHigh);
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      const IssueSummary& summary = ensemble.models.front().issues[k];
      brief.issues[k].ensemble_p5 = summary.quantiles[p5];
      brief.issues[k].ensemble_p95 = summary.quantiles[p95];
    }
    if (!options.errors.empty()) {
      const ErrorModel errors = LoadErrorModel(options.errors);
      const std::vector<ModelErrorRanges> ranges = ApplyErrorModel(scenario, ensemble, errors);
      if (!ranges.front().errors_of.empty()) {
        brief.errors_from = errors.data;
        for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
          brief.issues[k].error_p5 = ranges.front().issues[k].error_p5;
          brief.issues[k].error_p95 = ranges.front().issues[k].error_p95;
        }
      }
    }
  }
  for (IssueBrief& issue : brief.issues) AddCaveats(issue);

  // Parts 2 and 3 in one linkage analysis: its default comparisons and deals, with the
  // drop-each-issue and drop-each-actor edits instead of its default agenda edits.
  LinkageOptions linkage_options;
  std::vector<std::size_t> slots;  // brief.agenda index of each feasible edit
  linkage_options.edits = FeasibleEdits(scenario, brief, slots);
  const LinkageReport linkage = AnalyzeLinkage(scenario, linkage_options);
  brief.utility = linkage.utility;
  for (const LinkageComparison& comparison : linkage.comparisons) {
    brief.linkage.push_back(Summarise(comparison));
  }
  brief.deal_count = linkage.deals.size();
  const auto stated = [&](const std::string& actor, const std::string& issue) {
    return scenario.stance(*scenario.FindActor(actor), *scenario.FindIssue(issue))->position;
  };
  for (std::size_t d = 0; d < std::min(options.deals, linkage.deals.size()); ++d) {
    const Deal& deal = linkage.deals[d];
    brief.deals.push_back(
        {deal, stated(deal.actor_i, deal.issue_i), stated(deal.actor_j, deal.issue_j)});
  }
  brief.linkage_notes = linkage.notes;
  brief.deciders = linkage.deciders;
  // With no feasible edit AnalyzeLinkage runs its default ones (adding each issue last),
  // which part 3 does not ask for: only the first slots.size() outcomes are ours.
  for (std::size_t e = 0; e < slots.size(); ++e) {
    FillAgenda(linkage.agenda[e], brief.agenda[slots[e]]);
  }

  // Part 4: the tornado only.
  if (uncertain) {
    SensitivityOptions sensitivity_options;
    sensitivity_options.runs = kMinimumSobolRows;
    sensitivity_options.bootstrap = 0;
    sensitivity_options.low_level = kRangeLow;
    sensitivity_options.high_level = kRangeHigh;
    sensitivity_options.seed = options.seed;
    sensitivity_options.threads = options.threads;
    const SensitivityResult sensitivity =
        RunSensitivity(scenario, options.sensitivity_model, sensitivity_options);
    brief.sensitivity_spec = sensitivity.spec;
    for (const IssueSensitivity& issue : sensitivity.issues) {
      IssueHinges hinges;
      hinges.issue_id = issue.issue_id;
      hinges.nominal = issue.nominal;
      const double range = scenario.issue(*scenario.FindIssue(issue.issue_id)).range();
      for (const TornadoBar& bar : issue.tornado) {
        if (hinges.top.size() == options.top_inputs) break;
        if (std::abs(bar.swing()) < kVisibleShare * range) break;  // sorted: the rest are smaller
        hinges.top.push_back(bar);
      }
      brief.hinges.push_back(std::move(hinges));
    }
  }
  return brief;
}

// ---------------------------------------------------------------------------------------
// The outline

namespace {

class Outline {
 public:
  void Heading(int level, std::string text) {
    blocks_.push_back({BriefBlock::Kind::kHeading, level, std::move(text)});
  }
  void Paragraph(std::string text) {
    blocks_.push_back({BriefBlock::Kind::kParagraph, 0, std::move(text)});
  }
  void Item(std::string text) { blocks_.push_back({BriefBlock::Kind::kItem, 0, std::move(text)}); }
  std::vector<BriefBlock> Take() { return std::move(blocks_); }

 private:
  std::vector<BriefBlock> blocks_;
};

// "a, b and c" (or with other separators).
std::string Join(const std::vector<std::string>& parts, const std::string& separator = ", ",
                 const std::string& last = " and ") {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += i + 1 == parts.size() ? last : separator;
    text += parts[i];
  }
  return text;
}

int IssueDecimals(const IssueBrief& issue) { return Decimals(issue.scale_max - issue.scale_min); }

// "0 = business as usual, 100 = full embargo" (or the bare range without labels); the ends
// as the scenario gives them.
std::string ScaleWords(const IssueBrief& issue) {
  if (issue.min_label.empty() && issue.max_label.empty()) {
    return fmt::format("{} to {}", issue.scale_min, issue.scale_max);
  }
  return fmt::format("{} = {}, {} = {}", issue.scale_min,
                     issue.min_label.empty() ? "min" : issue.min_label, issue.scale_max,
                     issue.max_label.empty() ? "max" : issue.max_label);
}

void OutlineIssue(const Brief& brief, const IssueBrief& issue, Outline& outline) {
  const int d = IssueDecimals(issue);
  outline.Heading(3, issue.issue_name.empty() || issue.issue_name == issue.issue_id
                         ? issue.issue_id
                         : issue.issue_id + ": " + issue.issue_name);
  outline.Item(fmt::format(
      "Forecast {} (median of {} models); the models range from {} ({}) to {} ({}); status "
      "quo {}. Scale: {}.",
      Number(issue.forecast, d), issue.models.size(), Number(issue.low, d), issue.low_model,
      Number(issue.high, d), issue.high_model,
      issue.status_quo ? Number(*issue.status_quo, d) : std::string("none"), ScaleWords(issue)));
  if (issue.bargained) {
    outline.Item(
        fmt::format("Decided by: {}. Bargaining alone (before the decision stage) "
                    "would give {} (median).",
                    issue.decided_by, Number(*issue.bargained, d)));
  } else {
    outline.Item("Decided by: bargaining (no decision block).");
  }
  if (issue.decider_stated) {
    std::string text = fmt::format("{} states {}", issue.decider, Number(*issue.decider_stated, d));
    if (issue.decider_after.empty()) {
      text += "; no model moves actors on this issue.";
    } else {
      std::vector<std::string> after;
      for (const DeciderPosition& position : issue.decider_after) {
        after.push_back(fmt::format("{} in {}", Number(position.position, d), position.model));
      }
      text += "; after bargaining: " + Join(after) + ".";
    }
    outline.Item(text);
    const bool eum_ran = std::any_of(issue.models.begin(), issue.models.end(),
                                     [](const ModelForecast& m) { return m.model == "eum"; });
    if (!issue.decider_moves.empty()) {
      // Who the decider moved toward, in order of first move, with how often.
      std::vector<std::pair<std::string, int>> toward;
      for (const Move& move : issue.decider_moves) {
        auto found = std::find_if(toward.begin(), toward.end(),
                                  [&](const auto& entry) { return entry.first == move.toward_id; });
        if (found == toward.end()) {
          toward.emplace_back(move.toward_id, 1);
        } else {
          ++found->second;
        }
      }
      std::vector<std::string> parts;
      parts.reserve(toward.size());
      for (const auto& [actor, count] : toward) {
        parts.push_back(count == 1 ? actor : fmt::format("{} ({} times)", actor, count));
      }
      outline.Item(fmt::format(
          "eum: {} makes {} move{}, toward {}; from {} to {}.", issue.decider,
          issue.decider_moves.size(), issue.decider_moves.size() == 1 ? "" : "s", Join(parts),
          Number(issue.decider_moves.front().from, d), Number(issue.decider_moves.back().to, d)));
    } else if (eum_ran) {
      outline.Item(fmt::format("eum: {} makes no move.", issue.decider));
    }
  }
  if (issue.ensemble_p5 && issue.ensemble_p95) {
    outline.Item(fmt::format("Inputs' uncertainty ({}, {} runs): p5 {} to p95 {}.",
                             ModelName(brief.ensemble_spec), brief.runs,
                             Number(*issue.ensemble_p5, d), Number(*issue.ensemble_p95, d)));
  }
  if (issue.error_p5 && issue.error_p95) {
    outline.Item(fmt::format(
        "With {}'s own error as well (errors on {}, an outside view outside EU legislation): "
        "p5 {} to p95 {}.",
        ModelName(brief.ensemble_spec), brief.errors_from, Number(*issue.error_p5, d),
        Number(*issue.error_p95, d)));
  }
  for (const std::string& caveat : issue.caveats) outline.Item("Caveat: " + caveat + ".");
}

std::string GainList(const std::vector<ActorGain>& actors) {
  std::vector<std::string> parts;
  parts.reserve(actors.size());
  for (const ActorGain& actor : actors) {
    parts.push_back(fmt::format("{} {:+.3f}", actor.actor_id, actor.linked - actor.separate));
  }
  return Join(parts);
}

std::string LinkageVerdict(const LinkageFinding& finding) {
  if (finding.gainers.empty() && finding.losers.empty()) {
    return "linking changes no actor's gain.";
  }
  if (finding.losers.empty()) {
    return "linking pays: " + GainList(finding.gainers) + " gain; nobody loses.";
  }
  if (finding.gainers.empty()) {
    return "linking does not pay: " + GainList(finding.losers) + " lose; nobody gains.";
  }
  return "linking pays for " + GainList(finding.gainers) + "; it costs " +
         GainList(finding.losers) + ".";
}

// "53.6 toward "accepts Beijing's claim" (to 53.6)": a move in scale units, with the end of
// the scale it goes toward.
std::string MoveWords(const IssueBrief& issue, double move, double target, double from) {
  const int d = IssueDecimals(issue);
  const bool up = target > from;
  const std::string& label = up ? issue.max_label : issue.min_label;
  return fmt::format("{} {} (to {})", Number(move, d),
                     label.empty() ? std::string(up ? "up" : "down") : "toward \"" + label + "\"",
                     Number(target, d));
}

const IssueBrief* FindIssue(const Brief& brief, const std::string& id) {
  for (const IssueBrief& issue : brief.issues) {
    if (issue.issue_id == id) return &issue;
  }
  return nullptr;
}

// "nk-pressure 40.0 -> 73.1, trade-terms 30.0 -> 60.3"
std::string Moves(const DeciderOffer& offer, const std::vector<double>& to) {
  std::vector<std::string> parts;
  parts.reserve(offer.issues.size());
  for (std::size_t k = 0; k < offer.issues.size(); ++k) {
    parts.push_back(
        fmt::format("{} {:.1f} -> {:.1f}", offer.issues[k], offer.no_agreement[k], to[k]));
  }
  return Join(parts);
}

std::string Promise(const std::string& who, double critical, const std::optional<bool>& holds) {
  if (critical <= 0) return fmt::format("{}'s promise costs it nothing to keep", who);
  return fmt::format("{}'s promise holds for discount factors of {:.2f} or more{}", who, critical,
                     !holds ? "" : (*holds ? " (it holds)" : " (it does NOT hold)"));
}

// The offers between deciders: every two-issue package, agenda changes and the slope.
void OutlineDeciders(const DeciderLinkage& deciders, Outline& outline) {
  outline.Paragraph(
      "Offers between deciders: each decides its own issues; an offer is \"I move mine if "
      "you move yours\"; the others are affected, not asked (quadratic utility; Nash "
      "agreement with capability weights; no agreement = each decides alone).");
  std::vector<std::string> none;
  for (const DeciderOffer& offer : deciders.offers) {
    if (offer.issues.size() != 2) continue;  // whole packages: `parley linkage`
    std::vector<std::string> mine, yours;
    for (std::size_t k = 0; k < offer.issues.size(); ++k) {
      (offer.decided_by[k] == offer.decider_a ? mine : yours).push_back(offer.issues[k]);
    }
    const std::string name = fmt::format("{} ({}) for {} ({})", Join(mine), offer.decider_a,
                                         Join(yours), offer.decider_b);
    if (!offer.exists) {
      none.push_back(name);
      continue;
    }
    const std::string& second =
        offer.first_mover == offer.decider_a ? offer.decider_b : offer.decider_a;
    std::vector<std::string> others;
    for (std::size_t i = 2; i < offer.actors.size(); ++i) {
      others.push_back(
          fmt::format("{} {:+.3f}", offer.actors[i].actor_id, offer.actors[i].agreement));
    }
    outline.Item(fmt::format(
        "{}: agreement {}; gains {} {:+.3f}, {} {:+.3f}. {}; {}. {} moves first; if {} then "
        "reneges: {} ({} {:+.3f}, {} {:+.3f}). Others: {}.",
        name, Moves(offer, offer.nash), offer.decider_a, offer.gain_a, offer.decider_b,
        offer.gain_b, Promise(offer.decider_a, offer.critical_a, offer.holds_a),
        Promise(offer.decider_b, offer.critical_b, offer.holds_b), offer.first_mover, second,
        Moves(offer, offer.reneged), offer.actors[0].actor_id, offer.actors[0].reneged,
        offer.actors[1].actor_id, offer.actors[1].reneged, Join(others)));
  }
  if (!none.empty()) {
    outline.Item(
        fmt::format("No agreement both deciders prefer to deciding alone: {}.", Join(none, "; ")));
  }
  for (const DeciderAgendaChange& change : deciders.agenda) {
    outline.Item(DescribeAgendaChange(change));
  }
  for (const SlipperySlope& slope : deciders.slopes)
    outline.Item("Slippery slope. " + DescribeSlope(slope));
  for (const DeciderPartyChange& party : deciders.parties) {
    std::vector<std::string> opened;
    for (const DeciderPartyChange::Package& package : party.packages) {
      if (!package.exists_with && package.exists_without) {
        opened.push_back(
            fmt::format("{} ({}-{})", Join(package.issues), package.decider_a, package.decider_b));
      }
    }
    std::vector<std::string> slopes;
    for (const SlipperySlope& slope : party.slopes) {
      if (slope.slope > 1e-6) {
        slopes.push_back(fmt::format("{} asking {} for {} after ({}) gains {:.3f} more",
                                     slope.demander, slope.conceder, slope.next_issue,
                                     Join(slope.first), slope.slope));
      }
    }
    outline.Item(fmt::format(
        "Without {}'s veto: {}; {}.", party.dropped,
        opened.empty() ? "no new agreement" : "agreements open on " + Join(opened, "; "),
        slopes.empty() ? "no slippery slope" : "slippery slope: " + Join(slopes, "; ")));
  }
  for (const std::string& note : deciders.notes) outline.Item("Note: " + note + ".");
}

void OutlineLinkage(const Brief& brief, Outline& outline) {
  outline.Heading(2, "2. Linkage: does bargaining the issues as a package pay?");
  if (brief.deciders) {
    OutlineDeciders(*brief.deciders, outline);
    outline.Paragraph(
        "The committee view: every actor bargains on every issue, whoever decides it.");
  }
  for (const LinkageFinding& finding : brief.linkage) {
    outline.Paragraph(fmt::format(
        "{} over all issues as one package vs {} on each issue alone (change in each actor's "
        "{} utility gain over the status quo): {}",
        finding.linked_model, finding.separate_model, brief.utility, LinkageVerdict(finding)));
  }
  for (const std::string& note : brief.linkage_notes) outline.Paragraph("Note: " + note + ".");
  if (brief.deals.empty()) {
    outline.Paragraph("No trade between two actors benefits both.");
    return;
  }
  outline.Paragraph(fmt::format(
      "Best {} of {} deals (trades that benefit both sides, by joint gain; linear utility, "
      "from the stated positions):",
      brief.deals.size(), brief.deal_count));
  for (const DealFinding& found : brief.deals) {
    const Deal& deal = found.deal;
    outline.Item(fmt::format(
        "{} gives way on {}, {} on {}: {} moves {}, {} {}; each gains {:.3f}.", deal.actor_i,
        deal.issue_i, deal.actor_j, deal.issue_j, deal.actor_i,
        MoveWords(*FindIssue(brief, deal.issue_i), deal.move_i, deal.target_i, found.from_i),
        deal.actor_j,
        MoveWords(*FindIssue(brief, deal.issue_j), deal.move_j, deal.target_j, found.from_j),
        deal.gain_i));
  }
}

std::string Agreement(bool exists) { return exists ? "exists" : "none"; }

void OutlineAgenda(const Brief& brief, Outline& outline) {
  outline.Heading(2, "3. Agenda: what dropping an issue or a party changes");
  outline.Paragraph(
      "nash over all issues, before and after each edit (read it backwards for adding the "
      "issue or party). Agreement: an outcome better than the status quo for every actor "
      "with a stake.");
  for (const AgendaFinding& finding : brief.agenda) {
    if (!finding.skipped.empty()) {
      outline.Item(fmt::format("{}: not analysed ({}).", finding.description, finding.skipped));
      continue;
    }
    std::string shift = "no forecast moves";
    if (!finding.shift_issue.empty()) {
      const int d = IssueDecimals(*FindIssue(brief, finding.shift_issue));
      shift = fmt::format("largest shift {} {} to {} ({})", finding.shift_issue,
                          Number(finding.shift_before, d), Number(finding.shift_after, d),
                          SignedNumber(finding.shift_after - finding.shift_before, d));
    }
    std::string agreement =
        fmt::format("agreement {} before, {} after", Agreement(finding.agreement_before),
                    Agreement(finding.agreement_after));
    if (finding.agreement_before && !finding.agreement_after) agreement += " (lost)";
    if (!finding.agreement_before && finding.agreement_after) agreement += " (made possible)";
    outline.Item(fmt::format("{}: {}; {}.", finding.description, shift, agreement));
  }
}

void OutlineHinges(const Brief& brief, Outline& outline) {
  outline.Heading(2, "4. What the answer hinges on");
  if (brief.sensitivity_spec.empty()) {
    outline.Paragraph(
        "The scenario declares no uncertain inputs, so nothing to rank: give a position, "
        "salience or capability a distribution, or set uncertainty: {relative_noise: r}.");
    return;
  }
  outline.Paragraph(fmt::format(
      "Tornado of {} over the {} uncertain inputs: each input at its {:g}% and {:g}% quantile, "
      "the others at their nominal values; the largest swings per issue.",
      ModelName(brief.sensitivity_spec), brief.uncertain_inputs, 100 * kRangeLow,
      100 * kRangeHigh));
  for (const IssueHinges& hinges : brief.hinges) {
    const int d = IssueDecimals(*FindIssue(brief, hinges.issue_id));
    if (hinges.top.empty()) {
      outline.Item(fmt::format("{} ({}): no uncertain input moves it.", hinges.issue_id,
                               Number(hinges.nominal, d)));
      continue;
    }
    std::vector<std::string> bars;
    for (const TornadoBar& bar : hinges.top) {
      bars.push_back(fmt::format("{} {} to {} ({})", bar.input, Number(bar.low_outcome, d),
                                 Number(bar.high_outcome, d), SignedNumber(bar.swing(), d)));
    }
    outline.Item(fmt::format("{} ({}): {}.", hinges.issue_id, Number(hinges.nominal, d),
                             Join(bars, "; ", "; ")));
  }
}

}  // namespace

std::vector<BriefBlock> BriefOutline(const Brief& brief) {
  Outline outline;
  outline.Heading(1, brief.scenario_name.empty() ? "Findings" : "Findings: " + brief.scenario_name);
  std::vector<std::string> names;
  for (const std::string& spec : brief.models) names.push_back(ModelName(spec));
  std::string intro = fmt::format(
      "{} actors, {} issues; input hash {}. Forecasts of the default models for this "
      "scenario: {}.",
      brief.actor_count, brief.issues.size(), brief.input_hash, Join(names, ", ", ", "));
  if (!brief.skipped_models.empty()) {
    intro += " Left out: " + Join(brief.skipped_models, "; ", "; ") + ".";
  }
  outline.Paragraph(intro);

  outline.Heading(2, "1. Forecasts: where each issue settles, and who decides");
  if (!brief.ensemble_spec.empty()) {
    outline.Paragraph(
        fmt::format("Ranges from the inputs' uncertainty: {} over {} runs (seed {}) drawing the {} "
                    "uncertain inputs.",
                    brief.ensemble_spec, brief.runs, brief.seed, brief.uncertain_inputs));
  } else if (brief.uncertain_inputs == 0) {
    outline.Paragraph("The scenario declares no uncertain inputs: no ranges from them.");
  }
  for (const IssueBrief& issue : brief.issues) OutlineIssue(brief, issue, outline);

  OutlineLinkage(brief, outline);
  OutlineAgenda(brief, outline);
  OutlineHinges(brief, outline);
  return outline.Take();
}

// ---------------------------------------------------------------------------------------
// Renderers

namespace {

// `text` wrapped at kTextWidth columns: the first line after `first`, the others after
// `rest` (a hanging indent for list items). Words longer than a line stay whole.
std::string Wrap(const std::string& text, const std::string& first, const std::string& rest) {
  std::string out = first;
  std::size_t column = first.size();
  bool line_empty = true;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    if (!line_empty && column + 1 + word.size() > static_cast<std::size_t>(kTextWidth)) {
      out += "\n" + rest;
      column = rest.size();
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    line_empty = false;
  }
  return out + "\n";
}

// Markdown's inline markup characters, escaped so that ids like "nk_program" or labels with
// '*' read as written.
std::string MarkdownText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

ordered_json Optional(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json GainsJson(const std::vector<ActorGain>& actors) {
  ordered_json list = ordered_json::array();
  for (const ActorGain& actor : actors) {
    list.push_back({{"actor", actor.actor_id},
                    {"separate", actor.separate},
                    {"linked", actor.linked},
                    {"change", actor.linked - actor.separate}});
  }
  return list;
}

ordered_json IssueJson(const IssueBrief& issue) {
  ordered_json models = ordered_json::array();
  for (const ModelForecast& model : issue.models) {
    models.push_back({{"model", model.model},
                      {"position", model.position},
                      {"bargained", Optional(model.bargained)},
                      {"rule", model.rule}});
  }
  ordered_json after = ordered_json::array();
  for (const DeciderPosition& position : issue.decider_after) {
    after.push_back({{"model", position.model}, {"position", position.position}});
  }
  ordered_json moves = ordered_json::array();
  for (const Move& move : issue.decider_moves) {
    moves.push_back({{"round", move.round},
                     {"toward", move.toward_id},
                     {"kind", move.kind},
                     {"from", move.from},
                     {"to", move.to}});
  }
  ordered_json json;
  json["id"] = issue.issue_id;
  json["name"] = issue.issue_name;
  json["scale"] = {{"min", issue.scale_min},
                   {"max", issue.scale_max},
                   {"min_label", issue.min_label},
                   {"max_label", issue.max_label}};
  json["status_quo"] = Optional(issue.status_quo);
  json["decided_by"] = issue.decided_by;
  json["decider"] = issue.decider.empty() ? ordered_json(nullptr) : ordered_json(issue.decider);
  json["forecast"] = issue.forecast;
  json["bargained"] = Optional(issue.bargained);
  json["spread"] = {{"low", issue.low},
                    {"low_model", issue.low_model},
                    {"high", issue.high},
                    {"high_model", issue.high_model},
                    {"width", issue.high - issue.low}};
  json["models"] = models;
  json["decider_position"] = {{"stated", Optional(issue.decider_stated)},
                              {"after_bargaining", after},
                              {"eum_moves", moves}};
  if (issue.error_p5 && issue.error_p95) {
    json["with_model_error"] = {{"p5", *issue.error_p5}, {"p95", *issue.error_p95}};
  }
  if (issue.ensemble_p5 && issue.ensemble_p95) {
    json["ensemble"] = {{"p5", *issue.ensemble_p5},
                        {"p95", *issue.ensemble_p95},
                        {"model_uncertainty_dominates",
                         issue.high - issue.low > *issue.ensemble_p95 - *issue.ensemble_p5}};
  } else {
    json["ensemble"] = nullptr;
  }
  json["caveats"] = issue.caveats;
  return json;
}

}  // namespace

std::string BriefToText(const Brief& brief) {
  std::string out;
  BriefBlock::Kind previous = BriefBlock::Kind::kHeading;
  for (const BriefBlock& block : BriefOutline(brief)) {
    switch (block.kind) {
      case BriefBlock::Kind::kHeading:
        if (!out.empty()) out += "\n";
        out += block.text + "\n";
        if (block.level <= 2) {
          out += std::string(block.text.size(), block.level == 1 ? '=' : '-') + "\n";
        }
        break;
      case BriefBlock::Kind::kParagraph:
        if (previous != BriefBlock::Kind::kHeading) out += "\n";
        out += Wrap(block.text, "", "");
        break;
      case BriefBlock::Kind::kItem:
        out += Wrap(block.text, "  - ", "    ");
        break;
    }
    previous = block.kind;
  }
  return out;
}

std::string BriefToMarkdown(const Brief& brief) {
  std::string out;
  BriefBlock::Kind previous = BriefBlock::Kind::kHeading;
  for (const BriefBlock& block : BriefOutline(brief)) {
    // A list ends with a blank line before whatever follows it.
    if (previous == BriefBlock::Kind::kItem && block.kind != BriefBlock::Kind::kItem) out += "\n";
    switch (block.kind) {
      case BriefBlock::Kind::kHeading:
        out += std::string(block.level, '#') + " " + MarkdownText(block.text) + "\n\n";
        break;
      case BriefBlock::Kind::kParagraph:
        out += MarkdownText(block.text) + "\n\n";
        break;
      case BriefBlock::Kind::kItem:
        out += "- " + MarkdownText(block.text) + "\n";
        break;
    }
    previous = block.kind;
  }
  if (previous == BriefBlock::Kind::kItem) out += "\n";
  return out;
}

std::string BriefToJson(const Brief& brief) {
  ordered_json json;
  json["scenario"] = {
      {"name", brief.scenario_name},    {"source", brief.source},
      {"input_hash", brief.input_hash}, {"actors", brief.actor_count},
      {"issues", brief.issues.size()},  {"uncertain_inputs", brief.uncertain_inputs}};
  json["models"] = brief.models;
  json["skipped_models"] = brief.skipped_models;
  json["seed"] = brief.seed;
  json["ensemble"] = brief.ensemble_spec.empty()
                         ? ordered_json(nullptr)
                         : ordered_json({{"spec", brief.ensemble_spec}, {"runs", brief.runs}});
  ordered_json issues = ordered_json::array();
  for (const IssueBrief& issue : brief.issues) issues.push_back(IssueJson(issue));
  json["issues"] = issues;

  ordered_json comparisons = ordered_json::array();
  for (const LinkageFinding& finding : brief.linkage) {
    comparisons.push_back({{"separate", finding.separate_spec},
                           {"linked", finding.linked_spec},
                           {"gainers", GainsJson(finding.gainers)},
                           {"losers", GainsJson(finding.losers)}});
  }
  ordered_json deals = ordered_json::array();
  for (const DealFinding& found : brief.deals) {
    const Deal& deal = found.deal;
    deals.push_back({{"actor_i", deal.actor_i},
                     {"issue_i", deal.issue_i},
                     {"from_i", found.from_i},
                     {"move_i", deal.move_i},
                     {"target_i", deal.target_i},
                     {"actor_j", deal.actor_j},
                     {"issue_j", deal.issue_j},
                     {"from_j", found.from_j},
                     {"move_j", deal.move_j},
                     {"target_j", deal.target_j},
                     {"rate_min", deal.rate_min},
                     {"rate_max", deal.rate_max},
                     {"rate_equal", deal.rate_equal},
                     {"gain_each", deal.gain_i},
                     {"joint_gain", deal.joint_gain}});
  }
  json["linkage"] = {{"utility", brief.utility},
                     {"comparisons", comparisons},
                     {"deal_count", brief.deal_count},
                     {"deals", deals},
                     {"notes", brief.linkage_notes}};
  json["linkage"]["deciders"] =
      brief.deciders ? ordered_json::parse(DeciderLinkageToJson(*brief.deciders)) : ordered_json();

  ordered_json agenda = ordered_json::array();
  for (const AgendaFinding& finding : brief.agenda) {
    ordered_json edit = {{"edit", finding.description}};
    if (!finding.skipped.empty()) {
      edit["skipped"] = finding.skipped;
    } else {
      edit["largest_shift"] = finding.shift_issue.empty()
                                  ? ordered_json(nullptr)
                                  : ordered_json({{"issue", finding.shift_issue},
                                                  {"before", finding.shift_before},
                                                  {"after", finding.shift_after}});
      edit["agreement_before"] = finding.agreement_before;
      edit["agreement_after"] = finding.agreement_after;
    }
    agenda.push_back(edit);
  }
  json["agenda"] = agenda;

  if (brief.sensitivity_spec.empty()) {
    json["sensitivity"] = nullptr;
  } else {
    ordered_json hinges = ordered_json::array();
    for (const IssueHinges& issue : brief.hinges) {
      ordered_json top = ordered_json::array();
      for (const TornadoBar& bar : issue.top) {
        top.push_back({{"input", bar.input},
                       {"low_value", bar.low_value},
                       {"high_value", bar.high_value},
                       {"low_outcome", bar.low_outcome},
                       {"high_outcome", bar.high_outcome},
                       {"swing", bar.swing()}});
      }
      hinges.push_back({{"issue", issue.issue_id}, {"nominal", issue.nominal}, {"top", top}});
    }
    json["sensitivity"] = {{"spec", brief.sensitivity_spec}, {"issues", hinges}};
  }
  return internal::Dump(json);
}

}  // namespace parley
