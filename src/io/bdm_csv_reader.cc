// BDM CSV reader: Bueno de Mesquita's single-issue table, one row per actor with columns
// Actor, Capability, Position, Salience (any order, case-insensitive; extra columns such as
// Description are ignored). Optional directive lines before the header, each
// "# parley.<key>: <value>", set what the table cannot say:
//   issue (id), issue_name, scale (two numbers: min max), min_label, max_label,
//   status_quo, salience_scale (1 or 100).
// Other lines starting with '#' are comments. Without a scale directive the scale is the
// range of the positions in the table.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

#include "core/text.h"
#include "io/csv.h"
#include "parley/io.h"

namespace parley {

namespace {

using internal::Lower;
using internal::Trim;

double ParseNumber(const std::string& raw, const SourceLocation& where, const std::string& field) {
  const std::string text = Trim(raw);
  const std::optional<double> value = internal::ParseReal(text);
  if (!value) {
    throw InputError(where, field, fmt::format("'{}' is not a number; expected a number", text));
  }
  return *value;
}

struct Directives {
  std::string issue_id;
  std::string issue_name;
  std::optional<std::pair<double, double>> scale;
  std::string min_label;
  std::string max_label;
  std::optional<double> status_quo;
  double salience_scale = 1;
};

// Reads "# parley.key: value" lines before the header and empties every leading comment
// line (keeping the line breaks, so line numbers stay right) so the CSV tokenizer sees
// only the table.
Directives ReadDirectives(std::string& text, const std::string& source) {
  std::string table;
  Directives directives;
  std::size_t line_start = 0;
  int line = 1;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    const std::string content =
        Trim(std::string_view(text).substr(line_start, line_end - line_start));
    if (!content.empty() && content[0] != '#') break;
    const std::string body = Trim(std::string_view(content).substr(content.empty() ? 0 : 1));
    if (body.rfind("parley.", 0) == 0) {
      const std::size_t colon = body.find(':');
      const SourceLocation where{source, line, 0};
      if (colon == std::string::npos) {
        throw InputError(where, body, "directive without ':'; expected # parley.<key>: <value>");
      }
      const std::string key = Trim(std::string_view(body).substr(7, colon - 7));
      const std::string value = Trim(std::string_view(body).substr(colon + 1));
      const std::string field = "parley." + key;
      if (key == "issue") {
        directives.issue_id = value;
      } else if (key == "issue_name") {
        directives.issue_name = value;
      } else if (key == "min_label") {
        directives.min_label = value;
      } else if (key == "max_label") {
        directives.max_label = value;
      } else if (key == "status_quo") {
        directives.status_quo = ParseNumber(value, where, field);
      } else if (key == "salience_scale") {
        directives.salience_scale = ParseNumber(value, where, field);
        if (directives.salience_scale != 1 && directives.salience_scale != 100) {
          throw InputError(where, field, fmt::format("is {}; expected 1 or 100", value));
        }
      } else if (key == "scale") {
        const std::size_t space = value.find_first_of(" \t");
        if (space == std::string::npos) {
          throw InputError(where, field, fmt::format("'{}': expected two numbers, MIN MAX", value));
        }
        directives.scale = {ParseNumber(value.substr(0, space), where, field + ".min"),
                            ParseNumber(value.substr(space + 1), where, field + ".max")};
      } else {
        throw InputError(where, field,
                         "unknown directive; expected one of parley.issue, parley.issue_name, "
                         "parley.scale, parley.min_label, parley.max_label, parley.status_quo, "
                         "parley.salience_scale");
      }
    }
    if (line_end < text.size()) table += '\n';
    line_start = line_end + 1;
    ++line;
  }
  if (line_start < text.size()) table.append(text, line_start, std::string::npos);
  text = std::move(table);
  return directives;
}

}  // namespace

