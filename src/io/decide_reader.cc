// decide reader: the input format of the decide exchange-model program
// (github.com/foarsitter/decide-exchange-model), one record per line:
//
//   #A  actor-id  [name  [description]]             an actor; file order = actor order
//   #P  issue-id  [name  [description]]             an issue; file order = issue order
//   #M  issue-id  value                             a bound of the issue's scale
//   #D  actor-id  issue-id  position  salience  power   an actor's stance on an issue
//
// Fields are separated by tabs (when the line holds a tab) or else by runs of spaces, and
// may be quoted with ' or " (the reference files quote every text field: '#A' 'USA' ...).
// Blank lines are skipped; every other line must be one of the four kinds.
//
// Scale. An issue's scale is [min, max] of its #M values; an issue without #M lines gets
// [0, 100], as in decide. (decide itself takes the *first* #M value as the lower bound and
// the largest as the upper, and a later, smaller #M value corrupts its bound; on files
// that list the lower bound first, as all known ones do, the two rules agree.) A single
// #M value, or all equal, leaves no range and is an error.
//
// Salience. decide uses saliences as given, 0-1 in every known file; its validator also
// lets 0-100 through, but the model's position update x' = x0 + (0.1 + 0.4 (1 - s))(y - x0)
// presumes s <= 1, so a 0-100 file is not the same model. Rather than guess the scale
// from the values, saliences above 1 are refused with a message saying so.
//
// Power. decide gives a power c per actor *and issue*. The actor's capability is the power
// of its first #D line; where a later line gives another power, that stance carries it as
// its issue-specific capability (Stance::capability, used by every per-issue model), so
// the file is represented exactly. (Every reference file gives each actor one power.) An
// actor without #D lines gets capability 1 (it has no stance, so it is never used).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "parley/io.h"

