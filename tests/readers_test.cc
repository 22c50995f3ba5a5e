// The three readers (YAML, JSON, BDM CSV): what they accept and how they report errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "parley/io.h"
#include "parley/trade.h"
#include "parley/validate.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr const char* kSmallYaml = R"(# a comment documenting a source
parley: 1
name: small
actors:
  - {id: A, name: Alpha, capability: 2}   # capability from somewhere
  - id: B
    capability: 1
issues:
  - id: x
    name: Issue X
    scale: {min: 0, max: 10, min_label: none, max_label: all}
    status_quo: 4
    positions:
      A: {position: 2, salience: 0.5}
      B: [8, 1.0]
  - id: y
    positions:
      B: {position: 60, salience: 0.25}
)";

constexpr const char* kSmallJson = R"({
  "parley": 1,
  "name": "small",
  "actors": [
    {"id": "A", "name": "Alpha", "capability": 2},
    {"id": "B", "capability": 1}
  ],
  "issues": [
    {"id": "x", "name": "Issue X",
     "scale": {"min": 0, "max": 10, "min_label": "none", "max_label": "all"},
     "status_quo": 4,
     "positions": {"A": {"position": 2, "salience": 0.5}, "B": [8, 1.0]}},
    {"id": "y", "positions": {"B": {"position": 60, "salience": 0.25}}}
  ]
}
)";

TEST(YamlReader, ReadsEveryField) {
  const Scenario scenario = ParseYamlScenario(kSmallYaml, "small.yaml");
  EXPECT_EQ(scenario.name(), "small");
  ASSERT_EQ(scenario.actor_count(), 2u);
  EXPECT_EQ(scenario.actor(0).name, "Alpha");
  EXPECT_EQ(scenario.actor(0).capability, 2);
  EXPECT_EQ(scenario.actor(1).name, "B");
  ASSERT_EQ(scenario.issue_count(), 2u);
  const Issue& x = scenario.issue(0);
  EXPECT_EQ(x.name, "Issue X");
  EXPECT_EQ(x.scale_max, 10);
  EXPECT_EQ(x.min_label, "none");
  EXPECT_EQ(x.status_quo, 4);
  EXPECT_EQ(scenario.stance(1, 0)->position, 8);
  EXPECT_EQ(scenario.stance(1, 0)->salience, 1.0);
  // Defaults of an issue without scale: [0, 100], no status quo, name = id.
  const Issue& y = scenario.issue(1);
  EXPECT_EQ(y.scale_min, 0);
  EXPECT_EQ(y.scale_max, 100);
  EXPECT_FALSE(y.status_quo.has_value());
  EXPECT_EQ(y.name, "y");
  EXPECT_EQ(scenario.stance(0, 1), nullptr);  // A takes no part in y
}

TEST(JsonReader, SameSchemaSameScenario) {
  const Scenario from_yaml = ParseYamlScenario(kSmallYaml, "small.yaml");
  const Scenario from_json = ParseJsonScenario(kSmallJson, "small.json");
  EXPECT_EQ(from_json.ContentHash(), from_yaml.ContentHash());
  // And what the JSON writer produces reads back to the same scenario.
  const Scenario round_trip = ParseJsonScenario(ScenarioToJson(from_yaml), "written.json");
  EXPECT_EQ(round_trip.ContentHash(), from_yaml.ContentHash());
}

TEST(YamlReader, SalienceScale100) {
  const Scenario scenario = ParseYamlScenario(R"(
salience_scale: 100
actors: [{id: A, capability: 1}]
issues: [{id: x, positions: {A: {position: 5, salience: 40}}}]
)",
                                              "s.yaml");
  EXPECT_DOUBLE_EQ(scenario.stance(0, 0)->salience, 0.4);
  EXPECT_THAT(
      [] {
        ParseYamlScenario(R"(
salience_scale: 100
actors: [{id: A, capability: 1}]
issues: [{id: x, positions: {A: {position: 5, salience: 140}}}]
)",
                          "s.yaml");
      },
      ThrowsMessage<InputError>(
          AllOf(HasSubstr("s.yaml:4:33"), HasSubstr("expected a value in [0, 100]"))));
}

