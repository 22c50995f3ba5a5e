// parley models [--format table|json]: the registered models and their parameters.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "parley/registry.h"

namespace parley::cli {

namespace {

std::string Domain(const ParamSpec& param) {
  switch (param.type) {
    case ParamType::kReal:
    case ParamType::kInteger:
      return fmt::format("[{}, {}]", param.min, param.max);
    case ParamType::kBoolean:
      return "true|false";
    case ParamType::kChoice:
      return fmt::format("{}", fmt::join(param.choices, "|"));
  }
  return "";
}

}  // namespace

void AddModelsCommand(CLI::App& app, Action& action) {
  auto format = std::make_shared<std::string>("table");
  CLI::App* models = app.add_subcommand("models", "list the models with their parameters");
  models->add_option("-f,--format", *format, "output format")
      ->check(CLI::IsMember({"table", "json"}));
  models->callback([format, &action] {
    action = [format] {
      std::string text;
      const auto descriptors = DefaultRegistry().descriptors();
      if (*format == "json") {
        nlohmann::ordered_json json = nlohmann::ordered_json::array();
        for (const ModelDescriptor* d : descriptors) {
          nlohmann::ordered_json params = nlohmann::ordered_json::array();
          for (const ParamSpec& param : d->params) {
            params.push_back({{"name", param.name},
                              {"type", ParamTypeName(param.type)},
                              {"default", param.default_value},
                              {"domain", Domain(param)},
                              {"help", param.help}});
          }
          json.push_back(
              {{"name", d->name},
               {"summary", d->summary},
               {"citation", d->citation},
               {"default_for", d->applies_when.empty() ? "every scenario" : d->applies_when},
               {"params", params}});
        }
        text = json.dump(2) + "\n";
      } else {
        for (const ModelDescriptor* d : descriptors) {
          text += fmt::format("{}\n  {}\n  source: {}\n", d->name, d->summary, d->citation);
          if (!d->applies_when.empty()) {
            text += fmt::format("  run by default only on: {}\n", d->applies_when);
          }
          for (const ParamSpec& param : d->params) {
            text += fmt::format("  {}={} ({} in {}): {}\n", param.name, param.default_value,
                                ParamTypeName(param.type), Domain(param), param.help);
          }
          text += "\n";
        }
      }
      WriteOutput("", text);
    };
  });
}

}  // namespace parley::cli
