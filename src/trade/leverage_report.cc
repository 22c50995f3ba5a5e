// `parley leverage`: the analysis (AnalyzeLeverage), the choice of years (SelectLeverageYears)
// and its three renderings -- a table for people, JSON, and tidy CSV with one row per (year,
// actor, partner). The measures are those of measures.cc; this file only selects, orders and
// prints them.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "io/format.h"
#include "parley/trade.h"

namespace parley::trade {

using internal::CsvField;
using internal::CsvNumber;
using nlohmann::ordered_json;

namespace {

// Without an actor, each ranked country shows only its main partner.
constexpr std::size_t kPartnersPerRankedCountry = 1;

ActorLeverage AnalyzeActor(const TradeData& data, const LeverageOptions& options, int year,
                           int actor, std::size_t partner_limit) {
  ActorLeverage row;
  row.year = year;
  row.actor = actor;
  row.total = data.Total(year, actor);
  row.national_total = data.NationalTotal(year, actor).has_value();
  row.gdp = data.Gdp(year, actor);
  row.herfindahl = Herfindahl(data, year, actor);
  row.hirschman = HirschmanIndex(data, year, actor);
  std::vector<std::pair<double, int>> by_trade;
  for (int partner : data.Partners(year, actor)) {
    by_trade.emplace_back(data.Bilateral(year, actor, partner), partner);
  }
  row.partner_count = by_trade.size();
  // Largest trade first; ties in increasing COW code, so the order is reproducible.
  std::sort(by_trade.begin(), by_trade.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (by_trade.size() > partner_limit) by_trade.resize(partner_limit);
  for (const auto& [trade, partner] : by_trade) {
    PartnerLeverage line;
    line.partner = partner;
    line.trade = trade;
    line.share_of_actor = PartnerShare(data, year, actor, partner);
    line.share_of_partner = PartnerShare(data, year, partner, actor);
    line.leverage_ratio = LeverageRatio(data, year, actor, partner);
    line.vulnerability = EstimateVulnerability(data, year, actor, partner, options.substitution);
    line.gdp_dependence_asymmetry = GdpDependenceAsymmetry(data, year, actor, partner);
    if (options.sanction) {
      line.sanction = EstimateSanctionCost(data, year, actor, partner, *options.sanction,
                                           options.substitution, options.substitution);
    }
    row.partners.push_back(std::move(line));
  }
  return row;
}

std::string YearRange(const TradeData& data) {
  const std::vector<int> years = data.Years();
  if (years.empty()) return "none";
  return fmt::format("{} to {}", years.front(), years.back());
}

std::string Name(int cow) {
  const std::optional<Country> country = FindCountry(cow);
  return country ? country->name : fmt::format("COW {}", cow);
}

std::string Percent(double share) {
  if (std::isnan(share)) return "-";
  return fmt::format("{:.2f}%", 100 * share);
}

std::string RatioText(double ratio) {
  if (std::isnan(ratio)) return "-";
  if (std::isinf(ratio)) return "inf";
  return ratio >= 100 ? fmt::format("{:.0f}", ratio) : fmt::format("{:.2f}", ratio);
}

std::string Money(double millions) { return fmt::format("{:.1f}", millions); }

ordered_json CountryJson(int cow) {
  const std::optional<Country> country = FindCountry(cow);
  return {
      {"cow", cow}, {"iso3", country ? country->iso3 : ""}, {"name", country ? country->name : ""}};
}

ordered_json Number(double value) {
  return std::isfinite(value) ? ordered_json(value) : ordered_json();
}

ordered_json Number(const std::optional<double>& value) {
  return value ? Number(*value) : ordered_json();
}

std::string CsvValue(double value) {
  if (std::isnan(value)) return "";
  return CsvNumber(value);
}

std::string CsvValue(const std::optional<double>& value) {
  return value ? CsvValue(*value) : std::string();
}

ordered_json SideJson(const SanctionSide& side) {
  return {{"country", CountryJson(side.country)},
          {"trade_lost", side.trade_lost},
          {"share_of_trade", side.share_of_trade},
          {"share_of_gdp", Number(side.share_of_gdp)}};
}

std::string OptionsLine(const LeverageOptions& options) {
  std::string line = fmt::format("substitution sigma = {}", options.substitution);
  if (options.sanction) {
    line += fmt::format("; sanction: each partner cuts {:.0f}% of its trade with the actor",
                        100 * *options.sanction);
  }
  return line;
}

int ParseYear(std::string_view text, const std::string& range) {
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw InputError(
        {}, "--years",
        fmt::format("'{}' is not a year range; expected Y1-Y2, e.g. 1990-2014", range));
  }
  return year;
}

// The years of the data in [first, last] ("Y1-Y2" or "Y").
std::vector<int> YearsInRange(const TradeData& data, const std::string& range) {
  const std::size_t dash = range.find('-', 1);
  const int first = ParseYear(std::string_view(range).substr(0, dash), range);
  const int last = dash == std::string::npos
                       ? first
                       : ParseYear(std::string_view(range).substr(dash + 1), range);
  if (first > last) {
    throw InputError({}, "--years",
                     fmt::format("'{}' runs backwards; expected Y1-Y2 with Y1 <= Y2", range));
  }
  std::vector<int> years;
  for (int year : data.Years()) {
    if (year >= first && year <= last) years.push_back(year);
  }
  if (years.empty()) {
    const std::vector<int> all = data.Years();
    throw InputError(
        {}, "--years",
        fmt::format("no year of {} is in the trade data; expected years within "
                    "{} to {}",
                    range, all.empty() ? 0 : all.front(), all.empty() ? 0 : all.back()));
  }
  return years;
}

}  // namespace

std::vector<int> SelectLeverageYears(const TradeData& data, std::optional<int> year,
                                     const std::string& range) {
  if (!range.empty()) return YearsInRange(data, range);
  if (year) return {*year};
  const std::vector<int> all = data.Years();
  if (all.empty()) throw InputError("the trade data has no rows");
  return {all.back()};
}

LeverageReport AnalyzeLeverage(const TradeData& data, const LeverageOptions& options) {
  if (options.years.empty()) throw InputError({}, "year", "no year given; expected one");
  for (int year : options.years) {
    if (!data.HasYear(year)) {
      throw InputError({}, "year",
                       fmt::format("{} is not in the trade data; expected a year from {}", year,
                                   YearRange(data)));
    }
  }
  if (!(options.substitution >= 0 && options.substitution <= 1)) {
    throw InputError({}, "substitution",
                     fmt::format("is {}; expected a share from 0 to 1", options.substitution));
  }
  if (options.sanction && !(*options.sanction >= 0 && *options.sanction <= 1)) {
    throw InputError({}, "sanction",
                     fmt::format("is {}; expected a share from 0 to 1", *options.sanction));
  }

  LeverageReport report;
  report.options = options;
  for (int year : options.years) {
    if (options.actor) {
      const int actor = *options.actor;
      if (data.Partners(year, actor).empty()) {
        // A range may start before a state existed; a single year may not.
        if (options.years.size() == 1) {
          throw InputError({}, "actor",
                           fmt::format("{} (COW {}) has no trade recorded in {}; expected a "
                                       "country in the data for that year",
                                       Name(actor), actor, year));
        }
        continue;
      }
      report.rows.push_back(AnalyzeActor(data, options, year, actor, options.top));
      continue;
    }
    std::vector<ActorLeverage> ranked;
    for (int country : data.Countries(year)) {
      if (data.Partners(year, country).empty() || data.Total(year, country) <= 0) continue;
      ranked.push_back(AnalyzeActor(data, options, year, country, kPartnersPerRankedCountry));
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.herfindahl > b.herfindahl; });
    if (ranked.size() > options.top) ranked.resize(options.top);
    for (ActorLeverage& row : ranked) report.rows.push_back(std::move(row));
  }
  if (options.actor && report.rows.empty()) {
    throw InputError(
        {}, "actor",
        fmt::format("{} (COW {}) has no trade recorded in {} to {}", Name(*options.actor),
                    *options.actor, options.years.front(), options.years.back()));
  }
  return report;
}

