// parley studio SCENARIO [--port N] [--host H] [--store URI] [-m SPEC]...
// The scenario edited in the browser (docs/studio.md). Serves until SIGINT or SIGTERM.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "parley/io.h"
#include "parley/studio.h"

namespace parley::cli {

namespace {
struct StudioOptions {
  std::string scenario;
  std::string input_format;  // --input-format
  int port = 8765;
  std::string host = "127.0.0.1";
  std::string store;
  std::vector<std::string> models;
};

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// Serves until SIGINT or SIGTERM. The signals are blocked in every thread (httplib's
// workers start after this, and inherit the mask) and taken by one thread with sigwait,
// which may then call Stop, something a signal handler could not safely do.
void ServeUntilSignal(StudioServer& server) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  std::thread waiter([&server, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    server.Stop();
  });
  server.Run();
  // Run ends only through Stop; the waiter has returned or is about to.
  waiter.join();
}
}  // namespace

void AddStudioCommand(CLI::App& app, Action& action) {
  auto options = std::make_shared<StudioOptions>();
  CLI::App* command = app.add_subcommand(
      "studio", "edit a scenario in the browser and see the forecasts follow (local server)");
  command->add_option("scenario", options->scenario, "scenario file")->required();
  AddInputFormatOption(*command, options->input_format);
  command->add_option("--port", options->port, "port to listen on (0 = any free port)")
      ->check(CLI::Range(0, 65535));
  command->add_option("--host", options->host,
                      "address to listen on (default 127.0.0.1: this machine only)");
  command->add_option("-m,--model", options->models,
                      "model spec; repeat for several (default: every model that applies to "
                      "the scenario); the page can change the set");
  AddStoreOption(*command, options->store);
  command->callback([options, &action] {
    action = [options] {
      sigset_t signals;
      sigemptyset(&signals);
      sigaddset(&signals, SIGINT);
      sigaddset(&signals, SIGTERM);
      pthread_sigmask(SIG_BLOCK, &signals, nullptr);

      Scenario scenario = ReadScenarioArgument(options->scenario, options->input_format);
      std::unique_ptr<Store> store;
      // A store only when one is named (OpenStoreOption insists on one).
      const char* environment_store = std::getenv("PARLEY_STORE");
      if (!options->store.empty() || (environment_store && *environment_store)) {
        store = OpenStoreOption(options->store);
      }
      StudioSession session(std::move(scenario), options->models, std::move(store));
      const std::string token = NewStudioToken();
      StudioServer server(session, options->host, options->port, token);
      const bool loopback = IsLoopback(options->host);
      if (!loopback) {
        std::fprintf(stderr,
                     "parley studio: warning: listening on %s: the studio is reachable from "
                     "other machines by anyone with the token\n",
                     options->host.c_str());
      }
      const std::string address =
          options->host.find(':') != std::string::npos ? "[" + options->host + "]" : options->host;
      std::printf("parley studio: %s (%zu actors, %zu issues)\n", session.source().c_str(),
                  session.actor_count(), session.issue_count());
      std::printf("  open http://%s:%d/?token=%s%s\n", address.c_str(), server.port(),
                  token.c_str(), loopback ? " (this machine only)" : "");
      if (!session.left_out_models().empty()) {
        std::string left_out;
        for (const std::string& spec : session.left_out_models()) {
          left_out += (left_out.empty() ? "" : " and ") + spec;
        }
        std::printf(
            "  %s left out of the models at more than %zu actors (seconds per edit); "
            "the page or -m adds them\n",
            left_out.c_str(), StudioSession::kLiveActorLimit);
      }
      std::printf("  Ctrl-C stops it.\n");
      std::fflush(stdout);
      ServeUntilSignal(server);
      // A brief or linkage analysis may still be running in a worker (seconds on a large
      // scenario) and cannot be interrupted; nothing of it is needed any more, and every
      // saved file and stored run is already complete (the store commits per run). So
      // leave at once rather than wait for it in the destructors.
      session.Stop();
      std::printf("parley studio: stopped\n");
      std::fflush(stdout);
      std::fflush(stderr);
      std::_Exit(0);
    };
  });
}

}  // namespace parley::cli
