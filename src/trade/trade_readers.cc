// Trade file readers. The format is recognised from the header line (column names,
// case-insensitive, quoted or not, in any order; other columns are ignored):
//   COW dyadic   ccode1, ccode2, year, flow1, flow2   (Barbieri & Keshk 2016, v4.0):
//                flow1 = imports of ccode1 from ccode2, flow2 = imports of ccode2 from
//                ccode1, so ccode1's exports to ccode2 are flow2. Stored as ccode1's report
//                (imports flow1, exports flow2); ccode2's side is its mirror. The smoothed
//                flows (smoothflow1/2) are not used.
//   COW national ccode, year, imports, exports: the total (imports + exports) is set only
//                when both are known; otherwise the partner sum stands in for it.
//   tidy         reporter, partner, year, exports, imports: countries as COW codes, ISO3
//                codes or names (CountryCode).
//   GDP table    country, year, gdp (million current US dollars, like the flows).
// All values are million current US dollars. "No data" -- an empty field, NA, N/A, "." and,
// in the COW formats, COW's missing-value code -9 -- is kept as no data (NaN), never read
// as zero: a missing flow is then taken from the partner's mirror report where there is
// one, and otherwise adds nothing (TradeData::Bilateral).
//
// Speed: the COW dyadic file has 673,654 rows, so this does not go through the general
// tokenizer (internal::ParseCsv, one std::string per field): a scanner hands out
// string_views into the file text, and numbers are read with std::from_chars. Quoted
// fields (RFC 4180, "" escapes, line breaks inside quotes) are still read correctly.
// Files are read through zlib, which reads gzip-compressed and plain files alike.
#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "parley/trade.h"

namespace parley::trade {

namespace {

// Larger inputs (after decompression) are refused rather than read: the full COW dyadic
// file is about 25 MB.
constexpr std::size_t kMaxTradeBytes = std::size_t{1} << 30;

constexpr double kNoData = std::numeric_limits<double>::quiet_NaN();

// Splits CSV text into records of string_views, without copying unquoted fields.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, const std::string& source) : text_(text), source_(source) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
  }