std::string LeverageToTable(const LeverageReport& report) {
  const LeverageOptions& options = report.options;
  std::string out;
  const std::string years = options.years.size() == 1
                                ? fmt::format("{}", options.years.front())
                                : fmt::format("{}-{}", options.years.front(), options.years.back());
  for (const std::string& source : report.sources) out += fmt::format("Source: {}\n", source);

  if (options.actor && options.years.size() == 1 && !report.rows.empty()) {
    const ActorLeverage& row = report.rows.front();
    out += fmt::format("Trade leverage over {} ({}, COW {}), {}\n", Name(row.actor),
                       CountryLabel(row.actor), row.actor, row.year);
    out += fmt::format("  total trade {} million USD ({}), {} partners, GDP {}\n", Money(row.total),
                       row.national_total ? "national total" : "sum over partners",
                       row.partner_count, row.gdp ? Money(*row.gdp) : "not given");
    out += fmt::format("  concentration: Herfindahl {:.4f}, Hirschman index {:.1f}\n",
                       row.herfindahl, row.hirschman);
    out += fmt::format("  {}\n\n", OptionsLine(options));
    out += fmt::format("{:>4} {:<24} {:>12} {:>9} {:>9} {:>9} {:>9}", "rank", "partner", "trade $m",
                       "s_ij", "s_ji", "s_ij/s_ji", "vulner.");
    if (options.sanction) out += fmt::format(" {:>11} {:>11}", "actor loses", "partner loses");
    out += "\n";
    int rank = 0;
    for (const PartnerLeverage& line : row.partners) {
      std::string name = Name(line.partner);
      if (name.size() > 24) name.resize(24);
      out += fmt::format("{:>4} {:<24} {:>12} {:>9} {:>9} {:>9} {:>9}", ++rank, name,
                         Money(line.trade), Percent(line.share_of_actor),
                         Percent(line.share_of_partner), RatioText(line.leverage_ratio),
                         Percent(line.vulnerability.vulnerability));
      if (line.sanction) {
        out += fmt::format(" {:>11} {:>13}", Percent(line.sanction->target.share_of_trade),
                           Percent(line.sanction->sender.share_of_trade));
      }
      out += "\n";
    }
    out +=
        "\ns_ij: the partner's share of the actor's trade; s_ji: the actor's share of the "
        "partner's;\ns_ij/s_ji: the partner's leverage over the actor; vulner.: (1 - sigma) "
        "s_ij";
    if (options.sanction) out += ";\nloses: share of own trade lost to the cut";
    out += ".\n";
    return out;
  }

  if (options.actor) {
    const std::string label =
        fmt::format("{} ({})", Name(*options.actor), CountryLabel(*options.actor));
    out += fmt::format("Trade leverage over {}, {}: main partner per year\n  {}\n\n", label, years,
                       OptionsLine(options));
  } else {
    out += fmt::format(
        "Concentration of trade by partner, {}: the {} most concentrated "
        "countries per year\n\n",
        years, options.top);
  }
  out += fmt::format("{:>4} {:<24} {:>12} {:>7} {:>9} {:<24} {:>9} {:>9}\n", "year", "country",
                     "trade $m", "HHI", "Hirschman", "main partner", "s_ij", "s_ij/s_ji");
  for (const ActorLeverage& row : report.rows) {
    std::string name = Name(row.actor);
    if (name.size() > 24) name.resize(24);
    std::string partner = "-", share = "-", ratio = "-";
    if (!row.partners.empty()) {
      partner = Name(row.partners.front().partner);
      if (partner.size() > 24) partner.resize(24);
      share = Percent(row.partners.front().share_of_actor);
      ratio = RatioText(row.partners.front().leverage_ratio);
    }
    out += fmt::format("{:>4} {:<24} {:>12} {:>7.4f} {:>9.1f} {:<24} {:>9} {:>9}\n", row.year, name,
                       Money(row.total), row.herfindahl, row.hirschman, partner, share, ratio);
  }
  return out;
}

