// parley studio: ScenarioToYaml round trips, and the server's API and security checks
// (docs/studio.md) through httplib::Client against an in-process server on a free port.
#include "parley/studio.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "parley/errors.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "parley/store.h"
#include "test_util.h"

namespace parley {
namespace {

using nlohmann::json;
using testing::ProjectPath;

constexpr const char* kToken = "0123456789abcdef0123456789abcdef0123456789abcdef";

std::string ReadText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string TempFolder(const std::string& name) {
  const std::filesystem::path folder =
      std::filesystem::path(::testing::TempDir()) / ("parley_studio_" + name);
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder.string();
}

TEST(StudioYaml, RoundTripsEveryExample) {
  std::vector<std::string> files = {ProjectPath("examples/korea-2017.yaml")};
  for (const auto& entry : std::filesystem::directory_iterator(ProjectPath("examples/cases"))) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  ASSERT_GE(files.size(), 4u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const Scenario scenario = ReadScenarioFile(file);
    const std::string yaml = ScenarioToYaml(scenario);
    EXPECT_EQ(yaml.rfind("# Written by parley studio from " + file, 0), 0u);
    EXPECT_EQ(ParseYamlScenario(yaml, "x").ContentHash(), scenario.ContentHash());
  }
}

TEST(StudioYaml, SmallMappingsOnOneLine) {
  const std::string yaml =
      ScenarioToYaml(ReadScenarioFile(ProjectPath("examples/korea-2017.yaml")));
  EXPECT_NE(yaml.find("JPN: {position: 85.0, salience: 0.8"), std::string::npos) << yaml;
}

// A server on a free port of 127.0.0.1, serving in a thread, with the flagship by default.
class StudioServerTest : public ::testing::Test {
 protected:
  void TearDown() override { StopServer(); }

  void Start(Scenario scenario, std::vector<std::string> models = {"compromise", "eum"},
             std::unique_ptr<Store> store = nullptr) {
    session_ =
        std::make_unique<StudioSession>(std::move(scenario), std::move(models), std::move(store));
    server_ = std::make_unique<StudioServer>(*session_, "127.0.0.1", 0, kToken);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void StartFlagship(std::vector<std::string> models = {"compromise", "eum"},
                     std::unique_ptr<Store> store = nullptr) {
    Start(ReadScenarioFile(ProjectPath("examples/korea-2017.yaml")), std::move(models),
          std::move(store));
  }
  void StopServer() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
  }

  std::unique_ptr<httplib::Client> Client(bool with_token = true) const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    if (with_token) client->set_default_headers({{"X-Parley-Token", kToken}});
    client->set_read_timeout(60, 0);
    return client;
  }
  httplib::Result Post(const std::string& path, const json& body) const {
    return Client()->Post(path.c_str(), body.dump(), "application/json");
  }
  json State() const {
    const auto result = Client()->Get("/api/state");
    EXPECT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    return json::parse(result->body);
  }
  static json SetEdit(const json& path, const json& value) {
    return {{"op", "set"}, {"path", path}, {"value", value}};
  }
  // A vector, not a json: a braced list of one json would be that json, not an array.
  httplib::Result Edit(const std::vector<json>& edits) const {
    return Post("/api/edit", {{"edits", json(edits)}});
  }
  std::string HostHeader(const std::string& host) const {
    return host + ":" + std::to_string(server_->port());
  }

