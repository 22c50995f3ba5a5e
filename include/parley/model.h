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
//
// Repeated runs (ensembles, sensitivity): Model::RunInto gives the same Result as Run but
// writes it into a Result kept from the previous run and takes a ModelWorkspace (from
// NewWorkspace, one per thread) for its scratch, so that storage is reused. Every built-in
// model overrides BargainInto and, with the decision stage, then allocates nothing once
// the buffers have grown to what the runs need, i.e. after the first runs on a scenario
// (checked by tests/alloc_test.cc). Exceptions, on larger scenarios: exchange still grows
// a candidate's lists now and then, and smp's parallel loops (from about 30 actors) take
// scratch per range.
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

namespace internal {
struct DecisionScratch;  // src/core/decision_internal.h
}

class Model;

// What a model keeps between runs on one thread: the decision stage's buffers, and in the
// subclasses models derive, their own. Created by Model::NewWorkspace; not thread-safe.
class ModelWorkspace {
 public:
  ModelWorkspace();
  virtual ~ModelWorkspace();
  ModelWorkspace(const ModelWorkspace&) = delete;
  ModelWorkspace& operator=(const ModelWorkspace&) = delete;

  internal::DecisionScratch& decision() { return *decision_; }

 private:
  friend class Model;
  const Model* owner_ = nullptr;  // the model whose NewWorkspace made it
  std::unique_ptr<internal::DecisionScratch> decision_;
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

  // Scratch for RunInto, to be used by one thread at a time with this model only.
  std::unique_ptr<ModelWorkspace> NewWorkspace() const;
  // Run(scenario), written into `result` reusing its storage (its strings and vectors) and
  // the workspace's; see the note at the top. Throws std::logic_error when `workspace` was
  // made by another model.
  void RunInto(const Scenario& scenario, ModelWorkspace& workspace, Result& result) const;

 protected:
  explicit Model(ModelSpec spec) : spec_(std::move(spec)) {}
  // The bargaining stage: the model's own forecast of every issue, with the positions the
  // actors end at in `trajectory` when the model moves them (eum, exchange, smp). A model
  // overrides this or BargainInto (each defaults to the other). Default: BargainInto with a
  // fresh workspace from MakeWorkspace.
  virtual Result Bargain(const Scenario& scenario) const;
  // A Result with the bookkeeping fields (model, spec, parameters, input hash) filled in.
  Result NewResult(const Scenario& scenario) const;

  // For RunInto: the workspace this model's BargainInto expects (default: the base class).
  virtual std::unique_ptr<ModelWorkspace> MakeWorkspace() const;
  // The bargaining stage into `result` (as Bargain returns it), with a workspace from
  // MakeWorkspace. Default: result = Bargain(scenario).
  virtual void BargainInto(const Scenario& scenario, ModelWorkspace& workspace,
                           Result& result) const;
  // NewResult into an existing Result, keeping its storage: the bookkeeping fields set,
  // one forecast per issue in scenario order (id set, position 0, rule "bargaining", no
  // bargained value), `detail_count` default details (their strings' storage kept where
  // there were details before) and every other list empty.
  void ResetResult(const Scenario& scenario, Result& result, std::size_t detail_count = 0) const;

 private:
  ModelSpec spec_;
};

// Formats a parameter value the way a spec would write it (shortest round-trip for reals).
std::string FormatParamValue(const ParamValue& value);

}  // namespace parley

#endif  // PARLEY_MODEL_H_
