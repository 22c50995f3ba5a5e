// The leverage rule: an actor's weight on an issue from its general capability and from
// how much of the issue's targets' trade runs through it. Private to the library; the
// scenario reader applies it when a scenario has `trade` and `leverage` sections
// (docs/scenario-format.md).
//
//   capability_ik = (1 - beta) c_i / sum_{a in P_k} c_a  +  beta mean_{t in T_k} s_{t,i}
//
// where P_k are the issue's participants, T_k its targets, s_{t,i} the share of target
// t's trade that is with actor i (PartnerShare; 0 for i = t: nobody squeezes itself) and
// beta in [0, 1) the part of the weight that trade decides. Both parts are shares, so
// the derived capabilities of an issue sum to at most 1 and stay > 0 (c_i > 0, beta < 1).
// The rule reads the targets' trade share, not the leverage ratio s_ti / s_it, because the
// share is bounded and means "what i could cut": China's 91.5% of North Korea's trade in
// 2016, the figure the 2017 debate turned on (Hirschman 1945 ch. 2: the supply effect).
#ifndef PARLEY_TRADE_LEVERAGE_RULE_H_
#define PARLEY_TRADE_LEVERAGE_RULE_H_

#include <string>
#include <vector>

#include "parley/scenario.h"
#include "parley/trade.h"

namespace parley::internal {

struct LeverageParticipant {
  std::string actor_id;
  int country = 0;  // COW code
  double capability = 0;
};

struct LeverageTarget {
  std::string actor_id;
  int country = 0;
};

// Derived capabilities for one issue, in participant order. Throws InputError (naming
// `field`) when a target has no trade recorded in `year`.
std::vector<CapabilityDerivation> DeriveIssueCapabilities(
    const trade::TradeData& data, int year, double beta, const std::string& issue_id,
    const std::vector<LeverageParticipant>& participants,
    const std::vector<LeverageTarget>& targets, const SourceLocation& where,
    const std::string& field);

}  // namespace parley::internal

#endif  // PARLEY_TRADE_LEVERAGE_RULE_H_
