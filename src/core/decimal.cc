// Decimal arithmetic as Python's decimal module does it (see decimal.h). The rounding rule is
// the General Decimal Arithmetic specification's (Cowlishaw, IBM; the one Python implements):
// the exact result, rounded to 28 significant digits, half to even.
#include "core/decimal.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <utility>
#include <vector>

namespace parley::internal {

namespace {

using Integer = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<
    512, 512, boost::multiprecision::signed_magnitude, boost::multiprecision::checked, void>>;
using Wide = boost::multiprecision::cpp_int;  // arbitrary width, for FromDouble

const Integer& PowerOfTen(int n) {
  // Grown on demand, per thread (ensembles run models on many threads).
  thread_local std::vector<Integer> powers{Integer(1)};
  while (static_cast<int>(powers.size()) <= n) powers.push_back(powers.back() * 10);
  return powers[static_cast<std::size_t>(n)];
}

// Number of decimal digits of a positive integer.
int Digits(const Integer& value) {
  if (value == 0) return 1;
  const auto bits = static_cast<double>(boost::multiprecision::msb(value));  // floor(log2)
  // floor(bits * log10(2)) + 1 digits at least (the constant is rounded down); count up.
  int digits = static_cast<int>(bits * 0.30102999566) + 1;
  while (value >= PowerOfTen(digits)) ++digits;
  return digits;
}

// The exponent of the most significant digit ("adjusted exponent").
int Adjusted(const Integer& coefficient, int exponent) {
  return exponent + Digits(coefficient) - 1;
}

}  // namespace

Decimal::Decimal(int value)
    : negative_(value < 0), coefficient_(value < 0 ? -static_cast<long long>(value) : value) {}

Decimal Decimal::Rounded(bool negative, Integer coefficient, int exponent, bool inexact) {
  const int digits = Digits(coefficient);
  if (coefficient == 0 || digits <= kPrecision) {
    return Decimal(negative, std::move(coefficient), exponent);
  }
  const int drop = digits - kPrecision;
  const Integer& divisor = PowerOfTen(drop);
  Integer kept, rest;
  boost::multiprecision::divide_qr(coefficient, divisor, kept, rest);
  const Integer half = divisor / 2;  // exact: the divisor is a power of ten
  bool up = false;
  if (rest > half) {
    up = true;
  } else if (rest == half) {
    up = inexact || boost::multiprecision::bit_test(kept, 0);  // above half, or to even
  }
  int new_exponent = exponent + drop;
  if (up) {
    ++kept;
    if (kept == PowerOfTen(kPrecision)) {  // 99...9 rounded up to 10^28: one digit less
      kept = PowerOfTen(kPrecision - 1);
      ++new_exponent;
    }
  }
  return Decimal(negative, std::move(kept), new_exponent);
}

Decimal Decimal::FromDouble(double value) {
  if (!std::isfinite(value)) throw std::invalid_argument("Decimal: not a finite number");
  if (value == 0) return Decimal();
  int binary_exponent = 0;
  const double fraction = std::frexp(std::abs(value), &binary_exponent);
  auto mantissa = static_cast<std::uint64_t>(std::ldexp(fraction, 53));  // exact, 53 bits
  binary_exponent -= 53;
  while (binary_exponent < 0 && (mantissa & 1) == 0) {
    mantissa >>= 1;
    ++binary_exponent;
  }
  Wide coefficient = mantissa;
  if (binary_exponent >= 0) {
    coefficient <<= binary_exponent;
    return Decimal(value < 0, Integer(coefficient), 0);
  }
  // m * 2^-n = m * 5^n * 10^-n, exactly (Integer(...) throws std::overflow_error beyond
  // 154 digits: doubles below about 1e-100 or above 1e150).
  coefficient *= boost::multiprecision::pow(Wide(5), static_cast<unsigned>(-binary_exponent));
  return Decimal(value < 0, Integer(coefficient), binary_exponent);
}

Decimal Decimal::FromShortestDouble(double value) {
  if (!std::isfinite(value)) throw std::invalid_argument("Decimal: not a finite number");
  return FromString(fmt::format("{}", value));
}

Decimal Decimal::FromString(std::string_view text) {
  std::size_t at = 0;
  bool negative = false;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) negative = text[at++] == '-';
  std::string digits;
  int fraction_digits = 0;
  bool point = false;
  for (; at < text.size(); ++at) {
    const char c = text[at];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      if (point) ++fraction_digits;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  long exponent = 0;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    const std::string rest(text.substr(at));
    char* end = nullptr;
    exponent = std::strtol(rest.c_str(), &end, 10);
    if (rest.empty() || end != rest.c_str() + rest.size() || std::abs(exponent) > 100000) {
      throw std::invalid_argument(fmt::format("Decimal: bad exponent in '{}'", text));
    }
    at = text.size();
  }
  if (digits.empty() || at != text.size()) {
    throw std::invalid_argument(fmt::format("Decimal: '{}' is not a decimal number", text));
  }
  // Leading zeros go: Boost reads a leading 0 as an octal prefix.
  const std::size_t first = std::min(digits.find_first_not_of('0'), digits.size() - 1);
  return Decimal(negative, Integer(digits.substr(first)),
                 static_cast<int>(exponent) - fraction_digits);
}

