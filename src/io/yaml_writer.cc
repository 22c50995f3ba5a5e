// ScenarioToYaml: the scenario document of ScenarioToJson, written as parley YAML.
//
// Going through the JSON document keeps one definition of what a scenario file holds
// (writers.cc); this file only decides the layout. Small mappings and lists (a position,
// a scale, a distribution) go on one line in flow style, as people write them by hand;
// everything else is in block style.
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "parley/io.h"

namespace parley {

namespace {

using nlohmann::ordered_json;

// A mapping or list is written on one line when it holds no more scalars than this, none
// of them long, and nothing deeper than one nested level.
constexpr int kFlowScalars = 8;
constexpr std::size_t kFlowStringLength = 24;

// Whether `value` fits on one line; `budget` counts the scalars left.
bool Compact(const ordered_json& value, int& budget, int depth) {
  if (value.is_string())
    return value.get_ref<const std::string&>().size() <= kFlowStringLength && --budget >= 0;
  if (!value.is_structured()) return --budget >= 0;
  if (depth > 1) return false;
  for (const auto& [key, element] : value.items()) {
    if (value.is_object() && key.size() > kFlowStringLength) return false;
    if (!Compact(element, budget, depth + 1)) return false;
  }
  return true;
}

// Strings the YAML reader would take for something else (a number, a boolean, null) or
// that are empty are double-quoted; the reader keeps quoted scalars as strings.
bool NeedsQuotes(const std::string& text) {
  if (text.empty() || text == "~") return true;
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "null" || lower == "true" || lower == "false" || lower == "yes" || lower == "no" ||
      lower == "on" || lower == "off") {
    return true;
  }
  // Anything that starts like a number (1e3, +5, .5, 0x1f, -inf) rather than parse it.
  const char first = text.front();
  return std::isdigit(static_cast<unsigned char>(first)) || first == '+' || first == '-' ||
         first == '.';
}

void Emit(YAML::Emitter& out, const ordered_json& value, bool in_flow) {
  if (value.is_object() || value.is_array()) {
    int budget = kFlowScalars;
    const bool flow = in_flow || (!value.empty() && Compact(value, budget, 0)) || value.empty();
    if (flow) out << YAML::Flow;
    if (value.is_object()) {
      out << YAML::BeginMap;
      for (const auto& [key, element] : value.items()) {
        out << YAML::Key;
        if (NeedsQuotes(key)) out << YAML::DoubleQuoted;
        out << key << YAML::Value;
        Emit(out, element, flow);
      }
      out << YAML::EndMap;
    } else {
      out << YAML::BeginSeq;
      for (const ordered_json& element : value) Emit(out, element, flow);
      out << YAML::EndSeq;
    }
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (NeedsQuotes(text)) out << YAML::DoubleQuoted;
    out << text;
  } else if (value.is_null()) {
    out << YAML::Null;
  } else {
    // Numbers and booleans as JSON writes them: the shortest text that reads back exactly.
    out << value.dump();
  }
}

}  // namespace

std::string ScenarioToYaml(const Scenario& scenario) {
  const ordered_json document = ordered_json::parse(ScenarioToJson(scenario));
  YAML::Emitter out;
  out.SetIndent(2);
  Emit(out, document, false);
  std::string source = scenario.source().empty() ? "a scenario held in memory" : scenario.source();
  for (char& c : source) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "# Written by parley studio from " + source + ".\n" + out.c_str() + "\n";
}

}  // namespace parley
