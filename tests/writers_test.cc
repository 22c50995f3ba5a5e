// Writers: JSON and CSV load back with the values and specs in them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "io/csv.h"
#include "parley/io.h"
#include "parley/registry.h"
#include "test_util.h"

namespace parley {
namespace {

std::vector<Result> RunAll(const Scenario& scenario) {
  std::vector<Result> results;
  for (const ModelDescriptor* descriptor : DefaultRegistry().descriptors()) {
    results.push_back(DefaultRegistry().Create(descriptor->name)->Run(scenario));
  }
  return results;
}

TEST(Writers, JsonHoldsEveryForecastAndSpec) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const std::vector<Result> results = RunAll(scenario);
  const auto json = nlohmann::json::parse(ResultsToJson(scenario, results));
  EXPECT_EQ(json["scenario"]["input_hash"], scenario.ContentHash());
  ASSERT_EQ(json["results"].size(), results.size());
  for (std::size_t m = 0; m < results.size(); ++m) {
    const auto& entry = json["results"][m];
    EXPECT_EQ(entry["spec"], results[m].spec);
    EXPECT_EQ(entry["input_hash"], scenario.ContentHash());
    ASSERT_EQ(entry["forecasts"].size(), scenario.issue_count());
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      EXPECT_EQ(entry["forecasts"][k]["issue"], scenario.issue(k).id);
      // Shortest round-trip formatting: the value reads back exactly.
      EXPECT_EQ(entry["forecasts"][k]["position"].get<double>(), results[m].forecasts[k].position);
    }
  }
}

TEST(Writers, CsvIsTidyOneRowPerIssueAndModel) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const std::vector<Result> results = RunAll(scenario);
  const auto records = internal::ParseCsv(ResultsToCsv(scenario, results), "out.csv");
  ASSERT_EQ(records.size(), 1 + scenario.issue_count() * results.size());
  EXPECT_EQ(records[0].fields[0], "issue");
  EXPECT_EQ(records[0].fields[9], "forecast");
  for (std::size_t r = 1; r < records.size(); ++r) {
    ASSERT_EQ(records[r].fields.size(), records[0].fields.size()) << "row " << r;
  }
  // A label with a comma is quoted and reads back whole.
  bool found = false;
  for (const auto& record : records)
    found = found || record.fields[5] == "generous terms, deficits tolerated";
  EXPECT_TRUE(found);
  // Row for (issue 0, model 0) carries the forecast as written by the JSON writer.
  EXPECT_EQ(std::stod(records[1].fields[9]), results[0].forecasts[0].position);
}

TEST(Writers, DetailsAndTableMentionEveryModel) {
  const Scenario scenario = ReadScenarioFile(testing::ProjectPath("examples/korea-2017.yaml"));
  const std::vector<Result> results = RunAll(scenario);
  const std::string table = ResultsToTable(scenario, results);
  for (const Result& result : results) {
    EXPECT_NE(table.find(result.spec), std::string::npos) << result.model;
  }
  const auto details = internal::ParseCsv(DetailsToCsv(results), "details.csv");
  EXPECT_EQ(details[0].fields,
            (std::vector<std::string>{"model", "spec", "issue", "actor", "name", "value"}));
}

}  // namespace
}  // namespace parley