// Each malformed document must produce a message with the file, the line, the field and
// what was expected.
using testing::BadInput;

class YamlErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(YamlErrors, NameLineFieldAndExpectation) {
  testing::ExpectRejected(ScenarioFormat::kYaml, GetParam(), "bad.yaml");
}

INSTANTIATE_TEST_SUITE_P(
    Readers, YamlErrors,
    ::testing::Values(
        BadInput{"syntax", "actors: [\n  - a: b\n", {"bad.yaml:", "YAML syntax error"}},
        BadInput{"empty", "", {"bad.yaml:", "is nothing (null); expected a mapping"}},
        BadInput{"comments only", "# nothing here\n", {"expected a mapping"}},
        BadInput{"unknown top field",
                 "actors: []\nissues: []\nactorz: []\n",
                 {"bad.yaml:3:9", "unknown field 'actorz'", "expected one of"}},
        BadInput{"no actors", "actors: []\nissues: []\n", {"the scenario has no actors"}},
        BadInput{"missing capability",
                 "actors:\n  - {id: A}\nissues: []\n",
                 {"bad.yaml:2:5", "actors[0]", "missing required field 'capability'"}},
        BadInput{"capability text",
                 "actors:\n  - {id: A, capability: lots}\nissues: []\n",
                 {"bad.yaml:2:25", "actors[0].capability", "'lots' is not a number"}},
        BadInput{"capability zero",
                 "actors:\n  - {id: A, capability: 0}\nissues: []\n",
                 {"bad.yaml:2:5", "capability: is 0; expected a number > 0"}},
        BadInput{"nan salience",
                 "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n"
                 "      A: {position: 1, salience: .nan}\n",
                 {"bad.yaml:6:10", "issues[0].positions.A.salience", "is nan"}},
        BadInput{"salience out of range",
                 "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n"
                 "      A: {position: 1, salience: 2}\n",
                 {"bad.yaml:6:10", "salience: is 2; expected a value in [0, 1]"}},
        BadInput{"position outside scale",
                 "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n"
                 "    scale: {min: 0, max: 10}\n    positions:\n"
                 "      A: {position: 11, salience: 1}\n",
                 {"bad.yaml:7:10", "position: is 11; expected a value within the scale"}},
        BadInput{"unknown actor",
                 "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n"
                 "      Z: {position: 1, salience: 1}\n",
                 {"bad.yaml:6:10", "unknown actor 'Z'", "expected one of the actors defined: A"}},
        BadInput{"duplicate actor",
                 "actors:\n  - {id: A, capability: 1}\n  - {id: A, capability: 2}\nissues: []\n",
                 {"bad.yaml:3:5", "duplicate actor id 'A'", "first defined at bad.yaml:2:5"}},
        BadInput{"duplicate key",
                 "actors:\n  - {id: A, capability: 1, capability: 2}\nissues: []\n",
                 {"bad.yaml:2", "key appears twice"}},
        BadInput{"nobody takes part",
                 "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions: {}\n",
                 {"bad.yaml:4:5", "no actor takes part in issue 'x'"}},
        BadInput{"missing positions",
                 "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n",
                 {"bad.yaml:4:5", "missing required field 'positions'"}},
        BadInput{"stance list of three",
                 "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n"
                 "      A: [1, 2, 3]\n",
                 {"bad.yaml:6:10", "is a list of 3 values; expected [position, salience]"}},
        BadInput{"scale reversed",
                 "actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n"
                 "    scale: {min: 10, max: 0}\n    positions: {}\n",
                 {"bad.yaml:4:5", "min 10 is not below max 0"}},
        BadInput{"wrong version",
                 "parley: 2\nactors: []\nissues: []\n",
                 {"bad.yaml:1:9", "format version 2 is not supported"}},
        BadInput{"actors not a list",
                 "actors: {A: 1}\nissues: []\n",
                 {"bad.yaml:1:9", "actors: is a mapping; expected a list of actors"}},
        BadInput{"billion laughs",
                 "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                 "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
                 "e: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e]\n",
                 {"expands to far more nodes"}},
        BadInput{"alias inside its own anchor",
                 "actors: &a [*a]\nissues: []\n",
                 {"bad.yaml:1:9", "nesting deeper than 200 levels"}},
        BadInput{"alias to an unknown anchor",
                 "actors: *a\nissues: []\n",
                 {"bad.yaml:1:9", "YAML syntax error", "anchor is not defined"}},
        BadInput{"mapping key", "? [a]\n: 1\n", {"bad.yaml:1:3", "key is not a plain word"}}),
    testing::BadInputName);

