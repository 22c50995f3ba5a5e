// libFuzzer target for the YAML scenario reader: any input must either parse into a
// valid Scenario or raise InputError; anything else (a crash, a sanitizer report, another
// exception type) is a bug. Built by `make fuzz` with clang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parley/io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const parley::Scenario scenario = parley::ParseYamlScenario(text, "fuzz.yaml");
    // A scenario that parsed must be usable: hash it and write it out.
    (void)scenario.ContentHash();
    (void)parley::ScenarioToJson(scenario);
  } catch (const parley::InputError&) {
    // Rejected with a message: the expected outcome for malformed input.
  }
  return 0;
}