std::string LeverageToJson(const LeverageReport& report) {
  const LeverageOptions& options = report.options;
  ordered_json json;
  json["sources"] = report.sources;
  json["options"] = {
      {"years", options.years},
      {"actor", options.actor ? CountryJson(*options.actor) : ordered_json()},
      {"top", options.top},
      {"substitution", options.substitution},
      {"sanction", options.sanction ? ordered_json(*options.sanction) : ordered_json()}};
  ordered_json rows = ordered_json::array();
  for (const ActorLeverage& row : report.rows) {
    ordered_json partners = ordered_json::array();
    for (const PartnerLeverage& line : row.partners) {
      ordered_json partner = {{"partner", CountryJson(line.partner)},
                              {"trade", line.trade},
                              {"share_of_actor", line.share_of_actor},
                              {"share_of_partner", line.share_of_partner},
                              {"leverage_ratio", Number(line.leverage_ratio)},
                              {"sensitivity", line.vulnerability.sensitivity},
                              {"vulnerability", line.vulnerability.vulnerability},
                              {"sensitivity_gdp", Number(line.vulnerability.sensitivity_gdp)},
                              {"vulnerability_gdp", Number(line.vulnerability.vulnerability_gdp)},
                              {"gdp_dependence_asymmetry", Number(line.gdp_dependence_asymmetry)}};
      if (line.sanction) {
        partner["sanction"] = {{"fraction", line.sanction->fraction},
                               {"trade_cut", line.sanction->trade_cut},
                               {"actor_loss", SideJson(line.sanction->target)},
                               {"partner_loss", SideJson(line.sanction->sender)}};
      }
      partners.push_back(std::move(partner));
    }
    rows.push_back({{"year", row.year},
                    {"actor", CountryJson(row.actor)},
                    {"total", row.total},
                    {"total_source", row.national_total ? "national" : "partner_sum"},
                    {"gdp", Number(row.gdp)},
                    {"herfindahl", row.herfindahl},
                    {"hirschman", row.hirschman},
                    {"partner_count", row.partner_count},
                    {"partners", std::move(partners)}});
  }
  json["rows"] = std::move(rows);
  return internal::Dump(json);
}