TEST(YamlReader, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "actors: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  EXPECT_THROW(ParseYamlScenario(deep, "deep.yaml"), InputError);
}

TEST(YamlReader, AnAliasReadsAsItsAnchorWherever) {
  const Scenario scenario = ParseYamlScenario(R"(
actors: [{id: A, capability: &c 2}, {id: B, capability: *c}]
issues:
  - id: x
    positions: {A: &s {position: 30, salience: 0.5}, B: *s}
  - id: y
    positions: &p {A: [10, 1], B: [90, 1]}
  - id: z
    positions: *p
---
a second document: is not read
)",
                                              "a.yaml");
  ASSERT_EQ(scenario.actor_count(), 2u);
  ASSERT_EQ(scenario.issue_count(), 3u);
  EXPECT_DOUBLE_EQ(scenario.actor(1).capability, 2);
  EXPECT_DOUBLE_EQ(scenario.stance(1, 0)->position, 30);
  EXPECT_DOUBLE_EQ(scenario.stance(1, 0)->salience, 0.5);
  EXPECT_DOUBLE_EQ(scenario.stance(1, 2)->position, 90);
}

// Profiling the fuzz target found that the duplicate-key check compared each key with every
// earlier one: a mapping of n keys took n^2/2 string comparisons (40,000 keys, a 390 KB file:
// 2.5 s; a file at the 64 MiB limit: hours). It is a hash lookup now.
TEST(YamlReader, ARepeatedKeyAmongManyIsFoundAtItsLine) {
  std::string text;
  for (int key = 0; key < 20000; ++key) text += "k" + std::to_string(key) + ": 1\n";
  text += "k123: 2\n";
  EXPECT_THAT([&] { ParseYamlScenario(text, "keys.yaml"); },
              ThrowsMessage<InputError>(
                  AllOf(HasSubstr("keys.yaml:20001:1"), HasSubstr("k123: key appears twice"))));
}

TEST(JsonReader, SyntaxErrorsCarryLineAndColumn) {
  EXPECT_THAT(
      [] { ParseJsonScenario("{\n  \"actors\": [\n    {\"id\": \"A\",}\n  ]\n}\n", "b.json"); },
      ThrowsMessage<InputError>(AllOf(HasSubstr("b.json:3:"), HasSubstr("JSON syntax error"))));
  EXPECT_THAT([] { ParseJsonScenario("", "e.json"); },
              ThrowsMessage<InputError>(HasSubstr("e.json")));
  EXPECT_THAT([] { ParseJsonScenario("{\"a\": NaN}", "n.json"); },
              ThrowsMessage<InputError>(HasSubstr("JSON syntax error")));
}

TEST(JsonReader, SchemaErrorsCarryLines) {
  EXPECT_THAT(
      [] {
        ParseJsonScenario(
            "{\n \"actors\": [{\"id\": \"A\", \"capability\": 1}],\n \"issues\": [\n  {\"id\": "
            "\"x\",\n   \"positions\": {\"A\": {\"position\": 1, \"salience\": 7}}}]}\n",
            "s.json");
      },
      ThrowsMessage<InputError>(
          AllOf(HasSubstr("s.json:5:"), HasSubstr("issues[0].positions.A.salience: is 7"))));
  EXPECT_THAT([] { ParseJsonScenario("{\"actors\": 1, \"actors\": 2}", "d.json"); },
              ThrowsMessage<InputError>(HasSubstr("key appears twice")));
}

