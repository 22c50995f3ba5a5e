// The HTML report builder: sections, the reproducibility header, inlined chart libraries
// (nothing loaded from anywhere), escaping of scenario text, chart specs, determinism and
// errors. Rendering in a browser is checked by report_browser_test.sh.
#include "parley/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "parley/errors.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "parley/version.h"
#include "report/assets.h"
#include "test_util.h"

namespace parley {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const kSections[] = {"section-scenario",   "section-forecasts", "section-trajectories",
                                 "section-linkage",    "section-leverage",  "section-ensemble",
                                 "section-sensitivity"};

const Scenario& Flagship() {
  static const Scenario scenario =
      ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  return scenario;
}

// The flagship report with a small ensemble, built once for the tests that only read it.
const std::string& FlagshipReport() {
  static const std::string html = [] {
    ReportOptions options;
    options.runs = 200;
    options.seed = 11;
    return BuildReportHtml(Flagship(), options);
  }();
  return html;
}

// The text between the first `begin` and the next `end` after it.
std::string Between(const std::string& text, const std::string& begin, const std::string& end) {
  const std::size_t from = text.find(begin);
  if (from == std::string::npos) return "";
  const std::size_t to = text.find(end, from + begin.size());
  return to == std::string::npos ? "" : text.substr(from + begin.size(), to - from - begin.size());
}

// The page with the bodies of its <script> elements left out (their tags kept): the markup
// a browser acts on, without the libraries' code, whose strings may mention any tag.
std::string WithoutScriptBodies(const std::string& html) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = html.find("<script", at);
    if (open == std::string::npos) break;
    const std::size_t body = html.find('>', open);
    const std::size_t close = html.find("</script>", body);
    if (body == std::string::npos || close == std::string::npos) break;
    out += html.substr(at, body + 1 - at);
    at = close;
  }
  return out + html.substr(at);
}

nlohmann::json Specs(const std::string& html) {
  return nlohmann::json::parse(
      Between(html, "<script type=\"application/json\" id=\"parley-specs\">", "</script>"));
}

std::vector<std::string> ChartNames(const std::string& html) {
  std::vector<std::string> names;
  const std::regex pattern("data-chart=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
  }
  return names;
}

// Calls `visit` on every object in a JSON tree.
void ForEachObject(const nlohmann::json& node,
                   const std::function<void(const nlohmann::json&)>& visit) {
  if (node.is_object()) {
    visit(node);
    for (const auto& [key, child] : node.items()) ForEachObject(child, visit);
  } else if (node.is_array()) {
    for (const auto& child : node) ForEachObject(child, visit);
  }
}

TEST(Report, HasEverySectionOnce) {
  const std::string& html = FlagshipReport();
  for (const char* section : kSections) {
    const std::string id = std::string("id=\"") + section + "\"";
    const std::size_t first = html.find(id);
    ASSERT_NE(first, std::string::npos) << section;
    EXPECT_EQ(html.find(id, first + 1), std::string::npos) << section << " twice";
  }
  EXPECT_THAT(html, HasSubstr("<pre id=\"parley-errors\"></pre>"));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
}

// The report opens with the brief (parley/brief.h): its findings come before every other
// section and say what the brief says.
TEST(Report, FindingsComeFirst) {
  const std::string& html = FlagshipReport();
  const std::string tag = "<section id=\"findings\">";
  const std::size_t findings = html.find(tag);
  ASSERT_NE(findings, std::string::npos);
  EXPECT_EQ(html.find("id=\"findings\"", findings + tag.size()), std::string::npos) << "twice";
  EXPECT_EQ(html.find("<section", html.find("<main>")), findings);
  for (const char* section : kSections) {
    EXPECT_LT(findings, html.find(std::string("id=\"") + section + "\"")) << section;
  }
  const std::string body = Between(html, "<section id=\"findings\">", "</section>");
  EXPECT_THAT(body, HasSubstr("<h2>Findings: "));
  for (const Issue& issue : Flagship().issues()) {
    EXPECT_THAT(body, HasSubstr("Decided by: decider " + issue.decision->decider)) << issue.id;
  }
}

TEST(Report, ForecastsSayWhoDecidedAndWhatBargainingAloneGave) {
  const std::string body =
      Between(FlagshipReport(), "<section id=\"section-forecasts\">", "</section>");
  EXPECT_THAT(body, HasSubstr("<th>decided by</th>"));
  EXPECT_THAT(body, HasSubstr("decider USA, veto CONGRESS"));
  EXPECT_THAT(body, HasSubstr("Before the decision stage"));
}

