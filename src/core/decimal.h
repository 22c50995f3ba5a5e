// Decimal: a decimal floating-point number with the arithmetic of Python's decimal module in
// its default context: 28 significant digits, every operation rounded half to even.
//
// Contract. A value is sign * coefficient * 10^exponent with an exact integer coefficient
// (Boost.Multiprecision's cpp_int, 512 bits). Construction is exact, as
// Python's Decimal(str) and Decimal(float) are; +, -, *, /, unary minus and Abs return the
// exact result rounded to 28 significant digits, ties to even (Python's default context,
// ROUND_HALF_EVEN); comparisons are exact. Only values matter: Python keeps trailing zeros
// ("100.0" vs "100"), which change no result of these operations, and this type does not.
//
// Why not a library decimal type: Boost.Multiprecision's cpp_dec_float carries guard digits
// and truncates, so it does not round each operation as Python does; IEEE decimal128
// (libstdc++'s std::decimal) has 34 digits, and rounding 34 then 28 double-rounds. The
// exchange model's arithmetic=decimal (src/models/exchange.cc) needs decide's results to the
// last digit, including the sign of residuals of 1e-26 that decide its crossing checks.
#ifndef PARLEY_CORE_DECIMAL_H_
#define PARLEY_CORE_DECIMAL_H_

#include <boost/multiprecision/cpp_int.hpp>
#include <compare>
#include <string>
#include <string_view>

namespace parley::internal {

class Decimal {
 public:
  static constexpr int kPrecision = 28;  // significant digits (Python's default context)

  Decimal() = default;                      // zero
  Decimal(int value);                       // NOLINT(google-explicit-constructor): exact
  static Decimal FromDouble(double value);  // the double's exact binary value (Decimal(float))
  // The shortest decimal that reads back as `value` (the text a file gave it, e.g. "0.35"
  // for the double nearest 0.35): how a number read from a file enters decide's arithmetic.
  static Decimal FromShortestDouble(double value);
  // Exact; accepts what Python's Decimal(str) accepts for finite numbers ("-1.5E-3").
  // Throws std::invalid_argument otherwise.
  static Decimal FromString(std::string_view text);

  double ToDouble() const;       // correctly rounded
  std::string ToString() const;  // e.g. "57.10051546391752577319587629", "-2E-26"
  bool IsZero() const { return coefficient_ == 0; }
  bool IsNegative() const { return negative_ && coefficient_ != 0; }

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  friend Decimal operator/(const Decimal& a, const Decimal& b);  // throws on division by 0
  Decimal operator-() const;
  friend Decimal Abs(const Decimal& value);
  Decimal& operator+=(const Decimal& other) { return *this = *this + other; }
  Decimal& operator-=(const Decimal& other) { return *this = *this - other; }
  Decimal& operator*=(const Decimal& other) { return *this = *this * other; }
  Decimal& operator/=(const Decimal& other) { return *this = *this / other; }

  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) {
    return (a <=> b) == std::strong_ordering::equal;
  }

 private:
  // 512 bits (154 digits) hold every intermediate: a product of 28 digits and a float
  // constant's 55, a quotient scaled to 29 digits over a divisor's; `checked`, so that a
  // wider one would throw std::overflow_error rather than wrap. Fixed width: no allocation.
  using Integer = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
      512, 512, boost::multiprecision::signed_magnitude, boost::multiprecision::checked, void>>;
  Decimal(bool negative, Integer coefficient, int exponent)
      : negative_(negative), coefficient_(std::move(coefficient)), exponent_(exponent) {}
  // The exact value (negative, coefficient, exponent), plus a nonzero tail below it when
  // `inexact`, rounded to kPrecision digits half to even.
  static Decimal Rounded(bool negative, Integer coefficient, int exponent, bool inexact);
  static Decimal Sum(const Decimal& a, const Decimal& b, bool negate_b);

  bool negative_ = false;
  Integer coefficient_ = 0;
  int exponent_ = 0;
};

Decimal Abs(const Decimal& value);

}  // namespace parley::internal

#endif  // PARLEY_CORE_DECIMAL_H_
