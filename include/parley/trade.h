// parley/trade.h: bilateral trade data and the asymmetric dependence measured from it.
//
// TradeData holds, per year, each country's trade with each partner (imports and exports,
// million current US dollars) and, where known, its total trade and GDP. Countries are
// Correlates of War state codes (e.g. 2 United States, 710 China, 731 North Korea);
// CountryCode() maps COW codes, ISO 3166 alpha-3 codes and names to them.
//
// Readers (src/trade/): the COW dyadic trade format (ccode1, ccode2, year, flow1, flow2,
// ...; gzip-compressed files are read directly), the COW national totals format (ccode,
// year, imports, exports, ...), and a generic tidy CSV (reporter, partner, year, exports,
// imports) with an optional GDP table (country, year, gdp). Errors are InputError with
// file, line and field.
//
// Measures (per year; formulas and citations in src/trade/measures.cc):
//   share s_ij      = trade_ij / total_i: j's share of i's trade (total_i from the national
//                     totals when given, else the sum over i's partners);
//   leverage ratio  = s_ij / s_ji: how much more i depends on j than j on i;
//   HHI_i           = sum_j s_ij^2 (Herfindahl-Hirschman concentration of i's trade);
//   Hirschman_i     = 100 sqrt(sum_j s_ij^2) (Hirschman 1945);
//   trade/GDP dependence, its asymmetry, vulnerability with a substitution share, and the
//   cost of a sanction cutting a fraction of i-j trade, for both sides.
#ifndef PARLEY_TRADE_H_
#define PARLEY_TRADE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/errors.h"

namespace parley::trade {

struct Country {
  int cow = 0;       // COW state code
  std::string iso3;  // ISO 3166-1 alpha-3, e.g. "PRK"
  std::string name;  // e.g. "North Korea"
};

// Resolves "731", "PRK" or "North Korea" (case-insensitive) to a COW code; throws
// InputError naming `field` when unknown.
int CountryCode(const std::string& text, const std::string& field = "country");
// The same lookup without throwing: nullopt when unknown.
std::optional<int> FindCountryCode(const std::string& text);
// The table entry for a COW code, or nullopt.
std::optional<Country> FindCountry(int cow);
// Every entry of the country table (src/trade/countries.cc), in increasing COW code.
std::vector<Country> AllCountries();
// A short label for output: the ISO3 code, else the name, else "COW <code>".
std::string CountryLabel(int cow);

class TradeData {
 public:
  // Adds i's imports from j and exports to j in `year` (million USD). Adding the same
  // directed pair twice for a year is an error (std::invalid_argument).
  void AddFlow(int year, int reporter, int partner, double imports, double exports);
  // Sets i's total trade (imports + exports, million USD) with the world in `year`.
  void SetTotal(int year, int country, double total);
  void SetGdp(int year, int country, double gdp);

  // imports + exports between i and j in `year` (as reported by i, else mirrored from j).
  double Bilateral(int year, int i, int j) const;
  // i's total trade in `year`: the national total when set, else the sum over partners.
  double Total(int year, int i) const;
  std::optional<double> Gdp(int year, int i) const;
  // i's partners with non-zero trade in `year`, in increasing COW code.
  std::vector<int> Partners(int year, int i) const;
  std::vector<int> Years() const;
  std::vector<int> Countries(int year) const;

