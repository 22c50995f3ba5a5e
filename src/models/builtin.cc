// The one place that lists every built-in model (explicit registration, no static
// initialisers): add a line here when adding src/models/<name>.cc.
#include "models/builtin.h"

#include "parley/registry.h"

namespace parley {

void RegisterBuiltinModels(Registry& registry) {
  registry.Register(models::CompromiseDescriptor(), models::MakeCompromise);
  registry.Register(models::MedianDescriptor(), models::MakeMedian);
  registry.Register(models::NashDescriptor(), models::MakeNash);
  registry.Register(models::EumDescriptor(), models::MakeEum, models::ResolveEumPresets);
  registry.Register(models::ExchangeDescriptor(), models::MakeExchange);
  registry.Register(models::SmpDescriptor(), models::MakeSmp);
  registry.Register(models::ProceduralDescriptor(), models::MakeProcedural);
  registry.Register(models::BlendDescriptor(), models::MakeBlend);
}

}  // namespace parley