  // Reads the next non-blank record; false at the end of the text.
  bool Next() {
    while (pos_ < text_.size()) {
      if (text_[pos_] == '\n' ||
          (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) {
        pos_ += text_[pos_] == '\r' ? 2 : 1;
        ++line_;
        line_start_ = pos_;
        continue;
      }
      ReadRecord();
      return true;
    }
    return false;
  }

  int line() const { return record_line_; }
  const std::vector<std::string_view>& fields() const { return fields_; }
  // 1-based column where field `index` of the current record starts (0 if unknown).
  int column(std::size_t index) const {
    return index < field_starts_.size() ? field_starts_[index] : 0;
  }

 private:
  void ReadRecord() {
    fields_.clear();
    field_starts_.clear();
    record_line_ = line_;
    std::size_t field_index = 0;
    while (true) {
      field_starts_.push_back(line_ == record_line_ ? static_cast<int>(pos_ - line_start_ + 1) : 0);
      if (pos_ < text_.size() && text_[pos_] == '"') {
        fields_.push_back(ReadQuoted(field_index));
      } else {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n') ++pos_;
        std::size_t end = pos_;
        if (end > start && text_[end - 1] == '\r' && (pos_ == text_.size() || text_[pos_] == '\n'))
          --end;
        fields_.push_back(text_.substr(start, end - start));
      }
      ++field_index;
      if (pos_ >= text_.size()) return;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      // text_[pos_] == '\n'
      ++pos_;
      ++line_;
      line_start_ = pos_;
      return;
    }
  }

  // A quoted field at pos_; leaves pos_ on the delimiter after it (or at the end).
  std::string_view ReadQuoted(std::size_t field_index) {
    const int open_line = line_;
    const std::size_t start = ++pos_;
    bool escaped = false;
    while (true) {
      if (pos_ >= text_.size()) {
        throw InputError({source_, open_line, 0}, "",
                         "quoted field never closed; expected a closing '\"'");
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          escaped = true;
          pos_ += 2;
          continue;
        }
        break;
      }
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
      ++pos_;
    }
    std::string_view field = text_.substr(start, pos_ - start);
    ++pos_;  // the closing quote
    std::size_t after = pos_;
    if (after < text_.size() && text_[after] == '\r') ++after;
    if (after < text_.size() && text_[after] != ',' && text_[after] != '\n') {
      throw InputError({source_, line_, static_cast<int>(pos_ - line_start_ + 1)}, "",
                       "text after a closing quote; expected ',' or the end of the line");
    }
    pos_ = after;
    if (!escaped) return field;
    // "" -> ": copied into a buffer of this field's own, so earlier views stay valid.
    if (unescaped_.size() <= field_index) unescaped_.resize(field_index + 1);
    std::string& buffer = unescaped_[field_index];
    buffer.clear();
    for (std::size_t k = 0; k < field.size(); ++k) {
      buffer.push_back(field[k]);
      if (field[k] == '"') ++k;
    }
    return buffer;
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
  int record_line_ = 0;
  std::vector<std::string_view> fields_;
  std::vector<int> field_starts_;
  // One buffer per field index. A deque, because growing it must not move the buffers
  // that earlier fields' views point into (a vector would, and short strings live
  // inside the element: found by the fuzz_trade target).
  std::deque<std::string> unescaped_;
};

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsNoData(std::string_view text) {
  return text.empty() || EqualsIgnoreCase(text, "NA") || EqualsIgnoreCase(text, "N/A") ||
         text == ".";
}

enum class Format { kCowDyadic, kCowNational, kTidy, kGdp };

// A flow read but not yet added (see the end of ParseTradeText).
struct PendingFlow {
  int year;
  int reporter;
  int partner;
  int line;
  double imports;
  double exports;
};

// One record's fields with the context for messages.
class Row {
 public:
  Row(const CsvScanner& scanner, const std::string& source, const std::vector<std::string>& names)
      : scanner_(scanner), source_(source), names_(names) {}

  SourceLocation Where(std::size_t index) const {
    return {source_, scanner_.line(), scanner_.column(index)};
  }

  [[noreturn]] void Fail(std::size_t index, std::string_view value,
                         const std::string& expected) const {
    throw InputError(Where(index), names_[index],
                     fmt::format("'{}' {}", std::string(value), expected));
  }

  int Integer(std::size_t index, int min, int max, const char* what) const {
    const std::string_view text = TrimView(scanner_.fields()[index]);
    int value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (first != last && *first == '+') ++first;
    const auto [end, error] = std::from_chars(first, last, value);
    if (text.empty() || error != std::errc() || end != last || value < min || value > max) {
      Fail(index, text,
           fmt::format("is not {}; expected a whole number from {} to {}", what, min, max));
    }
    return value;
  }

  // A flow or total: NaN for no data; -9 is no data too when `cow_missing` is set.
  double Amount(std::size_t index, bool cow_missing) const {
    const std::string_view text = TrimView(scanner_.fields()[index]);
    if (IsNoData(text)) return kNoData;
    double value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (*first == '+') ++first;
    const auto [end, error] = std::from_chars(first, last, value);
    const char* expected =
        cow_missing ? "expected an amount in million US dollars (>= 0), or -9, NA or empty for "
                      "no data"
                    : "expected an amount in million US dollars (>= 0), or NA or empty for no "
                      "data";
    if (error != std::errc() || end != last || !std::isfinite(value)) {
      Fail(index, text, fmt::format("is not a number; {}", expected));
    }
    if (value < 0) {
      if (cow_missing && value == -9) return kNoData;
      Fail(index, text, fmt::format("is negative; {}", expected));
    }
    return value;
  }

  int Country(std::size_t index) const {
    const std::string_view text = TrimView(scanner_.fields()[index]);
    const std::optional<int> code = FindCountryCode(std::string(text));
    if (!code) {
      Fail(index, text,
           "is not a known country; expected a COW state code (e.g. 731), an ISO 3166 "
           "alpha-3 code (e.g. PRK) or a name (e.g. North Korea)");
    }
    return *code;
  }

