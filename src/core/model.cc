#include "parley/model.h"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "core/decision_internal.h"
#include "parley/decision.h"

namespace parley {

void Parameters::Set(const std::string& name, ParamValue value) {
  values_[name] = std::move(value);
}

const ParamValue& Parameters::Get(const std::string& name) const {
  auto found = values_.find(name);
  // A model asking for a parameter its descriptor lacks is a programming error.
  if (found == values_.end()) throw std::logic_error("no parameter '" + name + "'");
  return found->second;
}

double Parameters::Real(const std::string& name) const { return std::get<double>(Get(name)); }
std::int64_t Parameters::Integer(const std::string& name) const {
  return std::get<std::int64_t>(Get(name));
}
bool Parameters::Boolean(const std::string& name) const { return std::get<bool>(Get(name)); }
const std::string& Parameters::Choice(const std::string& name) const {
  return std::get<std::string>(Get(name));
}

std::string FormatParamValue(const ParamValue& value) {
  struct Formatter {
    std::string operator()(double v) const { return fmt::format("{}", v); }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return v; }
  };
  return std::visit(Formatter{}, value);
}

Result Model::Run(const Scenario& scenario) const {
  Result result = Bargain(scenario);
  ApplyDecisionStage(scenario, result);
  return result;
}

ModelWorkspace::ModelWorkspace() : decision_(std::make_unique<internal::DecisionScratch>()) {}
ModelWorkspace::~ModelWorkspace() = default;

std::unique_ptr<ModelWorkspace> Model::NewWorkspace() const {
  std::unique_ptr<ModelWorkspace> workspace = MakeWorkspace();
  workspace->owner_ = this;
  return workspace;
}

std::unique_ptr<ModelWorkspace> Model::MakeWorkspace() const {
  return std::make_unique<ModelWorkspace>();
}

void Model::RunInto(const Scenario& scenario, ModelWorkspace& workspace, Result& result) const {
  if (workspace.owner_ != this) {
    throw std::logic_error("Model::RunInto: the workspace belongs to another model");
  }
  BargainInto(scenario, workspace, result);
  internal::ApplyDecisionStage(scenario, result, workspace.decision());
}

Result Model::Bargain(const Scenario& scenario) const {
  Result result;
  const std::unique_ptr<ModelWorkspace> workspace = MakeWorkspace();
  BargainInto(scenario, *workspace, result);
  return result;
}

void Model::BargainInto(const Scenario& scenario, ModelWorkspace&, Result& result) const {
  result = Bargain(scenario);
}

void Model::ResetResult(const Scenario& scenario, Result& result, std::size_t detail_count) const {
  // The parameters are a function of the spec: a Result from this spec keeps them.
  if (result.model != spec_.name || result.spec != spec_.text) {
    result.model = spec_.name;
    result.spec = spec_.text;
    result.parameters = NewResult(scenario).parameters;
  }
  result.input_hash = scenario.ContentHash();
  result.seed.reset();
  result.forecasts.resize(scenario.issue_count());
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    IssueForecast& forecast = result.forecasts[k];
    forecast.issue_id = scenario.issue(k).id;
    forecast.position = 0;
    forecast.rule = "bargaining";
    forecast.bargained.reset();
  }
  result.details.resize(detail_count);
  for (Detail& detail : result.details) {
    detail.issue_id.clear();
    detail.actor_id.clear();
    detail.name.clear();
    detail.value = 0;
  }
  result.trajectory.clear();
  result.moves.clear();
  result.exchanges.clear();
}

Result Model::NewResult(const Scenario& scenario) const {
  Result result;
  result.model = spec_.name;
  result.spec = spec_.text;
  for (const ParamSpec& param : descriptor().params) {
    auto found = spec_.parameters.values().find(param.name);
    if (found != spec_.parameters.values().end()) {
      result.parameters.emplace_back(param.name, FormatParamValue(found->second));
    }
  }
  result.input_hash = scenario.ContentHash();
  return result;
}

double Result::Forecast(const std::string& issue_id) const {
  for (const IssueForecast& forecast : forecasts) {
    if (forecast.issue_id == issue_id) return forecast.position;
  }
  throw std::out_of_range("no forecast for issue '" + issue_id + "'");
}

const char* ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kReal:
      return "real";
    case ParamType::kInteger:
      return "integer";
    case ParamType::kBoolean:
      return "boolean";
    case ParamType::kChoice:
      return "choice";
  }
  return "?";
}

}  // namespace parley
