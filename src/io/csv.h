// An RFC 4180 CSV tokenizer: quoted fields with "" escapes and embedded line breaks, CRLF
// or LF line ends, and the line each record starts on. Private to the library.
#ifndef PARLEY_IO_CSV_H_
#define PARLEY_IO_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "parley/errors.h"

namespace parley::internal {

struct CsvRecord {
  int line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

// Splits text into records; blank lines are skipped. Throws InputError (with `source` and
// the line) on an unterminated quoted field or text after a closing quote.
std::vector<CsvRecord> ParseCsv(std::string_view text, const std::string& source);

// A name read from a table and the id derived from it (IdFromName, core/text.h).
struct NamedRow {
  std::string name, id;
  SourceLocation where;
};
// Throws InputError naming both lines (and both names) when two rows' names give one id.
void RequireDistinctDerivedIds(const std::vector<NamedRow>& rows, const std::string& field);

}  // namespace parley::internal

#endif  // PARLEY_IO_CSV_H_
