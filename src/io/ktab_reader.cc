// KTAB SMP CSV reader (KTAB examples/smp/doc/*.csv, read by SMPModel::csvRead):
//   row 1: scenario name, description, number of actors, number of dimensions (further
//          fields, often empty, are ignored);
//   row 2: header: Actor, Description, Power/Influence, then per dimension its position
//          column and its salience column (names free; the position column names the
//          dimension);
//   then one row per actor: name, description, capability, then position and salience per
//   dimension, both on 0-100. Trailing empty fields are allowed.
// Each dimension becomes an issue (id = the position column's name, scale 0-100); salience
// is divided by 100, as KTAB does; capability is the actor's. As in KTAB, positions and
// saliences must lie in [0, 100] and an actor's saliences may total at most 100.
#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "io/csv.h"
#include "parley/io.h"

namespace parley {

namespace internal {

namespace {

std::optional<long long> ParseCount(const std::string& raw) {
  const std::string text = Trim(raw);
  const std::optional<double> value = ParseReal(text);
  if (!value || *value < 0 || *value != std::floor(*value) || *value > 1e9) return std::nullopt;
  return static_cast<long long>(*value);
}

// The first record with at least four fields, the third and fourth of them whole numbers.
bool FirstLineIsKtab(const CsvRecord& record) {
  return record.fields.size() >= 4 && ParseCount(record.fields[2]) && ParseCount(record.fields[3]);
}

}  // namespace

// KTAB CSV opens with "name, description, actors, dimensions": its first row, and nothing
// else, tells it apart. The header below it is not looked at, as KTAB's csvRead does not
// (its columns are named freely: "Actor,Description,Influence,..." or
// "Name,Description,Power,Pos 1,Sal 1,"). A BDM CSV opens with '#' directive lines or with
// its header, whose columns are names (one of them "Actor"), never two whole numbers in the
// third and fourth place. Only the first line is parsed: KTAB reads line by line, so its
// first row cannot span lines.
bool LooksLikeKtabCsv(std::string_view text) {
  const std::size_t first = text.find_first_not_of("\r\n");  // blank lines are skipped
  if (first == std::string_view::npos) return false;
  text.remove_prefix(first);
  const std::string_view head = text.substr(0, text.find('\n'));
  const std::size_t start = head.find_first_not_of(" \t\r");
  if (start == std::string_view::npos || head[start] == '#') return false;
  try {
    const std::vector<CsvRecord> records = ParseCsv(head, "");
    if (records.empty() || !FirstLineIsKtab(records[0])) return false;
    for (const std::string& field : records[0].fields) {
      if (Lower(Trim(field)) == "actor") return false;  // a BDM header with numeric columns
    }
    return true;
  } catch (const InputError&) {
    return false;
  }
}

}  // namespace internal

namespace {

using internal::Trim;

double Number(const std::string& raw, const SourceLocation& where, const std::string& field) {
  const std::string text = Trim(raw);
  const std::optional<double> value = internal::ParseReal(text);
  if (!value || !std::isfinite(*value)) {
    throw InputError(where, field, fmt::format("'{}' is not a number; expected a number", text));
  }
  return *value;
}

// Drops trailing empty fields (KTAB rows usually end with a comma).
std::vector<std::string> Fields(const internal::CsvRecord& record) {
  std::vector<std::string> fields = record.fields;
  while (!fields.empty() && Trim(fields.back()).empty()) fields.pop_back();
  return fields;
}

}  // namespace

Scenario ParseKtabScenario(std::string_view text, const std::string& source) {
  text = internal::WithoutByteOrderMark(text);
  const std::vector<internal::CsvRecord> records = internal::ParseCsv(text, source);
  if (records.empty()) throw InputError({source, 0, 0}, "", "is empty; expected a KTAB CSV file");
  const internal::CsvRecord& first = records[0];
  const SourceLocation first_where{source, first.line, 0};
  if (first.fields.size() < 4) {
    throw InputError(first_where, "",
                     fmt::format("has {} fields; expected scenario name, description, number of "
                                 "actors, number of dimensions",
                                 first.fields.size()));
  }
  const auto count = [&](std::size_t index, const char* what) {
    const std::string value = Trim(first.fields[index]);
    const std::optional<double> number = internal::ParseReal(value);
    if (!number || *number < 1 || *number != std::floor(*number) || *number > 1e6) {
      throw InputError(
          first_where, what,
          fmt::format("'{}' is not a positive whole number; expected the {}", value, what));
    }
    return static_cast<std::size_t>(*number);
  };
  const std::size_t actors = count(2, "number of actors");
  const std::size_t dims = count(3, "number of dimensions");
  if (records.size() < 2) {
    throw InputError(first_where, "header", "is missing; expected a header line after line 1");
  }
  const internal::CsvRecord& header_record = records[1];
  const SourceLocation header_where{source, header_record.line, 0};
  const std::vector<std::string> header = Fields(header_record);
  if (header.size() < 3 + 2 * dims) {
    throw InputError(header_where, "header",
                     fmt::format("has {} columns; expected {} (actor, description, capability, "
                                 "then position and salience for each of {} dimensions)",
                                 header.size(), 3 + 2 * dims, dims));
  }
  const std::size_t rows = records.size() - 2;
  if (rows != actors) {
    throw InputError(
        rows < actors ? SourceLocation{source, records.back().line, 0}
                      : SourceLocation{source, records[2 + actors].line, 0},
        "", fmt::format("{} actor rows; line {} declares {} actors", rows, first.line, actors));
  }

  ScenarioBuilder builder(source);
  builder.SetName(Trim(first.fields[0]));
  builder.SetDescription(Trim(first.fields[1]));
  std::vector<std::string> issue_ids;
  for (std::size_t k = 0; k < dims; ++k) {
    Issue issue;
    issue.id = internal::IdFromName(header[3 + 2 * k]);
    if (issue.id.empty()) issue.id = fmt::format("dim{}", k + 1);
    issue.name = issue.id;
    issue.scale_min = 0;
    issue.scale_max = 100;
    builder.AddIssue(issue, header_where, fmt::format("dimension {}", k + 1));
    issue_ids.push_back(issue.id);
  }
  for (std::size_t r = 0; r < actors; ++r) {
    const internal::CsvRecord& record = records[2 + r];
    const SourceLocation where{source, record.line, 0};
    const std::vector<std::string> fields = Fields(record);
    if (fields.size() != 3 + 2 * dims) {
      throw InputError(where, "",
                       fmt::format("has {} fields; expected {} (actor, description, capability, "
                                   "then position and salience for each of {} dimensions)",
                                   fields.size(), 3 + 2 * dims, dims));
    }
    Actor actor;
    actor.id = internal::IdFromName(fields[0]);  // a quoted name may hold commas
    actor.name = Trim(fields[1]);
    actor.capability = Number(fields[2], where, Trim(header[2]));
    builder.AddActor(actor, where, "actor");
    double total = 0;
    for (std::size_t k = 0; k < dims; ++k) {
      const std::string position_field = Trim(header[3 + 2 * k]);
      const std::string salience_field = Trim(header[4 + 2 * k]);
      Stance stance;
      stance.position = Number(fields[3 + 2 * k], where, position_field);
      const double salience = Number(fields[4 + 2 * k], where, salience_field);
      if (stance.position < 0 || stance.position > 100) {
        throw InputError(where, position_field,
                         fmt::format("is {}; expected a position in [0, 100]", stance.position));
      }
      if (salience < 0 || salience > 100) {
        throw InputError(where, salience_field,
                         fmt::format("is {}; expected a salience in [0, 100]", salience));
      }
      total += salience;
      if (total > 100) {
        throw InputError(
            where, salience_field,
            fmt::format("brings {}'s total salience to {}; expected at most 100", actor.id, total));
      }
      stance.salience = salience / 100.0;
      builder.SetStance(actor.id, issue_ids[k], stance, where, position_field);
    }
  }
  return builder.Build();
}

}  // namespace parley