  // i's imports from j / exports to j in `year`: i's report, else the mirror of j's report
  // (j's exports to i / imports from i); nullopt when neither side has data. A value of
  // NaN given to AddFlow means "no data" (COW's -9 or NA), never zero.
  std::optional<double> Imports(int year, int i, int j) const;
  std::optional<double> Exports(int year, int i, int j) const;
  // The total set by SetTotal, or nullopt.
  std::optional<double> NationalTotal(int year, int i) const;
  // The sum of Bilateral over i's partners.
  double PartnerTotal(int year, int i) const;
  bool HasYear(int year) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Reads a trade file, format recognised by its header (COW dyadic, COW national, tidy);
// ".gz" files are decompressed on the fly. Reading into an existing TradeData merges.
void ReadTradeFile(const std::string& path, TradeData& data);
// The same for text already in memory; `source` names it in messages.
void ParseTradeText(std::string_view text, const std::string& source, TradeData& data);

double PartnerShare(const TradeData& data, int year, int i, int j);   // s_ij
double LeverageRatio(const TradeData& data, int year, int i, int j);  // s_ij / s_ji
double Herfindahl(const TradeData& data, int year, int i);
double HirschmanIndex(const TradeData& data, int year, int i);

// Trade-to-GDP dependence D_ij = trade_ij / GDP_i; nullopt without i's GDP.
std::optional<double> GdpDependence(const TradeData& data, int year, int i, int j);
// Its asymmetry D_ij - D_ji (> 0: i needs j more than j needs i); nullopt without both GDPs.
std::optional<double> GdpDependenceAsymmetry(const TradeData& data, int year, int i, int j);

// i's exposure to a cut of its trade with j (Keohane & Nye 1977): sensitivity before any
// adjustment, vulnerability once the share `substitution` of the cut trade is re-routed.
struct Vulnerability {
  double substitution = 0;                  // sigma in [0, 1]
  double sensitivity = 0;                   // s_ij
  double vulnerability = 0;                 // (1 - sigma) s_ij
  std::optional<double> sensitivity_gdp;    // trade_ij / GDP_i
  std::optional<double> vulnerability_gdp;  // (1 - sigma) trade_ij / GDP_i
};
// Throws InputError when substitution is outside [0, 1].
Vulnerability EstimateVulnerability(const TradeData& data, int year, int i, int j,
                                    double substitution);

// What one side loses when `sender` cuts the share `fraction` of its trade with `target`.
struct SanctionSide {
  int country = 0;
  double trade_lost = 0;               // (1 - sigma) f trade_ij, million USD
  double share_of_trade = 0;           // trade_lost / Total
  std::optional<double> share_of_gdp;  // trade_lost / GDP, when GDP is known
};
struct SanctionCost {
  double fraction = 0;   // f in [0, 1]
  double trade_cut = 0;  // f trade_ij, million USD
  SanctionSide target;
  SanctionSide sender;
};
// Throws InputError when fraction or a substitution share is outside [0, 1].
SanctionCost EstimateSanctionCost(const TradeData& data, int year, int target, int sender,
                                  double fraction, double target_substitution = 0,
                                  double sender_substitution = 0);

// `parley leverage`: per year, one actor's top partners with the measures both ways, or
// (without an actor) every country ranked by the concentration of its trade.
struct LeverageOptions {
  std::vector<int> years;          // each must be in the data (InputError otherwise)
  std::optional<int> actor;        // COW code; none = rank every country by Herfindahl
  std::size_t top = 10;            // partners listed (with an actor) or countries ranked
  double substitution = 0;         // sigma for vulnerability and sanction cost, both sides
  std::optional<double> sanction;  // f: the partner cuts this share of its trade with actor
};
// The years `parley leverage` reports on: those of the data within `range` ("Y1-Y2" or "Y")
// when it is not empty, else `year` when given, else the latest year of the data. Throws
// InputError (field "--years") for a malformed or backward range or one without data, and
// when the data has no rows.
std::vector<int> SelectLeverageYears(const TradeData& data, std::optional<int> year,
                                     const std::string& range);
struct PartnerLeverage {
  int partner = 0;
  double trade = 0;             // trade_ij, million USD
  double share_of_actor = 0;    // s_ij: partner's share of the actor's trade
  double share_of_partner = 0;  // s_ji: actor's share of the partner's trade
  double leverage_ratio = 0;    // s_ij / s_ji: the partner's leverage over the actor
  Vulnerability vulnerability;  // the actor's, to this partner
  std::optional<double> gdp_dependence_asymmetry;  // D_ij - D_ji
  std::optional<SanctionCost> sanction;            // the partner cuts f of the trade
};
struct ActorLeverage {
  int year = 0;
  int actor = 0;
  double total = 0;             // denominator of the shares
  bool national_total = false;  // total from the national totals (else partner sum)
  std::optional<double> gdp;
  double herfindahl = 0;
  double hirschman = 0;
  std::size_t partner_count = 0;
  std::vector<PartnerLeverage> partners;  // by decreasing trade
};
struct LeverageReport {
  std::vector<std::string> sources;
  LeverageOptions options;
  std::vector<ActorLeverage> rows;  // per year; per country by decreasing HHI without actor
};
LeverageReport AnalyzeLeverage(const TradeData& data, const LeverageOptions& options);
std::string LeverageToTable(const LeverageReport& report);
std::string LeverageToJson(const LeverageReport& report);
// Tidy CSV: one row per (year, actor, partner).
std::string LeverageToCsv(const LeverageReport& report);

}  // namespace parley::trade

#endif  // PARLEY_TRADE_H_
