// KTAB SMP CSV reader: the shipped KTAB inputs (skipped without ../shared), detection by the
// first row, a named format, and bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "parley/io.h"
#include "test_util.h"

namespace parley {
namespace {

const std::string kKtab = PARLEY_SHARED_DIR "/data/ktab/";

constexpr const char* kSmall =
    "Tiny scenario,\"A, quoted description\", 3, 2, \n"
    "Actor,Description,Influence,Policy Position,Policy Salience,Comp Position,Comp Salience, \n"
    "XJ,Xi,100.0,30,24.0,20,48.0, \n"
    "LK,Li,60.2,45,44.7,65,41.3, \n"
    "ZG,Zhang,35.0,30,28.9,15,65.1, \n";

TEST(KtabReader, ReadsDimensionsAsIssues) {
  const Scenario scenario = ParseKtabScenario(kSmall, "tiny.csv");
  EXPECT_EQ(scenario.name(), "Tiny scenario");
  EXPECT_EQ(scenario.description(), "A, quoted description");
  ASSERT_EQ(scenario.actor_count(), 3u);
  ASSERT_EQ(scenario.issue_count(), 2u);
  EXPECT_EQ(scenario.issue(0).id, "Policy Position");
  EXPECT_EQ(scenario.issue(1).id, "Comp Position");
  EXPECT_EQ(scenario.issue(1).scale_min, 0);
  EXPECT_EQ(scenario.issue(1).scale_max, 100);
  EXPECT_EQ(scenario.actor(1).id, "LK");
  EXPECT_EQ(scenario.actor(1).name, "Li");
  EXPECT_EQ(scenario.actor(1).capability, 60.2);
  EXPECT_EQ(scenario.stance(1, 1)->position, 65);
  EXPECT_EQ(scenario.stance(1, 1)->salience, 41.3 / 100.0);
}

TEST(KtabReader, ReadsEveryShippedInput) {
  if (!testing::FileExists(kKtab + "SOE-Pol-Comp.csv")) GTEST_SKIP() << "no ../shared/data/ktab";
  const struct {
    const char* file;
    std::size_t actors, dims;
  } inputs[] = {{"SOE-Pol-Comp.csv", 13, 2},
                {"SOE-Policy.csv", 26, 1},
                {"SOE-Competitive.csv", 34, 1},
                {"dummyData_3Dim.csv", 7, 3},
                {"dummyData_3Dim-no-final-comma.csv", 7, 3},
                {"dummyData_6Dim.csv", 27, 6},
                {"dummyData-a040.csv", 40, 1},
                {"dummyData-a080.csv", 80, 1},
                {"dummyData-a160.csv", 160, 1}};
  for (const auto& input : inputs) {
    const Scenario scenario = ReadScenarioFile(kKtab + input.file);  // dispatch by first line
    EXPECT_EQ(scenario.actor_count(), input.actors) << input.file;
    EXPECT_EQ(scenario.issue_count(), input.dims) << input.file;
  }
  const Scenario soe = ReadScenarioFile(kKtab + "SOE-Pol-Comp.csv");
  EXPECT_EQ(soe.actor(0).id, "XJ");
  EXPECT_EQ(soe.actor(0).capability, 100.0);
  EXPECT_EQ(soe.stance(0, 1)->salience, 48.0 / 100.0);
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// KTAB's first row (name, description, actors, dimensions) says the format; the header's
// column names are free, as in KTAB's csvRead.
TEST(KtabDetection, TheFirstRowSaysKtabWhateverTheHeader) {
  using ::testing::HasSubstr;
  const std::string name_header =
      WriteFile("name-header.csv",
                "Tiny,\"A test\",3,1,\nName,Description,Power,Pos 1,Sal 1,\nA,Alpha,100,20,50,\n"
                "B,Beta,60,70,40,\nC,Gamma,30,50,30,\n");
  const Scenario scenario = ReadScenarioFile(name_header);
  ASSERT_EQ(scenario.actor_count(), 3u);
  ASSERT_EQ(scenario.issue_count(), 1u);
  EXPECT_EQ(scenario.issue(0).id, "Pos 1");
  EXPECT_EQ(scenario.stance(1, 0)->salience, 0.4);
  // Spaces around the counts, extra empty or numeric fields, no final comma, a .txt file.
  for (const char* first :
       {"XYZ,  XYZ Issue,  2,  1,  ", "Combined,All,2,1,0,,,,", "\"Quoted, name\",d,2,1"}) {
    SCOPED_TRACE(first);
    const std::string path = WriteFile(
        "first-row.txt", std::string(first) + "\nWho,What,Clout,X,Y\nA,a,1,2,3\nB,b,1,4,5\n");
    EXPECT_EQ(ReadScenarioFile(path).actor_count(), 2u);
  }
  // A KTAB file with a wrong count gets the KTAB reader's message, not the BDM reader's.
  EXPECT_THAT(
      [&] { ReadScenarioFile(WriteFile("short.csv", "n,d,3,1\nName,D,P,X,Y\nA,a,1,2,3\n")); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("line 1 declares 3 actors")));
}

TEST(KtabDetection, BdmAndDecideFilesAreNotTakenForKtab) {
  const std::string bdm = WriteFile(
      "bdm.csv", "# parley.scale: 0 10\nActor,Capability,Position,Salience\nA,1,4,0.5\nB,2,6,1\n");
  EXPECT_EQ(ReadScenarioFile(bdm).issue(0).scale_max, 10);
  // A BDM header whose third and fourth columns happen to be numbers is still a header.
  const std::string numeric =
      WriteFile("numeric-columns.csv",
                "Actor,Capability,2019,2020,Position,Salience\nA,1,0,0,4,0.5\nB,2,0,0,6,1\n");
  EXPECT_EQ(ReadScenarioFile(numeric).actor_count(), 2u);
  const std::string decide =
      WriteFile("decide.csv",
                "'#A'\t'A'\t'Alpha'\t''\n'#P'\t'x'\t'X'\t'x'\n'#M'\t'x'\t0\n'#M'\t'x'\t10\n"
                "'#D'\t'A'\t'x'\t2\t0.5\t2.0\n");
  EXPECT_EQ(ReadScenarioFile(decide).issue(0).id, "x");
}

TEST(ReadScenarioFile, ANamedFormatOverridesExtensionAndFirstLine) {
  using ::testing::HasSubstr;
  using ::testing::ThrowsMessage;
  const std::string ktab =
      "Tiny,d,2,1,\nName,Description,Power,Pos 1,Sal 1,\nA,a,1,2,3,\nB,b,1,4,5,\n";
  // Any extension, with the format named.
  const std::string dat = WriteFile("ktab.dat", ktab);
  EXPECT_THAT([&] { ReadScenarioFile(dat); },
              ThrowsMessage<InputError>(HasSubstr("unknown extension")));
  EXPECT_EQ(ReadScenarioFile(dat, ScenarioFormat::kKtab).actor_count(), 2u);
  // A named format is not second-guessed: this file is no BDM table.
  const std::string csv = WriteFile("ktab.csv", ktab);
  EXPECT_THAT([&] { ReadScenarioFile(csv, ScenarioFormat::kBdmCsv); },
              ThrowsMessage<InputError>(HasSubstr("ktab.csv")));
  EXPECT_THAT([&] { ReadScenarioFile(csv, ScenarioFormat::kDecide); },
              ThrowsMessage<InputError>(HasSubstr("ktab.csv")));
  const Scenario flagship = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const std::string yaml_txt = WriteFile("korea.txt", ScenarioToYaml(flagship));
  EXPECT_EQ(ReadScenarioFile(yaml_txt, ScenarioFormat::kYaml).ContentHash(),
            flagship.ContentHash());
}

TEST(ScenarioFormatNames, RoundTripAndAliases) {
  for (const ScenarioFormat format :
       {ScenarioFormat::kYaml, ScenarioFormat::kJson, ScenarioFormat::kBdmCsv,
        ScenarioFormat::kDecide, ScenarioFormat::kKtab}) {
    EXPECT_EQ(ScenarioFormatFromName(ScenarioFormatName(format)), format);
  }
  EXPECT_EQ(ScenarioFormatFromName("bdm"), ScenarioFormat::kBdmCsv);
  EXPECT_EQ(ScenarioFormatFromName("bdm_csv"), ScenarioFormat::kBdmCsv);
  EXPECT_EQ(ScenarioFormatFromName("KTAB"), std::nullopt);
  EXPECT_EQ(ScenarioFormatFromName("xml"), std::nullopt);
  EXPECT_STREQ(ScenarioFormatTitle(ScenarioFormat::kKtab), "KTAB CSV");
}

class KtabBadInput : public ::testing::TestWithParam<testing::BadInput> {};

TEST_P(KtabBadInput, IsRejectedWithItsLine) {
  testing::ExpectRejected(ScenarioFormat::kKtab, GetParam(), "bad.csv");
}

const std::string kHeader = "Actor,Desc,Power,P1,S1\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, KtabBadInput,
    ::testing::Values(
        testing::BadInput{"empty", "", {"empty"}},
        testing::BadInput{"short first line", "name,desc,3\n", {"bad.csv:1", "expected scenario"}},
        testing::BadInput{"actor count", "n,d,x,1\n" + kHeader, {"bad.csv:1", "'x'"}},
        testing::BadInput{"no header", "n,d,1,1\n", {"header"}},
        testing::BadInput{
            "short header", "n,d,1,2\n" + kHeader + "A,a,1,2,3\n", {"bad.csv:2", "expected 7"}},
        testing::BadInput{
            "too few rows", "n,d,2,1\n" + kHeader + "A,a,1,2,3\n", {"1 actor rows", "declares 2"}},
        testing::BadInput{"too many rows",
                          "n,d,1,1\n" + kHeader + "A,a,1,2,3\nB,b,1,2,3\n",
                          {"bad.csv:4", "declares 1"}},
        testing::BadInput{
            "bad number", "n,d,1,1\n" + kHeader + "A,a,1,abc,3\n", {"bad.csv:3", "P1", "'abc'"}},
        testing::BadInput{
            "position range", "n,d,1,1\n" + kHeader + "A,a,1,120,3\n", {"bad.csv:3", "[0, 100]"}},
        testing::BadInput{"salience total",
                          "n,d,1,2\nActor,D,P,P1,S1,P2,S2\nA,a,1,2,60,3,50\n",
                          {"bad.csv:3", "total salience", "110"}},
        testing::BadInput{
            "zero capability", "n,d,1,1\n" + kHeader + "A,a,0,2,3\n", {"bad.csv:3", "capability"}},
        testing::BadInput{
            "field count", "n,d,1,1\n" + kHeader + "A,a,1,2\n", {"bad.csv:3", "expected 5"}}),
    testing::BadInputName);

}  // namespace
}  // namespace parley
