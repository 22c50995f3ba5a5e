// Benchmarks of the trade readers. Issue 5 asks for well under a second of CPU per million
// rows; items/s here are rows/s, so seconds per million rows = 1e6 / items_per_second.
//   BM_ReadCowDyadicFile: the full COW dyadic file (673,654 rows, gzip) from ../shared,
//                         decompression included; skipped when the file is absent.
//   BM_ParseSyntheticDyadic: in-memory COW dyadic text, 200 states x 25 years, always runs.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <string>

#include "parley/trade.h"

namespace {

void BM_ReadCowDyadicFile(benchmark::State& state) {
  const std::string path =
      std::string(PARLEY_SOURCE_DIR) + "/../shared/data/trade/cow-dyadic-1870-2014.csv.gz";
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("../shared/data/trade/cow-dyadic-1870-2014.csv.gz is absent");
    return;
  }
  constexpr std::int64_t kRows = 673654;
  for (auto _ : state) {
    parley::trade::TradeData data;
    parley::trade::ReadTradeFile(path, data);
    benchmark::DoNotOptimize(data);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_ReadCowDyadicFile)->Unit(benchmark::kMillisecond);

// Every pair of `states` states (COW-like codes) in each of `years` years, with flows of
// the shapes the COW file has: whole numbers, decimals, NA and -9.
std::string SyntheticDyadic(int states, int years, std::int64_t& rows) {
  std::mt19937_64 engine(7);
  std::uniform_int_distribution<int> amount(0, 99999);
  std::string text =
      "\"ccode1\",\"ccode2\",\"year\",\"flow1\",\"flow2\",\"smoothflow1\",\"smoothflow2\"\n";
  rows = 0;
  for (int year = 1990; year < 1990 + years; ++year) {
    for (int a = 0; a < states; ++a) {
      for (int b = a + 1; b < states; ++b) {
        const int flow1 = amount(engine), flow2 = amount(engine);
        const std::string f1 = flow1 % 50 == 0 ? "NA" : std::to_string(flow1);
        const std::string f2 =
            flow2 % 97 == 0 ? "-9" : std::to_string(flow2) + (flow2 % 3 == 0 ? ".25" : "");
        text += std::to_string(2 + 4 * a) + ',' + std::to_string(2 + 4 * b) + ',' +
                std::to_string(year) + ',' + f1 + ',' + f2 + ',' + f1 + ',' + f2 + '\n';
        ++rows;
      }
    }
  }
  return text;
}

void BM_ParseSyntheticDyadic(benchmark::State& state) {
  std::int64_t rows = 0;
  const std::string text = SyntheticDyadic(200, 25, rows);
  for (auto _ : state) {
    parley::trade::TradeData data;
    parley::trade::ParseTradeText(text, "synthetic.csv", data);
    benchmark::DoNotOptimize(data);
  }
  state.SetItemsProcessed(state.iterations() * rows);
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_ParseSyntheticDyadic)->Unit(benchmark::kMillisecond);

}  // namespace
