// parley leverage FILE... [--year Y | --years Y1-Y2] [--actor X] [--top N]
//   [--substitution S] [--sanction F] [--format table|json|csv] [-o FILE]
// Asymmetric trade dependence from trade data files (COW dyadic or national, tidy, GDP;
// merged in the order given). Without --year or --years: the latest year in the data.
#include <fmt/format.h>

#include <charconv>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "parley/errors.h"
#include "parley/trade.h"

namespace parley::cli {

namespace {

struct LeverageCommandOptions {
  std::vector<std::string> files;
  std::optional<int> year;
  std::string years;
  std::string actor;
  std::size_t top = 10;
  double substitution = 0;
  std::optional<double> sanction;
  std::string format = "table";
  std::string output;
};

int ParseYear(std::string_view text, const std::string& range) {
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    throw InputError(
        {}, "--years",
        fmt::format("'{}' is not a year range; expected Y1-Y2, e.g. 1990-2014", range));
  }
  return year;
}

// The years of the data in [first, last] ("Y1-Y2" or "Y").
std::vector<int> YearsInRange(const trade::TradeData& data, const std::string& range) {
  const std::size_t dash = range.find('-', 1);
  const int first = ParseYear(std::string_view(range).substr(0, dash), range);
  const int last = dash == std::string::npos
                       ? first
                       : ParseYear(std::string_view(range).substr(dash + 1), range);
  if (first > last) {
    throw InputError({}, "--years",
                     fmt::format("'{}' runs backwards; expected Y1-Y2 with Y1 <= Y2", range));
  }
  std::vector<int> years;
  for (int year : data.Years()) {
    if (year >= first && year <= last) years.push_back(year);
  }
  if (years.empty()) {
    const std::vector<int> all = data.Years();
    throw InputError(
        {}, "--years",
        fmt::format("no year of {} is in the trade data; expected years within "
                    "{} to {}",
                    range, all.empty() ? 0 : all.front(), all.empty() ? 0 : all.back()));
  }
  return years;
}

}  // namespace

void AddLeverageCommand(CLI::App& app, Action& action) {
  auto options = std::make_shared<LeverageCommandOptions>();
  CLI::App* leverage = app.add_subcommand(
      "leverage", "asymmetric trade dependence: partner shares, concentration, leverage ratios");
  leverage
      ->add_option("files", options->files,
                   "trade data: COW dyadic or national (.csv or .csv.gz), tidy "
                   "(reporter,partner,year,exports,imports) or GDP (country,year,gdp)")
      ->required();
  CLI::Option* year = leverage->add_option("--year", options->year, "year (default: latest)");
  leverage->add_option("--years", options->years, "year range Y1-Y2: a time series")
      ->excludes(year);
  leverage->add_option("--actor", options->actor,
                       "country (COW code, ISO3 or name) whose partners are listed; without "
                       "it, countries are ranked by concentration");
  leverage->add_option("--top", options->top, "partners (or countries) listed")
      ->check(CLI::Range(1, 1000));
  leverage
      ->add_option("--substitution", options->substitution,
                   "share of cut trade that can be re-routed, 0..1")
      ->check(CLI::Range(0.0, 1.0));
  leverage
      ->add_option("--sanction", options->sanction,
                   "cost if each partner cut this share of its trade with the actor, 0..1")
      ->check(CLI::Range(0.0, 1.0));
  leverage->add_option("-f,--format", options->format, "output format")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  leverage->add_option("-o,--output", options->output, "write to FILE instead of standard output");
  leverage->callback([options, &action] {
    action = [options] {
      trade::TradeData data;
      for (const std::string& file : options->files) trade::ReadTradeFile(file, data);
      trade::LeverageOptions analysis;
      if (!options->years.empty()) {
        analysis.years = YearsInRange(data, options->years);
      } else if (options->year) {
        analysis.years = {*options->year};
      } else {
        const std::vector<int> all = data.Years();
        if (all.empty()) throw InputError("the trade data has no rows");
        analysis.years = {all.back()};
      }
      if (!options->actor.empty()) analysis.actor = trade::CountryCode(options->actor, "--actor");
      analysis.top = options->top;
      analysis.substitution = options->substitution;
      analysis.sanction = options->sanction;
      trade::LeverageReport report = trade::AnalyzeLeverage(data, analysis);
      report.sources = options->files;
      std::string text;
      if (options->format == "json") {
        text = trade::LeverageToJson(report);
      } else if (options->format == "csv") {
        text = trade::LeverageToCsv(report);
      } else {
        text = trade::LeverageToTable(report);
      }
      WriteOutput(options->output, text);
    };
  });
}

}  // namespace parley::cli
