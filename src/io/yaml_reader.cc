// parley YAML reader: yaml-cpp's parser reports events, we record them in a compact graph and
// convert that (with the marks) into a DocNode tree for the shared schema walker.
//
// We do not use YAML::Load: its node graph costs several heap allocations and reference-counted
// handles per node (with the fuzz build's sanitizers, about 40% of YAML::Load's time; a
// fifth of the fuzz target's time per input). The graph below is the same shape (an alias
// refers to its anchor's node, so anchors and aliases behave exactly as with YAML::Load) but
// lives in three flat arrays.
#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/text.h"
#include "io/document.h"
#include "parley/io.h"

namespace parley {
namespace internal {

namespace {

// The first document of a YAML text as a graph: nodes in document order, each collection's
// children as a linked list of edges (so an alias, an edge to an earlier node, costs nothing),
// scalar text in one buffer.
struct YamlGraph {
  static constexpr std::uint32_t kNone = UINT32_MAX;
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };
  struct Node {
    Kind kind = Kind::kNull;
    bool non_plain = false;  // a scalar with tag "!": quoted or block, a string even if numeric
    int line = -1;           // 0-based as yaml-cpp marks them; -1 = no mark
    int column = -1;
    std::uint32_t text_begin = 0;  // scalar text: text.substr(text_begin, text_size)
    std::uint32_t text_size = 0;
    std::uint32_t first_edge = kNone;  // collections: children in order (a map: key, value, ...)
    std::uint32_t last_edge = kNone;
    std::uint32_t edge_count = 0;
  };
  struct Edge {
    std::uint32_t target;
    std::uint32_t next = kNone;
  };

  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::string text;
  std::uint32_t root = kNone;

  std::string_view Text(const Node& node) const {
    return std::string_view(text).substr(node.text_begin, node.text_size);
  }
};

// Records yaml-cpp's events for one document into a YamlGraph, as YAML::NodeBuilder does into
// YAML::Node (anchors are numbered from 1 in the order the parser meets them).
class GraphBuilder : public YAML::EventHandler {
 public:
  explicit GraphBuilder(YamlGraph& graph) : graph_(graph) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Add(New(mark, anchor, YamlGraph::Kind::kNull));
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    // The parser refuses an alias to an anchor it has not seen; should one slip through, it
    // reads as null.
    const bool known = anchor < anchors_.size() && anchors_[anchor] != YamlGraph::kNone;
    Add(known ? anchors_[anchor] : New(YAML::Mark::null_mark(), 0, YamlGraph::Kind::kNull));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const std::uint32_t index = New(mark, anchor, YamlGraph::Kind::kScalar);
    YamlGraph::Node& node = graph_.nodes[index];
    node.non_plain = tag == "!";
    node.text_begin = static_cast<std::uint32_t>(graph_.text.size());
    node.text_size = static_cast<std::uint32_t>(value.size());
    graph_.text += value;
    Add(index);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(New(mark, anchor, YamlGraph::Kind::kSequence));
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(New(mark, anchor, YamlGraph::Kind::kMap));
  }
  void OnMapEnd() override { Close(); }

 private:
  std::uint32_t New(const YAML::Mark& mark, YAML::anchor_t anchor, YamlGraph::Kind kind) {
    const auto index = static_cast<std::uint32_t>(graph_.nodes.size());
    YamlGraph::Node& node = graph_.nodes.emplace_back();
    node.kind = kind;
    node.line = mark.line;
    node.column = mark.column;
    if (anchor != YAML::NullAnchor) {
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, YamlGraph::kNone);
      anchors_[anchor] = index;
    }
    return index;
  }
  // A finished node: the root, or the next child of the open collection.
  void Add(std::uint32_t index) {
    if (open_.empty()) {
      if (graph_.root == YamlGraph::kNone) graph_.root = index;
      return;
    }
    YamlGraph::Node& parent = graph_.nodes[open_.back()];
    const auto edge = static_cast<std::uint32_t>(graph_.edges.size());
    graph_.edges.push_back({index});
    if (parent.last_edge == YamlGraph::kNone) {
      parent.first_edge = edge;
    } else {
      graph_.edges[parent.last_edge].next = edge;
    }
    parent.last_edge = edge;
    ++parent.edge_count;
  }
  void Open(std::uint32_t index) {
    Add(index);  // linked into its parent now, so the children follow it in document order
    open_.push_back(index);
  }
  void Close() {
    if (!open_.empty()) open_.pop_back();
  }

