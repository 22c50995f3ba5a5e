#include "core/spec.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "core/text.h"
#include "parley/errors.h"

namespace parley::internal {

namespace {

bool IsWord(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

[[noreturn]] void SyntaxError(const std::string& spec, const std::string& problem) {
  throw InputError({}, "model spec '" + spec + "'",
                   problem +
                       "; expected name or name(key=value,...), e.g. "
                       "nash(utility=quadratic)");
}

}  // namespace

RawSpec SplitSpec(const std::string& spec_text) {
  const std::string spec = Trim(spec_text);
  RawSpec raw;
  const std::size_t open = spec.find('(');
  if (open == std::string::npos) {
    if (spec.find(')') != std::string::npos) SyntaxError(spec, "')' without '('");
    raw.name = spec;
  } else {
    raw.name = Trim(spec.substr(0, open));
    if (spec.back() != ')') SyntaxError(spec, "missing ')' at the end");
    const std::string inside = spec.substr(open + 1, spec.size() - open - 2);
    if (inside.find_first_of("()") != std::string::npos) {
      SyntaxError(spec, "nested parentheses");
    }
    if (!Trim(inside).empty()) {
      std::size_t start = 0;
      while (true) {
        const std::size_t comma = inside.find(',', start);
        const std::string item =
            inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const std::size_t equals = item.find('=');
        if (equals == std::string::npos) {
          SyntaxError(spec, fmt::format("argument '{}' has no '='", Trim(item)));
        }
        std::string key = Trim(item.substr(0, equals));
        std::string value = Trim(item.substr(equals + 1));
        if (!IsWord(key)) SyntaxError(spec, fmt::format("bad parameter name '{}'", key));
        if (value.empty()) SyntaxError(spec, fmt::format("parameter '{}' has no value", key));
        for (const auto& [seen, unused] : raw.arguments) {
          if (seen == key) SyntaxError(spec, fmt::format("parameter '{}' given twice", key));
        }
        raw.arguments.emplace_back(std::move(key), std::move(value));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
  if (!IsWord(raw.name)) {
    SyntaxError(spec, raw.name.empty() ? "no model name" : "bad model name '" + raw.name + "'");
  }
  return raw;
}

ParamValue ConvertParam(const std::string& model, const ParamSpec& param, const std::string& text) {
  const std::string field = fmt::format("model '{}', parameter '{}'", model, param.name);
  switch (param.type) {
    case ParamType::kReal: {
      double value = 0;
      const char* end = text.data() + text.size();
      auto [stop, error] = std::from_chars(text.data(), end, value);
      if (error != std::errc() || stop != end || !std::isfinite(value)) {
        throw InputError({}, field,
                         fmt::format("'{}' is not a number; expected a real in "
                                     "[{}, {}]",
                                     text, param.min, param.max));
      }
      if (value < param.min || value > param.max) {
        throw InputError({}, field,
                         fmt::format("{} is out of range; expected a real in [{}, {}]", text,
                                     param.min, param.max));
      }
      return value;
    }
    case ParamType::kInteger: {
      std::int64_t value = 0;
      const char* end = text.data() + text.size();
      auto [stop, error] = std::from_chars(text.data(), end, value);
      if (error != std::errc() || stop != end) {
        throw InputError({}, field,
                         fmt::format("'{}' is not an integer; expected an integer in [{}, {}]",
                                     text, param.min, param.max));
      }
      if (static_cast<double>(value) < param.min || static_cast<double>(value) > param.max) {
        throw InputError({}, field,
                         fmt::format("{} is out of range; expected an integer in [{}, {}]", text,
                                     param.min, param.max));
      }
      return value;
    }
    case ParamType::kBoolean:
      if (text == "true") return true;
      if (text == "false") return false;
      throw InputError({}, field,
                       fmt::format("'{}' is not a boolean; expected true or false", text));
    case ParamType::kChoice:
      for (const std::string& choice : param.choices) {
        if (choice == text) return text;
      }
      throw InputError({}, field,
                       fmt::format("'{}' is not a valid choice; expected one of: {}", text,
                                   fmt::join(param.choices, ", ")));
  }
  throw std::logic_error("unknown parameter type");
}

}  // namespace parley::internal