namespace parley {

namespace {

using internal::Trim;

struct Line {
  int number = 0;
  std::vector<std::string> fields;
};

// Splits one line into fields (see the file comment). `source` and `number` for messages.
std::vector<std::string> SplitFields(std::string_view text, const std::string& source, int number) {
  std::vector<std::string> fields;
  const bool tab_separated = text.find('\t') != std::string_view::npos;
  std::size_t at = 0;
  auto is_separator = [&](char c) { return tab_separated ? c == '\t' : (c == ' ' || c == '\t'); };
  while (at < text.size()) {
    // Leading spaces of a field are padding in both modes.
    while (at < text.size() && (text[at] == ' ' || (!tab_separated && text[at] == '\t'))) ++at;
    if (at == text.size() && !tab_separated) break;
    std::string field;
    if (at < text.size() && (text[at] == '\'' || text[at] == '"')) {
      const char quote = text[at];
      const std::size_t close = text.find(quote, at + 1);
      if (close == std::string_view::npos) {
        throw InputError(
            {source, number, static_cast<int>(at) + 1}, "",
            fmt::format("unterminated {}-quoted field; expected a closing {}", quote, quote));
      }
      field.assign(text.substr(at + 1, close - at - 1));
      at = close + 1;
      if (tab_separated) {
        while (at < text.size() && text[at] == ' ') ++at;
      }
      if (at < text.size() && !is_separator(text[at])) {
        throw InputError({source, number, static_cast<int>(at) + 1}, "",
                         fmt::format("text after a closing quote; expected a field separator "
                                     "(tab or space) after {}{}{}",
                                     quote, field, quote));
      }
    } else {
      const std::size_t begin = at;
      while (at < text.size() && !is_separator(text[at])) ++at;
      field = Trim(text.substr(begin, at - begin));
    }
    fields.push_back(std::move(field));
    // Step over a tab; in the space-separated mode the padding loop does it.
    if (tab_separated && at < text.size()) {
      ++at;
      if (at == text.size()) fields.emplace_back();  // a final empty field after a tab
    }
  }
  return fields;
}

double ParseNumber(const std::string& text, const SourceLocation& where, const std::string& field) {
  const std::optional<double> value = internal::ParseReal(Trim(text));
  if (!value) {
    throw InputError(where, field, fmt::format("'{}' is not a number; expected a number", text));
  }
  if (!std::isfinite(*value)) {
    throw InputError(where, field, fmt::format("is {}; expected a finite number", text));
  }
  return *value;
}

void RequireFieldCount(const Line& line, std::size_t least, std::size_t most,
                       const std::string& source, const char* layout) {
  const std::size_t count = line.fields.size();
  if (count < least || count > most) {
    throw InputError({source, line.number, 0}, line.fields[0],
                     fmt::format("line has {} fields; expected {}", count, layout));
  }
}

struct PendingActor {
  Actor actor;
  int line = 0;
  std::optional<double> power;  // from the first #D line of the actor
};

struct PendingIssue {
  Issue issue;
  int line = 0;
  std::vector<double> bounds;  // every #M value, in file order
  int first_bound_line = 0;
};

struct PendingStance {
  std::string actor;
  std::string issue;
  Stance stance;
  int line = 0;
};

}  // namespace

Scenario ParseDecideScenario(std::string_view text, const std::string& source) {
  text = internal::WithoutByteOrderMark(text);
  // Pass 1: split into lines and fields; check each line's kind and field count.
  std::vector<Line> lines;
  {
    std::size_t start = 0;
    int number = 1;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      const std::string content = Trim(text.substr(start, end - start));
      if (!content.empty()) {
        Line line{number, SplitFields(content, source, number)};
        const std::string& kind = line.fields[0];
        if (kind == "#A" || kind == "#P") {
          RequireFieldCount(line, 2, 4, source,
                            fmt::format("2 to 4: {} id [name [description]]", kind).c_str());
        } else if (kind == "#M") {
          RequireFieldCount(line, 3, 3, source, "3: #M issue value");
        } else if (kind == "#D") {
          RequireFieldCount(line, 6, 6, source, "6: #D actor issue position salience power");
        } else {
          throw InputError({source, number, 1}, "",
                           fmt::format("unknown line type '{}'; expected #A (actor), #P (issue), "
                                       "#M (issue bound) or #D (actor-issue data)",
                                       kind));
        }
        lines.push_back(std::move(line));
      }
      if (end == text.size()) break;
      start = end + 1;
      ++number;
    }
  }

  // Pass 2: actors and issues in file order, so #M and #D lines may refer to any of them.
  std::vector<PendingActor> actors;
  std::vector<PendingIssue> issues;
  std::map<std::string, std::size_t> actor_index, issue_index;
  for (const Line& line : lines) {
    const SourceLocation where{source, line.number, 0};
    const std::string& kind = line.fields[0];
    if (kind != "#A" && kind != "#P") continue;
    const std::string& id = line.fields[1];
    const std::string name = line.fields.size() > 2 ? line.fields[2] : id;
    auto& index = kind == "#A" ? actor_index : issue_index;
    if (auto found = index.find(id); found != index.end()) {
      const int first = kind == "#A" ? actors[found->second].line : issues[found->second].line;
      throw InputError(where, kind,
                       fmt::format("duplicate {} id '{}'; first defined on line {}",
                                   kind == "#A" ? "actor" : "issue", id, first));
    }
    if (kind == "#A") {
      index.emplace(id, actors.size());
      actors.push_back({Actor{id, name, 1.0}, line.number, std::nullopt});
    } else {
      Issue issue;
      issue.id = id;
      issue.name = name;
      index.emplace(id, issues.size());
      issues.push_back({issue, line.number, {}, 0});
    }
  }