  std::unique_ptr<StudioSession> session_;
  std::unique_ptr<StudioServer> server_;
  std::thread thread_;
};

const json kChnSalience = {"issues", "nk-pressure", "positions", "CHN", "salience"};

TEST_F(StudioServerTest, ValidEditRecomputesTheForecasts) {
  StartFlagship();
  const json before = State();
  const auto result = Edit({SetEdit(kChnSalience, 0.8)});
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const json state = json::parse(result->body);
  EXPECT_EQ(state["version"], before["version"].get<int>() + 1);
  EXPECT_TRUE(state["can_undo"].get<bool>());

  // The forecasts are those of the models run directly on the edited file.
  std::string yaml = ReadText(ProjectPath("examples/korea-2017.yaml"));
  const Scenario original = ParseYamlScenario(yaml, "korea");
  json document = json::parse(ScenarioToJson(original));
  document["issues"][0]["positions"]["CHN"]["salience"] = 0.8;
  const Scenario edited = ParseJsonScenario(document.dump(), "edited");
  EXPECT_EQ(state["input_hash"], edited.ContentHash());
  std::size_t row = 0;
  for (const std::string spec : {"compromise", "eum"}) {
    const Result direct = DefaultRegistry().Create(spec)->Run(edited);
    for (const IssueForecast& forecast : direct.forecasts) {
      const json& served = state["forecasts"][row++];
      EXPECT_EQ(served["model"], spec);
      EXPECT_EQ(served["issue"], forecast.issue_id);
      EXPECT_EQ(served["position"].get<double>(), forecast.position);
      EXPECT_EQ(served["rule"], forecast.rule);
    }
  }
  EXPECT_EQ(row, state["forecasts"].size());

  ASSERT_EQ(state["changes"].size(), 1u) << state["changes"];
  EXPECT_EQ(state["changes"][0]["field"], "issues[nk-pressure].positions.CHN.salience");
  EXPECT_EQ(state["changes"][0]["old"], "0.6");
  EXPECT_EQ(state["changes"][0]["new"], "0.8");
  EXPECT_FALSE(state["moved"].empty());
  EXPECT_EQ(state["original"], before["scenario"]);
  for (const char* part : {"models", "total"}) {
    EXPECT_GE(state["timing_ms"][part].get<double>(), 0) << part;
  }

  // The brief and the linkage findings follow from /api/analysis, for this version; the
  // State carries them from then on.
  EXPECT_TRUE(state["brief"].is_null());
  const auto answer = Client()->Get("/api/analysis");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200);
  const json analysis = json::parse(answer->body);
  EXPECT_EQ(analysis["version"], state["version"]);
  EXPECT_NE(analysis["brief"].get<std::string>().find("Findings"), std::string::npos);
  EXPECT_NE(analysis["brief"].get<std::string>().find("nk-pressure"), std::string::npos);
  EXPECT_TRUE(analysis["linkage"].is_object());
  EXPECT_GE(analysis["timing_ms"]["brief"].get<double>(), 0);
  const json again = State();
  EXPECT_EQ(again["brief"], analysis["brief"]);
  EXPECT_EQ(again["linkage"], analysis["linkage"]);
}

TEST(StudioSession, LeavesTheSlowModelsOutOfTheDefaultsOnLargeScenarios) {
  const StudioSession small(ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml")), {});
  EXPECT_TRUE(small.left_out_models().empty());
  const StudioSession large(testing::RandomScenario(3, 40, 2), {});
  EXPECT_EQ(large.left_out_models(), (std::vector<std::string>{"exchange", "smp"}));
}

TEST_F(StudioServerTest, InvalidEditIsRefusedAndChangesNothing) {
  StartFlagship();
  const json before = State();
  const auto result =
      Edit({SetEdit({"actors", "CHN", "capability"}, 90), SetEdit(kChnSalience, 1.5)});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  const json error = json::parse(result->body);
  EXPECT_NE(error["error"].get<std::string>().find("expected a value in [0, 1]"), std::string::npos)
      << error;
  EXPECT_EQ(error["field"], "issues[0].positions.CHN.salience");
  EXPECT_NE(error["error"].get<std::string>().find(error["field"].get<std::string>()),
            std::string::npos);
  EXPECT_EQ(State(), before);  // the capability edit did not apply either
}

TEST_F(StudioServerTest, UnknownPathAndOpAreRefused) {
  StartFlagship();
  const json before = State();
  for (const json& edit :
       {SetEdit({"issues", "no-such-issue", "status_quo"}, 10),
        json{{"op", "remove"}, {"path", {"actors", "CHN", "no-such-field"}}},
        json{{"op", "remove_actor"}, {"id", "NOBODY"}}, json{{"op", "rename"}}}) {
    const auto result = Edit({edit});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 422) << edit << " " << result->body;
  }
  EXPECT_EQ(Edit({})->status, 422);
  EXPECT_EQ(State()["version"], before["version"]);
}

TEST_F(StudioServerTest, UndoAndRedoRestoreTheDocumentsExactly) {
  StartFlagship();
  const json original = State();
  EXPECT_EQ(Post("/api/undo", json::object())->status, 409);
  EXPECT_EQ(Post("/api/redo", json::object())->status, 409);
  const auto edited = Edit({SetEdit(kChnSalience, 0.8)});
  const json after_edit = json::parse(edited->body);
  const auto undone = Post("/api/undo", json::object());
  ASSERT_EQ(undone->status, 200);
  const json state = json::parse(undone->body);
  EXPECT_EQ(state["scenario"].dump(), original["scenario"].dump());
  EXPECT_EQ(state["scenario"].dump(), state["original"].dump());
  EXPECT_EQ(state["version"], original["version"].get<int>() + 2);
  EXPECT_TRUE(state["changes"].empty());
  EXPECT_TRUE(state["moved"].empty());
  EXPECT_TRUE(state["can_redo"].get<bool>());
  EXPECT_EQ(Post("/api/undo", json::object())->status, 409);
  const auto redone = Post("/api/redo", json::object());
  ASSERT_EQ(redone->status, 200);
  EXPECT_EQ(json::parse(redone->body)["scenario"].dump(), after_edit["scenario"].dump());
  EXPECT_EQ(Post("/api/redo", json::object())->status, 409);
}

