// libFuzzer target for one reader, chosen at compile time by PARLEY_FUZZ_YAML,
// PARLEY_FUZZ_JSON, PARLEY_FUZZ_CSV, PARLEY_FUZZ_DECIDE, PARLEY_FUZZ_KTAB, PARLEY_FUZZ_TRADE
// (trade files) or PARLEY_FUZZ_DEU (the DEU table of `parley validate`). Any
// input must either parse into a valid Scenario or raise InputError; anything else (a crash, a
// sanitizer report, another exception type) is a bug. Built and run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "parley/io.h"
#include "parley/trade.h"

#if defined(PARLEY_FUZZ_YAML)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kYaml;
#elif defined(PARLEY_FUZZ_JSON)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kJson;
#elif defined(PARLEY_FUZZ_CSV)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kBdmCsv;
#elif defined(PARLEY_FUZZ_DECIDE)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kDecide;
#elif defined(PARLEY_FUZZ_KTAB)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kKtab;
#elif defined(PARLEY_FUZZ_TRADE)
#define PARLEY_FUZZ_TRADE_TEXT 1  // trade files, not scenarios
#elif defined(PARLEY_FUZZ_DEU)
#define PARLEY_FUZZ_DEU_TABLE 1  // the DEU table, not a scenario
#include "parley/validate.h"
#else
#error "define one of PARLEY_FUZZ_YAML, _JSON, _CSV, _DECIDE, _KTAB, _TRADE or _DEU"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
#if defined(PARLEY_FUZZ_DEU_TABLE)
  try {
    // A table that parsed must give each issue's scenario, or refuse it with a message.
    const parley::DeuData data = parley::ParseDeuTable(text, "fuzz-input");
    const std::vector<double> capability = parley::DeuCapabilities(data, "equal");
    for (std::size_t issue = 0; issue < data.issues.size() && issue < 8; ++issue) {
      try {
        (void)parley::DeuIssueScenario(data, issue, capability, issue % 2 == 1);
      } catch (const parley::InputError&) {
      }
    }
  } catch (const parley::InputError&) {
    // Rejected with a message.
  }
#elif defined(PARLEY_FUZZ_TRADE_TEXT)
  try {
    parley::trade::TradeData trade;
    parley::trade::ParseTradeText(text, "fuzz-input", trade);
    for (int year : trade.Years()) {
      for (int country : trade.Countries(year))
        (void)parley::trade::Herfindahl(trade, year, country);
    }
  } catch (const parley::InputError&) {
    // Rejected with a message.
  }
#else
  try {
    const parley::Scenario scenario = parley::ParseScenario(text, kFormat, "fuzz-input");
    // A scenario that parsed must be usable: hash it and write it out; what is written
    // must read back as the same scenario (uncertainty included).
    const std::string json = parley::ScenarioToJson(scenario);
    const parley::Scenario round_trip = [&] {
      try {
        return parley::ParseJsonScenario(json, "round-trip.json");
      } catch (const parley::InputError& error) {
        std::fprintf(stderr, "the JSON writer's output does not read back: %s\n%s\n", error.what(),
                     json.c_str());
        std::abort();
      }
    }();
    if (round_trip.ContentHash() != scenario.ContentHash() ||
        round_trip.uncertain_inputs().size() != scenario.uncertain_inputs().size()) {
      std::fprintf(stderr, "the JSON round trip changed the scenario:\n%s\n", json.c_str());
      std::abort();
    }
  } catch (const parley::InputError&) {
    // Rejected with a message: the expected outcome for malformed input.
  }
#endif
  return 0;
}