TEST(Report, LinkageLeadsWithTheOffersBetweenDeciders) {
  const std::string body =
      Between(FlagshipReport(), "<section id=\"section-linkage\">", "</section>");
  const std::size_t offers = body.find("<h3>Offers between deciders</h3>");
  ASSERT_NE(offers, std::string::npos);
  EXPECT_LT(offers, body.find("<h3>1. Linked vs separate</h3>"));
  EXPECT_THAT(body, HasSubstr("trade-terms (United States) for nk-pressure (China)"));
  EXPECT_THAT(body, HasSubstr("Adding taiwan to USA-CHN"));
}

TEST(Report, HeaderRecordsHashSpecsSeedAndVersion) {
  const std::string header = Between(FlagshipReport(), "<header id=\"report-header\"", "</header>");
  ASSERT_FALSE(header.empty());
  EXPECT_THAT(header, HasSubstr(Flagship().ContentHash()));
  EXPECT_THAT(header, HasSubstr("data-input-hash=\"" + Flagship().ContentHash() + "\""));
  EXPECT_THAT(header, HasSubstr("data-seed=\"11\""));
  EXPECT_THAT(header, HasSubstr("data-runs=\"200\""));
  EXPECT_THAT(header, HasSubstr(std::string("data-parley-version=\"") + kVersion + "\""));
  EXPECT_THAT(header, HasSubstr(std::string("parley ") + kVersion));
  EXPECT_THAT(header, HasSubstr("--runs 200 --seed 11"));
  // Every model that applies runs on the flagship; each resolved spec is in the header.
  // blend (fitted to EU legislation) does not apply to it and is not run.
  for (const std::string& name : DefaultRegistry().DefaultModels(Flagship())) {
    const std::string spec = DefaultRegistry().Create(name)->Run(Flagship()).spec;
    EXPECT_THAT(header, HasSubstr("<code>" + spec + "</code>")) << spec;
  }
  EXPECT_THAT(header, Not(HasSubstr("<code>blend(")));
}

TEST(Report, InlinesTheChartLibrariesAndLoadsNothing) {
  const std::string& html = FlagshipReport();
  for (const std::string_view script :
       {internal::VegaJs(), internal::VegaLiteJs(), internal::VegaEmbedJs()}) {
    EXPECT_GT(script.size(), 30000u);
    EXPECT_NE(html.find(script), std::string::npos) << "a library is not inlined verbatim";
  }
  EXPECT_EQ(internal::VegaJsVersion().substr(0, 2), "6.");
  EXPECT_EQ(internal::VegaLiteJsVersion().substr(0, 2), "6.");
  EXPECT_EQ(internal::VegaEmbedJsVersion().substr(0, 2), "7.");
  // No element that makes the browser fetch something, local or remote.
  const std::string markup = WithoutScriptBodies(html);
  EXPECT_LT(markup.size(), html.size() / 2);
  EXPECT_FALSE(std::regex_search(markup, std::regex("<script[^>]*\\ssrc\\s*=", std::regex::icase)));
  EXPECT_FALSE(std::regex_search(markup, std::regex("<link[\\s>]", std::regex::icase)));
  EXPECT_FALSE(
      std::regex_search(markup, std::regex("<(img|iframe|object|embed)[\\s>]", std::regex::icase)));
  EXPECT_FALSE(std::regex_search(markup, std::regex("https?://")));
  EXPECT_THAT(html, Not(HasSubstr("sourceMappingURL")));
  // The specs name no remote schema or data either.
  const std::string specs = Specs(html).dump();
  EXPECT_THAT(specs, Not(HasSubstr("http://")));
  EXPECT_THAT(specs, Not(HasSubstr("https://")));
}

TEST(Report, EveryChartContainerHasASpecWithTooltips) {
  const std::string& html = FlagshipReport();
  const nlohmann::json specs = Specs(html);
  const std::vector<std::string> names = ChartNames(html);
  ASSERT_EQ(names.size(), specs.size());
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  std::set<std::string> prefixes;
  for (const std::string& name : names) {
    ASSERT_TRUE(specs.contains(name)) << name;
    prefixes.insert(name.substr(0, name.find('-')));
    // Every mark a reader can point at says what it is.
    ForEachObject(specs[name], [&](const nlohmann::json& node) {
      if (node.contains("mark")) {
        EXPECT_TRUE(node.contains("encoding") && node["encoding"].contains("tooltip"))
            << name << ": a mark without a tooltip: " << node.dump().substr(0, 200);
      }
    });
  }
  EXPECT_EQ(prefixes, (std::set<std::string>{"positions", "forecast", "trajectory", "linkage",
                                             "leverage", "ensemble", "tornado"}));
  // One chart per issue for positions, forecasts, ensembles and tornados; one per issue and
  // iterative model (eum, exchange, smp) for trajectories.
  const auto count = [&](const std::string& prefix) {
    return std::count_if(names.begin(), names.end(),
                         [&](const std::string& name) { return name.rfind(prefix, 0) == 0; });
  };
  EXPECT_EQ(count("positions-"), 4);
  EXPECT_EQ(count("forecast-"), 4);
  EXPECT_EQ(count("trajectory-"), 12);
  EXPECT_EQ(count("ensemble-"), 4);
  EXPECT_EQ(count("tornado-"), 4);
  // Trajectories zoom and pan.
  for (const std::string& name : names) {
    if (name.rfind("trajectory-", 0) != 0) continue;
    EXPECT_THAT(specs[name].dump(), HasSubstr(R"("bind":"scales")")) << name;
  }
}

