// Linkage between deciders (parley/linkage.h, AnalyzeDeciderLinkage): hand-solved offers,
// credibility, agenda changes, the slippery slope, bystanders, invariance and the case files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "parley/io.h"
#include "parley/linkage.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::HasSubstr;

// A decides x, B decides y, both on [0, 100]. A wants x at 0 and y at 100, B the reverse,
// each with salience 1 on both: the textbook exchange. C (salience 0.5, x only) looks on.
std::string Exchange(const std::string& extra = "") {
  return R"(name: two deciders
actors:
  - {id: A, capability: 1}
  - {id: B, capability: 1}
  - {id: C, capability: 1}
issues:
  - id: x
    positions: {A: [0, 1], B: [100, 1], C: [100, 0.5]}
    decision: {rule: decider, decider: A}
  - id: y
    positions: {A: [100, 1], B: [0, 1]}
    decision: {rule: decider, decider: B}
)" + extra;
}

DeciderLinkage Analyze(const std::string& yaml) {
  return AnalyzeDeciderLinkage(ParseScenario(yaml, ScenarioFormat::kYaml, "t.yaml"));
}

TEST(DeciderLinkage, TheTextbookExchangeByHand) {
  const DeciderLinkage linkage = Analyze(Exchange());
  ASSERT_EQ(linkage.offers.size(), 1u);
  const DeciderOffer& offer = linkage.offers[0];
  EXPECT_EQ(offer.decider_a, "A");
  EXPECT_EQ(offer.issues, (std::vector<std::string>{"x", "y"}));
  // Alone, each sets its own issue at its ideal: x = 0, y = 0; u_A = u_B = -1.
  EXPECT_EQ(offer.no_agreement, (std::vector<double>{0, 0}));
  ASSERT_TRUE(offer.exists);
  // Symmetric: the Nash and equal-gain agreements are (50, 50); u = -0.25 - 0.25 = -0.5,
  // a gain of 0.5 each.
  EXPECT_NEAR(offer.nash[0], 50, 1e-6);
  EXPECT_NEAR(offer.nash[1], 50, 1e-6);
  EXPECT_NEAR(offer.equal_gain[0], 50, 1e-6);
  EXPECT_NEAR(offer.gain_a, 0.5, 1e-9);
  EXPECT_NEAR(offer.gain_b, 0.5, 1e-9);
  EXPECT_NEAR(offer.equal_gain_value, 0.5, 1e-9);
  // Reneging: A sets x back to 0 while y stays at 50: T = -0.25, C = -0.5, P = -1, so
  // delta* = (T - C) / (T - P) = 0.25 / 0.75 = 1/3; the same for B.
  EXPECT_NEAR(offer.temptation_a, 0.25, 1e-9);
  EXPECT_NEAR(offer.critical_a, 1.0 / 3, 1e-9);
  EXPECT_NEAR(offer.critical_b, 1.0 / 3, 1e-9);
  EXPECT_FALSE(offer.holds_a.has_value());  // no discount factor in the scenario
  // Equal trust needed: the first listed moves first; B reneges after A has moved: x 50,
  // y 0: A loses 0.25 against no agreement, B gains 0.75.
  EXPECT_EQ(offer.first_mover, "A");
  EXPECT_NEAR(offer.reneged[0], 50, 1e-6);
  EXPECT_EQ(offer.reneged[1], 0);
  ASSERT_EQ(offer.actors.size(), 3u);
  EXPECT_EQ(offer.actors[0].actor_id, "A");
  EXPECT_NEAR(offer.actors[0].reneged, -0.25, 1e-9);
  EXPECT_NEAR(offer.actors[1].reneged, 0.75, 1e-9);
  // The bystander C (x at 100, salience 0.5): -0.5 (100 away) -> -0.125 (50 away).
  EXPECT_EQ(offer.actors[2].actor_id, "C");
  EXPECT_NEAR(offer.actors[2].agreement, 0.375, 1e-9);
  EXPECT_NEAR(offer.actors[2].reneged, 0.375, 1e-9);
}

TEST(DeciderLinkage, APromiseHoldsOnlyAboveItsCriticalDiscountFactor) {
  const DeciderOffer patient = Analyze(Exchange("discount_factor: 0.5\n")).offers.at(0);
  EXPECT_EQ(patient.holds_a, true);
  EXPECT_EQ(patient.holds_b, true);
  const DeciderOffer impatient = Analyze(Exchange("discount_factor: 0.3\n")).offers.at(0);
  EXPECT_EQ(impatient.holds_a, false);
  EXPECT_EQ(impatient.holds_b, false);
}