  // Pass 3: bounds and data.
  std::vector<PendingStance> stances;
  std::map<std::pair<std::size_t, std::size_t>, int> stance_line;
  auto find_issue = [&](const std::string& id, const SourceLocation& where,
                        const std::string& field) -> PendingIssue& {
    auto found = issue_index.find(id);
    if (found == issue_index.end()) {
      throw InputError(
          where, field,
          fmt::format("unknown issue '{}'; expected an issue declared by a #P line", id));
    }
    return issues[found->second];
  };
  for (const Line& line : lines) {
    const SourceLocation where{source, line.number, 0};
    const std::string& kind = line.fields[0];
    if (kind == "#M") {
      PendingIssue& issue = find_issue(line.fields[1], where, "#M issue");
      issue.bounds.push_back(ParseNumber(line.fields[2], where, "#M value"));
      if (issue.first_bound_line == 0) issue.first_bound_line = line.number;
    } else if (kind == "#D") {
      const std::string& actor_id = line.fields[1];
      auto actor_found = actor_index.find(actor_id);
      if (actor_found == actor_index.end()) {
        throw InputError(
            where, "#D actor",
            fmt::format("unknown actor '{}'; expected an actor declared by a #A line", actor_id));
      }
      const PendingIssue& issue = find_issue(line.fields[2], where, "#D issue");
      const auto key =
          std::make_pair(actor_found->second, static_cast<std::size_t>(&issue - issues.data()));
      if (auto seen = stance_line.find(key); seen != stance_line.end()) {
        throw InputError(where, "#D",
                         fmt::format("duplicate data for actor '{}' on issue '{}'; first given on "
                                     "line {}",
                                     actor_id, line.fields[2], seen->second));
      }
      stance_line.emplace(key, line.number);
      PendingStance stance{actor_id, line.fields[2], {}, line.number};
      stance.stance.position = ParseNumber(line.fields[3], where, "#D position");
      stance.stance.salience = ParseNumber(line.fields[4], where, "#D salience");
      const double power = ParseNumber(line.fields[5], where, "#D power");
      if (stance.stance.salience < 0 || stance.stance.salience > 1) {
        throw InputError(where, "#D salience",
                         fmt::format("is {}; expected a value in [0, 1] (decide saliences are "
                                     "shares; parley does not guess whether a file uses 0-100)",
                                     line.fields[4]));
      }
      if (!(power > 0)) {
        throw InputError(where, "#D power",
                         fmt::format("is {}; expected a number > 0", line.fields[5]));
      }
      PendingActor& actor = actors[actor_found->second];
      if (!actor.power) {
        actor.power = power;
      } else if (*actor.power != power) {
        // Power differs from the actor's first issue: an issue-specific capability.
        stance.stance.capability = power;
      }
      stances.push_back(std::move(stance));
    }
  }

  ScenarioBuilder builder(source);
  std::string name = std::filesystem::path(source).stem().string();
  builder.SetName(name.empty() ? "decide" : name);
  for (PendingActor& pending : actors) {
    if (pending.power) pending.actor.capability = *pending.power;
    builder.AddActor(pending.actor, {source, pending.line, 0}, "#A");
  }
  for (PendingIssue& pending : issues) {
    if (!pending.bounds.empty()) {
      double low = pending.bounds[0], high = pending.bounds[0];
      for (double bound : pending.bounds) {
        low = std::min(low, bound);
        high = std::max(high, bound);
      }
      if (!(low < high)) {
        throw InputError({source, pending.first_bound_line, 0}, "#M",
                         fmt::format("issue '{}' has the single bound {}; expected two #M lines "
                                     "giving the lower and upper end of its scale",
                                     pending.issue.id, low));
      }
      pending.issue.scale_min = low;
      pending.issue.scale_max = high;
    }
    builder.AddIssue(pending.issue, {source, pending.line, 0}, "#P");
  }
  for (const PendingStance& pending : stances) {
    builder.SetStance(pending.actor, pending.issue, pending.stance, {source, pending.line, 0},
                      "#D");
  }
  return builder.Build();
}

}  // namespace parley
