// parley/registry.h: finding models by name and creating them from spec strings.
//
// Models are registered explicitly by RegisterBuiltinModels() (no static initialisers),
// so the set of models is visible in one place (src/models/builtin.cc) and a program
// controls when registration happens. DefaultRegistry() returns a registry with every
// built-in model registered.
//
// Spec grammar:  spec   := name [ "(" [ param { "," param } ] ")" ]
//                param  := key "=" value
// Whitespace around tokens is ignored. Values are checked against the descriptor: reals
// and integers must parse completely and lie within range, booleans are true/false,
// choices must be one of the listed words. Unknown models or parameters, duplicates and
// syntax errors throw InputError saying what was expected.
#ifndef PARLEY_REGISTRY_H_
#define PARLEY_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parley/model.h"

namespace parley {

class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Model>(ModelSpec)>;
  // Settles parameters whose value depends on others (eum's presets), after the defaults
  // are filled in, so that the spec text says what will run.
  using Resolver = std::function<void(Parameters&)>;

  // Adds a model. Throws std::logic_error if the name is taken (a programming error).
  void Register(ModelDescriptor descriptor, Factory factory, Resolver resolver = nullptr);

  // Parses and validates a spec string; every parameter resolved (defaults filled in,
  // then the model's resolver applied), so that ModelSpec::text alone reproduces a run.
  ModelSpec Parse(const std::string& spec) const;
  std::unique_ptr<Model> Create(const std::string& spec) const;

  // Descriptors in registration order.
  std::vector<const ModelDescriptor*> descriptors() const;
  // The names of the models that apply to `scenario` (ModelDescriptor::applies), in
  // registration order: what commands run when no model is named.
  std::vector<std::string> DefaultModels(const Scenario& scenario) const;
  const ModelDescriptor* Find(const std::string& name) const;

 private:
  struct Entry {
    ModelDescriptor descriptor;
    Factory factory;
    Resolver resolver;
  };
  const Entry* FindEntry(const std::string& name) const;
  std::vector<Entry> entries_;
};

// Registers compromise, median, nash (and every later built-in model).
void RegisterBuiltinModels(Registry& registry);

// A process-wide registry holding the built-in models (created on first use).
const Registry& DefaultRegistry();

}  // namespace parley

#endif  // PARLEY_REGISTRY_H_
