// parley/agenda.h: changing what is on the table. New scenarios made from an existing one
// by dropping or adding issues and actors, for "what if Taiwan is pulled onto the table?"
// questions (Sebenius 1983, "Negotiation arithmetic: adding and subtracting issues and
// parties").
//
// Contract: every function returns a new, validated Scenario (the input is unchanged) or
// throws InputError, e.g. when a named issue or actor does not exist, when an added issue
// names actors the scenario lacks, or when the result would be empty or leave an issue
// nobody takes part in.
#ifndef PARLEY_AGENDA_H_
#define PARLEY_AGENDA_H_

#include <string>
#include <vector>

#include "parley/scenario.h"

namespace parley {

// The scenario without these issues / actors (ids).
Scenario WithoutIssues(const Scenario& scenario, const std::vector<std::string>& issue_ids);
Scenario WithoutActors(const Scenario& scenario, const std::vector<std::string>& actor_ids);

// The scenario plus issue `issue_id` of `donor`, with the donor's positions on it; every
// actor taking part in it must exist in `scenario` (matched by id).
Scenario WithIssueFrom(const Scenario& scenario, const Scenario& donor,
                       const std::string& issue_id);
// The scenario plus actor `actor_id` of `donor`, with its stances on the issues the
// scenario has (matched by id).
Scenario WithActorFrom(const Scenario& scenario, const Scenario& donor,
                       const std::string& actor_id);

}  // namespace parley

#endif  // PARLEY_AGENDA_H_
