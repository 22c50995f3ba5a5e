// The DEU table reader: issues, participation, capabilities, errors with locations.
#include <gtest/gtest.h>

#include <string>

#include "parley/registry.h"
#include "parley/validate.h"
#include "test_util.h"

namespace parley {
namespace {

// Columns: prnr prname isnr proc counvte pcom pep pde pfr scom sep sde sfr rp out.
const char* kHeader =
    "prnr\tprname\tisnr\tproc\tcounvte\tpcom\tpep\tpde\tpfr\tscom\tsep\tsde\tsfr\trp\tout\n";

std::string Table(const std::string& rows) { return std::string(kHeader) + rows; }

TEST(DeuReader, ReadsIssuesCapabilitiesAndParticipation) {
  const std::string text = Table(
      "\t\t\t\t\t4\t4\t2\t1\t\t\t\t\t\t\n"
      "p1\tdocs\tp1i1\tCOD\tQMV\t100\t80\t0\t\t50\t50\t100\t\t0\t60\n"
      "p1\tdocs\tp1i2\tCOD\tQMV\t50\t\t20\t40\t50\t\t100\t\t\t\n"
      "p2\tfish\tp2i1\tCNS\tUnan\t10\t\t30\t90\t20\t\t50\t80\t30\t35\n");
  const DeuData data = ParseDeuTable(text, "t.tsv");
  ASSERT_EQ(data.actors, (std::vector<std::string>{"com", "ep", "de", "fr"}));
  ASSERT_TRUE(data.capability);
  EXPECT_EQ(*data.capability, (std::vector<double>{4, 4, 2, 1}));
  ASSERT_EQ(data.issues.size(), 3u);
  EXPECT_EQ(data.issues[0].proposal, "p1");
  EXPECT_EQ(data.issues[0].procedure, "COD");
  EXPECT_EQ(data.issues[2].voting_rule, "Unan");
  EXPECT_EQ(data.issues[0].reference_point, 0.0);
  EXPECT_EQ(data.issues[0].outcome, 60.0);
  EXPECT_FALSE(data.issues[1].outcome);
  EXPECT_FALSE(data.issues[1].reference_point);
  EXPECT_EQ(data.issues[2].line, 5);

  const Scenario first = DeuIssueScenario(data, 0, DeuCapabilities(data, "equal"));
  EXPECT_EQ(first.issue_count(), 1u);
  EXPECT_EQ(first.issue(0).status_quo, 0.0);
  EXPECT_FALSE(first.FindActor("fr"));  // no position: no part
  ASSERT_TRUE(first.FindActor("de"));
  EXPECT_DOUBLE_EQ(first.stance(*first.FindActor("de"), 0)->salience, 1.0);
  // Position without salience (fr on p1i2) takes no part either.
  const Scenario second = DeuIssueScenario(data, 1, DeuCapabilities(data, "file"));
  EXPECT_FALSE(second.FindActor("fr"));
  EXPECT_DOUBLE_EQ(second.actor(*second.FindActor("com")).capability, 4);

  const Scenario proposal = DeuProposalScenario(data, {0, 1}, DeuCapabilities(data, "nice"));
  EXPECT_EQ(proposal.issue_count(), 2u);
  EXPECT_DOUBLE_EQ(proposal.actor(*proposal.FindActor("de")).capability, 29);
}

TEST(DeuReader, MapsEachProcedureToADecisionBlock) {
  const std::string text = Table(
      "p1\tdocs\tp1i1\tCOD\tQMV\t100\t80\t0\t60\t50\t50\t100\t50\t0\t60\n"
      "p1\tdocs\tp1i2\tCOD\tQMV\t50\t\t20\t40\t50\t\t100\t50\t\t\n"
      "p2\tfish\tp2i1\tCNS\tUnan\t10\t70\t30\t90\t20\t40\t50\t80\t30\t35\n");
  const DeuData data = ParseDeuTable(text, "t.tsv");
  const std::vector<double> equal = DeuCapabilities(data, "equal");
  // Without the procedure, as before: collective bargaining.
  EXPECT_FALSE(DeuIssueScenario(data, 0, equal).issue(0).decision);
  // Co-decision under QMV: Council votes of the states taking part (Nice: de 29, fr 29),
  // threshold 255/345, the Commission proposes, the Parliament holds a veto.
  const Scenario cod = DeuIssueScenario(data, 0, equal, true);
  ASSERT_TRUE(cod.issue(0).decision);
  const Decision& qmv = *cod.issue(0).decision;
  EXPECT_EQ(qmv.rule, DecisionRule::kVote);
  EXPECT_DOUBLE_EQ(qmv.threshold, 255.0 / 345.0);
  EXPECT_EQ(qmv.voting_weights,
            (std::vector<std::pair<std::string, double>>{{"de", 29}, {"fr", 29}}));
  EXPECT_EQ(qmv.agenda_setter, "com");
  EXPECT_EQ(qmv.veto, std::vector<std::string>{"ep"});
  // q = 0; de at 0 and fr at 60: the downward pivot (de, at q) and the upward pivot (de:
  // 29 of 58 votes at or above 60 fall short of 73.9%) keep q; the Commission's 100 is
  // out of every voter's reach: the status quo stays.
  EXPECT_DOUBLE_EQ(DefaultRegistry().Create("procedural")->Run(cod).forecasts[0].position, 0);
  // No reference point: the Council's weighted median decides, nobody vetoes.
  const Scenario no_rp = DeuIssueScenario(data, 1, equal, true);
  EXPECT_DOUBLE_EQ(no_rp.issue(0).decision->threshold, 0.5);
  EXPECT_TRUE(no_rp.issue(0).decision->veto.empty());
  EXPECT_TRUE(no_rp.issue(0).decision->agenda_setter.empty());
  // Consultation under unanimity: threshold 1, no Parliament veto.
  const Scenario cns = DeuIssueScenario(data, 2, equal, true);
  EXPECT_DOUBLE_EQ(cns.issue(0).decision->threshold, 1.0);
  EXPECT_TRUE(cns.issue(0).decision->veto.empty());
  EXPECT_EQ(cns.issue(0).decision->agenda_setter, "com");
  // q = 30 between de (30) and fr (90): unanimity of the Council keeps it.
  EXPECT_DOUBLE_EQ(DefaultRegistry().Create("procedural")->Run(cns).forecasts[0].position, 30);
}

TEST(DeuReader, NiceVotesCoverEveryMemberState) {
  const auto& votes = NiceCouncilVotes();
  EXPECT_EQ(votes.at("de"), 29);
  EXPECT_EQ(votes.at("es"), 27);
  EXPECT_EQ(votes.at("ro"), 14);
  EXPECT_EQ(votes.at("mt"), 3);
  EXPECT_EQ(votes.at("bu"), 10);
}

void ExpectError(const std::string& text, const std::vector<std::string>& parts) {
  try {
    ParseDeuTable(text, "bad.tsv");
    FAIL() << "accepted";
  } catch (const InputError& error) {
    for (const std::string& part : parts) {
      EXPECT_NE(std::string(error.what()).find(part), std::string::npos)
          << error.what() << " lacks " << part;
    }
  }
}

TEST(DeuReader, RejectsBadInputWithLocation) {
  ExpectError(Table("p1\tx\ti1\tCOD\tQMV\t1o\t0\t0\t0\t5\t5\t5\t5\t0\t0\n"),
              {"bad.tsv:2:6", "pcom", "'1o'", "expected a number"});
  ExpectError(Table("p1\tx\ti1\tCOD\tQMV\t10\t0\t0\t0\t5\t5\t5\t5\t0\t140\n"),
              {"bad.tsv:2:15", "out", "140", "[0, 100]"});
  ExpectError(Table("p1\tx\ti1\tCOD\tQMV\t10\t0\t0\t0\t5\t5\t5\t5\t0\t40\n"
                    "p1\tx\ti1\tCOD\tQMV\t10\t0\t0\t0\t5\t5\t5\t5\t0\t40\n"),
              {"bad.tsv:3", "repeats the issue on line 2"});
  ExpectError("prnr\tisnr\tproc\tcounvte\tpcom\tscom\tout\n", {"bad.tsv:1", "no 'rp' column"});
  ExpectError("", {"empty"});
  ExpectError(Table("p1\tx\ti1\tCOD\tQMV\t10\t0\t0\t0\t5\t5\t5\t5\t0\t40\t7\t8\n"),
              {"bad.tsv:2", "17 fields"});
  const DeuData data =
      ParseDeuTable(Table("p1\tx\ti1\tCOD\tQMV\t10\t0\t0\t0\t5\t5\t5\t5\t0\t40\n"), "ok.tsv");
  EXPECT_THROW(DeuCapabilities(data, "file"), InputError);  // no capability row
  EXPECT_THROW(DeuCapabilities(data, "/nonexistent/caps.tsv"), InputError);
}

TEST(DeuReader, ReadsTheDevelopmentFile) {
  const std::string path = PARLEY_SHARED_DIR "/data/deu3/deu3-dev.tsv";
  if (!testing::FileExists(path)) GTEST_SKIP() << "no " << path << " (../shared absent)";
  const DeuData data = ReadDeuFile(path);
  EXPECT_EQ(data.actors.size(), 30u);
  EXPECT_EQ(data.issues.size(), 239u);
  EXPECT_TRUE(data.capability);
  for (const std::string& source : {"equal", "file", "nice"}) {
    EXPECT_EQ(DeuCapabilities(data, source).size(), 30u);
  }
}

}  // namespace
}  // namespace parley
