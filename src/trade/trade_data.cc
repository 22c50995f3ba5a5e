// TradeData: per year, an open-addressing hash table from the directed pair (reporter,
// partner), packed into one 64-bit key, to the reporter's imports and exports; a list of
// partners per country, so that a country's partners are found without scanning the
// year; national totals and GDP. The full COW dyadic file (673,654 dyad-years) makes one
// table entry per row. Flat tables, not std::unordered_map: with one heap node per entry,
// the node-based map took most of the reading time in cache misses, rehashing and freeing
// (measured with bench/trade_bench.cc and perf).
//
// Copies share their data until one of them is changed (copy on write), so a TradeData
// can be passed around by value cheaply.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "parley/trade.h"

namespace parley::trade {

namespace {

std::uint64_t PairKey(int reporter, int partner) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(reporter)) << 32) |
         static_cast<std::uint32_t>(partner);
}

std::uint64_t CountryKey(int country) { return static_cast<std::uint32_t>(country); }

struct Flow {
  double imports;  // NaN: no data
  double exports;
};

// Open addressing with linear probing, at most half full. ~0 marks an empty slot: as a
// pair it is (-1, -1), which AddFlow refuses (a country with itself), and a country key
// (32 bits) never reaches it.
template <typename Value>
class FlatMap {
 public:
  const Value* Find(std::uint64_t key) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t k = Home(key);; k = (k + 1) & (slots_.size() - 1)) {
      if (slots_[k].key == key) return &slots_[k].value;
      if (slots_[k].key == kEmpty) return nullptr;
    }
  }
  // The entry for `key`, inserted as `value` when absent, and whether it was inserted.
  std::pair<Value*, bool> Insert(std::uint64_t key, Value value) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    std::size_t k = Home(key);
    for (; slots_[k].key != kEmpty; k = (k + 1) & (slots_.size() - 1)) {
      if (slots_[k].key == key) return {&slots_[k].value, false};
    }
    slots_[k].key = key;
    slots_[k].value = std::move(value);
    ++size_;
    return {&slots_[k].value, true};
  }
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (const Slot& slot : slots_) {
      if (slot.key != kEmpty) visit(slot.key, slot.value);
    }
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  struct Slot {
    std::uint64_t key = kEmpty;
    Value value{};
  };

  // The splitmix64 finaliser: packed keys differ in few, low bits.
  std::size_t Home(std::uint64_t key) const {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key) & (slots_.size() - 1);
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot{});
    size_ = 0;
    for (Slot& slot : old) {
      if (slot.key != kEmpty) Insert(slot.key, std::move(slot.value));
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

struct YearData {
  FlatMap<Flow> reports;  // by PairKey(reporter, partner)
  // Every country with a report, by it or about it: its partners in order of first
  // appearance (sorted when asked for).
  FlatMap<std::vector<int>> neighbours;  // by CountryKey
  std::unordered_map<int, double> totals;
  std::unordered_map<int, double> gdp;
};

// A known value or nullopt.
std::optional<double> Known(double value) {
  if (std::isnan(value)) return std::nullopt;
  return value;
}

}  // namespace

struct TradeData::Impl {
  std::map<int, YearData> years;

  const YearData* Year(int year) const {
    const auto found = years.find(year);
    return found == years.end() ? nullptr : &found->second;
  }
  const Flow* Report(int year, int reporter, int partner) const {
    const YearData* data = Year(year);
    return data == nullptr ? nullptr : data->reports.Find(PairKey(reporter, partner));
  }
  const std::vector<int>* Neighbours(int year, int country) const {
    const YearData* data = Year(year);
    return data == nullptr ? nullptr : data->neighbours.Find(CountryKey(country));
  }
};

namespace {

// Copy on write: a TradeData shares its Impl with its copies until it changes.
template <typename Impl>
Impl& Writable(std::shared_ptr<Impl>& impl) {
  if (!impl) {
    impl = std::make_shared<Impl>();
  } else if (impl.use_count() > 1) {
    impl = std::make_shared<Impl>(*impl);
  }
  return *impl;
}

}  // namespace

