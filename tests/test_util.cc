#include "test_util.h"

#include <gmock/gmock.h>

#include <cctype>
#include <filesystem>
#include <random>

namespace parley::testing {

namespace {

// Rebuilds a scenario with actors in the order given by `order` and capabilities scaled.
Scenario Rebuild(const Scenario& scenario, const std::vector<std::size_t>& order, double factor) {
  ScenarioBuilder builder;
  builder.SetName(scenario.name());
  for (std::size_t a : order) {
    Actor actor = scenario.actor(a);
    actor.capability *= factor;
    builder.AddActor(actor);
  }
  for (const Issue& issue : scenario.issues()) builder.AddIssue(issue);
  for (std::size_t a : order) {
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      if (const Stance* stance = scenario.stance(a, k)) {
        builder.SetStance(scenario.actor(a).id, scenario.issue(k).id, *stance);
      }
    }
  }
  return builder.Build();
}

}  // namespace

Scenario MakeScenario(const std::vector<double>& capabilities,
                      const std::vector<std::optional<double>>& status_quos,
                      const std::vector<StanceRow>& stances) {
  ScenarioBuilder builder;
  builder.SetName("test");
  for (std::size_t a = 0; a < capabilities.size(); ++a) {
    builder.AddActor({"A" + std::to_string(a), "", capabilities[a]});
  }
  for (std::size_t k = 0; k < status_quos.size(); ++k) {
    Issue issue;
    issue.id = "I" + std::to_string(k);
    issue.status_quo = status_quos[k];
    builder.AddIssue(issue);
  }
  for (const StanceRow& row : stances) {
    builder.SetStance("A" + std::to_string(row.actor), "I" + std::to_string(row.issue),
                      {row.position, row.salience});
  }
  return builder.Build();
}

Scenario RandomScenario(std::uint64_t seed, std::size_t actors, std::size_t issues) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> capabilities;
  for (std::size_t a = 0; a < actors; ++a) capabilities.push_back(0.1 + 9.9 * unit(engine));
  std::vector<std::optional<double>> status_quos;
  for (std::size_t k = 0; k < issues; ++k) status_quos.push_back(100 * unit(engine));
  std::vector<StanceRow> stances;
  for (std::size_t a = 0; a < actors; ++a) {
    for (std::size_t k = 0; k < issues; ++k) {
      // One position in four is on a coarse grid, so ties between actors occur.
      const double position =
          unit(engine) < 0.25 ? 25.0 * std::floor(unit(engine) * 5) : 100 * unit(engine);
      stances.push_back({a, k, position, 0.05 + 0.95 * unit(engine)});
    }
  }
  return MakeScenario(capabilities, status_quos, stances);
}

Scenario ReverseActors(const Scenario& scenario) {
  std::vector<std::size_t> order;
  for (std::size_t a = scenario.actor_count(); a-- > 0;) order.push_back(a);
  return Rebuild(scenario, order, 1.0);
}

Scenario ScaleCapabilities(const Scenario& scenario, double factor) {
  std::vector<std::size_t> order;
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) order.push_back(a);
  return Rebuild(scenario, order, factor);
}

std::string ProjectPath(const std::string& path) {
  return std::string(PARLEY_SOURCE_DIR) + "/" + path;
}
std::string SharedPath(const std::string& path) {
  return std::string(PARLEY_SHARED_DIR) + "/" + path;
}
bool FileExists(const std::string& path) { return std::filesystem::exists(path); }

void ExpectRejected(ScenarioFormat format, const BadInput& bad, const std::string& source) {
  try {
    ParseScenario(bad.text, format, source);
    ADD_FAILURE() << "no error for " << bad.name;
  } catch (const InputError& error) {
    for (const char* part : bad.expected) {
      EXPECT_THAT(error.what(), ::testing::HasSubstr(part)) << bad.name;
    }
  }
}

std::string BadInputName(const ::testing::TestParamInfo<BadInput>& info) {
  std::string name = info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace parley::testing