TEST(Report, TrajectoriesShowOnlyTheIssuesParticipants) {
  // North Korea takes no part in trade-terms; smp still carries it there (salience 0).
  const nlohmann::json specs = Specs(FlagshipReport());
  const std::size_t trade_terms = *Flagship().FindIssue("trade-terms");
  for (const std::string model : {"eum", "exchange", "smp"}) {
    const std::string name = "trajectory-" + model + "-" + std::to_string(trade_terms);
    ASSERT_TRUE(specs.contains(name)) << name;
    std::set<std::string> actors;
    for (const nlohmann::json& row : specs[name]["data"]["values"]) actors.insert(row["actor"]);
    EXPECT_FALSE(actors.empty()) << name;
    EXPECT_EQ(actors.count("North Korea"), 0u) << name;
  }
}

TEST(Report, ShowsLinkageAndLeverageAsTheCliDoes) {
  const std::string& html = FlagshipReport();
  const std::string linkage = Between(html, "id=\"section-linkage\"", "</section>");
  EXPECT_THAT(linkage, HasSubstr("46 found"));
  EXPECT_THAT(linkage, HasSubstr("add issue taiwan"));
  EXPECT_THAT(linkage, HasSubstr("every issue, linked"));
  const std::string leverage = Between(html, "id=\"section-leverage\"", "</section>");
  EXPECT_THAT(leverage, HasSubstr("PRK trade with CHN 5510 of 6020 (91.5%)"));
  EXPECT_THAT(leverage, HasSubstr("0.611"));
}

Scenario AwkwardNames() {
  ScenarioBuilder builder("awkward.yaml");
  builder.SetName("Talks <script>alert(1)</script>");
  builder.AddActor({"A", "Tom & \"Jerry\" <b>", 2});
  builder.AddActor({"B", "O'Brien </script><!--", 1});
  builder.AddIssue({"i", "Fish & <chips>", 0, 10, "none <", "all >", 5.0});
  builder.SetStance("A", "i", {1, 0.5});
  builder.SetStance("B", "i", {9, 0.8});
  return builder.Build();
}

