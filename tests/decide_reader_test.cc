// The decide reader (#A/#P/#M/#D lines): what it accepts, how it maps decide's fields onto
// a Scenario, its error messages, and the three reference files of ../shared.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parley/io.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// Tab-separated, every text field single-quoted, as the decide program writes files.
constexpr const char* kSmallDecide =
    "'#A'\t'A'\t'Alpha'\t''\n"
    "'#A'\t'B'\t'Beta'\t'second actor'\n"
    "'#P'\t'x'\t'Issue X'\t'x'\n"
    "'#M'\t'x'\t0\n"
    "'#M'\t'x'\t10\n"
    "'#P'\t'y'\t'y'\t'y'\n"
    "'#D'\t'A'\t'x'\t2\t0.5\t2.0\n"
    "'#D'\t'B'\t'x'\t8\t0.4\t1\n"
    "'#D'\t'A'\t'y'\t70\t0.3\t2.0\n";

TEST(DecideReader, ReadsActorsIssuesBoundsAndData) {
  const Scenario scenario = ParseDecideScenario(kSmallDecide, "small.txt");
  EXPECT_EQ(scenario.name(), "small");
  ASSERT_EQ(scenario.actor_count(), 2u);
  EXPECT_EQ(scenario.actor(0).id, "A");
  EXPECT_EQ(scenario.actor(0).name, "Alpha");
  EXPECT_EQ(scenario.actor(0).capability, 2.0);  // the power, the same on every issue
  EXPECT_EQ(scenario.actor(1).capability, 1.0);
  ASSERT_EQ(scenario.issue_count(), 2u);
  EXPECT_EQ(scenario.issue(0).name, "Issue X");
  EXPECT_EQ(scenario.issue(0).scale_min, 0);
  EXPECT_EQ(scenario.issue(0).scale_max, 10);
  // No #M lines: decide's default bounds.
  EXPECT_EQ(scenario.issue(1).scale_min, 0);
  EXPECT_EQ(scenario.issue(1).scale_max, 100);
  EXPECT_EQ(scenario.stance(1, 0)->position, 8);
  EXPECT_EQ(scenario.stance(1, 0)->salience, 0.4);
  EXPECT_EQ(scenario.stance(0, 1)->position, 70);
  EXPECT_EQ(scenario.stance(1, 1), nullptr);  // B has no #D line for y
}

TEST(DecideReader, WhitespaceSeparatedDoubleQuotesAndBoundsInAnyOrder) {
  const Scenario scenario = ParseDecideScenario(
      "#A \"EU (incl Norway)\"\n"
      "#A USA\r\n"
      "\n"
      "#P climate\n"
      "#M climate 100\n"
      "#M climate -50\n"
      "#D \"EU (incl Norway)\" climate 80 0.9 0.5\n"
      "#D USA climate -20 0.6 0.25\n",
      "spaces.txt");
  EXPECT_EQ(scenario.actor(0).id, "EU (incl Norway)");
  EXPECT_EQ(scenario.actor(0).name, "EU (incl Norway)");  // name defaults to the id
  EXPECT_EQ(scenario.issue(0).scale_min, -50);            // min and max of the #M values
  EXPECT_EQ(scenario.issue(0).scale_max, 100);
  EXPECT_EQ(scenario.actor(1).capability, 0.25);
  EXPECT_EQ(scenario.stance(1, 0)->position, -20);
}

using testing::BadInput;

class DecideErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(DecideErrors, NameLineFieldAndExpectation) {
  testing::ExpectRejected(ScenarioFormat::kDecide, GetParam(), "bad.txt");
}

const std::string kHead = "#A A\n#A B\n#P x\n#M x 0\n#M x 100\n";  // lines 1-5

INSTANTIATE_TEST_SUITE_P(
    DecideMalformed, DecideErrors,
    ::testing::Values(
        BadInput{"UnknownLineType",
                 kHead + "#Q A x 1 1 1\n",
                 {"bad.txt:6", "unknown line type '#Q'", "expected #A"}},
        BadInput{"CommentLikeLine", "#A A\n# a note\n", {"bad.txt:2", "unknown line type '#'"}},
        BadInput{"TooFewDataFields",
                 kHead + "#D A x 50 0.5\n",
                 {"bad.txt:6", "line has 5 fields", "expected 6: #D actor issue position"}},
        BadInput{"TooManyBoundFields",
                 kHead + "#M x 0 100\n",
                 {"bad.txt:6", "line has 4 fields", "expected 3: #M issue value"}},
        BadInput{"ActorWithoutId", "#A\n", {"bad.txt:1", "line has 1 fields", "#A id"}},
        BadInput{"UnknownActor",
                 kHead + "#D C x 50 0.5 1\n",
                 {"bad.txt:6", "#D actor", "unknown actor 'C'", "#A line"}},
        BadInput{"UnknownIssueInData",
                 kHead + "#D A z 50 0.5 1\n",
                 {"bad.txt:6", "#D issue", "unknown issue 'z'", "#P line"}},
        BadInput{"UnknownIssueInBound", kHead + "#M z 1\n", {"bad.txt:6", "unknown issue 'z'"}},
        BadInput{"PositionNotANumber",
                 kHead + "#D A x fifty 0.5 1\n",
                 {"bad.txt:6", "#D position", "'fifty' is not a number"}},
        BadInput{"BoundNotANumber",
                 "#P x\n#M x low\n",
                 {"bad.txt:2", "#M value", "'low' is not a number"}},
        BadInput{"InfinitePower",
                 kHead + "#D A x 50 0.5 inf\n",
                 {"bad.txt:6", "#D power", "expected a finite number"}},
        BadInput{"DuplicateActor",
                 "#A A\n#A B\n#A A\n",
                 {"bad.txt:3", "duplicate actor id 'A'", "line 1"}},
        BadInput{"DuplicateIssue",
                 "#A A\n#P x\n#P x\n",
                 {"bad.txt:3", "duplicate issue id 'x'", "line 2"}},
        BadInput{"DuplicateData",
                 kHead + "#D A x 50 0.5 1\n#D A x 60 0.5 1\n",
                 {"bad.txt:7", "duplicate data for actor 'A' on issue 'x'", "line 6"}},
        BadInput{"SalienceOnAHundredScale",
                 kHead + "#D A x 50 80 1\n",
                 {"bad.txt:6", "#D salience", "is 80; expected a value in [0, 1]"}},
        BadInput{"ZeroPower",
                 kHead + "#D A x 50 0.5 0\n",
                 {"bad.txt:6", "#D power", "expected a number > 0"}},
        BadInput{"PositionOutsideTheBounds",
                 kHead + "#D A x 150 0.5 1\n",
                 {"bad.txt:6", "expected a value within the scale of issue 'x': [0, 100]"}},
        BadInput{"SingleBound",
                 "#A A\n#P x\n#M x 5\n#D A x 5 1 1\n",
                 {"bad.txt:3", "single bound 5", "expected two #M lines"}},
        BadInput{"UnterminatedQuote", "#A 'A\n", {"bad.txt:1:4", "unterminated '-quoted field"}},
        BadInput{"TextAfterQuote", "#A 'A'B\n", {"bad.txt:1:7", "text after a closing quote"}},
        BadInput{"NoData", "#A A\n#P x\n", {"no actor takes part in issue 'x'"}}),
    testing::BadInputName);

