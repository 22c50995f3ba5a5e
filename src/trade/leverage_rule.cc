#include "trade/leverage_rule.h"

#include <fmt/format.h>

namespace parley::internal {

std::vector<CapabilityDerivation> DeriveIssueCapabilities(
    const trade::TradeData& data, int year, double beta, const std::string& issue_id,
    const std::vector<LeverageParticipant>& participants,
    const std::vector<LeverageTarget>& targets, const SourceLocation& where,
    const std::string& field) {
  for (const LeverageTarget& target : targets) {
    if (!(data.Total(year, target.country) > 0)) {
      throw InputError(where, field,
                       fmt::format("target '{}' has no trade recorded for {}; expected its "
                                   "total or its flows in the trade data of that year",
                                   target.actor_id, year));
    }
  }
  double capability_total = 0;
  for (const LeverageParticipant& participant : participants) {
    capability_total += participant.capability;
  }
  std::vector<CapabilityDerivation> derived;
  for (const LeverageParticipant& participant : participants) {
    CapabilityDerivation derivation;
    derivation.actor_id = participant.actor_id;
    derivation.issue_id = issue_id;
    derivation.year = year;
    derivation.leverage_weight = beta;
    derivation.capability_share = participant.capability / capability_total;
    double share_sum = 0;
    for (const LeverageTarget& target : targets) {
      const double share =
          target.country == participant.country
              ? 0.0
              : trade::PartnerShare(data, year, target.country, participant.country);
      share_sum += share;
      const std::string separator = derivation.inputs.empty() ? "" : "; ";
      if (target.country == participant.country) {
        derivation.inputs += separator + target.actor_id + " is the target itself (0%)";
      } else {
        derivation.inputs += fmt::format("{}{} trade with {} {:g} of {:g} ({:.1f}%)", separator,
                                         target.actor_id, participant.actor_id,
                                         data.Bilateral(year, target.country, participant.country),
                                         data.Total(year, target.country), 100 * share);
      }
    }
    derivation.trade_share = share_sum / static_cast<double>(targets.size());
    derivation.capability =
        (1 - beta) * derivation.capability_share + beta * derivation.trade_share;
    derived.push_back(std::move(derivation));
  }
  return derived;
}

}  // namespace parley::internal
