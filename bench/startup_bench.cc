// Whole-process time of the parley executable on small inputs: start-up (dynamic loading,
// static initialisers), reading, the models and the output, as a user sees it. Each
// iteration spawns `parley ARGS... > /dev/null` and waits for it; the time is wall-clock
// (UseRealTime), and the counters add the child's CPU time (user + system, from
// getrusage) per process.
//
//   Startup/version       parley --version: loading and initialisation only
//   Startup/check_10      parley check on 10 actors: + reading and validating
//   Startup/run_10        parley run on 10 actors: + every default model and the table
//   Startup/run_soe       parley run on KTAB's SOE-Pol-Comp (13 actors, 2 dimensions)
//
// The 10-actor input is the EC-10 example (../shared/data/eum/Example.csv) when the shared
// data is there, else a generated 10-actor BDM CSV; run_soe is skipped without it.
// PARLEY in the environment names another executable (default: this build's).
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_util.h"

extern char** environ;

namespace parley::bench {
namespace {

std::string Executable() {
  const char* parley = std::getenv("PARLEY");
  return parley && *parley ? parley : PARLEY_EXECUTABLE;
}

const std::string kShared = PARLEY_SOURCE_DIR "/../shared/data/";

// EC-10 when the shared data is there; else 10 random actors on one issue.
std::string TenActors() {
  const std::string ec10 = kShared + "eum/Example.csv";
  if (std::filesystem::exists(ec10)) return ec10;
  const std::string path =
      (std::filesystem::temp_directory_path() / "parley-startup-10-actors.csv").string();
  const Scenario scenario = RandomScenario(10, 1);
  std::ofstream file(path);
  file << "# parley.scale: 0 100\nActor,Capability,Position,Salience\n";
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    file << scenario.actor(a).id << ',' << scenario.actor(a).capability << ','
         << scenario.stance(a, 0)->position << ',' << scenario.stance(a, 0)->salience << '\n';
  }
  return path;
}

double ChildCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// Runs parley with `args`, standard output and error to /dev/null; false when it fails.
bool RunParley(const std::vector<std::string>& args) {
  const std::string executable = Executable();
  std::vector<char*> argv = {const_cast<char*>(executable.c_str())};
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, executable.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) return false;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void Measure(benchmark::State& state, const std::vector<std::string>& args) {
  if (!RunParley(args)) {  // also a warm-up: the executable and libraries in the page cache
    state.SkipWithError(("cannot run " + Executable()).c_str());
    return;
  }
  const double cpu_before = ChildCpuSeconds();
  for (auto _ : state) {
    if (!RunParley(args)) {
      state.SkipWithError("parley failed");
      return;
    }
  }
  state.counters["child_cpu_ms"] = benchmark::Counter(1e3 * (ChildCpuSeconds() - cpu_before) /
                                                      static_cast<double>(state.iterations()));
}

void BM_StartupVersion(benchmark::State& state) { Measure(state, {"--version"}); }
BENCHMARK(BM_StartupVersion)->Name("Startup/version")->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_StartupCheck10(benchmark::State& state) { Measure(state, {"check", TenActors()}); }
BENCHMARK(BM_StartupCheck10)
    ->Name("Startup/check_10")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_StartupRun10(benchmark::State& state) { Measure(state, {"run", TenActors()}); }
BENCHMARK(BM_StartupRun10)->Name("Startup/run_10")->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_StartupRunSoe(benchmark::State& state) {
  const std::string soe = kShared + "ktab/SOE-Pol-Comp.csv";
  if (!std::filesystem::exists(soe)) {
    state.SkipWithError("no ../shared/data/ktab/SOE-Pol-Comp.csv");
    return;
  }
  Measure(state, {"run", soe});
}
BENCHMARK(BM_StartupRunSoe)->Name("Startup/run_soe")->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace parley::bench