const json* FindById(const json& array, const std::string& id) {
  for (const json& element : array) {
    if (element["id"] == id) return &element;
  }
  return nullptr;
}

TEST_F(StudioServerTest, AddsAndRemovesActorsAndIssues) {
  StartFlagship();
  auto result = Edit({{{"op", "add_actor"},
                       {"value", {{"id", "EU"}, {"name", "European Union"}, {"capability", 30}}}},
                      SetEdit({"issues", "nk-pressure", "positions", "EU"},
                              {{"position", 60}, {"salience", 0.5}})});
  ASSERT_EQ(result->status, 200) << result->body;
  json state = json::parse(result->body);
  EXPECT_NE(FindById(state["scenario"]["actors"], "EU"), nullptr);
  EXPECT_TRUE(state["scenario"]["issues"][0]["positions"].contains("EU"));

  // PRK decides nk-program: with PRK gone the issue is bargained collectively.
  result = Edit({{{"op", "remove_actor"}, {"id", "PRK"}}, {{"op", "remove_actor"}, {"id", "RUS"}}});
  ASSERT_EQ(result->status, 200) << result->body;
  state = json::parse(result->body);
  EXPECT_EQ(FindById(state["scenario"]["actors"], "RUS"), nullptr);
  for (const json& issue : state["scenario"]["issues"]) {
    EXPECT_FALSE(issue["positions"].contains("RUS"));
    EXPECT_FALSE(issue["positions"].contains("PRK"));
  }
  EXPECT_FALSE(FindById(state["scenario"]["issues"], "nk-program")->contains("decision"));

  result = Edit({{{"op", "add_issue"},
                  {"value",
                   {{"id", "x"},
                    {"name", "X"},
                    {"scale", {{"min", 0}, {"max", 100}}},
                    {"status_quo", 50},
                    {"positions",
                     {{"USA", {{"position", 20}, {"salience", 0.5}}},
                      {"CHN", {{"position", 80}, {"salience", 0.7}}}}}}}},
                 {{"op", "remove_issue"}, {"id", "taiwan"}}});
  ASSERT_EQ(result->status, 200) << result->body;
  state = json::parse(result->body);
  EXPECT_NE(FindById(state["scenario"]["issues"], "x"), nullptr);
  EXPECT_EQ(FindById(state["scenario"]["issues"], "taiwan"), nullptr);
  bool forecast_for_x = false;
  for (const json& forecast : state["forecasts"]) forecast_for_x |= forecast["issue"] == "x";
  EXPECT_TRUE(forecast_for_x);
}

TEST_F(StudioServerTest, SetsAndRemovesADecision) {
  StartFlagship({"compromise"});
  const json decision_path = {"issues", "taiwan", "decision"};
  auto result = Edit({SetEdit(decision_path, {{"rule", "decider"}, {"decider", "CHN"}})});
  ASSERT_EQ(result->status, 200) << result->body;
  const auto rule_of_taiwan = [](const json& state) {
    for (const json& forecast : state["forecasts"]) {
      if (forecast["issue"] == "taiwan") return forecast["rule"].get<std::string>();
    }
    return std::string();
  };
  EXPECT_EQ(rule_of_taiwan(json::parse(result->body)), "decider CHN");
  result = Edit({{{"op", "remove"}, {"path", decision_path}}});
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(rule_of_taiwan(json::parse(result->body)), "bargaining");
}

TEST_F(StudioServerTest, ChangesTheModels) {
  StartFlagship();
  const int version = State()["version"];
  auto result = Post("/api/models", {{"models", {"compromise", "nash(utility=linear)"}}});
  ASSERT_EQ(result->status, 200) << result->body;
  const json state = json::parse(result->body);
  EXPECT_EQ(state["version"], version + 1);
  ASSERT_EQ(state["models"].size(), 2u);
  EXPECT_EQ(state["models"][1].get<std::string>().rfind("nash(utility=linear,", 0), 0u);
  EXPECT_EQ(state["forecasts"].size(), 8u);
  EXPECT_EQ(state["original_forecasts"].size(), 8u);
  EXPECT_EQ(state["original_forecasts"].back()["model"], "nash");
  result = Post("/api/models", {{"models", {"no-such-model"}}});
  EXPECT_EQ(result->status, 422);
  EXPECT_EQ(State()["version"], version + 1);
}