TEST(DeciderLinkage, TheDiscountFactorIsReadWrittenAndChecked) {
  const Scenario scenario =
      ParseScenario(Exchange("discount_factor: 0.8\n"), ScenarioFormat::kYaml, "t.yaml");
  EXPECT_EQ(scenario.discount_factor(), 0.8);
  const Scenario again = ParseScenario(ScenarioToJson(scenario), ScenarioFormat::kJson, "t.json");
  EXPECT_EQ(again.discount_factor(), 0.8);
  EXPECT_EQ(again.ContentHash(), scenario.ContentHash());
  EXPECT_NE(ParseScenario(Exchange(), ScenarioFormat::kYaml, "t.yaml").ContentHash(),
            scenario.ContentHash());
  for (const char* bad : {"1", "0", "1.5", ".nan", "-0.2"}) {
    testing::ExpectRejected(ScenarioFormat::kYaml,
                            {"discount",
                             Exchange(std::string("discount_factor: ") + bad + "\n"),
                             {"t.yaml:13:", "discount_factor", "expected"}},
                            "t.yaml");
  }
}

TEST(DeciderLinkage, TheSideWhosePromiseNeedsMoreTrustMovesFirst) {
  // B now cares little about x (salience 0.2): A gives up less on x, keeping its promise
  // is cheaper for A than B's is for B. Worked check: whoever has the larger delta* moves
  // first, and the outcome if the other reneges keeps the first mover's move.
  std::string yaml = Exchange();
  yaml.replace(yaml.find("B: [100, 1], C"), 14, "B: [100, 0.2], C");
  const DeciderOffer offer = Analyze(yaml).offers.at(0);
  ASSERT_TRUE(offer.exists);
  const bool a_first = offer.critical_a >= offer.critical_b;
  EXPECT_EQ(offer.first_mover, a_first ? "A" : "B");
  EXPECT_NE(offer.critical_a, offer.critical_b);
  EXPECT_THAT(offer.first_mover_reason, HasSubstr("needs more trust"));
  const std::size_t first_issue = a_first ? 0 : 1;
  EXPECT_DOUBLE_EQ(offer.reneged[first_issue], offer.nash[first_issue]);
  EXPECT_DOUBLE_EQ(offer.reneged[1 - first_issue], offer.no_agreement[1 - first_issue]);
}

TEST(DeciderLinkage, NoAgreementWhenOneSideWantsNothingTheOtherDecides) {
  // A takes no part in y: nothing B can offer pays A for moving x.
  std::string yaml = Exchange();
  yaml.replace(yaml.find("{A: [100, 1], B: [0, 1]}"), 24, "{B: [0, 1]}");
  const DeciderOffer offer = Analyze(yaml).offers.at(0);
  EXPECT_FALSE(offer.exists);
  EXPECT_TRUE(offer.nash.empty());
}

TEST(DeciderLinkage, AVetoOnWhatADeciderWouldConcedeClosesTheDeal) {
  // C holds a veto on x at the status quo 0: A can promise nothing on x.
  std::string yaml = Exchange();
  yaml.replace(yaml.find("    decision: {rule: decider, decider: A}"), 41,
               "    status_quo: 0\n    decision: {rule: decider, decider: A, veto: [D]}");
  yaml.replace(yaml.find("C: [100, 0.5]}"), 14, "C: [100, 0.5], D: [0, 1]}");
  yaml.replace(yaml.find("issues:"), 7, "  - {id: D, capability: 1}\nissues:");
  const DeciderLinkage linkage = Analyze(yaml);
  const DeciderOffer& offer = linkage.offers.at(0);
  EXPECT_DOUBLE_EQ(offer.feasible_low[0], 0);
  EXPECT_DOUBLE_EQ(offer.feasible_high[0], 0);
  EXPECT_FALSE(offer.exists);
  // Taking the veto player off the table opens the exchange again (the textbook (50, 50):
  // a joint gain of 1).
  ASSERT_EQ(linkage.parties.size(), 1u);
  EXPECT_EQ(linkage.parties[0].dropped, "D");
  ASSERT_EQ(linkage.parties[0].packages.size(), 1u);
  const DeciderPartyChange::Package& package = linkage.parties[0].packages[0];
  EXPECT_FALSE(package.exists_with);
  EXPECT_TRUE(package.exists_without);
  EXPECT_EQ(package.joint_with, 0);
  EXPECT_NEAR(package.joint_without, 1.0, 1e-6);
}

