// libFuzzer target for one scenario reader, chosen at compile time by PARLEY_FUZZ_YAML,
// PARLEY_FUZZ_JSON, PARLEY_FUZZ_CSV or PARLEY_FUZZ_DECIDE (CMakeLists.txt builds all three). Any
// input must either parse into a valid Scenario or raise InputError; anything else (a crash, a
// sanitizer report, another exception type) is a bug. Built and run by `make fuzz`.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parley/io.h"

#if defined(PARLEY_FUZZ_YAML)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kYaml;
#elif defined(PARLEY_FUZZ_JSON)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kJson;
#elif defined(PARLEY_FUZZ_CSV)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kBdmCsv;
#elif defined(PARLEY_FUZZ_DECIDE)
constexpr parley::ScenarioFormat kFormat = parley::ScenarioFormat::kDecide;
#else
#error "define PARLEY_FUZZ_YAML, PARLEY_FUZZ_JSON or PARLEY_FUZZ_CSV"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const parley::Scenario scenario = parley::ParseScenario(text, kFormat, "fuzz-input");
    // A scenario that parsed must be usable: hash it and write it out.
    (void)scenario.ContentHash();
    (void)parley::ScenarioToJson(scenario);
  } catch (const parley::InputError&) {
    // Rejected with a message: the expected outcome for malformed input.
  }
  return 0;
}