std::string LeverageToCsv(const LeverageReport& report) {
  std::string csv =
      "year,actor,actor_iso3,actor_name,total,total_source,gdp,herfindahl,hirschman,"
      "partner_count,rank,partner,partner_iso3,partner_name,trade,share_of_actor,"
      "share_of_partner,leverage_ratio,substitution,sensitivity,vulnerability,sensitivity_gdp,"
      "vulnerability_gdp,gdp_dependence_asymmetry,sanction_fraction,trade_cut,actor_loss,"
      "actor_loss_share_of_trade,actor_loss_share_of_gdp,partner_loss,"
      "partner_loss_share_of_trade,partner_loss_share_of_gdp\n";
  for (const ActorLeverage& row : report.rows) {
    const std::optional<Country> actor = FindCountry(row.actor);
    const std::string head = fmt::format(
        "{},{},{},{},{},{},{},{},{},{}", row.year, row.actor, CsvField(actor ? actor->iso3 : ""),
        CsvField(actor ? actor->name : ""), CsvValue(row.total),
        row.national_total ? "national" : "partner_sum", CsvValue(row.gdp),
        CsvValue(row.herfindahl), CsvValue(row.hirschman), row.partner_count);
    int rank = 0;
    for (const PartnerLeverage& line : row.partners) {
      const std::optional<Country> partner = FindCountry(line.partner);
      csv += fmt::format(
          "{},{},{},{},{},{},{},{},{},{},{},{},{},{}", head, ++rank, line.partner,
          CsvField(partner ? partner->iso3 : ""), CsvField(partner ? partner->name : ""),
          CsvValue(line.trade), CsvValue(line.share_of_actor), CsvValue(line.share_of_partner),
          CsvValue(line.leverage_ratio), CsvValue(line.vulnerability.substitution),
          CsvValue(line.vulnerability.sensitivity), CsvValue(line.vulnerability.vulnerability),
          CsvValue(line.vulnerability.sensitivity_gdp),
          CsvValue(line.vulnerability.vulnerability_gdp));
      csv += fmt::format(",{}", CsvValue(line.gdp_dependence_asymmetry));
      if (line.sanction) {
        const SanctionCost& cost = *line.sanction;
        csv += fmt::format(",{},{},{},{},{},{},{},{}", CsvValue(cost.fraction),
                           CsvValue(cost.trade_cut), CsvValue(cost.target.trade_lost),
                           CsvValue(cost.target.share_of_trade), CsvValue(cost.target.share_of_gdp),
                           CsvValue(cost.sender.trade_lost), CsvValue(cost.sender.share_of_trade),
                           CsvValue(cost.sender.share_of_gdp));
      } else {
        csv += ",,,,,,,,";
      }
      csv += "\n";
    }
    if (row.partners.empty()) csv += head + std::string(22, ',') + "\n";
  }
  return csv;
}

}  // namespace parley::trade
