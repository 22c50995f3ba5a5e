// Renderers for LinkageReport: a readable terminal report, JSON, and tidy long CSV.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "io/format.h"
#include "parley/linkage.h"

namespace parley {

using internal::CsvField;
using internal::CsvNumber;
using nlohmann::ordered_json;

namespace {

std::string Signed(double value) { return fmt::format("{:+.3f}", value); }

std::string ForecastOf(const std::vector<IssueForecast>& forecasts, const std::string& issue) {
  for (const IssueForecast& forecast : forecasts) {
    if (forecast.issue_id == issue) return fmt::format("{:.1f}", forecast.position);
  }
  return "-";
}

std::string Positions(const std::vector<std::string>& issues, const std::vector<double>& values) {
  std::vector<std::string> parts;
  parts.reserve(issues.size());
  for (std::size_t k = 0; k < issues.size(); ++k) {
    parts.push_back(fmt::format("{} {:.1f}", issues[k], values[k]));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// "trade-terms (USA) for nk-pressure (CHN)": what each decider puts on the table.
std::string PackageName(const DeciderOffer& offer) {
  std::vector<std::string> a, b;
  for (std::size_t k = 0; k < offer.issues.size(); ++k) {
    (offer.decided_by[k] == offer.decider_a ? a : b).push_back(offer.issues[k]);
  }
  return fmt::format("{} ({}) for {} ({})", fmt::join(a, " + "), offer.decider_a,
                     fmt::join(b, " + "), offer.decider_b);
}

std::string DeciderSections(const DeciderLinkage& linkage) {
  std::string out =
      "A. Offers between deciders: each decider decides its own issues; an offer is \"I move "
      "mine if you move yours\".\n   The others are affected, not asked. Quadratic utility "
      "over all issues; no agreement = each decides alone.\n";
  out += linkage.discount_factor
             ? fmt::format("   Discount factor (scenario): {:.2f} per period.\n",
                           *linkage.discount_factor)
             : "   The scenario gives no discount factor: promises are judged by delta* only.\n";
  for (const DeciderOffer& offer : linkage.offers) {
    out += fmt::format("\n   {}\n", PackageName(offer));
    out += fmt::format("     no agreement: {}", Positions(offer.issues, offer.no_agreement));
    std::vector<std::string> limits;
    for (std::size_t k = 0; k < offer.issues.size(); ++k) {
      if (offer.feasible_high[k] - offer.feasible_low[k] < 1e-9) {
        limits.push_back(fmt::format("{} can promise nothing on {} (held at {:.1f} by a veto)",
                                     offer.decided_by[k], offer.issues[k], offer.feasible_low[k]));
      }
    }
    if (!limits.empty()) out += fmt::format("; {}", fmt::join(limits, "; "));
    out += "\n";
    if (!offer.exists) {
      out += "     no agreement both prefer to deciding alone\n";
      continue;
    }
    out += fmt::format("     agreement (Nash, capability weights): {}; gains {} {}, {} {}\n",
                       Positions(offer.issues, offer.nash), offer.decider_a, Signed(offer.gain_a),
                       offer.decider_b, Signed(offer.gain_b));
    if (!offer.equal_gain.empty()) {
      out += fmt::format("     equal-gain agreement (exchange model): {}; each gains {:.3f}\n",
                         Positions(offer.issues, offer.equal_gain), offer.equal_gain_value);
    }
    auto promise = [&](const std::string& who, double critical, double temptation,
                       const std::optional<bool>& holds) {
      const std::string verdict =
          !holds ? "" : (*holds ? "; holds at the scenario's discount factor" : "; does NOT hold");
      return critical <= 0 ? fmt::format("{}'s promise costs it nothing to keep", who)
                           : fmt::format(
                                 "{}'s promise holds for delta >= {:.2f} (reneging pays "
                                 "{:.3f} a period){}",
                                 who, critical, temptation, verdict);
    };
    out +=
        fmt::format("     {}\n     {}\n",
                    promise(offer.decider_a, offer.critical_a, offer.temptation_a, offer.holds_a),
                    promise(offer.decider_b, offer.critical_b, offer.temptation_b, offer.holds_b));
    const std::string& second =
        offer.first_mover == offer.decider_a ? offer.decider_b : offer.decider_a;
    out += fmt::format("     sequence: {}\n     if {} reneges after {} has moved: {}\n",
                       offer.first_mover_reason, second, offer.first_mover,
                       Positions(offer.issues, offer.reneged));
    std::vector<std::string> kept, reneged;
    for (const UtilityChange& change : offer.actors) {
      kept.push_back(fmt::format("{} {}", change.actor_id, Signed(change.agreement)));
      reneged.push_back(fmt::format("{} {}", change.actor_id, Signed(change.reneged)));
    }
    out += fmt::format("     utility change, agreement kept:   {}\n", fmt::join(kept, ", "));
    out += fmt::format("     utility change, {} reneges: {}\n", second, fmt::join(reneged, ", "));
  }
  if (!linkage.agenda.empty()) {
    out += "\nB. Adding an issue to a package (Sebenius 1983): does the set of agreements grow?\n";
    for (const DeciderAgendaChange& change : linkage.agenda) {
      out += "   " + DescribeAgendaChange(change) + "\n";
    }
  }
  if (!linkage.slopes.empty()) {
    out +=
        "\nC. Slippery slope: once a first linked deal stands, what the next demand pays the "
        "demander\n";
    for (const SlipperySlope& slope : linkage.slopes) out += "   " + DescribeSlope(slope) + "\n";
  }
  for (const DeciderPartyChange& party : linkage.parties) {
    out += fmt::format("\nD. Without {} (a veto player taken off the table):\n", party.dropped);
    for (const DeciderPartyChange::Package& package : party.packages) {
      out += "   " + DescribePartyPackage(party.dropped, package) + "\n";
    }
    for (const SlipperySlope& slope : party.slopes) {
      out += fmt::format("   Without {}: {}\n", party.dropped, DescribeSlope(slope));
    }
  }
  for (const std::string& note : linkage.notes) out += fmt::format("   note: {}\n", note);
  return out;
}

ordered_json SlopeJson(const SlipperySlope& slope) {
  return {{"demander", slope.demander},
          {"conceder", slope.conceder},
          {"first", slope.first},
          {"next_issue", slope.next_issue},
          {"gain_without_first", slope.gain_without_first},
          {"gain_after_first", slope.gain_after_first},
          {"slope", slope.slope}};
}

ordered_json DeciderJson(const DeciderLinkage& linkage) {
  ordered_json json;
  json["discount_factor"] =
      linkage.discount_factor ? ordered_json(*linkage.discount_factor) : ordered_json();
  json["offers"] = ordered_json::array();
  for (const DeciderOffer& offer : linkage.offers) {
    ordered_json entry;
    entry["decider_a"] = offer.decider_a;
    entry["decider_b"] = offer.decider_b;
    entry["issues"] = offer.issues;
    entry["decided_by"] = offer.decided_by;
    entry["no_agreement"] = offer.no_agreement;
    entry["feasible_low"] = offer.feasible_low;
    entry["feasible_high"] = offer.feasible_high;
    entry["exists"] = offer.exists;
    entry["nash"] = offer.nash;
    entry["equal_gain"] = offer.equal_gain;
    entry["gain_a"] = offer.gain_a;
    entry["gain_b"] = offer.gain_b;
    entry["equal_gain_value"] = offer.equal_gain_value;
    entry["largest_joint_gain"] = offer.largest_joint_gain;
    entry["temptation_a"] = offer.temptation_a;
    entry["temptation_b"] = offer.temptation_b;
    entry["critical_a"] = offer.critical_a;
    entry["critical_b"] = offer.critical_b;
    entry["holds_a"] = offer.holds_a ? ordered_json(*offer.holds_a) : ordered_json();
    entry["holds_b"] = offer.holds_b ? ordered_json(*offer.holds_b) : ordered_json();
    entry["first_mover"] = offer.first_mover;
    entry["first_mover_reason"] = offer.first_mover_reason;
    entry["reneged"] = offer.reneged;
    entry["actors"] = ordered_json::array();
    for (const UtilityChange& change : offer.actors) {
      entry["actors"].push_back({{"actor", change.actor_id},
                                 {"agreement", change.agreement},
                                 {"reneged", change.reneged}});
    }
    json["offers"].push_back(entry);
  }
  json["agenda"] = ordered_json::array();
  for (const DeciderAgendaChange& change : linkage.agenda) {
    json["agenda"].push_back({{"decider_a", change.decider_a},
                              {"decider_b", change.decider_b},
                              {"before", change.before},
                              {"added", change.added},
                              {"exists_before", change.exists_before},
                              {"exists_after", change.exists_after},
                              {"gain_a_before", change.gain_a_before},
                              {"gain_a_after", change.gain_a_after},
                              {"gain_b_before", change.gain_b_before},
                              {"gain_b_after", change.gain_b_after},
                              {"joint_before", change.joint_before},
                              {"joint_after", change.joint_after}});
  }
  json["slippery_slope"] = ordered_json::array();
  for (const SlipperySlope& slope : linkage.slopes)
    json["slippery_slope"].push_back(SlopeJson(slope));
  json["parties"] = ordered_json::array();
  for (const DeciderPartyChange& party : linkage.parties) {
    ordered_json entry = {{"dropped", party.dropped}, {"packages", ordered_json::array()}};
    for (const DeciderPartyChange::Package& package : party.packages) {
      entry["packages"].push_back({{"decider_a", package.decider_a},
                                   {"decider_b", package.decider_b},
                                   {"issues", package.issues},
                                   {"exists_with", package.exists_with},
                                   {"exists_without", package.exists_without},
                                   {"joint_with", package.joint_with},
                                   {"joint_without", package.joint_without}});
    }
    entry["slippery_slope"] = ordered_json::array();
    for (const SlipperySlope& slope : party.slopes)
      entry["slippery_slope"].push_back(SlopeJson(slope));
    json["parties"].push_back(entry);
  }
  json["notes"] = linkage.notes;
  return json;
}

}  // namespace

std::string LinkageToTable(const LinkageReport& report, std::size_t max_deals) {
  // Name column: wide enough for every issue and actor id.
  std::size_t w = 14;
  for (const LinkageComparison& comparison : report.comparisons) {
    for (const IssueForecast& forecast : comparison.separate)
      w = std::max(w, forecast.issue_id.size());
    for (const ActorGain& actor : comparison.actors) w = std::max(w, actor.actor_id.size());
  }
  for (const AgendaOutcome& change : report.agenda) {
    for (const IssueForecast& forecast : change.before) w = std::max(w, forecast.issue_id.size());
    for (const IssueForecast& forecast : change.after) w = std::max(w, forecast.issue_id.size());
    for (const ActorChange& actor : change.actors) w = std::max(w, actor.actor_id.size());
  }
  std::string out;
  out += fmt::format("Linkage analysis: {} (input hash {}; {} utility)\n\n", report.scenario_name,
                     report.input_hash, report.utility);
  if (report.deciders) {
    out += DeciderSections(*report.deciders);
    out +=
        "\nThe committee view follows: every actor bargains on every issue, whoever decides "
        "it.\n\n";
  }

  out += "1. Linked vs separate: each issue bargained alone vs all issues as one package\n";
  for (const LinkageComparison& comparison : report.comparisons) {
    out += fmt::format("\n   separate: {}\n   linked:   {}\n", comparison.separate_spec,
                       comparison.linked_spec);
    out += fmt::format("   {:<{}} {:>9} {:>9} {:>9}\n", "issue", w, "separate", "linked", "change");
    for (std::size_t k = 0; k < comparison.separate.size(); ++k) {
      const double separate = comparison.separate[k].position;
      const double linked = comparison.linked[k].position;
      out += fmt::format("   {:<{}} {:>9.1f} {:>9.1f} {:>+9.1f}\n", comparison.separate[k].issue_id,
                         w, separate, linked, linked - separate);
    }
    out += fmt::format("   {:<{}} {:>9} {:>9} {:>9}   (utility gain over the status quo)\n",
                       "actor", w, "separate", "linked", "change");
    for (const ActorGain& actor : comparison.actors) {
      const double change = actor.linked - actor.separate;
      out += fmt::format(
          "   {:<{}} {:>9.3f} {:>9.3f} {:>9}  {}\n", actor.actor_id, w, actor.separate,
          actor.linked, Signed(change),
          change > 1e-6 ? "gains from linkage" : (change < -1e-6 ? "loses from linkage" : ""));
    }
  }

  out += fmt::format(
      "\n2. Deals: trades that benefit both sides ({} found, ranked by joint gain;"
      " linear utility)\n",
      report.deals.size());
  const std::size_t shown = std::min(max_deals, report.deals.size());
  for (std::size_t d = 0; d < shown; ++d) {
    const Deal& deal = report.deals[d];
    out += fmt::format(
        "   {:>2}. {} gives way on {}, {} on {}: {} moves {:.1f} on {} (to {:.1f}) for {}'s {:.1f}"
        " on {} (to {:.1f})\n       acceptable rates {:.2f} to {:.2f} {} points per {} point,"
        " equal-gain rate {:.2f}; gain {:.3f} each\n",
        d + 1, deal.actor_i, deal.issue_i, deal.actor_j, deal.issue_j, deal.actor_i, deal.move_i,
        deal.issue_i, deal.target_i, deal.actor_j, deal.move_j, deal.issue_j, deal.target_j,
        deal.rate_min, deal.rate_max, deal.issue_i, deal.issue_j, deal.rate_equal, deal.gain_i);
  }
  if (shown < report.deals.size()) {
    out += fmt::format("   ... {} more (all of them in --format json or csv)\n",
                       report.deals.size() - shown);
  }

  out += "\n3. Agenda changes (nash over all issues, before -> after)\n";
  for (const AgendaOutcome& change : report.agenda) {
    out +=
        fmt::format("\n   {}: an agreement better than the status quo for every actor: {} -> {}\n",
                    change.description, change.agreement_before ? "exists" : "none",
                    change.agreement_after ? "exists" : "none");
    std::vector<std::string> issues;
    for (const auto* list : {&change.after, &change.before}) {
      for (const IssueForecast& forecast : *list) {
        if (std::find(issues.begin(), issues.end(), forecast.issue_id) == issues.end()) {
          issues.push_back(forecast.issue_id);
        }
      }
    }
    out += fmt::format("   {:<{}} {:>9} {:>9}\n", "issue", w, "before", "after");
    for (const std::string& issue : issues) {
      out += fmt::format("   {:<{}} {:>9} {:>9}\n", issue, w, ForecastOf(change.before, issue),
                         ForecastOf(change.after, issue));
    }
    out += fmt::format("   {:<{}} {:>9} {:>9} {:>9}\n", "actor", w, "before", "after", "change");
    for (const ActorChange& actor : change.actors) {
      out += fmt::format("   {:<{}} {:>9} {:>9} {:>9}\n", actor.actor_id, w,
                         actor.before ? fmt::format("{:.3f}", *actor.before) : "-",
                         actor.after ? fmt::format("{:.3f}", *actor.after) : "-",
                         actor.before && actor.after ? Signed(*actor.after - *actor.before) : "");
    }
  }

  if (report.enforcement) {
    const Enforcement& enforcement = *report.enforcement;
    out += "\n4. Enforcement: critical discount factors for cooperation (grim trigger)\n";
    for (const IssueEnforcement& issue : enforcement.issues) {
      std::string actors;
      for (const auto& [actor, critical] : issue.actor_critical) {
        actors += fmt::format("{}{} {:.3f}", actors.empty() ? "" : ", ", actor, critical);
      }
      out += fmt::format("   {:<{}} alone: delta >= {:.3f}   ({})\n", issue.issue_id, w,
                         issue.critical, actors);
    }
    std::string actors;
    for (const auto& [actor, critical] : enforcement.actor_linked) {
      actors += fmt::format("{}{} {:.3f}", actors.empty() ? "" : ", ", actor, critical);
    }
    out += fmt::format("   every issue, each enforced alone: delta >= {:.3f}\n",
                       enforcement.separate_critical);
    out += fmt::format("   every issue, linked:              delta >= {:.3f}   ({})\n",
                       enforcement.linked_critical, actors);
  }
  if (!report.notes.empty()) {
    out += "\nnotes:\n";
    for (const std::string& note : report.notes) out += "   " + note + "\n";
  }
  return out;
}

std::string LinkageToJson(const LinkageReport& report) {
  ordered_json json;
  json["scenario"] = report.scenario_name;
  json["input_hash"] = report.input_hash;
  json["utility"] = report.utility;
  json["linked_vs_separate"] = ordered_json::array();
  for (const LinkageComparison& comparison : report.comparisons) {
    ordered_json entry;
    entry["separate_spec"] = comparison.separate_spec;
    entry["linked_spec"] = comparison.linked_spec;
    entry["issues"] = ordered_json::array();
    for (std::size_t k = 0; k < comparison.separate.size(); ++k) {
      entry["issues"].push_back({{"issue", comparison.separate[k].issue_id},
                                 {"separate", comparison.separate[k].position},
                                 {"linked", comparison.linked[k].position}});
    }
    entry["actors"] = ordered_json::array();
    for (const ActorGain& actor : comparison.actors) {
      entry["actors"].push_back({{"actor", actor.actor_id},
                                 {"separate", actor.separate},
                                 {"linked", actor.linked},
                                 {"change", actor.linked - actor.separate}});
    }
    json["linked_vs_separate"].push_back(entry);
  }
  json["deals"] = ordered_json::array();
  for (const Deal& deal : report.deals) {
    json["deals"].push_back({{"actor_i", deal.actor_i},
                             {"issue_i", deal.issue_i},
                             {"actor_j", deal.actor_j},
                             {"issue_j", deal.issue_j},
                             {"rate_min", deal.rate_min},
                             {"rate_max", deal.rate_max},
                             {"rate_equal", deal.rate_equal},
                             {"move_i", deal.move_i},
                             {"move_j", deal.move_j},
                             {"target_i", deal.target_i},
                             {"target_j", deal.target_j},
                             {"gain_i", deal.gain_i},
                             {"gain_j", deal.gain_j},
                             {"joint_gain", deal.joint_gain}});
  }
  json["agenda"] = ordered_json::array();
  for (const AgendaOutcome& change : report.agenda) {
    ordered_json entry;
    entry["change"] = change.description;
    entry["agreement_before"] = change.agreement_before;
    entry["agreement_after"] = change.agreement_after;
    const auto forecasts = [](const std::vector<IssueForecast>& list) {
      ordered_json array = ordered_json::array();
      for (const IssueForecast& forecast : list) {
        array.push_back({{"issue", forecast.issue_id}, {"position", forecast.position}});
      }
      return array;
    };
    entry["before"] = forecasts(change.before);
    entry["after"] = forecasts(change.after);
    entry["actors"] = ordered_json::array();
    for (const ActorChange& actor : change.actors) {
      entry["actors"].push_back(
          {{"actor", actor.actor_id},
           {"before", actor.before ? ordered_json(*actor.before) : ordered_json()},
           {"after", actor.after ? ordered_json(*actor.after) : ordered_json()}});
    }
    json["agenda"].push_back(entry);
  }
  if (report.enforcement) {
    ordered_json entry;
    entry["issues"] = ordered_json::array();
    for (const IssueEnforcement& issue : report.enforcement->issues) {
      ordered_json actors = ordered_json::object();
      for (const auto& [actor, critical] : issue.actor_critical) actors[actor] = critical;
      entry["issues"].push_back(
          {{"issue", issue.issue_id}, {"critical", issue.critical}, {"actors", actors}});
    }
    entry["separate_critical"] = report.enforcement->separate_critical;
    ordered_json linked = ordered_json::object();
    for (const auto& [actor, critical] : report.enforcement->actor_linked) linked[actor] = critical;
    entry["linked_actors"] = linked;
    entry["linked_critical"] = report.enforcement->linked_critical;
    json["enforcement"] = entry;
  } else {
    json["enforcement"] = nullptr;
  }
  json["notes"] = report.notes;
  json["deciders"] = report.deciders ? DeciderJson(*report.deciders) : ordered_json();
  return internal::Dump(json);
}

std::string DescribeAgendaChange(const DeciderAgendaChange& change) {
  const double delta = change.joint_after - change.joint_before;
  return fmt::format("Adding {} to {}-{} ({}): the largest joint gain {} ({:.3f} -> {:.3f}).",
                     change.added, change.decider_a, change.decider_b,
                     fmt::join(change.before, ", "),
                     delta > 1e-6 ? "grows" : (delta < -1e-6 ? "shrinks" : "does not change"),
                     change.joint_before, change.joint_after);
}

std::string DescribeSlope(const SlipperySlope& slope) {
  return fmt::format(
      "Once ({}) stands, {} asking {} for {} would gain {:.3f}, against {:.3f} without the first "
      "deal: {}.",
      fmt::join(slope.first, ", "), slope.demander, slope.conceder, slope.next_issue,
      slope.gain_after_first, slope.gain_without_first,
      slope.slope > 1e-6
          ? "the first linkage invites the next demand"
          : (slope.slope < -1e-6 ? "the first linkage makes the next one pay less" : "no change"));
}

std::string DescribePartyPackage(const std::string& dropped,
                                 const DeciderPartyChange::Package& package) {
  return fmt::format("Without {}: {}-{} ({}): {} -> {} (largest joint gain {:.3f} -> {:.3f}).",
                     dropped, package.decider_a, package.decider_b, fmt::join(package.issues, ", "),
                     package.exists_with ? "agreement" : "no agreement",
                     package.exists_without ? "agreement" : "no agreement", package.joint_with,
                     package.joint_without);
}

std::string DeciderLinkageToJson(const DeciderLinkage& linkage) {
  return internal::Dump(DeciderJson(linkage));
}

std::string LinkageToCsv(const LinkageReport& report) {
  std::string csv = "section,item,model,issue,actor,partner,measure,value\n";
  const auto row = [&](const std::string& section, const std::string& item,
                       const std::string& model, const std::string& issue, const std::string& actor,
                       const std::string& partner, const std::string& measure, double value) {
    csv +=
        fmt::format("{},{},{},{},{},{},{},{}\n", section, CsvField(item), CsvField(model),
                    CsvField(issue), CsvField(actor), CsvField(partner), measure, CsvNumber(value));
  };
  for (std::size_t c = 0; c < report.comparisons.size(); ++c) {
    const LinkageComparison& comparison = report.comparisons[c];
    const std::string item = std::to_string(c + 1);
    for (std::size_t k = 0; k < comparison.separate.size(); ++k) {
      row("linked_vs_separate", item, comparison.separate_spec, comparison.separate[k].issue_id, "",
          "", "forecast", comparison.separate[k].position);
      row("linked_vs_separate", item, comparison.linked_spec, comparison.linked[k].issue_id, "", "",
          "forecast", comparison.linked[k].position);
    }
    for (const ActorGain& actor : comparison.actors) {
      row("linked_vs_separate", item, comparison.separate_spec, "", actor.actor_id, "",
          "utility_gain", actor.separate);
      row("linked_vs_separate", item, comparison.linked_spec, "", actor.actor_id, "",
          "utility_gain", actor.linked);
    }
  }
  for (std::size_t d = 0; d < report.deals.size(); ++d) {
    const Deal& deal = report.deals[d];
    const std::string item = std::to_string(d + 1);
    const std::string issues = deal.issue_i + "/" + deal.issue_j;
    for (const auto& [measure, value] :
         {std::pair{"rate_min", deal.rate_min}, std::pair{"rate_max", deal.rate_max},
          std::pair{"rate_equal", deal.rate_equal}, std::pair{"joint_gain", deal.joint_gain}}) {
      row("deal", item, "", issues, deal.actor_i, deal.actor_j, measure, value);
    }
    row("deal", item, "", deal.issue_i, deal.actor_i, deal.actor_j, "move", deal.move_i);
    row("deal", item, "", deal.issue_i, deal.actor_i, deal.actor_j, "target", deal.target_i);
    row("deal", item, "", deal.issue_i, deal.actor_i, deal.actor_j, "gain", deal.gain_i);
    row("deal", item, "", deal.issue_j, deal.actor_j, deal.actor_i, "move", deal.move_j);
    row("deal", item, "", deal.issue_j, deal.actor_j, deal.actor_i, "target", deal.target_j);
    row("deal", item, "", deal.issue_j, deal.actor_j, deal.actor_i, "gain", deal.gain_j);
  }
  for (const AgendaOutcome& change : report.agenda) {
    for (const IssueForecast& forecast : change.before) {
      row("agenda", change.description, "", forecast.issue_id, "", "", "forecast_before",
          forecast.position);
    }
    for (const IssueForecast& forecast : change.after) {
      row("agenda", change.description, "", forecast.issue_id, "", "", "forecast_after",
          forecast.position);
    }
    for (const ActorChange& actor : change.actors) {
      if (actor.before) {
        row("agenda", change.description, "", "", actor.actor_id, "", "utility_gain_before",
            *actor.before);
      }
      if (actor.after) {
        row("agenda", change.description, "", "", actor.actor_id, "", "utility_gain_after",
            *actor.after);
      }
    }
    row("agenda", change.description, "", "", "", "", "agreement_before",
        change.agreement_before ? 1 : 0);
    row("agenda", change.description, "", "", "", "", "agreement_after",
        change.agreement_after ? 1 : 0);
  }
  if (report.enforcement) {
    for (const IssueEnforcement& issue : report.enforcement->issues) {
      for (const auto& [actor, critical] : issue.actor_critical) {
        row("enforcement", "alone", "", issue.issue_id, actor, "", "critical_delta", critical);
      }
      row("enforcement", "alone", "", issue.issue_id, "", "", "critical_delta", issue.critical);
    }
    for (const auto& [actor, critical] : report.enforcement->actor_linked) {
      row("enforcement", "linked", "", "", actor, "", "critical_delta", critical);
    }
    row("enforcement", "alone", "", "", "", "", "critical_delta_all",
        report.enforcement->separate_critical);
    row("enforcement", "linked", "", "", "", "", "critical_delta_all",
        report.enforcement->linked_critical);
  }
  if (report.deciders) {
    // Offers between deciders: item = the offer's number, model = the solution concept.
    for (std::size_t o = 0; o < report.deciders->offers.size(); ++o) {
      const DeciderOffer& offer = report.deciders->offers[o];
      const std::string item = std::to_string(o + 1);
      for (std::size_t k = 0; k < offer.issues.size(); ++k) {
        row("decider_offer", item, "no_agreement", offer.issues[k], offer.decided_by[k], "",
            "position", offer.no_agreement[k]);
        if (!offer.exists) continue;
        row("decider_offer", item, "nash", offer.issues[k], offer.decided_by[k], "", "position",
            offer.nash[k]);
        if (!offer.equal_gain.empty()) {
          row("decider_offer", item, "equal_gain", offer.issues[k], offer.decided_by[k], "",
              "position", offer.equal_gain[k]);
        }
        row("decider_offer", item, "reneged", offer.issues[k], offer.decided_by[k], "", "position",
            offer.reneged[k]);
      }
      row("decider_offer", item, "", "", offer.decider_a, offer.decider_b, "exists",
          offer.exists ? 1 : 0);
      if (!offer.exists) continue;
      row("decider_offer", item, "", "", offer.decider_a, offer.decider_b, "critical_delta",
          offer.critical_a);
      row("decider_offer", item, "", "", offer.decider_b, offer.decider_a, "critical_delta",
          offer.critical_b);
      for (const UtilityChange& change : offer.actors) {
        row("decider_offer", item, "nash", "", change.actor_id, "", "utility_change",
            change.agreement);
        row("decider_offer", item, "reneged", "", change.actor_id, "", "utility_change",
            change.reneged);
      }
    }
    for (const DeciderAgendaChange& change : report.deciders->agenda) {
      const std::string item = fmt::format("{}+{}", fmt::join(change.before, "+"), change.added);
      row("decider_agenda", item, "", change.added, change.decider_a, change.decider_b,
          "joint_gain_before", change.joint_before);
      row("decider_agenda", item, "", change.added, change.decider_a, change.decider_b,
          "joint_gain_after", change.joint_after);
    }
    for (const DeciderPartyChange& party : report.deciders->parties) {
      for (const DeciderPartyChange::Package& package : party.packages) {
        const std::string item =
            fmt::format("without {}: {}", party.dropped, fmt::join(package.issues, "+"));
        row("decider_party", item, "", "", package.decider_a, package.decider_b, "joint_gain_with",
            package.joint_with);
        row("decider_party", item, "", "", package.decider_a, package.decider_b,
            "joint_gain_without", package.joint_without);
      }
    }
    for (const SlipperySlope& slope : report.deciders->slopes) {
      const std::string item = fmt::format("{}>{}", fmt::join(slope.first, "+"), slope.next_issue);
      row("slippery_slope", item, "", slope.next_issue, slope.demander, slope.conceder,
          "gain_without_first", slope.gain_without_first);
      row("slippery_slope", item, "", slope.next_issue, slope.demander, slope.conceder,
          "gain_after_first", slope.gain_after_first);
    }
  }
  return csv;
}

}  // namespace parley
