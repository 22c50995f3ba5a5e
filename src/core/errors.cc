#include "parley/errors.h"

#include <string>

namespace parley {

std::string SourceLocation::ToString() const {
  std::string text = file;
  if (line > 0) {
    text.append(text.empty() ? "line " : ":");
    text.append(std::to_string(line));
    if (column > 0) {
      text.push_back(':');
      text.append(std::to_string(column));
    }
  }
  return text;
}

namespace {
std::string Compose(const SourceLocation& where, const std::string& field,
                    const std::string& problem) {
  std::string message = where.ToString();
  if (!message.empty()) message += ": ";
  if (!field.empty()) message += field + ": ";
  return message + problem;
}
}  // namespace

InputError::InputError(const SourceLocation& where, const std::string& field,
                       const std::string& problem)
    : std::runtime_error(Compose(where, field, problem)), where_(where), field_(field) {}

InputError::InputError(const std::string& message) : std::runtime_error(message) {}

}  // namespace parley
