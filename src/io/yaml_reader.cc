// parley YAML reader: yaml-cpp parses, we convert its nodes (with their marks) into a
// DocNode tree and hand it to the shared schema walker.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "core/text.h"
#include "io/document.h"
#include "parley/io.h"

namespace parley {
namespace internal {

namespace {

class YamlConverter {
 public:
  YamlConverter(const std::string& source, std::size_t input_bytes)
      : source_(source), node_budget_(4 * input_bytes + 1024) {}

  std::unique_ptr<DocNode> Convert(const YAML::Node& node, int depth) {
    auto converted = std::make_unique<DocNode>();
    const YAML::Mark mark = node.Mark();
    converted->line = mark.line >= 0 ? mark.line + 1 : 0;
    converted->column = mark.column >= 0 ? mark.column + 1 : 0;
    // Aliases can make a small file expand exponentially ("billion laughs"): refuse trees
    // much larger than the text they came from.
    if (node_budget_-- == 0) {
      throw InputError({source_, converted->line, converted->column}, "",
                       "the document expands to far more nodes than its size allows (YAML "
                       "aliases?); expected a plain scenario document");
    }
    if (depth > kMaxDocumentDepth) {
      throw InputError({source_, converted->line, converted->column}, "",
                       fmt::format("nesting deeper than {} levels; expected a scenario document",
                                   kMaxDocumentDepth));
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        converted->kind = DocNode::Kind::kNull;
        break;
      case YAML::NodeType::Scalar:
        // Tag "!" marks a quoted scalar: a string even if it looks like a number.
        converted->kind = node.Tag() == "!" ? DocNode::Kind::kString : DocNode::Kind::kScalar;
        converted->text = node.Scalar();
        if (converted->kind == DocNode::Kind::kScalar &&
            (converted->text == "true" || converted->text == "false")) {
          converted->kind = DocNode::Kind::kBool;
          converted->boolean = converted->text == "true";
        }
        break;
      case YAML::NodeType::Sequence:
        converted->kind = DocNode::Kind::kList;
        for (const YAML::Node& item : node) converted->items.push_back(Convert(item, depth + 1));
        break;
      case YAML::NodeType::Map:
        converted->kind = DocNode::Kind::kMap;
        for (const auto& entry : node) {
          if (!entry.first.IsScalar()) {
            const YAML::Mark key_mark = entry.first.Mark();
            throw InputError({source_, key_mark.line + 1, key_mark.column + 1}, "",
                             "a mapping key is not a plain word; expected keys such as 'id'");
          }
          const std::string key = entry.first.Scalar();
          if (converted->Find(key) != nullptr) {
            const YAML::Mark key_mark = entry.first.Mark();
            throw InputError({source_, key_mark.line + 1, key_mark.column + 1}, key,
                             "key appears twice in the same mapping; expected it once");
          }
          converted->members.emplace_back(key, Convert(entry.second, depth + 1));
        }
        break;
    }
    return converted;
  }

 private:
  const std::string& source_;
  std::size_t node_budget_;
};

}  // namespace

std::unique_ptr<DocNode> LoadYamlDocument(std::string_view text, const std::string& source) {
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    return YamlConverter(source, text.size()).Convert(root, 0);
  } catch (const YAML::Exception& error) {
    const int line = error.mark.line >= 0 ? error.mark.line + 1 : 0;
    const int column = error.mark.column >= 0 ? error.mark.column + 1 : 0;
    throw InputError({source, line, column}, "", "YAML syntax error: " + error.msg);
  }
}

}  // namespace internal

Scenario ParseYamlScenario(std::string_view text, const std::string& source) {
  text = internal::WithoutByteOrderMark(text);
  auto root = internal::LoadYamlDocument(text, source);
  return internal::ScenarioFromDocument(*root, source);
}

}  // namespace parley
