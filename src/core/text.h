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

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace parley::internal

#endif  // PARLEY_CORE_TEXT_H_