 private:
  const CsvScanner& scanner_;
  const std::string& source_;
  const std::vector<std::string>& names_;
};

// Column indices of the format's required columns, in the order listed.
struct Layout {
  Format format;
  std::vector<std::size_t> columns;
};

// The flows in increasing year, file order within a year: a counting sort, O(rows + years).
std::vector<PendingFlow> SortByYear(const std::vector<PendingFlow>& flows) {
  if (flows.empty()) return {};
  const auto [min, max] = std::minmax_element(
      flows.begin(), flows.end(),
      [](const PendingFlow& a, const PendingFlow& b) { return a.year < b.year; });
  const int first = min->year;
  std::vector<std::size_t> start(static_cast<std::size_t>(max->year - first) + 2, 0);
  for (const PendingFlow& flow : flows) ++start[static_cast<std::size_t>(flow.year - first) + 1];
  for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  std::vector<PendingFlow> sorted(flows.size());
  for (const PendingFlow& flow : flows) {
    sorted[start[static_cast<std::size_t>(flow.year - first)]++] = flow;
  }
  return sorted;
}

std::optional<Layout> RecogniseHeader(const std::vector<std::string>& names) {
  struct Candidate {
    Format format;
    std::vector<const char*> required;
  };
  const Candidate candidates[] = {
      {Format::kCowDyadic, {"ccode1", "ccode2", "year", "flow1", "flow2"}},
      {Format::kCowNational, {"ccode", "year", "imports", "exports"}},
      {Format::kTidy, {"reporter", "partner", "year", "exports", "imports"}},
      {Format::kGdp, {"country", "year", "gdp"}},
  };
  for (const Candidate& candidate : candidates) {
    Layout layout{candidate.format, {}};
    for (const char* name : candidate.required) {
      const auto found = std::find(names.begin(), names.end(), name);
      if (found == names.end()) break;
      layout.columns.push_back(static_cast<std::size_t>(found - names.begin()));
    }
    if (layout.columns.size() == candidate.required.size()) return layout;
  }
  return std::nullopt;
}

std::string ReadCompressedOrPlain(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) throw InputError({path, 0, 0}, "", "no such file");
  if (fs::is_directory(status)) {
    throw InputError({path, 0, 0}, "", "is a directory; expected a trade data file");
  }
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw InputError({path, 0, 0}, "", "cannot be opened for reading");
  gzbuffer(file, 1u << 18);
  std::string text;
  constexpr unsigned kChunk = 1u << 20;
  while (true) {
    const std::size_t old_size = text.size();
    if (old_size >= kMaxTradeBytes) {
      gzclose(file);
      throw InputError({path, 0, 0}, "",
                       fmt::format("is larger than {} MiB (uncompressed), the limit for trade "
                                   "data",
                                   kMaxTradeBytes >> 20));
    }
    text.resize(old_size + kChunk);
    const int read = gzread(file, text.data() + old_size, kChunk);
    if (read < 0) {
      int code = 0;
      const std::string message = gzerror(file, &code);
      gzclose(file);
      throw InputError({path, 0, 0}, "",
                       fmt::format("cannot be read ({}); expected a CSV or gzip-compressed CSV "
                                   "file",
                                   message));
    }
    text.resize(old_size + static_cast<std::size_t>(read));
    if (read == 0) break;
  }
  gzclose(file);
  return text;
}

}  // namespace

