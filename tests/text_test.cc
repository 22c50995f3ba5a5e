// Number and text helpers used by every reader.
#include "core/text.h"

#include <gtest/gtest.h>

#include <cmath>

namespace parley::internal {
namespace {

TEST(ParseReal, AcceptsWholeNumbersOnly) {
  EXPECT_EQ(ParseReal("12"), 12.0);
  EXPECT_EQ(ParseReal("+0.5"), 0.5);
  EXPECT_EQ(ParseReal("-1e3"), -1000.0);
  EXPECT_EQ(ParseReal(""), std::nullopt);
  EXPECT_EQ(ParseReal("12abc"), std::nullopt);
  EXPECT_EQ(ParseReal(" 12"), std::nullopt);  // callers trim; stray text is an error
  EXPECT_EQ(ParseReal("0x10"), std::nullopt);
}

TEST(ParseReal, SpecialValuesAreRecognisedSoTheyCanBeRejectedByName) {
  EXPECT_TRUE(std::isnan(*ParseReal(".nan")));
  EXPECT_TRUE(std::isnan(*ParseReal("NaN")));
  EXPECT_EQ(*ParseReal(".inf"), HUGE_VAL);
  EXPECT_EQ(*ParseReal("-inf"), -HUGE_VAL);
}

TEST(Utf8, AcceptsWellFormedAndRejectsTheRest) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("K\xc3\xb6ln \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("K\xf3ln"));           // Latin-1
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Trim, RemovesSurroundingWhiteSpace) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Lower("AbC"), "abc");
}

}  // namespace
}  // namespace parley::internal