TEST(JsonReader, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT([&] { ParseJsonScenario(deep, "deep.json"); },
              ThrowsMessage<InputError>(HasSubstr("nesting deeper than")));
}

// Bueno de Mesquita (1994), table: the EC emission-standards example (also Scholz,
// Calbert & Smith 2011, table 1), typed from the publication.
constexpr const char* kEcExampleCsv =
    "Actor,Capability,Position,Salience\n"
    "Netherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\nLuxembourg,0.03,4,0.2\nGermany,0.16,4,0.8\n"
    "France,0.16,10,0.6\nItaly,0.16,10,0.6\nUK,0.16,10,0.9\nIreland,0.05,7,0.1\n"
    "Denmark,0.05,4,1.0\nGreece,0.08,7,0.7\n";

TEST(BdmCsvReader, ReadsThePublishedTable) {
  const Scenario scenario = ParseBdmCsvScenario(kEcExampleCsv, "ec/Example.csv");
  ASSERT_EQ(scenario.actor_count(), 10u);
  ASSERT_EQ(scenario.issue_count(), 1u);
  EXPECT_EQ(scenario.issue(0).id, "Example");  // from the file name
  EXPECT_EQ(scenario.issue(0).scale_min, 4);   // from the data
  EXPECT_EQ(scenario.issue(0).scale_max, 10);
  EXPECT_EQ(scenario.actor(6).id, "UK");
  EXPECT_EQ(scenario.actor(6).capability, 0.16);
  EXPECT_EQ(scenario.stance(6, 0)->position, 10);
  EXPECT_EQ(scenario.stance(6, 0)->salience, 0.9);
}

TEST(BdmCsvReader, SharedExampleMatchesThePublishedTable) {
  const std::string path = testing::SharedPath("data/eum/Example.csv");
  if (!testing::FileExists(path)) GTEST_SKIP() << "reference data not found at " << path;
  EXPECT_EQ(ReadScenarioFile(path).ContentHash(),
            ParseBdmCsvScenario(kEcExampleCsv, "Example.csv").ContentHash());
}

TEST(BdmCsvReader, DirectivesQuotingAndCrlf) {
  const Scenario scenario = ParseBdmCsvScenario(
      "# Source: a comment, ignored\r\n# parley.issue: emissions\r\n# parley.scale: 0 20\r\n"
      "# parley.status_quo: 10\r\n# parley.salience_scale: 100\r\n"
      "# parley.min_label: early\r\nactor,SALIENCE,position,capability,Description\r\n"
      "\"Big Inc.\",50,4,3,\"said \"\"no\"\", twice\"\r\nSmall,100,12,1,\r\n",
      "x.csv");
  EXPECT_EQ(scenario.issue(0).id, "emissions");
  EXPECT_EQ(scenario.issue(0).scale_max, 20);
  EXPECT_EQ(scenario.issue(0).status_quo, 10);
  EXPECT_EQ(scenario.issue(0).min_label, "early");
  EXPECT_EQ(scenario.actor(0).id, "Big Inc.");
  EXPECT_EQ(scenario.stance(0, 0)->salience, 0.5);
  EXPECT_EQ(scenario.actor(0).capability, 3);
}