// A decides x and z, B decides y. A wants y moved; B does not care about x, only about z.
const char* const kThreeIssues = R"(name: three issues
actors:
  - {id: A, capability: 1}
  - {id: B, capability: 1}
issues:
  - id: x
    positions: {A: [0, 1]}
    decision: {rule: decider, decider: A}
  - id: y
    positions: {A: [100, 1], B: [0, 1]}
    decision: {rule: decider, decider: B}
  - id: z
    positions: {A: [0, 0.5], B: [100, 1]}
    decision: {rule: decider, decider: A}
)";

TEST(DeciderLinkage, AThirdIssueOpensTheSetOfAgreements) {
  const DeciderLinkage linkage = Analyze(kThreeIssues);
  // Two-issue offers first: (x, y) has no agreement (B wants nothing on x); (y, z) has one.
  ASSERT_EQ(linkage.offers.size(), 3u);
  EXPECT_FALSE(linkage.offers[0].exists);
  EXPECT_TRUE(linkage.offers[1].exists);
  EXPECT_EQ(linkage.offers[2].issues, (std::vector<std::string>{"x", "y", "z"}));
  // Adding z to (x, y) opens it: the largest joint gain goes from 0 to positive.
  const auto added_z = std::find_if(linkage.agenda.begin(), linkage.agenda.end(),
                                    [](const DeciderAgendaChange& c) { return c.added == "z"; });
  ASSERT_NE(added_z, linkage.agenda.end());
  EXPECT_FALSE(added_z->exists_before);
  EXPECT_TRUE(added_z->exists_after);
  EXPECT_EQ(added_z->joint_before, 0);
  EXPECT_GT(added_z->joint_after, 0.1);
  // Adding x to (y, z) leaves it as it is: B has no stake in x.
  const auto added_x = std::find_if(linkage.agenda.begin(), linkage.agenda.end(),
                                    [](const DeciderAgendaChange& c) { return c.added == "x"; });
  ASSERT_NE(added_x, linkage.agenda.end());
  EXPECT_NEAR(added_x->joint_after, added_x->joint_before, 1e-9);
}

TEST(DeciderLinkage, TheSlipperySlope) {
  // After (y, z) is granted, A asks B... B has no further issue; B asks A for x, which B
  // does not want: no slope. The demand for z after (x, y) is not made: (x, y) has no deal.
  const DeciderLinkage linkage = Analyze(kThreeIssues);
  ASSERT_EQ(linkage.slopes.size(), 1u);
  const SlipperySlope& slope = linkage.slopes[0];
  EXPECT_EQ(slope.demander, "B");
  EXPECT_EQ(slope.next_issue, "x");
  EXPECT_EQ(slope.first, (std::vector<std::string>{"y", "z"}));
  EXPECT_EQ(slope.gain_without_first, 0);
  EXPECT_EQ(slope.gain_after_first, 0);
}

TEST(DeciderLinkage, AGrantedLinkageRaisesWhatTheNextDemandPays) {
  // B decides y; A decides x and z. B cares about both of A's issues; A about y only. Once
  // A has moved x for B's y, B's own concession is spent in part, yet the demand for z can
  // still pay; the slope says by how much granting the first changed it.
  const char* yaml = R"(actors:
  - {id: A, capability: 1}
  - {id: B, capability: 1}
issues:
  - id: x
    positions: {A: [0, 1], B: [100, 1]}
    decision: {rule: decider, decider: A}
  - id: y
    positions: {A: [100, 1], B: [0, 0.5]}
    decision: {rule: decider, decider: B}
  - id: z
    positions: {A: [0, 0.5], B: [100, 1]}
    decision: {rule: decider, decider: A}
)";
  const DeciderLinkage linkage = Analyze(yaml);
  const auto slope =
      std::find_if(linkage.slopes.begin(), linkage.slopes.end(), [](const SlipperySlope& s) {
        return s.demander == "B" && s.next_issue == "z" &&
               s.first == std::vector<std::string>{"x", "y"};
      });
  ASSERT_NE(slope, linkage.slopes.end());
  EXPECT_GT(slope->gain_without_first, 0);
  EXPECT_NEAR(slope->slope, slope->gain_after_first - slope->gain_without_first, 1e-12);
  EXPECT_NE(slope->slope, 0);
}