TEST_F(StudioServerTest, RefusesRequestsWithoutTheRightToken) {
  StartFlagship({"compromise"});
  auto result = Client(false)->Get("/api/state");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_TRUE(json::parse(result->body).contains("error"));
  result = Client(false)->Get("/api/state", {{"X-Parley-Token", std::string(kToken, 47) + "0"}});
  EXPECT_EQ(result->status, 403);
  result = Client(false)->Get("/api/state", {{"X-Parley-Token", "short"}});
  EXPECT_EQ(result->status, 403);
  result = Client(false)->Post("/api/undo", "{}", "application/json");
  EXPECT_EQ(result->status, 403);
  result = Client(false)->Get((std::string("/?token=") + kToken).c_str());
  ASSERT_EQ(result->status, 200);
  EXPECT_NE(result->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_EQ(result->body.find("<!--parley:"), std::string::npos);  // every marker replaced
  EXPECT_NE(result->body.find("id=\"version\""), std::string::npos);
  EXPECT_NE(result->body.find("data-library=\"vega-lite\""), std::string::npos);
  EXPECT_EQ(Client(false)->Get("/?token=wrong")->status, 403);
}

TEST_F(StudioServerTest, RefusesForeignHostsAndOrigins) {
  StartFlagship({"compromise"});
  auto result = Client()->Get("/api/state", {{"Host", HostHeader("evil.example")}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_EQ(Client()->Get("/api/state", {{"Host", HostHeader("localhost")}})->status, 200);
  EXPECT_EQ(Client()->Get("/api/state", {{"Host", "127.0.0.1:1"}})->status, 403);
  result = Client()->Get("/api/state", {{"Origin", "http://evil.example"}});
  EXPECT_EQ(result->status, 403);
  result = Client()->Get("/api/state", {{"Origin", "http://" + HostHeader("127.0.0.1")}});
  EXPECT_EQ(result->status, 200);
  result = Client()->Get("/api/state", {{"Origin", "https://" + HostHeader("127.0.0.1")}});
  EXPECT_EQ(result->status, 403);
}

TEST_F(StudioServerTest, RefusesLargeBodiesWrongTypesAndUnknownRoutes) {
  StartFlagship({"compromise"});
  const std::string large = "{\"edits\": [], \"padding\": \"" + std::string(2u << 20, 'x') + "\"}";
  auto result = Client()->Post("/api/edit", large, "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  result = Client()->Post("/api/undo", "{}", "text/plain");
  EXPECT_EQ(result->status, 415);
  result = Client()->Post("/api/undo", "{}", "application/x-www-form-urlencoded");
  EXPECT_EQ(result->status, 415);
  for (const char* path : {"/api/nothing", "/index.html", "/../etc/passwd", "/api/state/x"}) {
    result = Client()->Get(path);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 404) << path;
    EXPECT_TRUE(json::parse(result->body).contains("error"));
  }
  EXPECT_EQ(Client()->Post("/api/state", "{}", "application/json")->status, 404);
  EXPECT_EQ(Client()->Get("/api/edit")->status, 404);
  EXPECT_EQ(Client()->Put("/api/edit", "{}", "application/json")->status, 404);
  EXPECT_EQ(Client()->Delete("/api/edit")->status, 404);
}

TEST_F(StudioServerTest, SavesAsYaml) {
  StartFlagship({"compromise"});
  const std::string folder = TempFolder("save");
  const json state = json::parse(Edit({SetEdit(kChnSalience, 0.8)})->body);
  const std::string path = folder + "/edited.yaml";
  auto result = Post("/api/save", {{"path", path}, {"overwrite", false}});
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(json::parse(result->body)["saved"], path);
  EXPECT_EQ(ParseYamlScenario(ReadText(path), path).ContentHash(), state["input_hash"]);

  std::ofstream(path, std::ios::trunc) << "unchanged";
  result = Post("/api/save", {{"path", path}, {"overwrite", false}});
  EXPECT_EQ(result->status, 409);
  EXPECT_EQ(json::parse(result->body)["exists"], true);
  EXPECT_EQ(ReadText(path), "unchanged");
  result = Post("/api/save", {{"path", path}, {"overwrite", true}});
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(ParseYamlScenario(ReadText(path), path).ContentHash(), state["input_hash"]);

  EXPECT_EQ(Post("/api/save", {{"path", folder + "/edited.txt"}})->status, 422);
  EXPECT_EQ(Post("/api/save", {{"path", folder + "/no-such-folder/x.yaml"}})->status, 422);
  EXPECT_FALSE(std::filesystem::exists(folder + "/edited.txt"));
}

TEST_F(StudioServerTest, StoresTheEditedRun) {
  const std::string uri = TempFolder("store") + "/runs.db";
  StartFlagship({"compromise"}, Store::Open(uri));
  const json state = json::parse(Edit({SetEdit(kChnSalience, 0.8)})->body);
  EXPECT_TRUE(state["store"].get<bool>());
  const auto result = Post("/api/store", json::object());
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(json::parse(result->body)["run"], 1);
  EXPECT_EQ(json::parse(result->body)["store"], uri);
  StopServer();
  session_.reset();  // closes the store
  const RunRecord run = Store::Open(uri)->Load(1);
  EXPECT_EQ(run.command, "studio");
  EXPECT_EQ(run.scenario_hash, state["input_hash"]);
  ASSERT_EQ(run.results.size(), 1u);
}

TEST_F(StudioServerTest, StoreWithoutAStoreConflicts) {
  StartFlagship({"compromise"});
  EXPECT_FALSE(State()["store"].get<bool>());
  EXPECT_EQ(Post("/api/store", json::object())->status, 409);
}

TEST_F(StudioServerTest, ConcurrentEditsAllApply) {
  // Ten actors on four issues: each client sets the saliences of two issues' 20 positions.
  Start(testing::RandomScenario(7, 10, 4), {"compromise"});
  const int version = State()["version"];
  const auto salience = [](int issue, int actor) { return 0.01 * (1 + issue * 10 + actor); };
  const auto client = [&](int first_issue) {
    for (int issue = first_issue; issue < first_issue + 2; ++issue) {
      for (int actor = 0; actor < 10; ++actor) {
        const json path = {"issues", "I" + std::to_string(issue), "positions",
                           "A" + std::to_string(actor), "salience"};
        const auto result = Edit({SetEdit(path, salience(issue, actor))});
        EXPECT_TRUE(result && result->status == 200);
      }
    }
  };
  std::thread first(client, 0), second(client, 2);
  first.join();
  second.join();
  const json state = State();
  EXPECT_EQ(state["version"], version + 40);
  for (int issue = 0; issue < 4; ++issue) {
    const json& positions = state["scenario"]["issues"][issue]["positions"];
    for (int actor = 0; actor < 10; ++actor) {
      EXPECT_DOUBLE_EQ(positions["A" + std::to_string(actor)]["salience"].get<double>(),
                       salience(issue, actor));
    }
  }
}

TEST(StudioServer, PortInUseIsAnInputError) {
  StudioSession session(ReadScenarioFile(ProjectPath("examples/korea-2017.yaml")), {"compromise"});
  StudioServer first(session, "127.0.0.1", 0, kToken);
  EXPECT_THROW(StudioServer(session, "127.0.0.1", first.port(), kToken), InputError);
}

TEST(StudioServer, TokensAreFresh) {
  const std::string token = NewStudioToken();
  EXPECT_EQ(token.size(), 48u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(token, NewStudioToken());
}

}  // namespace
TEST(StudioSession, AnalysisIsOfTheNewestVersionAndKeepsTheBestDeals) {
  StudioSession session(ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml")),
                        {"compromise"});
  const json first = json::parse(session.Analysis());
  EXPECT_EQ(first["version"], 0);
  session.Apply(
      R"([{"op": "set", "path": ["issues", "nk-pressure", "positions", "CHN", "salience"],)"
      R"( "value": 0.8}])");
  const json second = json::parse(session.Analysis());
  EXPECT_EQ(second["version"], 1);
  EXPECT_NE(second["brief"], first["brief"]);
  EXPECT_LE(second["linkage"]["deals"].size(), 20u);
  EXPECT_GE(second["linkage"]["deal_count"].get<std::size_t>(), second["linkage"]["deals"].size());
  // After Stop, a waiting or new request answers with what there is.
  session.Stop();
  EXPECT_EQ(json::parse(session.Analysis())["version"], 1);
}

}  // namespace parley
