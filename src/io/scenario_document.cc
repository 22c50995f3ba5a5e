// The parley scenario schema, read from a DocNode tree (YAML or JSON). Every field is
// checked for kind and presence here; value rules (ranges, duplicates, participation) are
// the ScenarioBuilder's. Unknown keys are errors, so a typo never becomes a silent default.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "core/text.h"
#include "io/document.h"
#include "parley/scenario.h"
#include "parley/trade.h"
#include "trade/leverage_rule.h"

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
               "issues", "trade", "leverage", "uncertainty", "discount_factor"});
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
      if (const DocNode* decision = issues.items[index]->Find("decision")) {
        ReadDecision(*decision, issues.items[index]->Find("id")->text,
                     fmt::format("issues[{}].decision", index));
      }
    }
    if (const DocNode* leverage = root.Find("leverage")) {
      const DocNode* trade = root.Find("trade");
      if (trade == nullptr) {
        Fail(*leverage, "leverage", "needs a 'trade' section with the data it derives from");
      }
      ApplyLeverage(*trade, *leverage);
    } else if (const DocNode* trade = root.Find("trade")) {
      ReadTrade(*trade);  // validated even when no rule uses it
    }
    if (const DocNode* uncertainty = root.Find("uncertainty")) ReadUncertainty(*uncertainty);
    if (const DocNode* discount = root.Find("discount_factor")) {
      builder_.SetDiscountFactor(Number(*discount, "discount_factor"), Where(*discount));
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
    actor_capability_.emplace_back(actor.id, 0.0);
    if (const DocNode* name = node.Find("name")) actor.name = Text(*name, field + ".name");
    const DocNode& capability_node = Require(node, "capability", field);
    const std::optional<Distribution> uncertain = ReadDistribution(
        capability_node, field + ".capability", 0, std::numeric_limits<double>::infinity(), 1);
    actor.capability =
        uncertain ? uncertain->Nominal() : Number(capability_node, field + ".capability");
    actor_capability_.back().second = actor.capability;
    builder_.AddActor(actor, Where(node), field);
    if (uncertain) {
      builder_.SetUncertainty(actor.id, "", UncertainField::kCapability, *uncertain,
                              Where(capability_node), field + ".capability");
    }
  }

  // A distribution given in place of a number: a mapping with one key, uniform: [low,
  // high], triangular: [low, mode, high], normal: [mean, sd] or beta: [alpha, beta] (or
  // [alpha, beta, low, high]). Returns nullopt when `node` is not a mapping (a plain
  // number). [min, max] is the field's valid range, which bounds the normal and scales
  // the beta; `unit` divides the numbers (100 for saliences under salience_scale: 100).
  // The parameters' ranges are checked by ScenarioBuilder::SetUncertainty.
  std::optional<Distribution> ReadDistribution(const DocNode& node, const std::string& field,
                                               double min, double max, double unit) const {
    if (node.kind != DocNode::Kind::kMap) return std::nullopt;
    const char* expected =
        "a number or one distribution: {uniform: [low, high]}, {triangular: [low, mode, "
        "high]}, {normal: [mean, sd]} or {beta: [alpha, beta]}";
    if (node.members.size() != 1) Fail(node, field, fmt::format("expected {}", expected));
    // Plain references rather than a structured binding: clang 14 (the fuzz build) cannot
    // capture bindings in the lambda below.
    const std::string& name = node.members.front().first;
    const DocNode* value = node.members.front().second.get();
    const std::string value_field = field + "." + name;
    if (value->kind != DocNode::Kind::kList) {
      Fail(*value, value_field,
           fmt::format("is {}; expected a list of numbers", value->KindName()));
    }
    std::vector<double> numbers;
    for (std::size_t i = 0; i < value->items.size(); ++i) {
      numbers.push_back(Number(*value->items[i], fmt::format("{}[{}]", value_field, i)));
    }
    auto require_count = [&](std::size_t count, const char* form) {
      if (numbers.size() != count) {
        Fail(*value, value_field, fmt::format("has {} numbers; expected {}", numbers.size(), form));
      }
    };
    Distribution d;
    d.low = min;
    d.high = max;
    if (name == "uniform") {
      require_count(2, "[low, high]");
      d.kind = DistributionKind::kUniform;
      d.low = numbers[0] / unit;
      d.high = numbers[1] / unit;
    } else if (name == "triangular") {
      require_count(3, "[low, mode, high]");
      d.kind = DistributionKind::kTriangular;
      d.low = numbers[0] / unit;
      d.mode = numbers[1] / unit;
      d.high = numbers[2] / unit;
    } else if (name == "normal") {
      require_count(2, "[mean, sd]");
      d.kind = DistributionKind::kNormal;
      d.mean = numbers[0] / unit;
      d.sd = numbers[1] / unit;
    } else if (name == "beta") {
      d.kind = DistributionKind::kBeta;
      if (numbers.size() == 4) {
        d.low = numbers[2] / unit;
        d.high = numbers[3] / unit;
      } else if (std::isinf(max)) {
        Fail(*value, value_field,
             fmt::format("has {} numbers; expected [alpha, beta, low, high] (a capability has "
                         "no upper bound to scale the beta to)",
                         numbers.size()));
      } else {
        require_count(2, "[alpha, beta] or [alpha, beta, low, high]");
      }
      d.alpha = numbers[0];
      d.beta = numbers[1];
    } else {
      Fail(node, value_field,
           fmt::format("unknown distribution '{}'; expected {}", name, expected));
    }
    return d;
  }

  // uncertainty: {relative_noise: r}
  void ReadUncertainty(const DocNode& node) {
    RequireKind(node, DocNode::Kind::kMap, "uncertainty", "a mapping {relative_noise: r}");
    CheckKeys(node, "uncertainty", {"relative_noise", "note", "source"});
    if (const DocNode* noise = node.Find("relative_noise")) {
      builder_.SetRelativeNoise(Number(*noise, "uncertainty.relative_noise"), Where(*noise));
    }
  }

  void ReadIssue(const DocNode& node, const std::string& field) {
    RequireKind(node, DocNode::Kind::kMap, field, "a mapping with id, name, scale, positions");
    CheckKeys(node, field,
              {"id", "name", "scale", "status_quo", "positions", "decision", "note", "source"});
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
    // The issue's scale bounds its positions' distributions.
    double scale_min = 0, scale_max = 100;
    if (const DocNode* scale = node.Find("scale")) {
      scale_min = Number(*scale->Find("min"), field + ".scale.min");
      scale_max = Number(*scale->Find("max"), field + ".scale.max");
    }
    for (const auto& [actor_id, entry] : positions.members) {
      const std::string entry_field = positions_field + "." + actor_id;
      Stance stance;
      // Distributions in place of the position or salience, with their nodes.
      std::optional<Distribution> position_d, salience_d;
      const DocNode* position_node = nullptr;
      const DocNode* salience_node = nullptr;
      auto read_value = [&](const DocNode& value, const std::string& value_field,
                            bool is_position) {
        std::optional<Distribution>& d = is_position ? position_d : salience_d;
        (is_position ? position_node : salience_node) = &value;
        d = is_position ? ReadDistribution(value, value_field, scale_min, scale_max, 1)
                        : ReadDistribution(value, value_field, 0, 1, salience_scale_);
        if (!d) return Number(value, value_field);
        return d->Nominal() * (is_position ? 1 : salience_scale_);
      };
      if (entry->kind == DocNode::Kind::kList) {
        if (entry->items.size() != 2) {
          Fail(*entry, entry_field,
               fmt::format("is a list of {} values; expected [position, salience]",
                           entry->items.size()));
        }
        stance.position = read_value(*entry->items[0], entry_field + ".position", true);
        stance.salience = read_value(*entry->items[1], entry_field + ".salience", false);
      } else {
        RequireKind(*entry, DocNode::Kind::kMap, entry_field,
                    "{position: P, salience: S} or [P, S]");
        CheckKeys(*entry, entry_field,
                  {"position", "salience", "capability", "payoffs", "note", "source"});
        if (const DocNode* capability = entry->Find("capability")) {
          stance.capability = Number(*capability, entry_field + ".capability");
        }
        stance.position =
            read_value(Require(*entry, "position", entry_field), entry_field + ".position", true);
        stance.salience =
            read_value(Require(*entry, "salience", entry_field), entry_field + ".salience", false);
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
      if (salience_d) stance.salience = salience_d->Nominal();  // exact, not x100/100
      builder_.SetStance(actor_id, issue_id, stance, Where(*entry), entry_field);
      if (position_d) {
        builder_.SetUncertainty(actor_id, issue_id, UncertainField::kPosition, *position_d,
                                Where(*position_node), entry_field + ".position");
      }
      if (salience_d) {
        builder_.SetUncertainty(actor_id, issue_id, UncertainField::kSalience, *salience_d,
                                Where(*salience_node), entry_field + ".salience");
      }
      participants_[issue_id].push_back(actor_id);
    }
  }

  // decision: {rule, decider, threshold, voting_weights, veto, agenda_setter, note}. Each
  // field is allowed only where the rule uses it, so a misplaced one is an error rather than
  // silently ignored; ids and the status quo are checked by the builder.
  void ReadDecision(const DocNode& node, const std::string& issue_id, const std::string& field) {
    RequireKind(node, DocNode::Kind::kMap, field,
                "a mapping {rule: decider|vote|unanimity, decider, threshold, voting_weights, "
                "veto, agenda_setter}");
    CheckKeys(node, field,
              {"rule", "decider", "threshold", "voting_weights", "veto", "agenda_setter", "note",
               "source"});
    Decision decision;
    const DocNode& rule_node = Require(node, "rule", field);
    const std::string rule = Text(rule_node, field + ".rule");
    if (rule == "decider") {
      decision.rule = DecisionRule::kDecider;
    } else if (rule == "vote") {
      decision.rule = DecisionRule::kVote;
    } else if (rule == "unanimity") {
      decision.rule = DecisionRule::kUnanimity;
    } else {
      Fail(rule_node, field + ".rule",
           fmt::format("'{}' is not a decision rule; expected decider, vote or unanimity", rule));
    }
    auto only_for = [&](const char* key, DecisionRule wanted, const char* wanted_name) {
      const DocNode* value = node.Find(key);
      if (value != nullptr && decision.rule != wanted) {
        Fail(*value, field + "." + key,
             fmt::format("is given with rule '{}'; expected it only with rule: {}", rule,
                         wanted_name));
      }
      return value;
    };
    if (const DocNode* decider = only_for("decider", DecisionRule::kDecider, "decider")) {
      decision.decider = Text(*decider, field + ".decider");
    } else if (decision.rule == DecisionRule::kDecider) {
      Fail(node, field + ".decider",
           "is missing; expected the id of the actor who decides (rule: decider)");
    }
    if (const DocNode* threshold = only_for("threshold", DecisionRule::kVote, "vote")) {
      decision.threshold = Number(*threshold, field + ".threshold");
    } else if (decision.rule == DecisionRule::kVote) {
      Fail(node, field + ".threshold",
           "is missing; expected the share of voting weight needed to move off the status quo "
           "in (0, 1], e.g. 0.5 (rule: vote)");
    }
    if (const DocNode* weights = only_for("voting_weights", DecisionRule::kVote, "vote")) {
      RequireKind(*weights, DocNode::Kind::kMap, field + ".voting_weights",
                  "a mapping from actor id to its number of votes");
      for (const auto& [actor_id, value] : weights->members) {
        decision.voting_weights.emplace_back(actor_id,
                                             Number(*value, field + ".voting_weights." + actor_id));
      }
    }
    if (const DocNode* veto = node.Find("veto")) {
      RequireKind(*veto, DocNode::Kind::kList, field + ".veto", "a list of actor ids");
      for (std::size_t v = 0; v < veto->items.size(); ++v) {
        decision.veto.push_back(Text(*veto->items[v], fmt::format("{}.veto[{}]", field, v)));
      }
    }
    if (const DocNode* setter = node.Find("agenda_setter")) {
      decision.agenda_setter = Text(*setter, field + ".agenda_setter");
    }
    if (const DocNode* note = node.Find("note")) decision.note = Text(*note, field + ".note");
    builder_.SetDecision(issue_id, decision, Where(node), field);
  }

  // trade: {year, countries, files, data: [{year, source, totals, flows}]}. Returns the
  // data; `year_out` receives trade.year (0 when absent).
  trade::TradeData ReadTrade(const DocNode& node, int* year_out = nullptr) {
    RequireKind(node, DocNode::Kind::kMap, "trade", "a mapping with year, countries, data");
    CheckKeys(node, "trade", {"year", "countries", "files", "data", "source", "note"});
    if (const DocNode* countries = node.Find("countries")) {
      RequireKind(*countries, DocNode::Kind::kMap, "trade.countries",
                  "a mapping from actor id to country (COW code, ISO3 or name)");
      for (const auto& [actor_id, country] : countries->members) {
        const std::string field = "trade.countries." + actor_id;
        const std::string& id = actor_id;  // clang 14 cannot capture a structured binding
        if (std::find_if(actor_capability_.begin(), actor_capability_.end(),
                         [&](const auto& a) { return a.first == id; }) == actor_capability_.end()) {
          Fail(*country, field, fmt::format("unknown actor '{}'", actor_id));
        }
        country_of_[actor_id] = ResolveCountry(*country, field);
      }
    }
    trade::TradeData data;
    if (const DocNode* files = node.Find("files")) {
      RequireKind(*files, DocNode::Kind::kList, "trade.files", "a list of file paths");
      for (std::size_t f = 0; f < files->items.size(); ++f) {
        const std::string field = fmt::format("trade.files[{}]", f);
        std::filesystem::path path = Text(*files->items[f], field);
        if (path.is_relative()) path = std::filesystem::path(source_).parent_path() / path;
        if (!std::filesystem::exists(path)) {
          Fail(*files->items[f], field, fmt::format("no such file: {}", path.string()));
        }
        trade::ReadTradeFile(path.string(), data);
      }
    }
    if (const DocNode* blocks = node.Find("data")) {
      RequireKind(*blocks, DocNode::Kind::kList, "trade.data", "a list of yearly data blocks");
      for (std::size_t b = 0; b < blocks->items.size(); ++b) {
        ReadTradeBlock(*blocks->items[b], fmt::format("trade.data[{}]", b), data);
      }
    }
    // trade.year is required by the leverage rule, and checked whenever it is given.
    const DocNode* year = year_out != nullptr ? &Require(node, "year", "trade") : node.Find("year");
    if (year != nullptr) {
      const int value = static_cast<int>(Number(*year, "trade.year"));
      const auto years = data.Years();
      if (std::find(years.begin(), years.end(), value) == years.end()) {
        Fail(*year, "trade.year",
             fmt::format("{} has no trade data; expected one of the years given in "
                         "trade.data or trade.files",
                         value));
      }
      if (year_out != nullptr) *year_out = value;
    }
    return data;
  }

  int ResolveCountry(const DocNode& node, const std::string& field) const {
    try {
      return trade::CountryCode(Text(node, field), field);
    } catch (const InputError& error) {
      Fail(node, field, error.what());
    }
  }

  // A country named in trade data: an actor id (through trade.countries, else the id
  // itself as a country) or a country.
  int CountryOf(const std::string& name, const DocNode& node, const std::string& field) const {
    if (auto mapped = country_of_.find(name); mapped != country_of_.end()) return mapped->second;
    try {
      return trade::CountryCode(name, field);
    } catch (const InputError&) {
      Fail(node, field,
           fmt::format("'{}' is neither a country (COW code, ISO3 or name) nor an actor "
                       "mapped in trade.countries",
                       name));
    }
  }

  void ReadTradeBlock(const DocNode& node, const std::string& field, trade::TradeData& data) {
    RequireKind(node, DocNode::Kind::kMap, field, "a mapping with year, totals, flows");
    CheckKeys(node, field, {"year", "source", "note", "totals", "flows"});
    const int year = static_cast<int>(Number(Require(node, "year", field), field + ".year"));
    if (const DocNode* totals = node.Find("totals")) {
      RequireKind(*totals, DocNode::Kind::kMap, field + ".totals",
                  "a mapping from country to total trade (million USD)");
      for (const auto& [name, value] : totals->members) {
        const std::string total_field = field + ".totals." + name;
        const double total = Number(*value, total_field);
        if (!(total > 0) || !std::isfinite(total)) {
          Fail(*value, total_field, fmt::format("is {}; expected a number > 0", value->text));
        }
        data.SetTotal(year, CountryOf(name, *value, total_field), total);
      }
    }
    if (const DocNode* flows = node.Find("flows")) {
      RequireKind(*flows, DocNode::Kind::kList, field + ".flows", "a list of flows");
      for (std::size_t f = 0; f < flows->items.size(); ++f) {
        const DocNode& flow = *flows->items[f];
        const std::string flow_field = fmt::format("{}.flows[{}]", field, f);
        RequireKind(flow, DocNode::Kind::kMap, flow_field,
                    "{reporter, partner, imports, exports} or {reporter, partner, total}");
        CheckKeys(flow, flow_field,
                  {"reporter", "partner", "imports", "exports", "total", "source", "note"});
        const DocNode& reporter_node = Require(flow, "reporter", flow_field);
        const DocNode& partner_node = Require(flow, "partner", flow_field);
        const int reporter = CountryOf(Text(reporter_node, flow_field + ".reporter"), reporter_node,
                                       flow_field + ".reporter");
        const int partner = CountryOf(Text(partner_node, flow_field + ".partner"), partner_node,
                                      flow_field + ".partner");
        double imports = 0, exports = 0;
        if (const DocNode* total = flow.Find("total")) {
          if (flow.Find("imports") || flow.Find("exports")) {
            Fail(flow, flow_field, "gives total and imports/exports; expected one or the other");
          }
          // Direction unknown: split evenly. Shares and totals are exact; measures that
          // depend on direction (sanction costs) are then approximate.
          imports = exports = Number(*total, flow_field + ".total") / 2;
        } else {
          imports = Number(Require(flow, "imports", flow_field), flow_field + ".imports");
          exports = Number(Require(flow, "exports", flow_field), flow_field + ".exports");
        }
        if (!(imports >= 0) || !(exports >= 0) || !std::isfinite(imports + exports)) {
          Fail(flow, flow_field, "expected finite, non-negative trade values (million USD)");
        }
        try {
          data.AddFlow(year, reporter, partner, imports, exports);
        } catch (const std::invalid_argument& error) {
          Fail(flow, flow_field, error.what());
        }
      }
    }
  }

  // leverage: {weight, issues: {ISSUE: {targets: [ACTOR...]}}}; derives the capability of
  // every participant of each listed issue (trade/leverage_rule.h).
  void ApplyLeverage(const DocNode& trade_node, const DocNode& node) {
    int year = 0;
    const trade::TradeData data = ReadTrade(trade_node, &year);
    RequireKind(node, DocNode::Kind::kMap, "leverage", "a mapping with weight and issues");
    CheckKeys(node, "leverage", {"weight", "issues", "note", "source"});
    const DocNode& weight_node = Require(node, "weight", "leverage");
    const double beta = Number(weight_node, "leverage.weight");
    if (!(beta >= 0 && beta < 1)) {
      Fail(weight_node, "leverage.weight",
           fmt::format("is {}; expected a share in [0, 1): the part of an actor's weight on "
                       "the issue that its trade decides",
                       weight_node.text));
    }
    const DocNode& issues = Require(node, "issues", "leverage");
    RequireKind(issues, DocNode::Kind::kMap, "leverage.issues",
                "a mapping from issue id to {targets: [actor ids]}");
    for (const auto& [issue_id, rule] : issues.members) {
      const std::string field = "leverage.issues." + issue_id;
      if (participants_.find(issue_id) == participants_.end()) {
        Fail(*rule, field, fmt::format("unknown issue '{}'", issue_id));
      }
      RequireKind(*rule, DocNode::Kind::kMap, field, "{targets: [actor ids]}");
      CheckKeys(*rule, field, {"targets", "note", "source"});
      const DocNode& targets_node = Require(*rule, "targets", field);
      RequireKind(targets_node, DocNode::Kind::kList, field + ".targets", "a list of actor ids");
      if (targets_node.items.empty()) Fail(targets_node, field + ".targets", "is empty");
      std::vector<internal::LeverageTarget> targets;
      for (const auto& item : targets_node.items) {
        const std::string target = Text(*item, field + ".targets");
        targets.push_back({target, CountryOf(target, *item, field + ".targets")});
      }
      std::vector<internal::LeverageParticipant> participants;
      for (const std::string& actor_id : participants_[issue_id]) {
        double capability = 0;
        for (const auto& [id, value] : actor_capability_) {
          if (id == actor_id) capability = value;
        }
        participants.push_back({actor_id, CountryOf(actor_id, *rule, field), capability});
      }
      for (const CapabilityDerivation& derivation : internal::DeriveIssueCapabilities(
               data, year, beta, issue_id, participants, targets, Where(*rule), field)) {
        builder_.SetIssueCapability(derivation.actor_id, issue_id, derivation.capability,
                                    Where(*rule), field);
        builder_.AddDerivation(derivation);
      }
    }
  }

  const std::string& source_;
  ScenarioBuilder builder_;
  double salience_scale_ = 1;
  std::vector<std::pair<std::string, double>> actor_capability_;  // in file order
  std::map<std::string, std::vector<std::string>> participants_;  // issue -> actor ids
  std::map<std::string, int> country_of_;                         // trade.countries
};

}  // namespace

Scenario ScenarioFromDocument(const DocNode& root, const std::string& source) {
  return SchemaWalker(source).Walk(root);
}

}  // namespace parley::internal
