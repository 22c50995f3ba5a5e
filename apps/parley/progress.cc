#include "progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace parley::cli {

namespace {

std::string Duration(double seconds) {
  const long total = static_cast<long>(seconds + 0.5);
  if (total >= 3600)
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

std::string Rate(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.2f}M/s", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.1f}k/s", per_second / 1e3);
  return fmt::format("{:.0f}/s", per_second);
}

}  // namespace

bool ProgressBar::Wanted(bool quiet) { return !quiet && isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::string label, std::uint64_t total, bool enabled)
    : label_(std::move(label)),
      total_(std::max<std::uint64_t>(total, 1)),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()) {
  if (!enabled_) return;
  drawer_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_; })) {
      Draw(false);
    }
  });
}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Finish() {
  if (!enabled_) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (drawer_.joinable()) drawer_.join();
  Draw(true);
  std::fputc('\n', stderr);
  enabled_ = false;
}

void ProgressBar::Draw(bool final) {
  constexpr int kWidth = 30;
  const std::uint64_t done = std::min(done_.load(std::memory_order_relaxed), total_);
  const double share = static_cast<double>(done) / static_cast<double>(total_);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  const int filled = static_cast<int>(share * kWidth);
  const std::string eta = final      ? "took " + Duration(elapsed)
                          : rate > 0 ? "ETA " + Duration(static_cast<double>(total_ - done) / rate)
                                     : "ETA ?";
  std::fprintf(stderr, "\r%s [%s%s] %3.0f%% %llu/%llu %s %s\x1b[K", label_.c_str(),
               std::string(filled, '#').c_str(), std::string(kWidth - filled, '.').c_str(),
               100 * share, static_cast<unsigned long long>(done),
               static_cast<unsigned long long>(total_), Rate(rate).c_str(), eta.c_str());
  std::fflush(stderr);
}

}  // namespace parley::cli
