// Model registry and spec strings: resolution of defaults and every kind of bad spec.
#include "parley/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace parley {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

TEST(Registry, BuiltinModelsHaveCompleteDescriptors) {
  const Registry& registry = DefaultRegistry();
  std::vector<std::string> names;
  for (const ModelDescriptor* descriptor : registry.descriptors()) {
    names.push_back(descriptor->name);
    EXPECT_FALSE(descriptor->summary.empty()) << descriptor->name;
    EXPECT_FALSE(descriptor->citation.empty()) << descriptor->name;
    for (const ParamSpec& param : descriptor->params) {
      EXPECT_FALSE(param.help.empty()) << descriptor->name << "." << param.name;
      // Every default must be valid for its own parameter.
      EXPECT_NO_THROW(
          registry.Parse(descriptor->name + "(" + param.name + "=" + param.default_value + ")"))
          << descriptor->name << "." << param.name;
    }
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({"compromise", "median", "nash"}));
}

TEST(Registry, ResolvesEveryParameter) {
  const ModelSpec spec = DefaultRegistry().Parse("nash");
  EXPECT_EQ(spec.name, "nash");
  EXPECT_EQ(spec.text,
            "nash(utility=quadratic,weights=capability,no_status_quo=worst,tolerance=1e-09)");
  const ModelSpec linear = DefaultRegistry().Parse(" nash ( utility = linear , tolerance=1e-10 ) ");
  EXPECT_EQ(linear.parameters.Choice("utility"), "linear");
  EXPECT_EQ(linear.parameters.Real("tolerance"), 1e-10);
  EXPECT_EQ(linear.text,
            "nash(utility=linear,weights=capability,no_status_quo=worst,tolerance=1e-10)");
  EXPECT_EQ(DefaultRegistry().Parse("median()").text, "median(weight=capability*salience)");
}

TEST(Registry, CreatedModelsCarryTheirResolvedSpec) {
  auto model = DefaultRegistry().Create("compromise(weight=equal)");
  EXPECT_EQ(model->spec().text, "compromise(weight=equal)");
  EXPECT_EQ(model->descriptor().name, "compromise");
}

TEST(Registry, BadSpecsSayWhatWasExpected) {
  const Registry& registry = DefaultRegistry();
  const auto parse = [&](const char* spec) { return registry.Parse(spec); };
  EXPECT_THAT([&] { parse("nsah"); },
              ThrowsMessage<InputError>(
                  AllOf(HasSubstr("unknown model 'nsah'"), HasSubstr("compromise, median, nash"))));
  EXPECT_THAT([&] { parse("nash(utlity=linear)"); },
              ThrowsMessage<InputError>(
                  AllOf(HasSubstr("unknown parameter 'utlity'"), HasSubstr("utility, weights"))));
  EXPECT_THAT([&] { parse("nash(utility=cubic)"); },
              ThrowsMessage<InputError>(AllOf(HasSubstr("parameter 'utility'"),
                                              HasSubstr("expected one of: quadratic, linear"))));
  EXPECT_THAT([&] { parse("nash(tolerance=1)"); },
              ThrowsMessage<InputError>(HasSubstr("1 is out of range; expected a real in")));
  EXPECT_THAT([&] { parse("nash(tolerance=small)"); },
              ThrowsMessage<InputError>(HasSubstr("'small' is not a number")));
  EXPECT_THAT([&] { parse("nash(tolerance=nan)"); },
              ThrowsMessage<InputError>(HasSubstr("is not a number")));
  EXPECT_THAT([&] { parse("nash(utility=linear"); },
              ThrowsMessage<InputError>(HasSubstr("missing ')'")));
  EXPECT_THAT([&] { parse("nash(utility)"); }, ThrowsMessage<InputError>(HasSubstr("has no '='")));
  EXPECT_THAT([&] { parse("nash(utility=)"); },
              ThrowsMessage<InputError>(HasSubstr("has no value")));
  EXPECT_THAT([&] { parse("nash(utility=linear,utility=quadratic)"); },
              ThrowsMessage<InputError>(HasSubstr("given twice")));
  EXPECT_THAT([&] { parse(""); }, ThrowsMessage<InputError>(HasSubstr("no model name")));
  EXPECT_THAT([&] { parse("nash((x=1))"); }, ThrowsMessage<InputError>(HasSubstr("nested")));
  EXPECT_THAT([&] { parse("compromise(x=1)"); },
              ThrowsMessage<InputError>(HasSubstr("unknown parameter 'x'")));
}

TEST(Registry, RegisteringANameTwiceIsAProgrammingError) {
  Registry registry;
  RegisterBuiltinModels(registry);
  EXPECT_THROW(RegisterBuiltinModels(registry), std::logic_error);
}

TEST(Registry, TypedParametersOfEveryKind) {
  Registry registry;
  registry.Register({"toy",
                     "a test model",
                     "none",
                     {{"rounds", ParamType::kInteger, "rounds", "10", 1, 100, {}},
                      {"verbose", ParamType::kBoolean, "flag", "false", 0, 0, {}}}},
                    [](ModelSpec) -> std::unique_ptr<Model> { return nullptr; });
  const ModelSpec spec = registry.Parse("toy(rounds=12,verbose=true)");
  EXPECT_EQ(spec.parameters.Integer("rounds"), 12);
  EXPECT_TRUE(spec.parameters.Boolean("verbose"));
  EXPECT_EQ(spec.text, "toy(rounds=12,verbose=true)");
  EXPECT_THAT([&] { registry.Parse("toy(rounds=2.5)"); },
              ThrowsMessage<InputError>(HasSubstr("is not an integer")));
  EXPECT_THAT([&] { registry.Parse("toy(rounds=0)"); },
              ThrowsMessage<InputError>(HasSubstr("expected an integer in [1, 100]")));
  EXPECT_THAT([&] { registry.Parse("toy(verbose=yes)"); },
              ThrowsMessage<InputError>(HasSubstr("expected true or false")));
}

}  // namespace
}  // namespace parley