TEST(Report, EscapesScenarioText) {
  ReportOptions options;
  options.models = {"compromise", "eum"};
  const std::string html = BuildReportHtml(AwkwardNames(), options);
  EXPECT_THAT(html, HasSubstr("Tom &amp; &quot;Jerry&quot; &lt;b&gt;"));
  EXPECT_THAT(html, HasSubstr("O&#39;Brien &lt;/script&gt;&lt;!--"));
  EXPECT_THAT(html, HasSubstr("<h1>Talks &lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
  EXPECT_THAT(html, Not(HasSubstr("Tom & \"Jerry\" <b>")));
  EXPECT_THAT(html, Not(HasSubstr("alert(1)</script>")));
  EXPECT_THAT(html, Not(HasSubstr("<!--")));
  // The names reach the charts intact, JSON-escaped.
  const std::string specs = Specs(html).dump();
  EXPECT_THAT(specs, HasSubstr(R"(Tom & \"Jerry\" <b>)"));
  EXPECT_THAT(specs, HasSubstr("O'Brien </script><!--"));
  // Every <script> element closes where it should: only the error recorder, three
  // libraries, the specs and the driver.
  const std::regex open("<script[\\s>]"), close("</script>");
  const auto opens =
      std::distance(std::sregex_iterator(html.begin(), html.end(), open), std::sregex_iterator());
  const auto closes =
      std::distance(std::sregex_iterator(html.begin(), html.end(), close), std::sregex_iterator());
  EXPECT_EQ(opens, 6);
  EXPECT_EQ(closes, 6);
}

TEST(Report, SameInputAndSeedGiveIdenticalBytes) {
  ReportOptions options;
  options.models = {"compromise", "eum", "exchange"};
  options.runs = 300;
  options.seed = 5;
  options.threads = 1;
  const std::string once = BuildReportHtml(Flagship(), options);
  options.threads = 2;
  EXPECT_EQ(BuildReportHtml(Flagship(), options), once);
  options.seed = 6;
  EXPECT_NE(BuildReportHtml(Flagship(), options), once);
}

TEST(Report, WithoutRunsTheUncertaintySectionsSayWhy) {
  ReportOptions options;
  options.models = {"median"};
  const std::string html = BuildReportHtml(Flagship(), options);
  for (const char* section : {"section-ensemble", "section-sensitivity"}) {
    const std::string text = Between(html, std::string("id=\"") + section + "\"", "</section>");
    EXPECT_THAT(text, HasSubstr("--runs N")) << section;
    EXPECT_THAT(text, Not(HasSubstr("data-chart"))) << section;
  }
  // median is not iterative: no trajectories, and the section says so.
  EXPECT_THAT(Between(html, "id=\"section-trajectories\"", "</section>"),
              HasSubstr("None of the models is iterative"));
  EXPECT_EQ(ReportModelRuns(Flagship(), options), 0u);
}

TEST(Report, ACertainScenarioHasNoEnsemble) {
  const Scenario certain =
      testing::MakeScenario({1, 2}, {50.0}, {{0, 0, 10, 0.5}, {1, 0, 90, 0.7}});
  ReportOptions options;
  options.runs = 100;
  const std::string html = BuildReportHtml(certain, options);
  EXPECT_THAT(Between(html, "id=\"section-ensemble\"", "</section>"),
              HasSubstr("no uncertain inputs"));
  EXPECT_THAT(Between(html, "id=\"section-leverage\"", "</section>"),
              HasSubstr("No capability in this scenario is derived from trade data"));
}

TEST(Report, ProgressCountsEveryEnsembleAndSensitivityRun) {
  ReportOptions options;
  options.models = {"compromise"};
  options.runs = 500;
  std::atomic<std::uint64_t> done{0};
  options.progress = [&done](std::uint64_t runs) { done += runs; };
  BuildReportHtml(Flagship(), options);
  const std::uint64_t inputs = Flagship().uncertain_inputs().size();
  EXPECT_EQ(ReportModelRuns(Flagship(), options), 500 + 64 * (inputs + 2));
  EXPECT_EQ(done.load(), ReportModelRuns(Flagship(), options));
}

TEST(Report, BadModelsAreInputErrors) {
  ReportOptions options;
  options.models = {"compromise", "no-such-model"};
  EXPECT_THROW(BuildReportHtml(Flagship(), options), InputError);
  // A model given by name must run: nash(no_status_quo=error) needs a status quo.
  const Scenario no_status_quo =
      testing::MakeScenario({1, 1}, {std::nullopt}, {{0, 0, 10, 0.5}, {1, 0, 90, 0.5}});
  options.models = {"nash(no_status_quo=error)"};
  EXPECT_THROW(BuildReportHtml(no_status_quo, options), InputError);
  options.models = {"compromise"};
  options.runs = 10;
  options.sensitivity_model = "median(weight=nonsense)";
  EXPECT_THROW(BuildReportHtml(Flagship(), options), InputError);
}

}  // namespace
}  // namespace parley

namespace parley {
namespace {

TEST(Report, WithAnErrorModelFansAndCalibration) {
  ReportOptions options;
  options.models = {"compromise", "eum"};
  options.runs = 100;
  options.errors = "deu3";
  const std::string html = BuildReportHtml(Flagship(), options);
  const nlohmann::json specs = Specs(html);
  for (int k = 0; k < 4; ++k) ASSERT_TRUE(specs.contains("fan-" + std::to_string(k))) << k;
  ASSERT_TRUE(specs.contains("calibration"));
  for (const std::string name : {"fan-0", "calibration"}) {
    ForEachObject(specs[name], [&](const nlohmann::json& node) {
      if (node.contains("mark")) {
        EXPECT_TRUE(node.contains("encoding") && node["encoding"].contains("tooltip")) << name;
      }
    });
  }
  const std::string section = Between(html, "<section id=\"section-ensemble\">", "</section>");
  EXPECT_THAT(section, HasSubstr("With the models' own error"));
  EXPECT_THAT(section, HasSubstr("outside view for other domains"));
  // The findings give the range with the model's error too.
  EXPECT_THAT(Between(html, "<section id=\"findings\">", "</section>"),
              HasSubstr("own error as well"));
  options.errors = "/nonexistent/errors.json";
  EXPECT_THROW(BuildReportHtml(Flagship(), options), InputError);
}

}  // namespace
}  // namespace parley