TEST(DeciderLinkage, InvariantToActorOrderAndDeterministic) {
  const Scenario scenario = ParseScenario(Exchange(), ScenarioFormat::kYaml, "t.yaml");
  const DeciderOffer forward = AnalyzeDeciderLinkage(scenario).offers.at(0);
  const DeciderOffer again = AnalyzeDeciderLinkage(scenario).offers.at(0);
  EXPECT_EQ(forward.nash, again.nash);
  const DeciderOffer backward =
      AnalyzeDeciderLinkage(testing::ReverseActors(scenario)).offers.at(0);
  // Reversed, B is listed first: the same agreement with the roles swapped.
  EXPECT_EQ(backward.decider_a, "B");
  for (std::size_t k = 0; k < 2; ++k) EXPECT_NEAR(backward.nash[k], forward.nash[k], 1e-6);
  EXPECT_NEAR(backward.gain_a, forward.gain_b, 1e-9);
}

TEST(DeciderLinkage, LeadsTheLinkageReportWithDeciders) {
  const Scenario scenario = ParseScenario(Exchange(), ScenarioFormat::kYaml, "t.yaml");
  const LinkageReport report = AnalyzeLinkage(scenario, {});
  ASSERT_TRUE(report.deciders.has_value());
  const std::string table = LinkageToTable(report, 3);
  EXPECT_LT(table.find("A. Offers between deciders"), table.find("1. Linked vs separate"));
  EXPECT_THAT(table, HasSubstr("x (A) for y (B)"));
  EXPECT_THAT(table, HasSubstr("agreement (Nash, capability weights): x 50.0, y 50.0"));
  EXPECT_THAT(LinkageToJson(report), HasSubstr("\"deciders\": {"));
  EXPECT_THAT(LinkageToCsv(report), HasSubstr("decider_offer,1,nash,x,A,,position,50"));
  // A scenario without deciders keeps the committee view only.
  const Scenario plain = testing::RandomScenario(3, 4, 2);
  EXPECT_FALSE(AnalyzeLinkage(plain, {}).deciders.has_value());
}

TEST(DeciderLinkage, TheFlagshipAndEveryCaseRun) {
  const Scenario flagship = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const DeciderLinkage linkage = AnalyzeDeciderLinkage(flagship);
  // The seed's bargain: US trade terms for China's pressure on North Korea.
  const DeciderOffer& seed = linkage.offers.at(0);
  EXPECT_EQ(seed.decider_a, "USA");
  EXPECT_EQ(seed.decider_b, "CHN");
  EXPECT_EQ(seed.issues, (std::vector<std::string>{"nk-pressure", "trade-terms"}));
  EXPECT_TRUE(seed.exists);
  EXPECT_GT(seed.nash[0], seed.no_agreement[0]);  // China presses harder
  EXPECT_GT(seed.nash[1], seed.no_agreement[1]);  // the US softens its terms
  // Congress's veto holds US commitments on Taiwan: adding Taiwan changes nothing.
  for (const DeciderAgendaChange& change : linkage.agenda) {
    if (change.added == "taiwan") {
      EXPECT_NEAR(change.joint_after, change.joint_before, 1e-9) << change.decider_b;
    }
  }
  // Without Congress's veto the US could promise on Taiwan, and a Taiwan-for-pressure
  // package between the US and China would open.
  ASSERT_EQ(linkage.parties.size(), 1u);
  EXPECT_EQ(linkage.parties[0].dropped, "CONGRESS");
  bool taiwan_opens = false;
  for (const DeciderPartyChange::Package& package : linkage.parties[0].packages) {
    if (package.issues == std::vector<std::string>{"nk-pressure", "taiwan"}) {
      taiwan_opens = !package.exists_with && package.exists_without;
    }
  }
  EXPECT_TRUE(taiwan_opens);
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::ProjectPath("examples/cases"))) {
    if (entry.path().extension() != ".yaml") continue;
    const Scenario scenario = ReadScenarioFile(entry.path().string());
    const LinkageReport report = AnalyzeLinkage(scenario, {});
    ASSERT_TRUE(report.deciders.has_value()) << entry.path();
    // EU-Turkey's issues are all decided by votes: no single deciders, said in a note.
    if (report.deciders->offers.empty()) EXPECT_FALSE(report.deciders->notes.empty());
    EXPECT_FALSE(LinkageToTable(report, 3).empty());
  }
}

}  // namespace
}  // namespace parley
