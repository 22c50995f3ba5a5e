// The parley scenario schema, read from a DocNode tree (YAML or JSON). Every field is
// checked for kind and presence here; value rules (ranges, duplicates, participation) are
// the ScenarioBuilder's. Unknown keys are errors, so a typo never becomes a silent default.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "core/text.h"
#include "io/document.h"
#include "parley/scenario.h"

namespace parley::internal {

std::string_view DocNode::KindName() const {
  switch (kind) {
    case Kind::kNull:
      return "nothing (null)";
    case Kind::kScalar:
      return "a plain value";
    case Kind::kString:
      return "a quoted string";
    case Kind::kBool:
      return "a boolean";
    case Kind::kMap:
      return "a mapping";
    case Kind::kList:
      return "a list";
  }
  return "?";
}

namespace {

class SchemaWalker {
 public:
  explicit SchemaWalker(const std::string& source) : source_(source), builder_(source) {}

  Scenario Walk(const DocNode& root) {
    RequireKind(root, DocNode::Kind::kMap, "(document)", "a mapping with actors and issues");
    CheckKeys(root, "(document)",
              {"parley", "name", "description", "salience_scale", "sources", "notes", "actors",
               "issues"});
    if (const DocNode* version = root.Find("parley")) {
      const double number = Number(*version, "parley");
      if (number != 1) {
        Fail(*version, "parley",
             fmt::format("format version {} is not supported; expected 1", version->text));
      }
    }
    if (const DocNode* name = root.Find("name")) builder_.SetName(Text(*name, "name"));
    if (const DocNode* text = root.Find("description")) {
      builder_.SetDescription(Text(*text, "description"));
    }
    if (const DocNode* scale = root.Find("salience_scale")) {
      salience_scale_ = Number(*scale, "salience_scale");
      if (salience_scale_ != 1 && salience_scale_ != 100) {
        Fail(*scale, "salience_scale",
             fmt::format("is {}; expected 1 (saliences in [0, 1]) or 100 (in [0, 100])",
                         scale->text));
      }
    }
    const DocNode& actors = Require(root, "actors", "(document)");
    RequireKind(actors, DocNode::Kind::kList, "actors", "a list of actors");
    for (std::size_t index = 0; index < actors.items.size(); ++index) {
      ReadActor(*actors.items[index], fmt::format("actors[{}]", index));
    }
    const DocNode& issues = Require(root, "issues", "(document)");
    RequireKind(issues, DocNode::Kind::kList, "issues", "a list of issues");
    for (std::size_t index = 0; index < issues.items.size(); ++index) {
      ReadIssue(*issues.items[index], fmt::format("issues[{}]", index));
    }
    for (std::size_t index = 0; index < issues.items.size(); ++index) {
      ReadPositions(*issues.items[index], fmt::format("issues[{}]", index));
    }
    return builder_.Build();
  }

 private:
  SourceLocation Where(const DocNode& node) const { return {source_, node.line, node.column}; }

  [[noreturn]] void Fail(const DocNode& node, const std::string& field,
                         const std::string& problem) const {
    throw InputError(Where(node), field, problem);
  }

  void RequireKind(const DocNode& node, DocNode::Kind kind, const std::string& field,
                   const std::string& expected) const {
    if (node.kind != kind) {
      Fail(node, field, fmt::format("is {}; expected {}", node.KindName(), expected));
    }
  }

  const DocNode& Require(const DocNode& map, const std::string& key,
                         const std::string& field) const {
    const DocNode* value = map.Find(key);
    if (value == nullptr) {
      Fail(map, field, fmt::format("missing required field '{}'", key));
    }
    return *value;
  }

