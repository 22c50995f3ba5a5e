#include "io/csv.h"

#include <fmt/format.h>

#include <map>

#include "parley/errors.h"

namespace parley::internal {

std::vector<CsvRecord> ParseCsv(std::string_view text, const std::string& source) {
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  int line = 1;
  int record_line = 1;
  bool in_quotes = false;
  bool field_was_quoted = false;
  bool record_has_content = false;

  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    field_was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    const bool blank = record.fields.size() == 1 && record.fields[0].empty() && !record_has_content;
    if (!blank) {
      record.line = record_line;
      records.push_back(std::move(record));
    }
    record = CsvRecord();
    record_has_content = false;
  };

  for (std::size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (in_quotes) {
      if (c == '"') {
        if (at + 1 < text.size() && text[at + 1] == '"') {
          field += '"';
          ++at;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!field.empty() || field_was_quoted) {
          throw InputError({source, line, 0}, "",
                           "a quote inside an unquoted field; expected quotes only around a "
                           "whole field (RFC 4180)");
        }
        in_quotes = true;
        field_was_quoted = true;
        record_has_content = true;
        break;
      case ',':
        end_field();
        record_has_content = true;
        break;
      case '\r':
        if (at + 1 < text.size() && text[at + 1] == '\n') break;  // CRLF: the \n ends it
        [[fallthrough]];
      case '\n':
        end_record();
        ++line;
        record_line = line;
        break;
      default:
        if (field_was_quoted) {
          throw InputError({source, line, 0}, "",
                           "text after a closing quote; expected a comma or line end");
        }
        field += c;
        record_has_content = true;
    }
  }
  if (in_quotes) {
    throw InputError({source, record_line, 0}, "",
                     "a quoted field is never closed; expected a closing quote");
  }
  if (record_has_content || !field.empty()) end_record();
  return records;
}

void RequireDistinctDerivedIds(const std::vector<NamedRow>& rows, const std::string& field) {
  std::map<std::string, const NamedRow*> first_with;
  for (const NamedRow& row : rows) {
    const auto [found, inserted] = first_with.emplace(row.id, &row);
    if (inserted) continue;
    const NamedRow& first = *found->second;
    if (first.name == row.name) continue;  // the same name twice: the builder says "duplicate"
    throw InputError(row.where, field,
                     fmt::format("'{}' gives the id '{}', as '{}' at line {} does; expected "
                                 "names that differ in more than commas, quotes and spacing",
                                 row.name, row.id, first.name, first.where.line));
  }
}

}  // namespace parley::internal
