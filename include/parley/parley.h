// parley/parley.h: the whole public API in one include.
//
// Typical use:
//   parley::Scenario scenario = parley::ReadScenarioFile("examples/korea-2017.yaml");
//   auto model = parley::DefaultRegistry().Create("nash(utility=quadratic)");
//   parley::Result result = model->Run(scenario);
#ifndef PARLEY_PARLEY_H_
#define PARLEY_PARLEY_H_

#include "parley/errors.h"
#include "parley/io.h"
#include "parley/model.h"
#include "parley/registry.h"
#include "parley/result.h"
#include "parley/scenario.h"
#include "parley/version.h"

#endif  // PARLEY_PARLEY_H_