void TradeData::AddFlow(int year, int reporter, int partner, double imports, double exports) {
  if (reporter == partner) {
    throw std::invalid_argument(
        fmt::format("trade of country {} with itself in {}", reporter, year));
  }
  if (imports < 0 || exports < 0 || std::isinf(imports) || std::isinf(exports)) {
    throw std::invalid_argument(fmt::format("negative or infinite flow {} -> {} in {}: {}, {}",
                                            reporter, partner, year, imports, exports));
  }
  YearData& data = Writable(impl_).years[year];
  const bool pair_known = data.reports.Find(PairKey(partner, reporter)) != nullptr;
  if (!data.reports.Insert(PairKey(reporter, partner), Flow{imports, exports}).second) {
    throw std::invalid_argument(
        fmt::format("flow {} -> {} in {} given twice", reporter, partner, year));
  }
  if (!pair_known) {
    data.neighbours.Insert(CountryKey(reporter), {}).first->push_back(partner);
    data.neighbours.Insert(CountryKey(partner), {}).first->push_back(reporter);
  }
}

void TradeData::SetTotal(int year, int country, double total) {
  Writable(impl_).years[year].totals[country] = total;
}

void TradeData::SetGdp(int year, int country, double gdp) {
  Writable(impl_).years[year].gdp[country] = gdp;
}

std::optional<double> TradeData::Imports(int year, int i, int j) const {
  if (!impl_) return std::nullopt;
  if (const Flow* own = impl_->Report(year, i, j); own != nullptr && !std::isnan(own->imports)) {
    return own->imports;
  }
  if (const Flow* mirror = impl_->Report(year, j, i); mirror != nullptr) {
    return Known(mirror->exports);
  }
  return std::nullopt;
}

std::optional<double> TradeData::Exports(int year, int i, int j) const {
  if (!impl_) return std::nullopt;
  if (const Flow* own = impl_->Report(year, i, j); own != nullptr && !std::isnan(own->exports)) {
    return own->exports;
  }
  if (const Flow* mirror = impl_->Report(year, j, i); mirror != nullptr) {
    return Known(mirror->imports);
  }
  return std::nullopt;
}

// A direction with no data adds nothing: the bilateral figure is then a lower bound on
// the true trade, and a pair with no data either way counts as no trade (COW leaves such
// dyads out of the file altogether).
double TradeData::Bilateral(int year, int i, int j) const {
  return Imports(year, i, j).value_or(0) + Exports(year, i, j).value_or(0);
}

double TradeData::PartnerTotal(int year, int i) const {
  const std::vector<int>* partners = impl_ ? impl_->Neighbours(year, i) : nullptr;
  if (partners == nullptr) return 0;
  double total = 0;
  for (int j : *partners) total += Bilateral(year, i, j);
  return total;
}

std::optional<double> TradeData::NationalTotal(int year, int i) const {
  if (!impl_) return std::nullopt;
  const YearData* data = impl_->Year(year);
  if (data == nullptr) return std::nullopt;
  const auto found = data->totals.find(i);
  if (found == data->totals.end()) return std::nullopt;
  return found->second;
}

double TradeData::Total(int year, int i) const {
  if (const std::optional<double> national = NationalTotal(year, i)) return *national;
  return PartnerTotal(year, i);
}

std::optional<double> TradeData::Gdp(int year, int i) const {
  if (!impl_) return std::nullopt;
  const YearData* data = impl_->Year(year);
  if (data == nullptr) return std::nullopt;
  const auto found = data->gdp.find(i);
  if (found == data->gdp.end()) return std::nullopt;
  return found->second;
}

std::vector<int> TradeData::Partners(int year, int i) const {
  std::vector<int> partners;
  const std::vector<int>* neighbours = impl_ ? impl_->Neighbours(year, i) : nullptr;
  if (neighbours == nullptr) return partners;
  for (int j : *neighbours) {
    if (Bilateral(year, i, j) > 0) partners.push_back(j);
  }
  std::sort(partners.begin(), partners.end());
  return partners;
}

std::vector<int> TradeData::Years() const {
  std::vector<int> years;
  if (!impl_) return years;
  for (const auto& [year, data] : impl_->years) years.push_back(year);
  return years;
}

bool TradeData::HasYear(int year) const { return impl_ && impl_->Year(year) != nullptr; }

// Every country with a flow, a total or a GDP in `year`, in increasing COW code.
std::vector<int> TradeData::Countries(int year) const {
  std::vector<int> countries;
  if (!impl_) return countries;
  const YearData* data = impl_->Year(year);
  if (data == nullptr) return countries;
  data->neighbours.ForEach([&](std::uint64_t key, const std::vector<int>&) {
    countries.push_back(static_cast<int>(static_cast<std::uint32_t>(key)));
  });
  for (const auto& [country, total] : data->totals) countries.push_back(country);
  for (const auto& [country, gdp] : data->gdp) countries.push_back(country);
  std::sort(countries.begin(), countries.end());
  countries.erase(std::unique(countries.begin(), countries.end()), countries.end());
  return countries;
}

}  // namespace parley::trade