std::string Decimal::ToString() const {
  // Python's to-sci-string, with trailing zeros of a fraction left out.
  std::string digits = coefficient_.str();
  int exponent = exponent_;
  while (exponent < 0 && digits.size() > 1 && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  const int count = static_cast<int>(digits.size());
  const int adjusted = exponent + count - 1;
  std::string text = IsNegative() ? "-" : "";
  if (exponent <= 0 && adjusted >= -6) {
    if (exponent == 0) return text + digits;
    if (count > -exponent) {
      return text + digits.substr(0, static_cast<std::size_t>(count + exponent)) + "." +
             digits.substr(static_cast<std::size_t>(count + exponent));
    }
    return text + "0." + std::string(static_cast<std::size_t>(-exponent - count), '0') + digits;
  }
  text += digits.substr(0, 1);
  if (count > 1) text += "." + digits.substr(1);
  return text + fmt::format("E{}{}", adjusted >= 0 ? "+" : "", adjusted);
}

double Decimal::ToDouble() const {
  const std::string text =
      fmt::format("{}{}e{}", IsNegative() ? "-" : "", coefficient_.str(), exponent_);
  return std::strtod(text.c_str(), nullptr);  // correctly rounded (glibc)
}

Decimal Decimal::Sum(const Decimal& a, const Decimal& b, bool negate_b) {
  const bool b_negative = b.negative_ != negate_b;
  if (b.IsZero()) return Rounded(a.negative_, a.coefficient_, a.exponent_, false);
  if (a.IsZero()) return Rounded(b_negative, b.coefficient_, b.exponent_, false);
  // A term far below the other's last digit and below the rounding position acts only
  // through its sign: stand in a 1 two places below both, and align no further.
  Integer low_coefficient = b.coefficient_;
  int low_exponent = b.exponent_;
  Integer high_coefficient = a.coefficient_;
  int high_exponent = a.exponent_;
  bool high_negative = a.negative_, low_negative = b_negative;
  if (Adjusted(high_coefficient, high_exponent) < Adjusted(low_coefficient, low_exponent)) {
    std::swap(high_coefficient, low_coefficient);
    std::swap(high_exponent, low_exponent);
    std::swap(high_negative, low_negative);
  }
  const int floor_exponent =
      std::min(high_exponent, Adjusted(high_coefficient, high_exponent) - kPrecision) - 3;
  if (Adjusted(low_coefficient, low_exponent) < floor_exponent) {
    low_coefficient = 1;
    low_exponent = floor_exponent;
  }
  const int exponent = std::min(high_exponent, low_exponent);
  high_coefficient *= PowerOfTen(high_exponent - exponent);
  low_coefficient *= PowerOfTen(low_exponent - exponent);
  if (high_negative == low_negative) {
    return Rounded(high_negative, high_coefficient + low_coefficient, exponent, false);
  }
  if (high_coefficient >= low_coefficient) {
    const bool zero = high_coefficient == low_coefficient;
    return Rounded(high_negative && !zero, high_coefficient - low_coefficient, exponent, false);
  }
  return Rounded(low_negative, low_coefficient - high_coefficient, exponent, false);
}

Decimal operator+(const Decimal& a, const Decimal& b) { return Decimal::Sum(a, b, false); }
Decimal operator-(const Decimal& a, const Decimal& b) { return Decimal::Sum(a, b, true); }

Decimal operator*(const Decimal& a, const Decimal& b) {
  if (a.IsZero() || b.IsZero()) return Decimal();
  return Decimal::Rounded(a.negative_ != b.negative_, a.coefficient_ * b.coefficient_,
                          a.exponent_ + b.exponent_, false);
}

Decimal operator/(const Decimal& a, const Decimal& b) {
  if (b.IsZero()) throw std::domain_error("Decimal: division by zero");
  if (a.IsZero()) return Decimal();
  // Scale the dividend so that the integer quotient has at least kPrecision + 1 digits;
  // the remainder then only says whether anything is left below them.
  const int scale =
      std::max(0, Decimal::kPrecision + 1 + Digits(b.coefficient_) - Digits(a.coefficient_));
  Integer quotient, remainder;
  boost::multiprecision::divide_qr(a.coefficient_ * PowerOfTen(scale), b.coefficient_, quotient,
                                   remainder);
  return Decimal::Rounded(a.negative_ != b.negative_, std::move(quotient),
                          a.exponent_ - b.exponent_ - scale, remainder != 0);
}

Decimal Decimal::operator-() const {
  return Rounded(!negative_ && coefficient_ != 0, coefficient_, exponent_, false);
}

Decimal Abs(const Decimal& value) {
  return Decimal::Rounded(false, value.coefficient_, value.exponent_, false);
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  const int sign_a = a.IsZero() ? 0 : (a.negative_ ? -1 : 1);
  const int sign_b = b.IsZero() ? 0 : (b.negative_ ? -1 : 1);
  if (sign_a != sign_b || sign_a == 0) return sign_a <=> sign_b;
  std::strong_ordering magnitude = std::strong_ordering::equal;
  const int adjusted_a = Adjusted(a.coefficient_, a.exponent_);
  const int adjusted_b = Adjusted(b.coefficient_, b.exponent_);
  if (adjusted_a != adjusted_b) {
    magnitude = adjusted_a <=> adjusted_b;
  } else {
    const int exponent = std::min(a.exponent_, b.exponent_);
    const Integer left = a.coefficient_ * PowerOfTen(a.exponent_ - exponent);
    const Integer right = b.coefficient_ * PowerOfTen(b.exponent_ - exponent);
    magnitude = left == right
                    ? std::strong_ordering::equal
                    : (left < right ? std::strong_ordering::less : std::strong_ordering::greater);
  }
  return sign_a > 0 ? magnitude : 0 <=> magnitude;
}

}  // namespace parley::internal
