// Small text helpers shared by the readers and the spec parser. Private to the library.
#ifndef PARLEY_CORE_TEXT_H_
#define PARLEY_CORE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

namespace parley::internal {

// Without leading and trailing white space.
std::string Trim(std::string_view text);
// ASCII lower case.
std::string Lower(std::string text);

// The whole of `text` as a number: decimal or exponent notation, an optional leading '+',
// and the spellings of NaN and infinity that YAML (".nan", ".inf", "-.inf") and CSV tools
// ("nan", "inf", "-inf") use, so that the scenario checks can reject those by name rather
// than as "not a number". nullopt when the text is not a number.
std::optional<double> ParseReal(std::string_view text);

// `text` without a leading UTF-8 byte-order mark (EF BB BF), which Excel and Notepad write
// at the start of "UTF-8" files; every reader starts with it, so a header stays a header.
std::string_view WithoutByteOrderMark(std::string_view text);

// The id a reader derives from a name read from a table (a BDM CSV's Actor column, KTAB's
// Name), for names that ids cannot hold. The rule (docs/scenario-format.md): a name without
// a comma, double quote or line break is its own id (so existing files keep their ids and
// hashes); otherwise those characters are dropped (line breaks become spaces), runs of
// white space become one space, and the ends are trimmed: "Korea, Republic of" gives
// "Korea Republic of". The reader keeps the name for display and refuses two names that
// give one id, naming both lines.
std::string IdFromName(std::string_view name);

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace parley::internal

#endif  // PARLEY_CORE_TEXT_H_
