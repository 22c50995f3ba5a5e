// Measures of asymmetric trade dependence, per year. Notation: trade_ij = imports + exports
// between i and j (TradeData::Bilateral), T_i = i's total trade (TradeData::Total: the
// national total when known, else the sum of trade_ij over i's partners), Y_i = i's GDP.
// Data: the Correlates of War trade data, Barbieri, Keshk & Pollins (2009) and Barbieri &
// Keshk (2016), COW Trade Data Set Codebook v4.0; million current US dollars.
//
//   partner share     s_ij = trade_ij / T_i, j's share of i's trade (0 when T_i = 0).
//   leverage ratio    L_ij = s_ij / s_ji: how many times more i depends on j than j on i,
//                     i.e. j's leverage over i (Hirschman 1945, ch. 2: the influence effect
//                     of trade comes from the gap in what each side would lose). +inf when
//                     s_ji = 0 < s_ij, NaN when both are 0.
//   Herfindahl        HHI_i = sum_j s_ij^2, in (0, 1]: 1 when all trade is with one partner,
//                     1/n for n equal partners. With a national total as T_i the shares
//                     need not sum to 1: the national and dyadic figures are separate
//                     series (North Korea 2014: partner sum $8,484m, national total
//                     $8,167m), so compare HHIs computed with the same denominator only.
//   Hirschman index   H_i = 100 sqrt(HHI_i), in (0, 100]: Hirschman's (1945) index of the
//                     concentration of a country's trade by partner (see Hirschman 1964,
//                     "The Paternity of an Index", AER 54(5), on its relation to HHI).
//   GDP dependence    D_ij = trade_ij / Y_i (Oneal & Russett 1997, "The Classical Liberals
//                     Were Right", ISQ 41(2)); asymmetry A_ij = D_ij - D_ji (> 0: i needs j
//                     more than j needs i).
//   vulnerability     Keohane & Nye (1977, Power and Interdependence, ch. 1) separate
//                     sensitivity -- the cost of a change before policies adjust -- from
//                     vulnerability -- the cost that remains once alternatives are found.
//                     With sigma in [0, 1] the share of cut trade that i can re-route to
//                     other partners:
//                       sensitivity_ij   = s_ij              (and trade_ij / Y_i),
//                       vulnerability_ij = (1 - sigma) s_ij  (and (1 - sigma) trade_ij / Y_i),
//                     the share of i's trade (of its GDP) lost for good if j stopped trading.
//   sanction cost     j cuts the share f in [0, 1] of its trade with i: the volume cut is
//                     C = f trade_ij; each side k in {i, j} keeps re-routing its share
//                     sigma_k, so loses (1 - sigma_k) C, which is (1 - sigma_k) C / T_k of
//                     its trade and (1 - sigma_k) C / Y_k of its GDP. Lost trade volume is
//                     an upper bound on the welfare loss, the usual first measure of "cost to
//                     target" in the sanctions literature (Hufbauer, Schott, Elliott & Oegg
//                     2007, Economic Sanctions Reconsidered, 3rd ed., who report it as a
//                     share of GNP).
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "parley/trade.h"

namespace parley::trade {

namespace {

void CheckShare(double value, const char* field) {
  if (!(value >= 0 && value <= 1)) {
    throw InputError({}, field, fmt::format("is {}; expected a share from 0 to 1", value));
  }
}

std::optional<double> Ratio(double amount, std::optional<double> gdp) {
  if (!gdp || *gdp <= 0) return std::nullopt;
  return amount / *gdp;
}

}  // namespace

double PartnerShare(const TradeData& data, int year, int i, int j) {
  const double total = data.Total(year, i);
  if (total <= 0) return 0;
  return data.Bilateral(year, i, j) / total;
}

double LeverageRatio(const TradeData& data, int year, int i, int j) {
  const double own = PartnerShare(data, year, i, j);
  const double other = PartnerShare(data, year, j, i);
  if (other == 0) {
    return own == 0 ? std::numeric_limits<double>::quiet_NaN()
                    : std::numeric_limits<double>::infinity();
  }
  return own / other;
}

double Herfindahl(const TradeData& data, int year, int i) {
  const double total = data.Total(year, i);
  if (total <= 0) return 0;
  double sum = 0;
  for (int j : data.Partners(year, i)) {
    const double share = data.Bilateral(year, i, j) / total;
    sum += share * share;
  }
  return sum;
}

double HirschmanIndex(const TradeData& data, int year, int i) {
  return 100 * std::sqrt(Herfindahl(data, year, i));
}

std::optional<double> GdpDependence(const TradeData& data, int year, int i, int j) {
  return Ratio(data.Bilateral(year, i, j), data.Gdp(year, i));
}

std::optional<double> GdpDependenceAsymmetry(const TradeData& data, int year, int i, int j) {
  const std::optional<double> own = GdpDependence(data, year, i, j);
  const std::optional<double> other = GdpDependence(data, year, j, i);
  if (!own || !other) return std::nullopt;
  return *own - *other;
}

Vulnerability EstimateVulnerability(const TradeData& data, int year, int i, int j,
                                    double substitution) {
  CheckShare(substitution, "substitution");
  Vulnerability result;
  result.substitution = substitution;
  result.sensitivity = PartnerShare(data, year, i, j);
  result.vulnerability = (1 - substitution) * result.sensitivity;
  result.sensitivity_gdp = GdpDependence(data, year, i, j);
  if (result.sensitivity_gdp) {
    result.vulnerability_gdp = (1 - substitution) * *result.sensitivity_gdp;
  }
  return result;
}

SanctionCost EstimateSanctionCost(const TradeData& data, int year, int target, int sender,
                                  double fraction, double target_substitution,
                                  double sender_substitution) {
  CheckShare(fraction, "sanction");
  CheckShare(target_substitution, "substitution");
  CheckShare(sender_substitution, "substitution");
  SanctionCost cost;
  cost.fraction = fraction;
  cost.trade_cut = fraction * data.Bilateral(year, target, sender);
  auto side = [&](int country, double substitution) {
    SanctionSide result;
    result.country = country;
    result.trade_lost = (1 - substitution) * cost.trade_cut;
    const double total = data.Total(year, country);
    result.share_of_trade = total > 0 ? result.trade_lost / total : 0;
    result.share_of_gdp = Ratio(result.trade_lost, data.Gdp(year, country));
    return result;
  };
  cost.target = side(target, target_substitution);
  cost.sender = side(sender, sender_substitution);
  return cost;
}

}  // namespace parley::trade
