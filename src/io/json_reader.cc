// parley JSON reader: the same schema as YAML, strict JSON syntax (nlohmann/json's SAX
// parser). The input is fed through a counting iterator so every value can be given the
// line and column where the parser found it.
#include <fmt/format.h>

#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/text.h"
#include "io/document.h"
#include "parley/io.h"

namespace parley {
namespace internal {

namespace {

// Tracks line and column of the character most recently handed to the parser.
struct Cursor {
  int line = 1;
  int column = 0;
};

class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* at, Cursor* cursor) : at_(at), cursor_(cursor) {}
  reference operator*() const { return *at_; }
  CountingIterator& operator++() {
    if (*at_ == '\n') {
      ++cursor_->line;
      cursor_->column = 0;
    } else {
      ++cursor_->column;
    }
    ++at_;
    return *this;
  }
  bool operator==(const CountingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const CountingIterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  Cursor* cursor_;
};

class DocumentBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  DocumentBuilder(const std::string& source, const Cursor& cursor)
      : source_(source), cursor_(cursor) {}

  std::unique_ptr<DocNode> TakeRoot() { return std::move(root_); }

  bool null() override {
    Add(DocNode::Kind::kNull, "");
    return true;
  }
  bool boolean(bool value) override {
    DocNode* node = Add(DocNode::Kind::kBool, value ? "true" : "false");
    node->boolean = value;
    return true;
  }
  bool number_integer(number_integer_t value) override {
    Add(DocNode::Kind::kScalar, std::to_string(value));
    return true;
  }
  bool number_unsigned(number_unsigned_t value) override {
    Add(DocNode::Kind::kScalar, std::to_string(value));
    return true;
  }
  bool number_float(number_float_t, const string_t& text) override {
    Add(DocNode::Kind::kScalar, text);
    return true;
  }
  bool string(string_t& value) override {
    Add(DocNode::Kind::kString, value);
    return true;
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    Open(Add(DocNode::Kind::kMap, ""));
    return true;
  }
  bool key(string_t& name) override {
    DocNode* map = open_.back();
    if (map->Find(name) != nullptr) {
      throw InputError({source_, cursor_.line, cursor_.column}, name,
                       "key appears twice in the same object; expected it once");
    }
    pending_key_ = name;
    return true;
  }
  bool end_object() override {
    open_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    Open(Add(DocNode::Kind::kList, ""));
    return true;
  }
  bool end_array() override {
    open_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& error) override {
    std::string message = error.what();
    // nlohmann's text starts "[json.exception.parse_error.101] parse error at line 3,
    // column 5: ..."; keep only the part after the position, which we print ourselves.
    const std::size_t colon = message.find(": ", message.find("parse error"));
    if (colon != std::string::npos) message = message.substr(colon + 2);
    throw InputError({source_, cursor_.line, cursor_.column}, "", "JSON syntax error: " + message);
  }

 private:
  DocNode* Add(DocNode::Kind kind, std::string text) {
    auto node = std::make_unique<DocNode>();
    node->kind = kind;
    node->text = std::move(text);
    node->line = cursor_.line;
    node->column = cursor_.column;
    DocNode* raw = node.get();
    if (open_.empty()) {
      root_ = std::move(node);
    } else if (open_.back()->kind == DocNode::Kind::kMap) {
      open_.back()->members.emplace_back(pending_key_, std::move(node));
    } else {
      open_.back()->items.push_back(std::move(node));
    }
    return raw;
  }
  void Open(DocNode* node) {
    if (open_.size() >= static_cast<std::size_t>(kMaxDocumentDepth)) {
      throw InputError({source_, cursor_.line, cursor_.column}, "",
                       fmt::format("nesting deeper than {} levels; expected a scenario document",
                                   kMaxDocumentDepth));
    }
    open_.push_back(node);
  }

  const std::string& source_;
  const Cursor& cursor_;
  std::unique_ptr<DocNode> root_;
  std::vector<DocNode*> open_;
  std::string pending_key_;
};

}  // namespace

std::unique_ptr<DocNode> LoadJsonDocument(std::string_view text, const std::string& source) {
  Cursor cursor;
  DocumentBuilder builder(source, cursor);
  CountingIterator begin(text.data(), &cursor);
  CountingIterator end(text.data() + text.size(), &cursor);
  nlohmann::json::sax_parse(begin, end, &builder);
  auto root = builder.TakeRoot();
  if (!root) throw InputError({source, 1, 1}, "", "empty JSON document; expected an object");
  return root;
}

}  // namespace internal

Scenario ParseJsonScenario(std::string_view text, const std::string& source) {
  text = internal::WithoutByteOrderMark(text);
  auto root = internal::LoadJsonDocument(text, source);
  return internal::ScenarioFromDocument(*root, source);
}

}  // namespace parley
