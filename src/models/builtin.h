// Descriptors and factories of the built-in models, one pair per model file
// (src/models/<name>.cc). RegisterBuiltinModels (builtin.cc) lists them all.
#ifndef PARLEY_MODELS_BUILTIN_H_
#define PARLEY_MODELS_BUILTIN_H_

#include <memory>

#include "parley/model.h"

namespace parley::models {

const ModelDescriptor& CompromiseDescriptor();
std::unique_ptr<Model> MakeCompromise(ModelSpec spec);

const ModelDescriptor& MedianDescriptor();
std::unique_ptr<Model> MakeMedian(ModelSpec spec);

const ModelDescriptor& NashDescriptor();
std::unique_ptr<Model> MakeNash(ModelSpec spec);

const ModelDescriptor& EumDescriptor();
std::unique_ptr<Model> MakeEum(ModelSpec spec);
// Replaces every interpretation parameter left at "preset" by the preset's value.
void ResolveEumPresets(Parameters& parameters);

const ModelDescriptor& ExchangeDescriptor();
std::unique_ptr<Model> MakeExchange(ModelSpec spec);

const ModelDescriptor& SmpDescriptor();
std::unique_ptr<Model> MakeSmp(ModelSpec spec);

const ModelDescriptor& ProceduralDescriptor();
std::unique_ptr<Model> MakeProcedural(ModelSpec spec);

const ModelDescriptor& BlendDescriptor();
std::unique_ptr<Model> MakeBlend(ModelSpec spec);

}  // namespace parley::models

#endif  // PARLEY_MODELS_BUILTIN_H_