Scenario ParseBdmCsvScenario(std::string_view input, const std::string& source) {
  input = internal::WithoutByteOrderMark(input);
  std::string text(input);
  const Directives directives = ReadDirectives(text, source);
  const std::vector<internal::CsvRecord> records = internal::ParseCsv(text, source);
  if (records.empty()) {
    throw InputError({source, 0, 0}, "",
                     "the file has no header and no rows; expected a "
                     "header Actor,Capability,Position,Salience and one row "
                     "per actor");
  }
  const internal::CsvRecord& header = records[0];
  const char* required[] = {"actor", "capability", "position", "salience"};
  std::size_t column[4];
  for (int r = 0; r < 4; ++r) {
    auto found = std::find_if(header.fields.begin(), header.fields.end(),
                              [&](const std::string& f) { return Lower(Trim(f)) == required[r]; });
    if (found == header.fields.end()) {
      throw InputError({source, header.line, 0}, "header",
                       fmt::format("no '{}' column; expected the columns Actor, Capability, "
                                   "Position, Salience",
                                   required[r]));
    }
    column[r] = static_cast<std::size_t>(found - header.fields.begin());
  }
  if (records.size() < 2) {
    throw InputError({source, header.line, 0}, "",
                     "the table has a header but no actors; "
                     "expected one row per actor");
  }

  std::string issue_id = directives.issue_id;
  if (issue_id.empty()) issue_id = std::filesystem::path(source).stem().string();
  if (issue_id.empty()) issue_id = "issue";

  struct Row {
    Actor actor;
    Stance stance;
    SourceLocation where;
  };
  std::vector<Row> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const internal::CsvRecord& record = records[r];
    const SourceLocation where{source, record.line, 0};
    if (record.fields.size() != header.fields.size()) {
      throw InputError(where, "",
                       fmt::format("row has {} fields; expected {} as in the header",
                                   record.fields.size(), header.fields.size()));
    }
    Row row;
    row.where = where;
    // The Actor column holds a name (RFC 4180 quoting lets it hold commas and quotes); the
    // id is derived from it (internal::IdFromName) and the name kept for display.
    row.actor.name = Trim(record.fields[column[0]]);
    row.actor.id = internal::IdFromName(row.actor.name);
    row.actor.capability = ParseNumber(record.fields[column[1]], where, "Capability");
    row.stance.position = ParseNumber(record.fields[column[2]], where, "Position");
    row.stance.salience = ParseNumber(record.fields[column[3]], where, "Salience");
    if (directives.salience_scale == 100 && std::isfinite(row.stance.salience)) {
      if (row.stance.salience < 0 || row.stance.salience > 100) {
        throw InputError(where, "Salience",
                         fmt::format("is {}; expected a value in [0, 100] "
                                     "(parley.salience_scale: 100)",
                                     row.stance.salience));
      }
      row.stance.salience /= 100;
    }
    rows.push_back(row);
  }

  std::vector<internal::NamedRow> names;
  for (const Row& row : rows) names.push_back({row.actor.name, row.actor.id, row.where});
  internal::RequireDistinctDerivedIds(names, "Actor");

  ScenarioBuilder builder(source);
  builder.SetName(issue_id);
  for (const Row& row : rows) builder.AddActor(row.actor, row.where, "Actor");

  Issue issue;
  issue.id = issue_id;
  issue.name = directives.issue_name.empty() ? issue_id : directives.issue_name;
  issue.min_label = directives.min_label;
  issue.max_label = directives.max_label;
  issue.status_quo = directives.status_quo;
  if (directives.scale) {
    issue.scale_min = directives.scale->first;
    issue.scale_max = directives.scale->second;
  } else {
    issue.scale_min = std::numeric_limits<double>::infinity();
    issue.scale_max = -std::numeric_limits<double>::infinity();
    for (const Row& row : rows) {
      if (!std::isfinite(row.stance.position)) {
        throw InputError(row.where, "Position",
                         fmt::format("is {}; expected a finite number", row.stance.position));
      }
      issue.scale_min = std::min(issue.scale_min, row.stance.position);
      issue.scale_max = std::max(issue.scale_max, row.stance.position);
    }
    if (issue.scale_min == issue.scale_max) {
      throw InputError({source, header.line, 0}, "Position",
                       fmt::format("every actor is at {}, so the scale cannot be taken from the "
                                   "data; expected a directive '# parley.scale: MIN MAX'",
                                   issue.scale_min));
    }
  }
  builder.AddIssue(issue, {source, header.line, 0}, "issue");
  for (const Row& row : rows) {
    builder.SetStance(row.actor.id, issue_id, row.stance, row.where, "row");
  }
  return builder.Build();
}

}  // namespace parley
