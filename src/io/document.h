// A small tree of maps, lists and scalars with source positions: what the YAML and JSON
// readers turn their input into, so that one schema walker (scenario_document.cc) serves
// both formats and every message can point at a line. Private to the library.
#ifndef PARLEY_IO_DOCUMENT_H_
#define PARLEY_IO_DOCUMENT_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/errors.h"
#include "parley/scenario.h"

namespace parley::internal {

struct DocNode {
  enum class Kind { kNull, kScalar, kString, kBool, kMap, kList };
  Kind kind = Kind::kNull;
  std::string text;  // scalar text (kScalar: unquoted/number; kString: quoted string)
  bool boolean = false;
  int line = 0;  // 1-based; 0 = unknown
  int column = 0;
  std::vector<std::pair<std::string, std::unique_ptr<DocNode>>> members;  // kMap, in order
  std::vector<std::unique_ptr<DocNode>> items;                            // kList

  const DocNode* Find(const std::string& key) const {
    for (const auto& [name, value] : members) {
      if (name == key) return value.get();
    }
    return nullptr;
  }
  std::string_view KindName() const;
};

// Limits that keep hostile input from exhausting the stack or memory.
inline constexpr int kMaxDocumentDepth = 200;

// Both throw InputError with file, line and column on syntax errors or excess depth.
std::unique_ptr<DocNode> LoadYamlDocument(std::string_view text, const std::string& source);
std::unique_ptr<DocNode> LoadJsonDocument(std::string_view text, const std::string& source);

// Builds a Scenario from a parsed document following the parley schema
// (docs/scenario-format.md).
Scenario ScenarioFromDocument(const DocNode& root, const std::string& source);

}  // namespace parley::internal

#endif  // PARLEY_IO_DOCUMENT_H_
