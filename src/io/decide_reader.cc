// Placeholder until the decide reader lands: refuses the format with a clear message.
#include "parley/io.h"

namespace parley {

Scenario ParseDecideScenario(std::string_view, const std::string& source) {
  throw InputError({source, 1, 0}, "", "the decide format (#A/#P/#M/#D lines) is not supported yet");
}

}  // namespace parley
