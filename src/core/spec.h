// Parsing of model spec strings ("name(key=value,...)") into a name and raw key/value
// pairs, and checking raw values against a model's typed parameters. Private to the
// library; Registry::Parse is the public entry point.
#ifndef PARLEY_CORE_SPEC_H_
#define PARLEY_CORE_SPEC_H_

#include <string>
#include <utility>
#include <vector>

#include "parley/model.h"

namespace parley::internal {

struct RawSpec {
  std::string name;
  std::vector<std::pair<std::string, std::string>> arguments;  // in the order written
};

// Splits a spec into name and arguments; throws InputError on syntax errors.
RawSpec SplitSpec(const std::string& spec);

// Converts `text` to a value of the parameter's type, checking its range or choices;
// throws InputError naming the model, parameter and what was expected.
ParamValue ConvertParam(const std::string& model, const ParamSpec& param, const std::string& text);

}  // namespace parley::internal

#endif  // PARLEY_CORE_SPEC_H_
