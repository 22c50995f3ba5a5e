// Trade data (parley/trade.h): the country table, the readers (three formats, gzip, error
// messages), every measure checked by hand on small files, and North Korea 2014 on the COW
// data when ../shared is present.
#include "parley/trade.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <fstream>
#include <set>
#include <string>

#include "test_util.h"

namespace parley::trade {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr int kUsa = 2, kCanada = 20, kChina = 710, kNorthKorea = 731, kSouthKorea = 732;

// A path in the temporary folder unique to the running test: ctest runs tests in parallel
// processes, which must not overwrite each other's files.
std::string TempPath(const std::string& name) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string prefix = std::string(test->test_suite_name()) + "." + test->name();
  for (char& c : prefix) {
    if (c == '/') c = '_';
  }
  return ::testing::TempDir() + "/" + prefix + "." + name;
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string WriteGzip(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  gzFile file = gzopen(path.c_str(), "wb");
  EXPECT_NE(file, nullptr);
  EXPECT_EQ(gzwrite(file, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  gzclose(file);
  return path;
}

// Four countries in 2014 (million USD), tidy format; each row is the reporter's own report.
//   PRK-CHN: PRK exports 30, imports 60 -> trade 90 (China's side is the mirror)
//   PRK-KOR: 5 + 5 = 10;  CHN-USA: 400 + 100 = 500;  CHN-KOR: 250 + 150 = 400;
//   USA-KOR: 40 + 60 = 100.
// Partner sums: PRK 100, CHN 90 + 500 + 400 = 990, USA 600, KOR 510.
constexpr const char* kTidy =
    "reporter,partner,year,exports,imports\n"
    "PRK,CHN,2014,30,60\n"
    "North Korea,South Korea,2014,5,5\n"
    "710,USA,2014,400,100\n"
    "China,KOR,2014,250,150\n"
    "\"United States\",732,2014,40,60\n";
constexpr const char* kGdp =
    "country,year,gdp\n"
    "PRK,2014,1000\n"
    "CHN,2014,10000\n";
// COW national format: PRK imports 70, exports 50 -> total 120.
constexpr const char* kNational =
    "\"ccode\",\"year\",\"imports\",\"exports\"\n"
    "731,2014,70,50\n"
    "710,2014,NA,900\n";

TradeData SmallData() {
  TradeData data;
  ReadTradeFile(WriteTemp("small-tidy.csv", kTidy), data);
  return data;
}

TEST(CountryTable, ResolvesCodesIsoAndNames) {
  EXPECT_EQ(CountryCode("731"), kNorthKorea);
  EXPECT_EQ(CountryCode("PRK"), kNorthKorea);
  EXPECT_EQ(CountryCode("prk"), kNorthKorea);
  EXPECT_EQ(CountryCode(" North Korea "), kNorthKorea);
  EXPECT_EQ(CountryCode("DPRK"), kNorthKorea);
  EXPECT_EQ(CountryCode("KOR"), kSouthKorea);
  EXPECT_EQ(CountryCode("USA"), kUsa);
  EXPECT_EQ(CountryCode("GBR"), 200);
  EXPECT_EQ(CountryCode("FRA"), 220);
  EXPECT_EQ(CountryCode("DEU"), 255);
  EXPECT_EQ(CountryCode("Soviet Union"), 365);
  EXPECT_EQ(CountryCode("TWN"), 713);
  EXPECT_EQ(CountryCode("Japan"), 740);
  EXPECT_EQ(CountryCode("IND"), 750);
  EXPECT_EQ(CountryCode("245"), 245);  // Bavaria: a COW code outside the table is kept
  EXPECT_EQ(FindCountry(kChina)->iso3, "CHN");
  EXPECT_EQ(FindCountry(kCanada)->name, "Canada");
  EXPECT_FALSE(FindCountry(999).has_value());
  EXPECT_EQ(CountryLabel(kNorthKorea), "PRK");
  EXPECT_EQ(CountryLabel(260), "West Germany");
  EXPECT_EQ(CountryLabel(245), "COW 245");
  EXPECT_FALSE(FindCountryCode("Atlantis").has_value());
  EXPECT_THAT([] { CountryCode("Atlantis", "--actor"); },
              ::testing::ThrowsMessage<InputError>(
                  AllOf(HasSubstr("--actor"), HasSubstr("'Atlantis'"), HasSubstr("expected"))));
  EXPECT_THROW(CountryCode("0"), InputError);
  EXPECT_THROW(CountryCode("1000"), InputError);
}

TEST(CountryTable, CoversTheStateSystemWithUniqueCodes) {
  const std::vector<Country> countries = AllCountries();
  std::set<int> codes;
  std::set<std::string> isos, names;
  for (const Country& country : countries) {
    EXPECT_TRUE(codes.insert(country.cow).second) << country.cow;
    if (!country.iso3.empty()) EXPECT_TRUE(isos.insert(country.iso3).second) << country.iso3;
    EXPECT_TRUE(names.insert(country.name).second) << country.name;
    EXPECT_EQ(CountryCode(country.name), country.cow) << country.name;
    if (!country.iso3.empty()) EXPECT_EQ(CountryCode(country.iso3), country.cow);
  }
  EXPECT_TRUE(std::is_sorted(countries.begin(), countries.end(),
                             [](const Country& a, const Country& b) { return a.cow < b.cow; }));
  // The 195 members of 2016 (193 UN members, Kosovo, Taiwan) and 9 historic states.
  EXPECT_EQ(countries.size(), 204u);
}

TEST(TradeReader, ReadsTidyFilesAndMirrorsTheOtherSide) {
  const TradeData data = SmallData();
  EXPECT_EQ(data.Years(), std::vector<int>{2014});
  EXPECT_EQ(data.Countries(2014), (std::vector<int>{kUsa, kChina, kNorthKorea, kSouthKorea}));
  EXPECT_EQ(data.Imports(2014, kNorthKorea, kChina), 60);
  EXPECT_EQ(data.Exports(2014, kNorthKorea, kChina), 30);
  // China did not report: its side is North Korea's report mirrored.
  EXPECT_EQ(data.Imports(2014, kChina, kNorthKorea), 30);
  EXPECT_EQ(data.Exports(2014, kChina, kNorthKorea), 60);
  EXPECT_EQ(data.Bilateral(2014, kChina, kNorthKorea), 90);
  EXPECT_EQ(data.Bilateral(2014, kNorthKorea, kUsa), 0);
  EXPECT_EQ(data.Partners(2014, kChina), (std::vector<int>{kUsa, kNorthKorea, kSouthKorea}));
  EXPECT_EQ(data.Total(2014, kNorthKorea), 100);
  EXPECT_EQ(data.Total(2014, kChina), 990);
  EXPECT_EQ(data.Total(2014, kUsa), 600);
  EXPECT_EQ(data.Total(2014, kSouthKorea), 510);
  EXPECT_FALSE(data.NationalTotal(2014, kChina).has_value());
  EXPECT_FALSE(data.Gdp(2014, kChina).has_value());
  EXPECT_FALSE(data.HasYear(2013));
}

TEST(TradeMeasures, SharesRatiosAndConcentrationByHand) {
  const TradeData data = SmallData();
  EXPECT_DOUBLE_EQ(PartnerShare(data, 2014, kNorthKorea, kChina), 90.0 / 100);
  EXPECT_DOUBLE_EQ(PartnerShare(data, 2014, kChina, kNorthKorea), 90.0 / 990);
  // s_ij / s_ji = 0.9 / (1/11) = 9.9: China's leverage over North Korea.
  EXPECT_DOUBLE_EQ(LeverageRatio(data, 2014, kNorthKorea, kChina), 9.9);
  EXPECT_DOUBLE_EQ(LeverageRatio(data, 2014, kChina, kNorthKorea), 1 / 9.9);
  EXPECT_TRUE(std::isnan(LeverageRatio(data, 2014, kNorthKorea, kUsa)));
  // HHI = 0.9^2 + 0.1^2; Hirschman = 100 sqrt(HHI).
  EXPECT_DOUBLE_EQ(Herfindahl(data, 2014, kNorthKorea), 0.82);
  EXPECT_DOUBLE_EQ(HirschmanIndex(data, 2014, kNorthKorea), 100 * std::sqrt(0.82));
  EXPECT_DOUBLE_EQ(Herfindahl(data, 2014, kChina),
                   (90.0 * 90 + 500.0 * 500 + 400.0 * 400) / (990.0 * 990));
  EXPECT_EQ(Herfindahl(data, 2014, 999), 0);
  EXPECT_EQ(PartnerShare(data, 2014, 999, kChina), 0);
}

TEST(TradeMeasures, NationalTotalsAreTheDenominatorWhenGiven) {
  TradeData data = SmallData();
  ReadTradeFile(WriteTemp("small-national.csv", kNational), data);
  EXPECT_EQ(data.NationalTotal(2014, kNorthKorea), 120);
  EXPECT_EQ(data.Total(2014, kNorthKorea), 120);
  EXPECT_EQ(data.PartnerTotal(2014, kNorthKorea), 100);
  // China's imports are NA: no national total, the partner sum stands in.
  EXPECT_FALSE(data.NationalTotal(2014, kChina).has_value());
  EXPECT_EQ(data.Total(2014, kChina), 990);
  EXPECT_DOUBLE_EQ(PartnerShare(data, 2014, kNorthKorea, kChina), 90.0 / 120);
  EXPECT_DOUBLE_EQ(Herfindahl(data, 2014, kNorthKorea), (90.0 * 90 + 10.0 * 10) / (120.0 * 120));
}

TEST(TradeMeasures, GdpDependenceVulnerabilityAndSanctionCostByHand) {
  TradeData data = SmallData();
  ReadTradeFile(WriteTemp("small-gdp.csv", kGdp), data);
  EXPECT_EQ(data.Gdp(2014, kNorthKorea), 1000);
  // D_ij = trade_ij / GDP_i: 90 / 1000 and 90 / 10000.
  EXPECT_DOUBLE_EQ(*GdpDependence(data, 2014, kNorthKorea, kChina), 0.09);
  EXPECT_DOUBLE_EQ(*GdpDependence(data, 2014, kChina, kNorthKorea), 0.009);
  EXPECT_DOUBLE_EQ(*GdpDependenceAsymmetry(data, 2014, kNorthKorea, kChina), 0.081);
  EXPECT_FALSE(GdpDependence(data, 2014, kUsa, kChina).has_value());
  EXPECT_FALSE(GdpDependenceAsymmetry(data, 2014, kChina, kUsa).has_value());

  // sigma = 0.25: vulnerability = 0.75 s_ij = 0.675, and 0.75 * 0.09 of GDP.
  const Vulnerability exposure = EstimateVulnerability(data, 2014, kNorthKorea, kChina, 0.25);
  EXPECT_DOUBLE_EQ(exposure.sensitivity, 0.9);
  EXPECT_DOUBLE_EQ(exposure.vulnerability, 0.675);
  EXPECT_DOUBLE_EQ(*exposure.sensitivity_gdp, 0.09);
  EXPECT_DOUBLE_EQ(*exposure.vulnerability_gdp, 0.0675);
  EXPECT_FALSE(EstimateVulnerability(data, 2014, kUsa, kChina, 0).sensitivity_gdp.has_value());
  EXPECT_THROW(EstimateVulnerability(data, 2014, kNorthKorea, kChina, 1.5), InputError);

  // China cuts half of its 90 with North Korea: 45 cut; with sigma 0.25 for both sides each
  // loses 33.75: North Korea 33.75 / 100 of its trade and / 1000 of its GDP, China 33.75 /
  // 990 and / 10000.
  const SanctionCost cost = EstimateSanctionCost(data, 2014, kNorthKorea, kChina, 0.5, 0.25, 0.25);
  EXPECT_DOUBLE_EQ(cost.trade_cut, 45);
  EXPECT_EQ(cost.target.country, kNorthKorea);
  EXPECT_DOUBLE_EQ(cost.target.trade_lost, 33.75);
  EXPECT_DOUBLE_EQ(cost.target.share_of_trade, 0.3375);
  EXPECT_DOUBLE_EQ(*cost.target.share_of_gdp, 0.03375);
  EXPECT_EQ(cost.sender.country, kChina);
  EXPECT_DOUBLE_EQ(cost.sender.trade_lost, 33.75);
  EXPECT_DOUBLE_EQ(cost.sender.share_of_trade, 33.75 / 990);
  EXPECT_DOUBLE_EQ(*cost.sender.share_of_gdp, 0.003375);
  // Defaults: no substitution, so the whole cut is lost.
  EXPECT_DOUBLE_EQ(EstimateSanctionCost(data, 2014, kNorthKorea, kChina, 1).target.trade_lost, 90);
  EXPECT_THROW(EstimateSanctionCost(data, 2014, kNorthKorea, kChina, -0.1), InputError);
}

// COW dyadic: flow1 = imports of ccode1 from ccode2, flow2 = imports of ccode2 from ccode1.
constexpr const char* kCowDyadic =
    "\"ccode1\",\"ccode2\",\"year\",\"flow1\",\"flow2\",\"smoothflow1\",\"smoothflow2\"\n"
    "2,20,2000,100,-9,100,-9\n"
    "2,710,2000,300,NA,300,NA\n"
    "20,710,2000,,5.5,,5.5\n"
    "20,2,2001,40,60,40,60\r\n";

TEST(TradeReader, ReadsCowDyadicWithMissingValuesAsNoData) {
  TradeData data;
  ReadTradeFile(WriteTemp("cow-dyadic.csv", kCowDyadic), data);
  EXPECT_EQ(data.Imports(2000, kUsa, kCanada), 100);
  EXPECT_FALSE(data.Exports(2000, kUsa, kCanada).has_value());  // -9: no data, not zero
  EXPECT_EQ(data.Exports(2000, kCanada, kUsa), 100);            // the mirror
  EXPECT_FALSE(data.Imports(2000, kCanada, kUsa).has_value());
  EXPECT_EQ(data.Bilateral(2000, kUsa, kCanada), 100);            // the known direction only
  EXPECT_FALSE(data.Imports(2000, kCanada, kChina).has_value());  // empty field
  EXPECT_EQ(data.Exports(2000, kCanada, kChina), 5.5);
  EXPECT_EQ(data.Total(2000, kUsa), 400);
  // 2001: Canada is ccode1, so flow2 = 60 is US imports from Canada.
  EXPECT_EQ(data.Imports(2001, kUsa, kCanada), 60);
  EXPECT_EQ(data.Exports(2001, kUsa, kCanada), 40);
}

TEST(TradeReader, MissingFlowIsFilledFromThePartnersReport) {
  TradeData data;
  ParseTradeText(
      "reporter,partner,year,exports,imports\n"
      "USA,CAN,2001,10,NA\n"
      "CAN,USA,2001,7,10\n",
      "mirror.csv", data);
  EXPECT_EQ(data.Imports(2001, kUsa, kCanada), 7);  // Canada's exports to the US
  EXPECT_EQ(data.Bilateral(2001, kUsa, kCanada), 17);
  EXPECT_EQ(data.Bilateral(2001, kCanada, kUsa), 17);
}

TEST(TradeReader, ReadsGzipFilesWrittenWithZlib) {
  TradeData plain, compressed;
  ReadTradeFile(WriteTemp("cow-dyadic-plain.csv", kCowDyadic), plain);
  ReadTradeFile(WriteGzip("cow-dyadic.csv.gz", kCowDyadic), compressed);
  for (int year : {2000, 2001}) {
    for (int i : {kUsa, kCanada, kChina}) {
      EXPECT_EQ(compressed.Total(year, i), plain.Total(year, i));
      for (int j : {kUsa, kCanada, kChina}) {
        EXPECT_EQ(compressed.Imports(year, i, j), plain.Imports(year, i, j));
        EXPECT_EQ(compressed.Exports(year, i, j), plain.Exports(year, i, j));
      }
    }
  }
}

TEST(TradeReader, MergesFilesAndCopiesAreIndependent) {
  TradeData data = SmallData();
  const TradeData before = data;
  ReadTradeFile(WriteTemp("merge-gdp.csv", kGdp), data);
  EXPECT_TRUE(data.Gdp(2014, kChina).has_value());
  EXPECT_FALSE(before.Gdp(2014, kChina).has_value());
  data.AddFlow(2015, kUsa, kCanada, 1, 2);
  EXPECT_FALSE(before.HasYear(2015));
  EXPECT_THROW(data.AddFlow(2015, kUsa, kCanada, 1, 2), std::invalid_argument);
  EXPECT_NO_THROW(data.AddFlow(2015, kCanada, kUsa, 2, 1));  // the other direction
}

TEST(TradeReader, QuotedFieldsWithEscapesAndLineBreaks) {
  TradeData data;
  ParseTradeText(
      "\"reporter\",\"partner\",\"year\",\"exports\",\"imports\",\"note\"\n"
      "\"Korea, Republic of\",\"USA\",2014,1,2,\"said \"\"hi\"\"\nover two lines\"\n"
      "JPN,USA,2014,3,4,\n",
      "quoted.csv", data);
  EXPECT_EQ(data.Bilateral(2014, kSouthKorea, kUsa), 3);
  EXPECT_EQ(data.Bilateral(2014, 740, kUsa), 7);
}

struct BadTrade {
  const char* name;
  std::string text;
  std::vector<const char*> expected;
};

class TradeReaderRejects : public ::testing::TestWithParam<BadTrade> {};

TEST_P(TradeReaderRejects, WithFileLineFieldValueAndExpectation) {
  const BadTrade& bad = GetParam();
  const std::string path = WriteTemp("bad.csv", bad.text);
  TradeData data = SmallData();
  try {
    ReadTradeFile(path, data);
    FAIL() << "accepted: " << bad.text;
  } catch (const InputError& error) {
    for (const char* part : bad.expected) {
      EXPECT_THAT(error.what(), HasSubstr(part));
    }
    EXPECT_THAT(error.what(), HasSubstr(path));
  }
  // A failed read leaves the data as it was.
  EXPECT_EQ(data.Total(2014, kChina), 990);
  EXPECT_EQ(data.Years(), std::vector<int>{2014});
}

const std::string kTidyHeader = "reporter,partner,year,exports,imports\n";

INSTANTIATE_TEST_SUITE_P(
    Trade, TradeReaderRejects,
    ::testing::Values(
        BadTrade{"empty", "", {"empty", "expected a header"}},
        BadTrade{"unknown header", "a,b,c\n1,2,3\n", {":1", "header", "not a known trade format"}},
        BadTrade{"not a number",
                 "ccode1,ccode2,year,flow1,flow2\n2,20,2000,1,2\n2,710,2000,abc,2\n",
                 {":3:", "flow1", "'abc'", "expected an amount"}},
        BadTrade{"negative",
                 kTidyHeader + "USA,CAN,2000,-5,1\n",
                 {":2:", "exports", "'-5'", "is negative"}},
        BadTrade{"negative other than -9",
                 "ccode1,ccode2,year,flow1,flow2\n2,20,2000,-8,1\n",
                 {":2:", "flow1", "'-8'", "-9, NA or empty"}},
        BadTrade{"infinite", kTidyHeader + "USA,CAN,2000,inf,1\n", {"exports", "'inf'"}},
        BadTrade{"unknown country",
                 kTidyHeader + "Atlantis,CAN,2000,5,1\n",
                 {":2:1", "reporter", "'Atlantis'", "not a known country"}},
        BadTrade{"bad code",
                 "ccode1,ccode2,year,flow1,flow2\n2,x20,2000,1,2\n",
                 {":2:3", "ccode2", "'x20'", "COW state code"}},
        BadTrade{
            "bad year", kTidyHeader + "USA,CAN,20x0,5,1\n", {":2:", "year", "'20x0'", "a year"}},
        BadTrade{"same country", kTidyHeader + "USA,2,2000,5,1\n", {":2:", "partner", "same"}},
        BadTrade{"duplicate row",
                 kTidyHeader + "USA,CAN,2000,5,1\nUSA,CAN,2000,5,1\n",
                 {":3", "given twice"}},
        BadTrade{"duplicate of data read before",
                 kTidyHeader + "PRK,CHN,2014,1,1\n",
                 {":2", "given twice"}},
        BadTrade{"field count", kTidyHeader + "USA,CAN,2000,5\n", {":2", "4 fields; expected 5"}},
        BadTrade{
            "unterminated quote", kTidyHeader + "\"USA,CAN,2000,5,1\n", {":2", "never closed"}},
        BadTrade{"text after quote",
                 kTidyHeader + "\"USA\"x,CAN,2000,5,1\n",
                 {":2:6", "after a closing quote"}},
        BadTrade{"zero gdp", "country,year,gdp\nPRK,2014,0\n", {":2:", "gdp", "not positive"}}),
    [](const ::testing::TestParamInfo<BadTrade>& info) {
      std::string name = info.param.name;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(TradeReader, RejectsMissingFilesDirectoriesAndCorruptGzip) {
  TradeData data;
  EXPECT_THAT([&] { ReadTradeFile(::testing::TempDir() + "/no-such.csv", data); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("no such file")));
  EXPECT_THAT([&] { ReadTradeFile(::testing::TempDir(), data); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("is a directory")));
  // A gzip header followed by bytes that are not deflate data.
  const std::string path =
      WriteTemp("corrupt.csv.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) +
                                      std::string(64, '\xff'));
  EXPECT_THAT(
      [&] { ReadTradeFile(path, data); },
      ::testing::ThrowsMessage<InputError>(AllOf(HasSubstr(path), HasSubstr("cannot be read"))));
}

TEST(LeverageReport, ListsTopPartnersBothWaysAndRanksByConcentration) {
  TradeData data = SmallData();
  LeverageOptions options;
  options.years = {2014};
  options.actor = kNorthKorea;
  options.top = 1;
  options.substitution = 0.25;
  options.sanction = 0.5;
  LeverageReport report = AnalyzeLeverage(data, options);
  ASSERT_EQ(report.rows.size(), 1u);
  const ActorLeverage& row = report.rows[0];
  EXPECT_EQ(row.partner_count, 2u);
  ASSERT_EQ(row.partners.size(), 1u);
  EXPECT_EQ(row.partners[0].partner, kChina);
  EXPECT_DOUBLE_EQ(row.partners[0].share_of_actor, 0.9);
  EXPECT_DOUBLE_EQ(row.partners[0].share_of_partner, 90.0 / 990);
  EXPECT_DOUBLE_EQ(row.partners[0].leverage_ratio, 9.9);
  EXPECT_DOUBLE_EQ(row.partners[0].vulnerability.vulnerability, 0.675);
  EXPECT_DOUBLE_EQ(row.partners[0].sanction->target.share_of_trade, 0.3375);
  EXPECT_THAT(LeverageToTable(report), AllOf(HasSubstr("North Korea"), HasSubstr("China"),
                                             HasSubstr("90.00%"), HasSubstr("9.90")));
  const std::string csv = LeverageToCsv(report);
  EXPECT_THAT(csv, HasSubstr("2014,731,PRK,North Korea,100,partner_sum,,0.82"));
  EXPECT_THAT(LeverageToJson(report), HasSubstr("\"leverage_ratio\": 9.9"));

  options.actor.reset();
  options.top = 4;
  report = AnalyzeLeverage(data, options);
  ASSERT_EQ(report.rows.size(), 4u);
  EXPECT_EQ(report.rows[0].actor, kNorthKorea);  // HHI 0.82, the most concentrated
  for (std::size_t k = 1; k < report.rows.size(); ++k) {
    EXPECT_GE(report.rows[k - 1].herfindahl, report.rows[k].herfindahl);
  }

  options.years = {2013};
  EXPECT_THAT([&] { AnalyzeLeverage(data, options); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("2013 is not in the trade data")));
  options.years = {2014};
  options.actor = 999;
  EXPECT_THAT([&] { AnalyzeLeverage(data, options); },
              ::testing::ThrowsMessage<InputError>(HasSubstr("no trade recorded in 2014")));
}

// North Korea 2014 on the COW data (v4.0). Definition: China's share of North Korea's
// trade s = (imports from China + exports to China) / North Korea's total trade, where the
// total is either (a) the sum of North Korea's bilateral trade over all partners in the
// dyadic file, or (b) North Korea's imports + exports in the national totals file. The
// concentration index is the Herfindahl-Hirschman index sum_j s_j^2 over all partners, with
// the same denominator. Published (Barbieri & Keshk 2016) figures: China-North Korea flow1
// (China's imports) $2,845m, flow2 (North Korea's imports) $3,883m; partner sum $8,484m;
// national imports $4,879.3m + exports $3,287.4m = $8,166.7m.
TEST(TradeCowData, NorthKorea2014ChinaShareAndConcentrationTwoWays) {
  const std::string dyadic =
      std::string(PARLEY_SHARED_DIR) + "/data/trade/cow-dyadic-1870-2014.csv.gz";
  const std::string national =
      std::string(PARLEY_SHARED_DIR) + "/data/trade/cow-national-1870-2014.csv";
  if (!parley::testing::FileExists(dyadic) || !parley::testing::FileExists(national)) {
    GTEST_SKIP() << "the COW trade data (../shared/data/trade) is not present";
  }
  TradeData data;
  ReadTradeFile(dyadic, data);
  EXPECT_EQ(data.Years().front(), 1870);
  EXPECT_EQ(data.Years().back(), 2014);
  EXPECT_EQ(data.Imports(2014, kNorthKorea, kChina), 3883);
  EXPECT_EQ(data.Exports(2014, kNorthKorea, kChina), 2845);
  EXPECT_EQ(data.Bilateral(2014, kNorthKorea, kChina), 6728);
  EXPECT_EQ(data.Total(2014, kNorthKorea), 8484);
  EXPECT_EQ(data.Partners(2014, kNorthKorea).size(), 84u);
  // (a) against the partner sum.
  EXPECT_NEAR(PartnerShare(data, 2014, kNorthKorea, kChina), 6728.0 / 8484, 1e-12);  // 79.3%
  EXPECT_NEAR(Herfindahl(data, 2014, kNorthKorea), 0.63186, 5e-6);
  EXPECT_LT(PartnerShare(data, 2014, kChina, kNorthKorea), 0.002);  // about 0.1% of China's
  // Every state trading in 2014 is in the country table.
  for (int country : data.Countries(2014)) EXPECT_TRUE(FindCountry(country)) << country;

  // (b) against the national total.
  ReadTradeFile(national, data);
  const double total = 4879.31403802858 + 3287.41241392723;
  EXPECT_NEAR(*data.NationalTotal(2014, kNorthKorea), total, 1e-6);
  EXPECT_NEAR(PartnerShare(data, 2014, kNorthKorea, kChina), 6728 / total, 1e-12);  // 82.4%
  EXPECT_NEAR(Herfindahl(data, 2014, kNorthKorea), 0.68191, 5e-6);
  EXPECT_NEAR(HirschmanIndex(data, 2014, kNorthKorea), 100 * std::sqrt(0.68191), 5e-4);
}

}  // namespace
}  // namespace parley::trade

namespace parley::trade {
namespace {

// Found by the fuzz_trade target: several quoted fields with "" escapes in one record
// must each keep their own unescaped text (their buffers once moved when a later field
// needed a new one, leaving the earlier views dangling).
TEST(TradeReader, ManyEscapedQuotedFieldsInOneRecord) {
  TradeData data;
  EXPECT_THAT(
      [&] {
        ParseTradeText(
            "reporter,partner,year,exports,imports\n"
            "\"U\"\"SA\",\"C\"\"HN\",\"2\"\"0\",\"1\"\"\",\"2\"\"\"\n",
            "quotes.csv", data);
      },
      ::testing::ThrowsMessage<InputError>(::testing::HasSubstr("U\"SA")));
}

}  // namespace
}  // namespace parley::trade
