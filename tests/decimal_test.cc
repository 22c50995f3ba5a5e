// Decimal against Python's decimal module (default context: 28 digits, half to even).
// The expected values were computed with CPython 3.11's decimal module: the hand-picked
// cases probe rounding (ties to even, carries, borrows, terms far below the last digit),
// the others are operands drawn at random (Python's random, seed 2017).
#include "core/decimal.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::internal {
namespace {

struct Case {
  const char* a;
  char operation;
  const char* b;
  const char* expected;
};

TEST(Decimal, EveryOperationRoundsAsPythonDoes) {
  const std::vector<Case> cases = {
      {"1", '/', "3", "0.3333333333333333333333333333"},
      {"2", '/', "3", "0.6666666666666666666666666667"},
      {"-2", '/', "3", "-0.6666666666666666666666666667"},
      {"100", '/', "7", "14.28571428571428571428571429"},
      {"1", '+', "1E-28", "1.000000000000000000000000000"},
      {"1", '+', "5E-28", "1.000000000000000000000000000"},
      {"1.000000000000000000000000001", '+', "5E-28", "1.000000000000000000000000002"},
      {"1", '+', "5.0000000000000000001E-28", "1.000000000000000000000000001"},
      {"1", '-', "1E-40", "1.000000000000000000000000000"},
      {"9999999999999999999999999999", '+', "1", "1.000000000000000000000000000E+28"},
      {"9999999999999999999999999999", '*', "9999999999999999999999999999",
       "9.999999999999999999999999998E+55"},
      {"0.1", '+', "0.2", "0.3"},
      {"57.10051546391752577319587629", '-', "57.10051546391752577319587629", "0E-26"},
      {"123456789012345678901234567.8", '+', "0.05", "123456789012345678901234567.8"},
      {"123456789012345678901234567.8", '+', "0.15", "123456789012345678901234568.0"},
      {"0.4", '*', "0.6", "0.24"},
      {"1", '/', "0.35", "2.857142857142857142857142857"},
      {"-7.5", '*', "3.333333333333333333333333333", "-25.00000000000000000000000000"},
      {"1E+30", '+', "1E-30", "1.000000000000000000000000000E+30"},
      {"1E+30", '-', "1E-30", "1.000000000000000000000000000E+30"},
      {"2.190721649484536082474226805", '*', "0.7", "1.533505154639175257731958764"},
      {"100", '-', "89.21391752577319587628865982", "10.78608247422680412371134018"},
      {"8463711E-9", '+', "76065906409531731E4", "760659064095317310000.0084637"},
      {"90639082E-5", '*', "44928446473272823E-30", "4.072273144023586212268486E-11"},
      {"-29108614E-18", '+', "79954949E2", "7995494899.999999999970891386"},
      {"727272613047313179439688358E3", '-', "-9862049097E-22",
       "7.272726130473131794396883580E+29"},
      {"88E-15", '-', "-237183463270564635179777E1", "2371834632705646351797770.000"},
      {"518311823838371208E-4", '+', "174200264356E0", "52005382648193.1208"},
      {"56646355682545702447E-16", '-', "5137E-6", "5664.6304312545702447"},
      {"897585094430525462747517292E-4", '+', "-56973E-10", "89758509443052546274751.72919"},
      {"-918762179294270E-7", '/', "-852E5", "1.078359365368861502347417840"},
      {"534746607182798888E1", '-', "985E-14", "5347466071827988880.000000000"},
      {"8501005526E-6", '+', "-191363197619136327E-23", "8501.00552408636802380863673"},
      {"-3556788254004811960689196631E-14", '*', "93261E-20", "-0.03317096293567427682658351670"},
      {"-65483E-8", '-', "-503809252780147E-24", "-0.000654829496190747219853"},
      {"4903167209593E-19", '/', "343649129742134343E-13", "1.426794595194294033841510595E-11"},
      {"889837840733645189193E-14", '/', "16587656371749E1", "5.364457888391986388400353377E-8"},
      {"1863382274066839883891E-25", '/', "562396578E-10", "0.003313288784034599662679668723"},
      {"-14E3", '+', "389E0", "-13611"},
      {"14832E-25", '/', "1193706566734170E-18", "1.242516411765956329651107776E-18"},
      {"5714936794213427011E3", '/', "322190580323E-8", "1773775257018418394.116460074"},
      {"-9384147580E-18", '*', "-78721669398730078468E-30", "7.387357633816529209286923074E-19"},
      {"7E-20", '*', "4649558705600713944625676E-21", "3.2546910939204997612379732E-16"},
      {"4641E-17", '/', "-32603643781901990E-7", "-1.423460528229725135032509703E-23"},
      {"-2010E-15", '+', "-817517193616140E-2", "-8175171936161.400000000002010"},
      {"29037948E-13", '-', "-187550963E-3", "187550.9630029037948"},
  };
  for (const Case& c : cases) {
    const Decimal a = Decimal::FromString(c.a);
    const Decimal b = Decimal::FromString(c.b);
    Decimal result;
    switch (c.operation) {
      case '+':
        result = a + b;
        break;
      case '-':
        result = a - b;
        break;
      case '*':
        result = a * b;
        break;
      default:
        result = a / b;
        break;
    }
    EXPECT_TRUE(result == Decimal::FromString(c.expected))
        << c.a << " " << c.operation << " " << c.b << " = " << result.ToString()
        << ", Python: " << c.expected;
  }
}

TEST(Decimal, FloatsEnterExactlyAndRoundOnTheirFirstOperation) {
  // Python: Decimal(0.4), Decimal(1e-10); Decimal(0.4) * Decimal("0.35");
  // 1 - (1 - Decimal("0.35")) * Decimal(0.4) - Decimal(0.1) (decide's position update).
  EXPECT_EQ(Decimal::FromDouble(0.4).ToString(),
            "0.40000000000000002220446049250313080847263336181640625");
  EXPECT_EQ(Decimal::FromDouble(1e-10).ToString(),
            "1.0000000000000000364321973154977415791655470655996396089904010295867919921875E-10");
  const Decimal salience = Decimal::FromString("0.35");
  EXPECT_EQ((Decimal::FromDouble(0.4) * salience).ToString(), "0.1400000000000000077715611724");
  EXPECT_EQ((1 - (1 - salience) * Decimal::FromDouble(0.4) - Decimal::FromDouble(0.1)).ToString(),
            "0.6399999999999999800159855568");
  EXPECT_EQ(Abs(Decimal::FromDouble(0.4)).ToString(), "0.4000000000000000222044604925");
  EXPECT_TRUE(Decimal::FromDouble(1e-10) > Decimal::FromString("1E-10"));  // as in Python
  EXPECT_EQ(Decimal::FromShortestDouble(0.35).ToString(), "0.35");
  EXPECT_EQ(Decimal::FromShortestDouble(70).ToString(), "70");
  EXPECT_EQ(Decimal::FromShortestDouble(-1e-5).ToString(), "-0.00001");
}

TEST(Decimal, ComparisonsAreExact) {
  const Decimal a = Decimal::FromString("50.07224285178907476404217984");
  const Decimal b = Decimal::FromString("50.07224285178907476404217982");
  EXPECT_TRUE(b < a);
  EXPECT_TRUE(a - b > 0);
  EXPECT_TRUE(Decimal::FromString("100.0") == Decimal(100));
  EXPECT_TRUE(Decimal::FromString("-0") == Decimal(0));
  EXPECT_TRUE(Decimal::FromString("-2E-26") < Decimal(0));
  EXPECT_TRUE(Decimal(-3) < Decimal::FromString("-2.9999999999999999999999999999"));
  EXPECT_TRUE((a - a).IsZero());
  EXPECT_DOUBLE_EQ(a.ToDouble(), 50.07224285178907476404217984);
  EXPECT_EQ(Decimal::FromString("0.000001").ToString(), "0.000001");
  EXPECT_EQ(Decimal::FromString("0.0000001").ToString(), "1E-7");
  EXPECT_EQ(Decimal::FromString("-12.50").ToString(), "-12.5");
}

TEST(Decimal, RefusesWhatIsNotANumberAndDivisionByZero) {
  for (const char* text : {"", "-", "1.2.3", "1e", "abc", "1e5x", "NaN", "0x10"}) {
    EXPECT_THROW(Decimal::FromString(text), std::invalid_argument) << text;
  }
  EXPECT_THROW(Decimal(1) / Decimal(0), std::domain_error);
  EXPECT_THROW(Decimal::FromDouble(std::numeric_limits<double>::infinity()), std::invalid_argument);
}

}  // namespace
}  // namespace parley::internal
