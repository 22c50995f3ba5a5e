// A progress bar on standard error with rate and ETA, redrawn by a background thread at
// most five times a second. Drawn only when enabled (the CLI enables it when stderr is a
// terminal and --quiet is not given); otherwise every call is a cheap no-op.
#ifndef PARLEY_APPS_PROGRESS_H_
#define PARLEY_APPS_PROGRESS_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace parley::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, std::uint64_t total, bool enabled);
  ~ProgressBar();  // calls Finish()
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Thread-safe: `done` more units finished.
  void Add(std::uint64_t done) { done_.fetch_add(done, std::memory_order_relaxed); }
  // Draws the final state and ends the line; idempotent.
  void Finish();

  // Whether a bar should be drawn: stderr is a terminal and the user did not ask for quiet.
  static bool Wanted(bool quiet);

 private:
  void Draw(bool final);
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  std::atomic<std::uint64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread drawer_;
};

}  // namespace parley::cli

#endif  // PARLEY_APPS_PROGRESS_H_