  YamlGraph& graph_;
  std::vector<std::uint32_t> open_;     // collections not yet closed, innermost last
  std::vector<std::uint32_t> anchors_;  // anchor id -> node
};

class YamlConverter {
 public:
  YamlConverter(const YamlGraph& graph, const std::string& source, std::size_t input_bytes)
      : graph_(graph), source_(source), node_budget_(4 * input_bytes + 1024) {}

  std::unique_ptr<DocNode> ConvertRoot() {
    if (graph_.root == YamlGraph::kNone) return std::make_unique<DocNode>();  // no document
    return Convert(graph_.root, 0);
  }

 private:
  std::unique_ptr<DocNode> Convert(std::uint32_t index, int depth) {
    const YamlGraph::Node& node = graph_.nodes[index];
    auto converted = std::make_unique<DocNode>();
    converted->line = node.line >= 0 ? node.line + 1 : 0;
    converted->column = node.column >= 0 ? node.column + 1 : 0;
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
    switch (node.kind) {
      case YamlGraph::Kind::kNull:
        converted->kind = DocNode::Kind::kNull;
        break;
      case YamlGraph::Kind::kScalar:
        // Tag "!" marks a quoted scalar: a string even if it looks like a number.
        converted->kind = node.non_plain ? DocNode::Kind::kString : DocNode::Kind::kScalar;
        converted->text = graph_.Text(node);
        if (converted->kind == DocNode::Kind::kScalar &&
            (converted->text == "true" || converted->text == "false")) {
          converted->kind = DocNode::Kind::kBool;
          converted->boolean = converted->text == "true";
        }
        break;
      case YamlGraph::Kind::kSequence:
        converted->kind = DocNode::Kind::kList;
        converted->items.reserve(node.edge_count);
        for (std::uint32_t edge = node.first_edge; edge != YamlGraph::kNone;
             edge = graph_.edges[edge].next) {
          converted->items.push_back(Convert(graph_.edges[edge].target, depth + 1));
        }
        break;
      case YamlGraph::Kind::kMap:
        converted->kind = DocNode::Kind::kMap;
        ConvertMembers(node, *converted, depth);
        break;
    }
    return converted;
  }

  void ConvertMembers(const YamlGraph::Node& node, DocNode& converted, int depth) {
    converted.members.reserve(node.edge_count / 2);
    // Keys seen so far, for the duplicate check (a set: fuzzed maps have thousands of keys).
    std::unordered_set<std::string_view> keys;
    for (std::uint32_t edge = node.first_edge; edge != YamlGraph::kNone;) {
      const YamlGraph::Edge& key_edge = graph_.edges[edge];
      if (key_edge.next == YamlGraph::kNone) break;  // a key without its value: never emitted
      const YamlGraph::Edge& value_edge = graph_.edges[key_edge.next];
      edge = value_edge.next;
      const YamlGraph::Node& key_node = graph_.nodes[key_edge.target];
      if (key_node.kind != YamlGraph::Kind::kScalar) {
        throw InputError({source_, key_node.line + 1, key_node.column + 1}, "",
                         "a mapping key is not a plain word; expected keys such as 'id'");
      }
      const std::string_view key = graph_.Text(key_node);
      if (!keys.insert(key).second) {
        throw InputError({source_, key_node.line + 1, key_node.column + 1}, std::string(key),
                         "key appears twice in the same mapping; expected it once");
      }
      converted.members.emplace_back(std::string(key), Convert(value_edge.target, depth + 1));
    }
  }

  const YamlGraph& graph_;
  const std::string& source_;
  std::size_t node_budget_;
};

}  // namespace

std::unique_ptr<DocNode> LoadYamlDocument(std::string_view text, const std::string& source) {
  YamlGraph graph;
  try {
    // Only the first document counts, as with YAML::Load.
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    GraphBuilder builder(graph);
    parser.HandleNextDocument(builder);
  } catch (const YAML::Exception& error) {
    const int line = error.mark.line >= 0 ? error.mark.line + 1 : 0;
    const int column = error.mark.column >= 0 ? error.mark.column + 1 : 0;
    throw InputError({source, line, column}, "", "YAML syntax error: " + error.msg);
  }
  return YamlConverter(graph, source, text.size()).ConvertRoot();
}

}  // namespace internal

Scenario ParseYamlScenario(std::string_view text, const std::string& source) {
  text = internal::WithoutByteOrderMark(text);
  auto root = internal::LoadYamlDocument(text, source);
  return internal::ScenarioFromDocument(*root, source);
}

}  // namespace parley
