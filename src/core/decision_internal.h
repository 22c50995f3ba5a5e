// The decision stage with reusable buffers, for repeated runs (Model::RunInto): once the
// buffers have grown to a scenario's size, deciding an issue allocates nothing. Private to
// the library; parley/decision.h is the interface.
#ifndef PARLEY_CORE_DECISION_INTERNAL_H_
#define PARLEY_CORE_DECISION_INTERNAL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "parley/decision.h"
#include "parley/result.h"
#include "parley/scenario.h"

namespace parley::internal {

struct DecisionVoter {
  double position;
  double weight;
  const std::string* id;
};

struct DecisionScratch {
  std::vector<double> position;  // per actor
  std::vector<int> round;        // per actor: the trajectory round position[a] is from
  std::vector<DecisionVoter> voters;
  std::vector<double> voter_position, voter_weight;
  std::vector<std::size_t> order;  // WeightedMedian's
  std::string gridlock;            // "gridlock between U and D"
  DecisionOutcome outcome;
};

// Decide (parley/decision.h) into `outcome`, reusing its strings and the scratch buffers.
void DecideInto(const Scenario& scenario, std::size_t issue, const std::vector<double>& position,
                DecisionScratch& scratch, DecisionOutcome& outcome);

// ApplyDecisionStage (parley/decision.h) with the scratch buffers; each forecast's `rule`
// is assigned in place (its storage reused).
void ApplyDecisionStage(const Scenario& scenario, Result& result, DecisionScratch& scratch);

}  // namespace parley::internal

#endif  // PARLEY_CORE_DECISION_INTERNAL_H_