void ParseTradeText(std::string_view text, const std::string& source, TradeData& data) {
  text = internal::WithoutByteOrderMark(text);
  CsvScanner scanner(text, source);
  if (!scanner.Next()) {
    throw InputError({source, 0, 0}, "",
                     "the file is empty; expected a header line naming the columns");
  }
  std::vector<std::string> names;
  for (std::string_view field : scanner.fields()) {
    std::string name(TrimView(field));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    names.push_back(std::move(name));
  }
  const std::optional<Layout> layout = RecogniseHeader(names);
  if (!layout) {
    throw InputError({source, scanner.line(), 0}, "header",
                     "is not a known trade format; expected the COW dyadic columns (ccode1, "
                     "ccode2, year, flow1, flow2), the COW national columns (ccode, year, "
                     "imports, exports), tidy columns (reporter, partner, year, exports, "
                     "imports) or a GDP table (country, year, gdp)");
  }
  const std::vector<std::size_t>& column = layout->columns;
  // Read into a copy and hand it over at the end, so that a bad row leaves `data` as it
  // was (the copy shares data with `data` until the first change).
  TradeData merged = data;
  const Row row(scanner, source, names);
  constexpr int kMinYear = 1, kMaxYear = 9999;
  std::vector<PendingFlow> flows;
  while (scanner.Next()) {
    if (scanner.fields().size() != names.size()) {
      throw InputError({source, scanner.line(), 0}, "",
                       fmt::format("row has {} fields; expected {} as in the header",
                                   scanner.fields().size(), names.size()));
    }
    switch (layout->format) {
      case Format::kCowDyadic:
      case Format::kTidy: {
        const bool cow = layout->format == Format::kCowDyadic;
        // COW: ccode1, ccode2, year, flow1 (imports of 1), flow2 (exports of 1);
        // tidy: reporter, partner, year, exports, imports.
        const int reporter =
            cow ? row.Integer(column[0], 1, 999, "a COW state code") : row.Country(column[0]);
        const int partner =
            cow ? row.Integer(column[1], 1, 999, "a COW state code") : row.Country(column[1]);
        const int year = row.Integer(column[2], kMinYear, kMaxYear, "a year");
        const double imports = row.Amount(cow ? column[3] : column[4], cow);
        const double exports = row.Amount(cow ? column[4] : column[3], cow);
        if (reporter == partner) {
          throw InputError(row.Where(column[1]), names[column[1]],
                           fmt::format("is the same country as {} ({}); expected a partner",
                                       names[column[0]], reporter));
        }
        flows.push_back({year, reporter, partner, scanner.line(), imports, exports});
        break;
      }
      case Format::kCowNational: {
        const int country = row.Integer(column[0], 1, 999, "a COW state code");
        const int year = row.Integer(column[1], kMinYear, kMaxYear, "a year");
        const double imports = row.Amount(column[2], true);
        const double exports = row.Amount(column[3], true);
        if (!std::isnan(imports) && !std::isnan(exports)) {
          merged.SetTotal(year, country, imports + exports);
        }
        break;
      }
      case Format::kGdp: {
        const int country = row.Country(column[0]);
        const int year = row.Integer(column[1], kMinYear, kMaxYear, "a year");
        const double gdp = row.Amount(column[2], false);
        if (std::isnan(gdp)) break;
        if (gdp <= 0)
          row.Fail(column[2], TrimView(scanner.fields()[column[2]]),
                   "is not positive; expected a GDP in million US dollars");
        merged.SetGdp(year, country, gdp);
        break;
      }
    }
  }
  // Added year by year: COW files run by dyad, then year, so adding in file order would
  // jump between the tables of 145 years on every row and miss the cache each time; one
  // year's table at a time stays in it. Within a year the file order is kept, so that the
  // later of two duplicate rows is the one reported.
  const std::vector<PendingFlow> by_year = SortByYear(flows);
  for (const PendingFlow& flow : by_year) {
    try {
      merged.AddFlow(flow.year, flow.reporter, flow.partner, flow.imports, flow.exports);
    } catch (const std::invalid_argument&) {
      throw InputError({source, flow.line, 0}, names[column[0]] + "," + names[column[1]],
                       fmt::format("{} -> {} in {} is given twice (in this file or in one "
                                   "read before); expected one row per pair and year",
                                   flow.reporter, flow.partner, flow.year));
    }
  }
  data = std::move(merged);
}

void ReadTradeFile(const std::string& path, TradeData& data) {
  const std::string text = ReadCompressedOrPlain(path);
  ParseTradeText(text, path, data);
}

}  // namespace parley::trade
