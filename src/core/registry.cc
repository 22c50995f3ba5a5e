#include "parley/registry.h"

#include <fmt/format.h>

#include <stdexcept>

#include "core/spec.h"
#include "parley/errors.h"

namespace parley {

void Registry::Register(ModelDescriptor descriptor, Factory factory, Resolver resolver) {
  if (Find(descriptor.name) != nullptr) {
    throw std::logic_error("model '" + descriptor.name + "' registered twice");
  }
  entries_.push_back({std::move(descriptor), std::move(factory), std::move(resolver)});
}

const Registry::Entry* Registry::FindEntry(const std::string& name) const {
  for (const Entry& entry : entries_) {
    if (entry.descriptor.name == name) return &entry;
  }
  return nullptr;
}

const ModelDescriptor* Registry::Find(const std::string& name) const {
  const Entry* entry = FindEntry(name);
  return entry ? &entry->descriptor : nullptr;
}

std::vector<const ModelDescriptor*> Registry::descriptors() const {
  std::vector<const ModelDescriptor*> all;
  for (const Entry& entry : entries_) all.push_back(&entry.descriptor);
  return all;
}

std::vector<std::string> Registry::DefaultModels(const Scenario& scenario) const {
  std::vector<std::string> names;
  for (const Entry& entry : entries_) {
    if (entry.descriptor.applies == nullptr || entry.descriptor.applies(scenario)) {
      names.push_back(entry.descriptor.name);
    }
  }
  return names;
}

ModelSpec Registry::Parse(const std::string& text) const {
  internal::RawSpec raw = internal::SplitSpec(text);
  const Entry* entry = FindEntry(raw.name);
  if (entry == nullptr) {
    std::vector<std::string> names;
    for (const Entry& registered : entries_) names.push_back(registered.descriptor.name);
    throw InputError({}, "model spec '" + text + "'",
                     fmt::format("unknown model '{}'; expected one of: {} (see 'parley models')",
                                 raw.name, fmt::join(names, ", ")));
  }
  const ModelDescriptor* descriptor = &entry->descriptor;
  for (const auto& [key, value] : raw.arguments) {
    bool known = false;
    for (const ParamSpec& param : descriptor->params) known = known || param.name == key;
    if (!known) {
      std::vector<std::string> names;
      for (const ParamSpec& param : descriptor->params) names.push_back(param.name);
      throw InputError({}, fmt::format("model '{}'", raw.name),
                       fmt::format("unknown parameter '{}'; expected one of: {}", key,
                                   names.empty() ? "(this model takes no parameters)"
                                                 : fmt::format("{}", fmt::join(names, ", "))));
    }
  }
  ModelSpec spec;
  spec.name = descriptor->name;
  for (const ParamSpec& param : descriptor->params) {
    std::string value_text = param.default_value;
    for (const auto& [key, value] : raw.arguments) {
      if (key == param.name) value_text = value;
    }
    spec.parameters.Set(param.name, internal::ConvertParam(descriptor->name, param, value_text));
  }
  if (entry->resolver) entry->resolver(spec.parameters);
  std::vector<std::string> resolved;
  for (const ParamSpec& param : descriptor->params) {
    resolved.push_back(param.name + "=" +
                       FormatParamValue(spec.parameters.values().at(param.name)));
  }
  spec.text =
      resolved.empty() ? spec.name : fmt::format("{}({})", spec.name, fmt::join(resolved, ","));
  return spec;
}

std::unique_ptr<Model> Registry::Create(const std::string& text) const {
  ModelSpec spec = Parse(text);
  for (const Entry& entry : entries_) {
    if (entry.descriptor.name == spec.name) return entry.factory(std::move(spec));
  }
  throw std::logic_error("parsed spec names an unregistered model");
}

const Registry& DefaultRegistry() {
  static const Registry* registry = [] {
    auto* built = new Registry();
    RegisterBuiltinModels(*built);
    return built;
  }();
  return *registry;
}

}  // namespace parley
