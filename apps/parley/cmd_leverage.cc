// parley leverage FILE... [--year Y | --years Y1-Y2] [--actor X] [--top N]
//   [--substitution S] [--sanction F] [--format table|json|csv] [-o FILE]
// Asymmetric trade dependence from trade data files (COW dyadic or national, tidy, GDP;
// merged in the order given). Without --year or --years: the latest year in the data.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
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
  AddFormatOption(*leverage, options->format);
  AddOutputOption(*leverage, options->output);
  leverage->callback([options, &action] {
    action = [options] {
      trade::TradeData data;
      for (const std::string& file : options->files) trade::ReadTradeFile(file, data);
      trade::LeverageOptions analysis;
      analysis.years = trade::SelectLeverageYears(data, options->year, options->years);
      if (!options->actor.empty()) analysis.actor = trade::CountryCode(options->actor, "--actor");
      analysis.top = options->top;
      analysis.substitution = options->substitution;
      analysis.sanction = options->sanction;
      trade::LeverageReport report = trade::AnalyzeLeverage(data, analysis);
      report.sources = options->files;
      WriteOutput(options->output,
                  Render(options->format, {[&] { return trade::LeverageToTable(report); },
                                           [&] { return trade::LeverageToJson(report); },
                                           [&] { return trade::LeverageToCsv(report); }}));
    };
  });
}

}  // namespace parley::cli
