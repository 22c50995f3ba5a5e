// An RFC 4180 CSV tokenizer: quoted fields with "" escapes and embedded line breaks, CRLF
// or LF line ends, and the line each record starts on. Private to the library.
#ifndef PARLEY_IO_CSV_H_
#define PARLEY_IO_CSV_H_

#include <string>
#include <string_view>
#include <vector>

namespace parley::internal {

struct CsvRecord {
  int line = 0;  // 1-based line the record starts on
  std::vector<std::string> fields;
};

// Splits text into records; blank lines are skipped. Throws InputError (with `source` and
// the line) on an unterminated quoted field or text after a closing quote.
std::vector<CsvRecord> ParseCsv(std::string_view text, const std::string& source);

}  // namespace parley::internal

#endif  // PARLEY_IO_CSV_H_