// The three reference inputs of the decide program (skipped without ../shared).
struct ReferenceFile {
  const char* file;
  std::size_t actors;
  std::size_t issues;
  std::size_t stances;
};

class DecideReferenceFiles : public ::testing::TestWithParam<ReferenceFile> {};

TEST_P(DecideReferenceFiles, LoadThroughReadScenarioFile) {
  const std::string path = std::string(PARLEY_SHARED_DIR "/data/exchange/") + GetParam().file;
  if (!testing::FileExists(path)) GTEST_SKIP() << "reference data absent: " << path;
  const Scenario scenario = ReadScenarioFile(path);  // format detected from the #A line
  EXPECT_EQ(scenario.actor_count(), GetParam().actors);
  EXPECT_EQ(scenario.issue_count(), GetParam().issues);
  std::size_t stances = 0;
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      stances += scenario.stance(a, k) != nullptr;
    }
  }
  EXPECT_EQ(stances, GetParam().stances);
}

INSTANTIATE_TEST_SUITE_P(DecideShared, DecideReferenceFiles,
                         ::testing::Values(ReferenceFile{"cop21.csv", 15, 13, 181},
                                           ReferenceFile{"copenhagen.csv", 11, 7, 75},
                                           ReferenceFile{"sample_data.txt", 10, 6, 60}),
                         [](const ::testing::TestParamInfo<ReferenceFile>& info) {
                           std::string name = info.param.file;
                           return name.substr(0, name.find('.'));
                         });

TEST(DecideReader, ReferenceFieldsMapAsDocumented) {
  const std::string cop21 = PARLEY_SHARED_DIR "/data/exchange/cop21.csv";
  const std::string sample = PARLEY_SHARED_DIR "/data/exchange/sample_data.txt";
  if (!testing::FileExists(cop21) || !testing::FileExists(sample)) {
    GTEST_SKIP() << "reference data absent under " PARLEY_SHARED_DIR;
  }
  const Scenario paris = ReadScenarioFile(cop21);
  EXPECT_EQ(paris.actor(0).id, "African_grp");
  EXPECT_EQ(paris.actor(*paris.FindActor("ALBA")).capability, 0.05);
  EXPECT_EQ(paris.actor(*paris.FindActor("USA")).capability, 1.0);
  EXPECT_EQ(paris.issue(12).id, "eaa");
  // China takes part in 11 of the 13 issues.
  std::size_t china_issues = 0;
  for (std::size_t k = 0; k < paris.issue_count(); ++k) {
    china_issues += paris.stance(*paris.FindActor("China"), k) != nullptr;
  }
  EXPECT_EQ(china_issues, 11u);
  const Scenario toll = ReadScenarioFile(sample);
  const Issue& height = toll.issue(*toll.FindIssue("tol-hoogte"));
  EXPECT_EQ(height.scale_min, 0.5);
  EXPECT_EQ(height.scale_max, 7);
  EXPECT_EQ(toll.issue(*toll.FindIssue("wanneer-tol")).name, "wanneer-tol");
}

TEST(DecideReader, PowerVaryingAcrossIssuesBecomesIssueCapability) {
  // A's power is 1 on x and 0.8 on y: its capability is 1, and 0.8 on y.
  const Scenario scenario = ParseDecideScenario(
      "#A A\n#A B\n#P x\n#P y\n#D A x 50 0.5 1\n#D A y 50 0.5 0.8\n#D B x 10 0.5 2\n"
      "#D B y 90 0.5 2\n",
      "power.txt");
  EXPECT_EQ(scenario.actor(0).capability, 1);
  EXPECT_EQ(scenario.Capability(0, 0), 1);
  EXPECT_EQ(scenario.Capability(0, 1), 0.8);
  EXPECT_EQ(scenario.Capability(1, 1), 2);
  EXPECT_FALSE(scenario.stance(1, 1)->capability.has_value());
}

}  // namespace
}  // namespace parley
