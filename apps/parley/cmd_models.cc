// parley models [--format table|json]: the registered models and their parameters.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.h"
#include "parley/registry.h"

namespace parley::cli {

namespace {

const char* TypeName(ParamType type) {
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

std::string JsonString(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
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
        text = "[\n";
        for (std::size_t m = 0; m < descriptors.size(); ++m) {
          const ModelDescriptor& d = *descriptors[m];
          text += fmt::format("  {{\"name\": {}, \"summary\": {}, \"citation\": {}, \"params\": [",
                              JsonString(d.name), JsonString(d.summary), JsonString(d.citation));
          for (std::size_t p = 0; p < d.params.size(); ++p) {
            const ParamSpec& param = d.params[p];
            text += fmt::format("{}{{\"name\": {}, \"type\": \"{}\", \"default\": {}, "
                                "\"domain\": {}, \"help\": {}}}",
                                p ? ", " : "", JsonString(param.name), TypeName(param.type),
                                JsonString(param.default_value), JsonString(Domain(param)),
                                JsonString(param.help));
          }
          text += m + 1 < descriptors.size() ? "]},\n" : "]}\n";
        }
        text += "]\n";
      } else {
        for (const ModelDescriptor* d : descriptors) {
          text += fmt::format("{}\n  {}\n  source: {}\n", d->name, d->summary, d->citation);
          for (const ParamSpec& param : d->params) {
            text += fmt::format("  {}={} ({} in {}): {}\n", param.name, param.default_value,
                                TypeName(param.type), Domain(param), param.help);
          }
          text += "\n";
        }
      }
      WriteOutput("", text);
    };
  });
}

}  // namespace parley::cli