TEST(BdmCsvReader, ErrorsNameLineAndField) {
  const auto parse = [](const char* text) { return ParseBdmCsvScenario(text, "t.csv"); };
  EXPECT_THAT([&] { parse(""); }, ThrowsMessage<InputError>(HasSubstr("no header and no rows")));
  EXPECT_THAT([&] { parse("Actor,Capability,Position\nA,1,2\n"); },
              ThrowsMessage<InputError>(
                  AllOf(HasSubstr("t.csv:1: header"), HasSubstr("no 'salience' column"))));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\n"); },
              ThrowsMessage<InputError>(HasSubstr("no actors")));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,3\n"); },
              ThrowsMessage<InputError>(
                  AllOf(HasSubstr("t.csv:3"), HasSubstr("row has 3 fields; expected 4"))));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,x,3,1\n"); },
              ThrowsMessage<InputError>(
                  AllOf(HasSubstr("t.csv:3: Capability"), HasSubstr("'x' is not a number"))));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,3,50\n"); },
              ThrowsMessage<InputError>(AllOf(
                  HasSubstr("t.csv:3"), HasSubstr("salience: is 50; expected a value in [0, 1]"))));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\nA,1,nan,0.5\nB,1,3,1\n"); },
              ThrowsMessage<InputError>(AllOf(HasSubstr("t.csv:2"), HasSubstr("is nan"))));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\nA,-1,2,0.5\nB,1,3,1\n"); },
              ThrowsMessage<InputError>(AllOf(HasSubstr("t.csv:2"), HasSubstr("is -1"))));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\nA,1,2,0.5\nA,1,3,1\n"); },
              ThrowsMessage<InputError>(AllOf(HasSubstr("t.csv:3"), HasSubstr("duplicate actor"))));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\n\"A,1,2,0.5\n"); },
              ThrowsMessage<InputError>(HasSubstr("never closed")));
  EXPECT_THAT([&] { parse("Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,2,1\n"); },
              ThrowsMessage<InputError>(HasSubstr("parley.scale: MIN MAX")));
  EXPECT_THAT(
      [&] { parse("# parley.colour: red\nActor,Capability,Position,Salience\nA,1,2,1\n"); },
      ThrowsMessage<InputError>(AllOf(HasSubstr("t.csv:1"), HasSubstr("unknown directive"))));
}

TEST(ReadScenarioFile, ChoosesTheReaderByExtensionAndRefusesOthers) {
  const Scenario flagship = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  EXPECT_EQ(flagship.actor_count(), 7u);  // six states and the US Congress
  EXPECT_THAT([] { ReadScenarioFile("/nonexistent/file.yaml"); },
              ThrowsMessage<InputError>(HasSubstr("/nonexistent/file.yaml: no such file")));
  EXPECT_THAT([] { ReadScenarioFile(testing::ProjectPath("Makefile")); },
              ThrowsMessage<InputError>(HasSubstr("unknown extension")));
  EXPECT_THAT([] { ReadScenarioFile(testing::ProjectPath("examples")); },
              ThrowsMessage<InputError>(HasSubstr("is a directory")));
}

TEST(ReadScenarioFile, RefusesHugeFilesUpFront) {
  const std::string path = ::testing::TempDir() + "/huge.yaml";
  {
    std::ofstream file(path, std::ios::binary);
    file.seekp(static_cast<std::streamoff>(kMaxScenarioBytes) + 10);
    file.put('\n');  // a sparse file: big on paper, cheap on disk
  }
  EXPECT_THAT([&] { ReadScenarioFile(path); },
              ThrowsMessage<InputError>(HasSubstr("scenario files are limited to 64 MiB")));
  std::remove(path.c_str());
}

TEST(FlagshipScenario, HasTheActorsAndIssuesTheBriefAsksFor) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  for (const char* actor : {"USA", "CHN", "PRK", "KOR", "JPN", "RUS"}) {
    EXPECT_TRUE(scenario.FindActor(actor).has_value()) << actor;
  }
  for (const char* issue : {"nk-pressure", "trade-terms", "nk-program", "taiwan"}) {
    ASSERT_TRUE(scenario.FindIssue(issue).has_value()) << issue;
    EXPECT_TRUE(scenario.issue(*scenario.FindIssue(issue)).status_quo.has_value()) << issue;
  }
  const Issue& pressure = scenario.issue(*scenario.FindIssue("nk-pressure"));
  EXPECT_EQ(pressure.min_label, "business as usual");
  EXPECT_EQ(pressure.max_label, "full embargo including oil");
}

