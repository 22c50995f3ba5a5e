// parley/model.h: the interface every forecasting model implements, and how models
// describe themselves and their parameters.
//
// A model is created from a spec string such as `nash(utility=linear,tolerance=1e-10)`
// (see registry.h). Its ModelDescriptor says what it is (name, one-line summary, citation)
// and which parameters it takes, each typed, with a default and a valid range or set of
// choices. Parameters not named in a spec take their defaults; the Result of a run
// records the fully resolved spec, so every forecast can be reproduced from its output.
//
// Contract for Model::Run: deterministic (same scenario and parameters give bit-identical
// results), forecasts lie within each issue's scale, results do not depend on the order of
// actors beyond rounding, nor on a common rescaling of all capabilities. The shared
// conformance suite (tests/conformance_test.cc) checks this for every registered model.
#ifndef PARLEY_MODEL_H_
#define PARLEY_MODEL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "parley/result.h"
#include "parley/scenario.h"

namespace parley {

enum class ParamType { kReal, kInteger, kBoolean, kChoice };

// One parameter a model accepts.
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kReal;
  std::string help;
  std::string default_value;         // as it would be written in a spec
  double min = 0, max = 0;           // inclusive range for kReal / kInteger
  std::vector<std::string> choices;  // for kChoice
};

// "real", "integer", "boolean" or "choice", as `parley models` and the Python module show it.
const char* ParamTypeName(ParamType type);

struct ModelDescriptor {
  std::string name;      // spec name, e.g. "nash"
  std::string summary;   // one line
  std::string citation;  // the source the implementation follows
  std::vector<ParamSpec> params;
  // Whether the model belongs in the default set for a scenario (commands run the default
  // set when no --model is given); nullptr = every scenario. A model fitted to one domain
  // (blend: EU legislation) says here which scenarios are of that domain, and
  // `applies_when` says it in words for `parley models`.
  bool (*applies)(const Scenario& scenario) = nullptr;
  std::string applies_when;
};

using ParamValue = std::variant<double, std::int64_t, bool, std::string>;

// Resolved parameter values: every parameter of the descriptor, defaults filled in.
class Parameters {
 public:
  void Set(const std::string& name, ParamValue value);
  double Real(const std::string& name) const;
  std::int64_t Integer(const std::string& name) const;
  bool Boolean(const std::string& name) const;
  const std::string& Choice(const std::string& name) const;
  const std::map<std::string, ParamValue>& values() const { return values_; }

 private:
  const ParamValue& Get(const std::string& name) const;
  std::map<std::string, ParamValue> values_;
};

// A parsed, validated, fully resolved model specification.
struct ModelSpec {
  std::string name;
  Parameters parameters;
  // Canonical text: name(p1=v1,p2=v2,...) with every parameter in descriptor order.
  std::string text;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual const ModelDescriptor& descriptor() const = 0;
  const ModelSpec& spec() const { return spec_; }

  // Forecasts every issue of the scenario: the model's bargaining stage (Bargain), then,
  // on every issue with a decision block, the decision stage (parley/decision.h), which
  // records in each IssueForecast the rule that decided it. Throws InputError when the
  // scenario lacks something this model needs (e.g. a status quo the parameters require).
  Result Run(const Scenario& scenario) const;

 protected:
  explicit Model(ModelSpec spec) : spec_(std::move(spec)) {}
  // The bargaining stage: the model's own forecast of every issue, with the positions the
  // actors end at in `trajectory` when the model moves them (eum, exchange, smp).
  virtual Result Bargain(const Scenario& scenario) const = 0;
  // A Result with the bookkeeping fields (model, spec, parameters, input hash) filled in.
  Result NewResult(const Scenario& scenario) const;

 private:
  ModelSpec spec_;
};

// Formats a parameter value the way a spec would write it (shortest round-trip for reals).
std::string FormatParamValue(const ParamValue& value);

}  // namespace parley

#endif  // PARLEY_MODEL_H_