  void CheckKeys(const DocNode& map, const std::string& field,
                 std::initializer_list<const char*> allowed) const {
    for (const auto& [key, value] : map.members) {
      bool known = false;
      for (const char* name : allowed) known = known || key == name;
      if (!known) {
        std::string names;
        for (const char* name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
        Fail(*value, field.empty() || field == "(document)" ? key : field + "." + key,
             fmt::format("unknown field '{}'; expected one of: {}", key, names));
      }
    }
  }

  std::string Text(const DocNode& node, const std::string& field) const {
    if (node.kind != DocNode::Kind::kScalar && node.kind != DocNode::Kind::kString) {
      Fail(node, field, fmt::format("is {}; expected text", node.KindName()));
    }
    return node.text;
  }

  double Number(const DocNode& node, const std::string& field) const {
    if (node.kind != DocNode::Kind::kScalar && node.kind != DocNode::Kind::kString) {
      Fail(node, field, fmt::format("is {}; expected a number", node.KindName()));
    }
    const std::optional<double> value = ParseReal(node.text);
    if (!value) {
      Fail(node, field, fmt::format("'{}' is not a number; expected a number", node.text));
    }
    return *value;
  }

  void ReadActor(const DocNode& node, const std::string& field) {
    RequireKind(node, DocNode::Kind::kMap, field, "a mapping with id, name, capability");
    CheckKeys(node, field, {"id", "name", "capability", "note", "source"});
    Actor actor;
    actor.id = Text(Require(node, "id", field), field + ".id");
    if (const DocNode* name = node.Find("name")) actor.name = Text(*name, field + ".name");
    actor.capability = Number(Require(node, "capability", field), field + ".capability");
    builder_.AddActor(actor, Where(node), field);
  }

  void ReadIssue(const DocNode& node, const std::string& field) {
    RequireKind(node, DocNode::Kind::kMap, field, "a mapping with id, name, scale, positions");
    CheckKeys(node, field, {"id", "name", "scale", "status_quo", "positions", "note", "source"});
    Issue issue;
    issue.id = Text(Require(node, "id", field), field + ".id");
    if (const DocNode* name = node.Find("name")) issue.name = Text(*name, field + ".name");
    if (const DocNode* scale = node.Find("scale")) {
      const std::string scale_field = field + ".scale";
      RequireKind(*scale, DocNode::Kind::kMap, scale_field,
                  "a mapping with min, max, min_label, max_label");
      CheckKeys(*scale, scale_field, {"min", "max", "min_label", "max_label"});
      issue.scale_min = Number(Require(*scale, "min", scale_field), scale_field + ".min");
      issue.scale_max = Number(Require(*scale, "max", scale_field), scale_field + ".max");
      if (const DocNode* label = scale->Find("min_label")) {
        issue.min_label = Text(*label, scale_field + ".min_label");
      }
      if (const DocNode* label = scale->Find("max_label")) {
        issue.max_label = Text(*label, scale_field + ".max_label");
      }
    }
    if (const DocNode* status_quo = node.Find("status_quo");
        status_quo != nullptr && status_quo->kind != DocNode::Kind::kNull) {
      issue.status_quo = Number(*status_quo, field + ".status_quo");
    }
    builder_.AddIssue(issue, Where(node), field);
  }

  void ReadPositions(const DocNode& node, const std::string& field) {
    const std::string issue_id = node.Find("id")->text;
    const std::string positions_field = field + ".positions";
    const DocNode& positions = Require(node, "positions", field);
    RequireKind(positions, DocNode::Kind::kMap, positions_field,
                "a mapping from actor id to {position, salience}");
    for (const auto& [actor_id, entry] : positions.members) {
      const std::string entry_field = positions_field + "." + actor_id;
      Stance stance;
      if (entry->kind == DocNode::Kind::kList) {
        if (entry->items.size() != 2) {
          Fail(*entry, entry_field,
               fmt::format("is a list of {} values; expected [position, salience]",
                           entry->items.size()));
        }
        stance.position = Number(*entry->items[0], entry_field + ".position");
        stance.salience = Number(*entry->items[1], entry_field + ".salience");
      } else {
        RequireKind(*entry, DocNode::Kind::kMap, entry_field,
                    "{position: P, salience: S} or [P, S]");
        CheckKeys(*entry, entry_field, {"position", "salience", "payoffs", "note", "source"});
        stance.position =
            Number(Require(*entry, "position", entry_field), entry_field + ".position");
        stance.salience =
            Number(Require(*entry, "salience", entry_field), entry_field + ".salience");
        if (const DocNode* payoffs = entry->Find("payoffs")) {
          const std::string payoffs_field = entry_field + ".payoffs";
          RequireKind(*payoffs, DocNode::Kind::kMap, payoffs_field,
                      "a mapping {cooperate: C, defect: D, punished: P}");
          CheckKeys(*payoffs, payoffs_field, {"cooperate", "defect", "punished"});
          RepeatedGamePayoffs values;
          values.cooperate =
              Number(Require(*payoffs, "cooperate", payoffs_field), payoffs_field + ".cooperate");
          values.defect =
              Number(Require(*payoffs, "defect", payoffs_field), payoffs_field + ".defect");
          values.punished =
              Number(Require(*payoffs, "punished", payoffs_field), payoffs_field + ".punished");
          stance.payoffs = values;
        }
      }
      if (salience_scale_ == 100 && std::isfinite(stance.salience)) {
        if (stance.salience < 0 || stance.salience > 100) {
          Fail(*entry, entry_field + ".salience",
               fmt::format("is {}; expected a value in [0, 100] (salience_scale: 100)",
                           stance.salience));
        }
        stance.salience /= 100;
      }
      builder_.SetStance(actor_id, issue_id, stance, Where(*entry), entry_field);
    }
  }

  const std::string& source_;
  ScenarioBuilder builder_;
  double salience_scale_ = 1;
};

}  // namespace

Scenario ScenarioFromDocument(const DocNode& root, const std::string& source) {
  return SchemaWalker(source).Walk(root);
}

}  // namespace parley::internal