std::string ReadText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Files as users have them: Excel and Notepad write a UTF-8 byte-order mark first, and
// Windows tools end lines with CRLF. Every reader reads all four variants alike.
std::vector<std::pair<std::string, std::string>> SavedAs(const std::string& text) {
  std::string crlf;
  for (const char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const std::string bom = "\xEF\xBB\xBF";
  return {{"plain", text}, {"BOM", bom + text}, {"CRLF", crlf}, {"BOM and CRLF", bom + crlf}};
}

struct ScenarioText {
  const char* name;
  std::string text;
  ScenarioFormat format;
};

TEST(FilesAsUsersHaveThem, EveryScenarioReaderTakesAByteOrderMarkAndCrlf) {
  const std::vector<ScenarioText> inputs = {
      {"yaml", ReadText(testing::ProjectPath("examples/korea-2017.yaml")), ScenarioFormat::kYaml},
      {"json", ScenarioToJson(ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"))),
       ScenarioFormat::kJson},
      {"bdm csv", "# name: bdm\nActor,Capability,Position,Salience\nA,1,40,0.5\nB,2,60,1\n",
       ScenarioFormat::kBdmCsv},
      {"decide",
       "'#A'\t'A'\t'Alpha'\t''\n'#A'\t'B'\t'Beta'\t''\n'#P'\t'x'\t'Issue X'\t'x'\n"
       "'#M'\t'x'\t0\n'#M'\t'x'\t10\n'#D'\t'A'\t'x'\t2\t0.5\t2.0\n'#D'\t'B'\t'x'\t8\t0.4\t1\n",
       ScenarioFormat::kDecide},
      {"ktab",
       "Tiny,\"A, quoted description\", 2, 1, \nActor,Description,Influence,P Position,P "
       "Salience, \nXJ,Xi,100.0,30,24.0, \nLK,Li,60.2,45,44.7, \n",
       ScenarioFormat::kKtab}};
  for (const ScenarioText& input : inputs) {
    const std::string expected = ParseScenario(input.text, input.format, "f").ContentHash();
    for (const auto& [variant, text] : SavedAs(input.text)) {
      SCOPED_TRACE(std::string(input.name) + ", " + variant);
      EXPECT_EQ(ParseScenario(text, input.format, "f").ContentHash(), expected);
    }
  }
}

TEST(FilesAsUsersHaveThem, ReadScenarioFileDetectsFormatsBehindAByteOrderMark) {
  const std::string folder = ::testing::TempDir();
  const std::string bom = "\xEF\xBB\xBF";
  WriteText(folder + "/bom-bdm.csv",
            bom + "Actor,Capability,Position,Salience\r\nA,1,40,0.5\r\nB,2,60,1\r\n");
  EXPECT_EQ(ReadScenarioFile(folder + "/bom-bdm.csv").actor(0).id, "A");
  WriteText(folder + "/bom-decide.csv",
            bom +
                "'#A'\t'A'\t'Alpha'\t''\r\n'#P'\t'x'\t'X'\t'x'\r\n'#M'\t'x'\t0\r\n'#M'\t'x'\t10\r\n"
                "'#D'\t'A'\t'x'\t2\t0.5\t2.0\r\n");
  EXPECT_EQ(ReadScenarioFile(folder + "/bom-decide.csv").issue(0).id, "x");
  WriteText(folder + "/bom-ktab.csv",
            bom +
                "Tiny,d, 1, 1, \r\nActor,Description,Influence,P Position,P Salience, \r\n"
                "XJ,Xi,100.0,30,24.0, \r\n");
  EXPECT_EQ(ReadScenarioFile(folder + "/bom-ktab.csv").actor(0).id, "XJ");
}

TEST(FilesAsUsersHaveThem, DeuAndTradeReadersTakeAByteOrderMarkAndCrlf) {
  const std::string deu =
      "prnr\tprname\tisnr\tproc\tcounvte\tpcom\tpep\tpde\tpfr\tscom\tsep\tsde\tsfr\trp\tout\n"
      "p1\tdocs\tp1i1\tCOD\tQMV\t100\t80\t0\t\t50\t50\t100\t\t0\t60\n";
  const std::string trade =
      "reporter,partner,year,exports,imports\nPRK,CHN,2016,2634,2876\nUSA,CHN,2016,115600,462600\n";
  for (const auto& [variant, text] : SavedAs(deu)) {
    SCOPED_TRACE("deu, " + variant);
    const DeuData data = ParseDeuTable(text, "t.tsv");
    ASSERT_EQ(data.issues.size(), 1u);
    EXPECT_EQ(data.issues[0].procedure, "COD");
    EXPECT_EQ(data.issues[0].outcome, 60.0);
  }
  for (const auto& [variant, text] : SavedAs(trade)) {
    SCOPED_TRACE("trade, " + variant);
    trade::TradeData data;
    trade::ParseTradeText(text, "t.csv", data);
    EXPECT_EQ(data.Bilateral(2016, 731, 710), 2634 + 2876);
    EXPECT_EQ(data.Bilateral(2016, 2, 710), 115600 + 462600);
  }
}

TEST(FilesAsUsersHaveThem, BdmNamesMayHoldCommasQuotesAndAnyUtf8) {
  const Scenario scenario = ParseBdmCsvScenario(
      "Actor,Capability,Position,Salience\n"
      "\"Korea, Republic of\",1,40,0.5\n"
      "\"The \"\"Quartet\"\"\",2,60,1\n"
      "Côte d'Ivoire,1,50,0.5\n"
      "United States,3,70,1\n",
      "names.csv");
  ASSERT_EQ(scenario.actor_count(), 4u);
  EXPECT_EQ(scenario.actor(0).id, "Korea Republic of");
  EXPECT_EQ(scenario.actor(0).name, "Korea, Republic of");
  EXPECT_EQ(scenario.actor(1).id, "The Quartet");
  EXPECT_EQ(scenario.actor(1).name, "The \"Quartet\"");
  // Names that ids can hold are their own ids, so existing files keep their hashes.
  EXPECT_EQ(scenario.actor(2).id, "Côte d'Ivoire");
  EXPECT_EQ(scenario.actor(3).id, "United States");
  EXPECT_EQ(scenario.stance(0, 0)->position, 40);
}

TEST(FilesAsUsersHaveThem, BdmNamesThatGiveOneIdAreRefusedNamingBothLines) {
  EXPECT_THAT(
      [] {
        ParseBdmCsvScenario(
            "Actor,Capability,Position,Salience\n\"Korea, Republic of\",1,40,0.5\n"
            "B,1,50,1\n\"Korea Republic of\",2,60,1\n",
            "names.csv");
      },
      ::testing::ThrowsMessage<InputError>(::testing::AllOf(
          ::testing::HasSubstr("names.csv:4"), ::testing::HasSubstr("Actor"),
          ::testing::HasSubstr("'Korea Republic of' gives the id 'Korea Republic of', as "
                               "'Korea, Republic of' at line 2 does"))));
}

TEST(FilesAsUsersHaveThem, KtabNamesMayHoldCommas) {
  const Scenario scenario = ParseKtabScenario(
      "Tiny,d, 2, 1, \nName,Description,Power,\"Pos, 1\",Sal 1, \n"
      "\"Korea, Republic of\",Seoul,100.0,30,24.0, \nLK,Li,60.2,45,44.7, \n",
      "tiny.csv");
  EXPECT_EQ(scenario.actor(0).id, "Korea Republic of");
  EXPECT_EQ(scenario.issue(0).id, "Pos 1");
}

}  // namespace
}  // namespace parley
