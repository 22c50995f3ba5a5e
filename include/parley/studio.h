// parley/studio.h: parley studio, a scenario edited in the browser with its forecasts,
// brief and linkage findings recomputed after every edit (docs/studio.md is the contract).
//
// StudioSession holds what is being edited and knows nothing of HTTP, so that it can be
// tested directly: the scenario as loaded from its file, the current scenario document (the
// JSON of ScenarioToJson), undo and redo histories, the models that run and a version
// number that grows by one on every accepted edit, undo, redo or change of models.
// StudioServer puts the session behind a local HTTP server with the checks of
// docs/studio.md (Host, Origin, token, body size, routes).
//
// Contract:
//   - Every method is thread-safe: one mutex serialises them, so concurrent requests see
//     and change the session one at a time, and each answer is the State right after its
//     own change.
//   - A refused request changes nothing. Apply applies all of its edits or none: the
//     edited document is parsed with the JSON scenario reader, whose InputError becomes
//     the refusal's message and field.
//   - Refusals throw StudioRefusal; any other exception is a bug.
#ifndef PARLEY_STUDIO_H_
#define PARLEY_STUDIO_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "parley/result.h"
#include "parley/scenario.h"
#include "parley/store.h"

namespace parley {

// Why the session refused a request: the request is invalid (an edit the reader rejects,
// an unknown path or model, a bad save path), or it conflicts with the session's state
// (nothing to undo, the file exists, no store).
class StudioRefusal : public std::runtime_error {
 public:
  enum class Kind { kInvalid, kConflict };
  StudioRefusal(Kind kind, const std::string& message, std::string field = "", bool exists = false)
      : std::runtime_error(message), kind_(kind), field_(std::move(field)), exists_(exists) {}
  Kind kind() const { return kind_; }
  const std::string& field() const { return field_; }  // the scenario field, when known
  bool exists() const { return exists_; }              // save: the file is already there

 private:
  Kind kind_;
  std::string field_;
  bool exists_;
};

class StudioSession {
 public:
  // `models`: specs to run (empty = Registry::DefaultModels of the scenario); throws
  // InputError for an unknown spec. `store` may be null ("store this run" then refuses).
  // Relative save paths are taken relative to the current folder at construction.
  StudioSession(Scenario scenario, std::vector<std::string> models,
                std::unique_ptr<Store> store = nullptr);
  ~StudioSession();

  // The State document of docs/studio.md.
  std::string StateJson();
  // The brief and the linkage findings of the current version (docs/studio.md,
  // GET /api/analysis): computed on the first call per version, outside the lock.
  std::string Analysis();
  // Wakes every Analysis() that waits (they answer with what there is); for shutting down.
  void Stop();
  // Above this many actors the default model set leaves out exchange and smp (slow).
  static constexpr std::size_t kLiveActorLimit = 30;
  // The default models left out for speed (see kLiveActorLimit).
  const std::vector<std::string>& left_out_models() const { return left_out_; }
  // `edits`: the JSON text of the array of Edit objects. Returns the new State.
  std::string Apply(const std::string& edits);
  std::string Undo();
  std::string Redo();
  // `models`: specs as typed; resolved before they are kept. Returns the new State.
  std::string SetModels(const std::vector<std::string>& models);
  // Writes the current scenario as YAML to `path` (.yaml or .yml); returns its absolute
  // path.
  std::string SaveYaml(const std::string& path, bool overwrite);
  // Saves the current scenario and forecasts in the store as a run of command "studio";
  // returns its id.
  std::int64_t StoreRun();
  std::string StoreUri();

  const std::string& source() const { return source_; }
  std::size_t actor_count() const;
  std::size_t issue_count() const;

 private:
  struct Document;  // a scenario document (nlohmann::ordered_json) with its Scenario
  std::string StateLocked();
  std::string Replace(Document document);  // a new current document; returns the State
  const std::vector<Result>& OriginalResults();

  mutable std::mutex mutex_;
  const std::string source_;
  const std::string start_folder_;
  const Scenario original_;
  std::unique_ptr<Document> current_;
  std::vector<Document> undo_, redo_;
  std::vector<std::string> models_;  // resolved specs
  std::int64_t version_ = 0;
  std::unique_ptr<Store> store_;
  // Caches: the original's forecasts for `original_models_`, and the last State.
  std::vector<std::string> original_models_;
  std::vector<Result> original_results_;
  std::optional<std::int64_t> state_version_;
  std::string state_;
  std::vector<Result> current_results_;  // of the last State
  std::vector<std::string> left_out_;
  std::optional<std::int64_t> analysis_version_;
  nlohmann::ordered_json analysis_;
  bool analysis_running_ = false;  // one Analysis() computes at a time
  bool stopping_ = false;
  std::condition_variable analysis_done_;
};

// The HTTP server of parley studio on cpp-httplib. Run() serves until Stop() (from any
// thread); the constructor binds, so port() is known before Run().
class StudioServer {
 public:
  // `port` 0 takes any free port. Throws InputError when the address cannot be bound (the
  // port is in use). `host` is the address to listen on, also accepted in Host headers.
  StudioServer(StudioSession& session, const std::string& host, int port, const std::string& token);
  ~StudioServer();

  int port() const { return port_; }
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// 24 random bytes from std::random_device as 48 hex digits.
std::string NewStudioToken();

}  // namespace parley

#endif  // PARLEY_STUDIO_H_
