// StudioSession: the scenario parley studio edits, its history and the figures the page
// shows (parley/studio.h, docs/studio.md).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <utility>

#include "parley/brief.h"
#include "parley/errors.h"
#include "parley/io.h"
#include "parley/linkage.h"
#include "parley/registry.h"
#include "parley/studio.h"
#include "store/store_internal.h"

namespace parley {

using nlohmann::ordered_json;

struct StudioSession::Document {
  ordered_json json;  // as ScenarioToJson wrote it
  Scenario scenario;
};

namespace {

using Kind = StudioRefusal::Kind;

StudioRefusal Invalid(const std::string& message, const std::string& field = "") {
  return StudioRefusal(Kind::kInvalid, message, field);
}

// A path as the store's diff names fields: keys joined by '.', elements of the actors and
// issues arrays as [id].
std::string PathField(const ordered_json& path, std::size_t length) {
  std::string text;
  for (std::size_t i = 0; i < length && i < path.size(); ++i) {
    const std::string step = path[i].is_string() ? path[i].get<std::string>() : path[i].dump();
    const bool by_id =
        i > 0 && path[i - 1].is_string() && (path[i - 1] == "actors" || path[i - 1] == "issues");
    text += by_id ? "[" + step + "]" : (text.empty() ? "" : ".") + step;
  }
  return text;
}

// The element of an array an edit path names: the object whose "id" is the step, else (for
// lists such as veto) the element at the step's index; nullopt when there is none.
std::optional<std::size_t> ElementIndex(const ordered_json& array, const ordered_json& step) {
  if (step.is_string()) {
    for (std::size_t i = 0; i < array.size(); ++i) {
      if (array[i].is_object() && array[i].contains("id") && array[i]["id"] == step) return i;
    }
    return std::nullopt;
  }
  if (step.is_number_unsigned() && step.get<std::size_t>() < array.size()) {
    return step.get<std::size_t>();
  }
  return std::nullopt;
}

// The node `path[0 .. length)` names in `document`; refuses a path that leads nowhere.
ordered_json& Walk(ordered_json& document, const ordered_json& path, std::size_t length) {
  ordered_json* node = &document;
  for (std::size_t i = 0; i < length; ++i) {
    const ordered_json& step = path[i];
    ordered_json* next = nullptr;
    if (node->is_object() && step.is_string() && node->contains(step.get<std::string>())) {
      next = &(*node)[step.get<std::string>()];
    } else if (node->is_array()) {
      if (const auto index = ElementIndex(*node, step)) next = &(*node)[*index];
    }
    if (next == nullptr) {
      throw Invalid(
          "unknown path " + path.dump() + ": the scenario has no " + PathField(path, i + 1),
          PathField(path, i + 1));
    }
    node = next;
  }
  return *node;
}

const ordered_json& Member(const ordered_json& edit, const char* key) {
  if (!edit.contains(key)) {
    throw Invalid("an edit with op " + edit["op"].dump() + " needs \"" + key + "\"");
  }
  return edit[key];
}

std::string IdOf(const ordered_json& edit, const char* what) {
  const ordered_json& id = Member(edit, "id");
  if (!id.is_string()) throw Invalid(std::string("\"id\" of ") + what + " must be a string");
  return id.get<std::string>();
}

ordered_json& ArrayOf(ordered_json& document, const char* key) {
  if (!document.contains(key) || !document[key].is_array()) document[key] = ordered_json::array();
  return document[key];
}

// Removes the element of `array` whose id is `id`; refuses when there is none.
void RemoveById(ordered_json& array, const std::string& id, const char* what) {
  const auto index = ElementIndex(array, id);
  if (!index) throw Invalid(std::string("no ") + what + " '" + id + "' to remove");
  array.erase(array.begin() + static_cast<std::ptrdiff_t>(*index));
}

void AddById(ordered_json& array, const ordered_json& value, const char* what) {
  if (!value.is_object() || !value.contains("id") || !value["id"].is_string()) {
    throw Invalid(std::string("the new ") + what + " must be an object with a string \"id\"");
  }
  if (ElementIndex(array, value["id"])) {
    throw Invalid(std::string("there is already an ") + what + " '" +
                  value["id"].get<std::string>() + "'");
  }
  array.push_back(value);
}

// An actor leaves every issue: its positions and its parts in decision blocks go. Where it
// was the decider the issue has no decision block left (none can be guessed).
void RemoveActorEverywhere(ordered_json& document, const std::string& id) {
  for (ordered_json& issue : ArrayOf(document, "issues")) {
    if (issue.contains("positions") && issue["positions"].is_object()) {
      issue["positions"].erase(id);
    }
    if (!issue.contains("decision") || !issue["decision"].is_object()) continue;
    ordered_json& decision = issue["decision"];
    const ordered_json actor(id);
    if (decision.contains("decider") && decision["decider"] == actor) {
      issue.erase("decision");
      continue;
    }
    if (decision.contains("agenda_setter") && decision["agenda_setter"] == actor) {
      decision.erase("agenda_setter");
    }
    if (decision.contains("veto") && decision["veto"].is_array()) {
      ordered_json& veto = decision["veto"];
      veto.erase(std::remove(veto.begin(), veto.end(), actor), veto.end());
      if (veto.empty()) decision.erase("veto");
    }
    if (decision.contains("voting_weights") && decision["voting_weights"].is_object()) {
      decision["voting_weights"].erase(id);
    }
  }
}

void ApplyEdit(ordered_json& document, const ordered_json& edit) {
  if (!edit.is_object() || !edit.contains("op") || !edit["op"].is_string()) {
    throw Invalid("an edit must be an object with a string \"op\"");
  }
  const std::string op = edit["op"].get<std::string>();
  if (op == "set" || op == "remove") {
    const ordered_json& path = Member(edit, "path");
    if (!path.is_array() || path.empty()) throw Invalid("\"path\" must be a non-empty array");
    ordered_json& parent = Walk(document, path, path.size() - 1);
    const ordered_json& last = path.back();
    const std::string field = PathField(path, path.size());
    if (parent.is_object() && last.is_string()) {
      const std::string key = last.get<std::string>();
      if (op == "set") {
        parent[key] = Member(edit, "value");
      } else if (parent.erase(key) == 0) {
        throw Invalid("unknown path " + path.dump() + ": nothing to remove", field);
      }
      return;
    }
    const auto index = parent.is_array() ? ElementIndex(parent, last) : std::nullopt;
    if (!index) throw Invalid("unknown path " + path.dump(), field);
    if (op == "set") {
      parent[*index] = Member(edit, "value");
    } else {
      parent.erase(parent.begin() + static_cast<std::ptrdiff_t>(*index));
    }
  } else if (op == "add_actor") {
    AddById(ArrayOf(document, "actors"), Member(edit, "value"), "actor");
  } else if (op == "remove_actor") {
    const std::string id = IdOf(edit, "remove_actor");
    RemoveById(ArrayOf(document, "actors"), id, "actor");
    RemoveActorEverywhere(document, id);
  } else if (op == "add_issue") {
    AddById(ArrayOf(document, "issues"), Member(edit, "value"), "issue");
  } else if (op == "remove_issue") {
    RemoveById(ArrayOf(document, "issues"), IdOf(edit, "remove_issue"), "issue");
  } else {
    throw Invalid("unknown op \"" + op +
                  "\"; expected set, remove, add_actor, remove_actor, add_issue or remove_issue");
  }
}

// The reader's message without its location: the document's line and column are of text
// nobody sees.
std::string WithoutLocation(const InputError& error) {
  std::string message = error.what();
  const std::string where = error.where().ToString();
  if (!where.empty() && message.rfind(where + ": ", 0) == 0) message.erase(0, where.size() + 2);
  return message;
}

struct ModelRuns {
  std::vector<Result> results;
  std::vector<std::pair<std::string, std::string>> errors;  // spec, message
};

ModelRuns RunModels(const Scenario& scenario, const std::vector<std::string>& specs) {
  ModelRuns runs;
  for (const std::string& spec : specs) {
    try {
      runs.results.push_back(DefaultRegistry().Create(spec)->Run(scenario));
    } catch (const InputError& error) {
      runs.errors.emplace_back(spec, error.what());
    }
  }
  return runs;
}

ordered_json OptionalNumber(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json ForecastsJson(const std::vector<Result>& results) {
  ordered_json forecasts = ordered_json::array();
  for (const Result& result : results) {
    for (const IssueForecast& forecast : result.forecasts) {
      forecasts.push_back({{"model", result.model},
                           {"spec", result.spec},
                           {"issue", forecast.issue_id},
                           {"position", forecast.position},
                           {"bargained", OptionalNumber(forecast.bargained)},
                           {"rule", forecast.rule}});
    }
  }
  return forecasts;
}

RunRecord RecordOf(const Scenario& scenario, std::vector<Result> results) {
  RunRecord record = NewRunRecord("studio", scenario);
  for (const Result& result : results) record.specs.push_back(result.spec);
  record.results = std::move(results);
  return record;
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

std::vector<std::string> ResolveSpecs(const std::vector<std::string>& specs) {
  std::vector<std::string> resolved;
  for (const std::string& spec : specs) resolved.push_back(DefaultRegistry().Parse(spec).text);
  return resolved;
}

// The brief (without an ensemble) and the linkage findings of one version. The linkage
// answer keeps the best kStudioDeals deals: a 100-actor scenario has over 100,000, which
// would make 50 MB of JSON for a page that lists a handful.
constexpr std::size_t kStudioDeals = 20;

ordered_json ComputeAnalysis(const Scenario& scenario, std::int64_t version) {
  const auto brief_start = std::chrono::steady_clock::now();
  std::string brief;
  try {
    BriefOptions options;
    options.runs = 0;  // no ensemble: the brief follows every edit
    brief = BriefToText(MakeBrief(scenario, options));
  } catch (const InputError& error) {
    brief = std::string("No brief: ") + error.what();
  }
  const double brief_ms = MillisecondsSince(brief_start);
  const auto linkage_start = std::chrono::steady_clock::now();
  ordered_json linkage;
  try {
    LinkageReport report = AnalyzeLinkage(scenario, {});
    const std::size_t deal_count = report.deals.size();
    if (report.deals.size() > kStudioDeals) report.deals.resize(kStudioDeals);
    linkage = ordered_json::parse(LinkageToJson(report));
    linkage["deal_count"] = deal_count;
  } catch (const InputError& error) {
    linkage = {{"error", error.what()}};
  }
  return {{"version", version},
          {"brief", std::move(brief)},
          {"linkage", std::move(linkage)},
          {"timing_ms", {{"brief", brief_ms}, {"linkage", MillisecondsSince(linkage_start)}}}};
}

}  // namespace

StudioSession::StudioSession(Scenario scenario, std::vector<std::string> models,
                             std::unique_ptr<Store> store)
    : source_(scenario.source()),
      start_folder_(std::filesystem::current_path().string()),
      original_(std::move(scenario)),
      store_(std::move(store)) {
  current_ = std::make_unique<Document>(
      Document{ordered_json::parse(ScenarioToJson(original_)), original_});
  if (models.empty()) {
    // Live means fast: on large scenarios the exchange and smp models take seconds per run
    // (7.3 s and 2.4 s at 100 actors x 8 issues), so they are left out of the default set
    // there; the page or -m adds them back.
    for (const std::string& spec : DefaultRegistry().DefaultModels(original_)) {
      const bool slow = spec == "exchange" || spec == "smp";
      if (slow && original_.actor_count() > kLiveActorLimit) {
        left_out_.push_back(spec);
      } else {
        models.push_back(spec);
      }
    }
  }
  models_ = ResolveSpecs(models);
}

StudioSession::~StudioSession() = default;

std::size_t StudioSession::actor_count() const {
  const std::lock_guard lock(mutex_);
  return current_->scenario.actor_count();
}

std::size_t StudioSession::issue_count() const {
  const std::lock_guard lock(mutex_);
  return current_->scenario.issue_count();
}

std::string StudioSession::StateJson() {
  const std::lock_guard lock(mutex_);
  return StateLocked();
}

const std::vector<Result>& StudioSession::OriginalResults() {
  if (original_models_ != models_) {
    original_results_ = RunModels(original_, models_).results;
    original_models_ = models_;
  }
  return original_results_;
}

std::string StudioSession::StateLocked() {
  if (state_version_ == version_) return state_;
  const auto start = std::chrono::steady_clock::now();
  const Scenario& scenario = current_->scenario;
  ModelRuns runs = RunModels(scenario, models_);
  const double models_ms = MillisecondsSince(start);

  // What changed since the file, by the run store's diff of two runs.
  const RunDiff diff =
      store::DiffRuns(RecordOf(original_, OriginalResults()), RecordOf(scenario, runs.results));
  ordered_json changes = ordered_json::array();
  for (const InputChange& change : diff.inputs) {
    changes.push_back({{"field", change.field},
                       {"old", change.old_value},
                       {"new", change.new_value},
                       {"source", change.old_source}});
  }
  ordered_json moved = ordered_json::array();
  for (const ForecastChange& change : diff.forecasts) {
    if (!change.moved()) continue;
    moved.push_back({{"model", change.model.substr(0, change.model.find('('))},
                     {"spec", change.model},
                     {"issue", change.issue_id},
                     {"old", OptionalNumber(change.old_position)},
                     {"new", OptionalNumber(change.new_position)},
                     {"old_bargained", OptionalNumber(change.old_bargained)},
                     {"new_bargained", OptionalNumber(change.new_bargained)}});
  }
  ordered_json model_errors = ordered_json::array();
  for (const auto& [spec, message] : runs.errors) {
    model_errors.push_back({{"model", spec}, {"error", message}});
  }
  ordered_json available = ordered_json::array();
  for (const ModelDescriptor* descriptor : DefaultRegistry().descriptors()) {
    available.push_back(descriptor->name);
  }

  ordered_json state;
  state["version"] = version_;
  state["source"] = source_;
  state["input_hash"] = scenario.ContentHash();
  state["scenario"] = current_->json;
  state["original"] = ordered_json::parse(ScenarioToJson(original_));
  state["models"] = models_;
  state["available_models"] = std::move(available);
  state["forecasts"] = ForecastsJson(runs.results);
  state["original_forecasts"] = ForecastsJson(OriginalResults());
  state["changes"] = std::move(changes);
  state["moved"] = std::move(moved);
  // The brief and the linkage findings come from Analysis(), after the forecasts: on a
  // large scenario they take seconds (they run the slow models again), and the forecasts
  // should not wait for them. Here only when already computed for this version.
  if (analysis_version_ == version_) {
    state["brief"] = analysis_["brief"];
    state["linkage"] = analysis_["linkage"];
  } else {
    state["brief"] = nullptr;
    state["linkage"] = nullptr;
  }
  state["model_errors"] = std::move(model_errors);
  state["can_undo"] = !undo_.empty();
  state["can_redo"] = !redo_.empty();
  state["store"] = store_ != nullptr;
  state["timing_ms"] = {{"models", models_ms}, {"total", MillisecondsSince(start)}};
  state_ = state.dump();
  state_version_ = version_;
  current_results_ = std::move(runs.results);
  return state_;
}

std::string StudioSession::Analysis() {
  std::unique_lock lock(mutex_);
  const std::int64_t wanted = version_;
  // One analysis runs at a time, always of the newest version: a request whose version an
  // edit has overtaken answers at once with what there is (the page drops it), so stale
  // analyses never queue up behind each other.
  for (;;) {
    if (analysis_version_ == wanted || version_ != wanted || stopping_) {
      return analysis_version_ ? analysis_.dump() : R"({"version":null})";
    }
    if (!analysis_running_) break;
    analysis_done_.wait(lock);
  }
  analysis_running_ = true;
  const Scenario scenario = current_->scenario;
  lock.unlock();
  // Computed without the lock, so that edits and forecasts are not held up meanwhile.
  ordered_json analysis;
  try {
    analysis = ComputeAnalysis(scenario, wanted);
  } catch (...) {
    lock.lock();
    analysis_running_ = false;
    analysis_done_.notify_all();
    throw;
  }
  lock.lock();
  analysis_running_ = false;
  if (wanted == version_) {
    analysis_ = std::move(analysis);
    analysis_version_ = wanted;
    state_version_.reset();  // the cached State gains the brief and linkage
  }
  analysis_done_.notify_all();
  return analysis_version_ ? analysis_.dump() : R"({"version":null})";
}

void StudioSession::Stop() {
  const std::lock_guard lock(mutex_);
  stopping_ = true;
  analysis_done_.notify_all();
}

std::string StudioSession::Apply(const std::string& edits) {
  const ordered_json parsed = ordered_json::parse(edits, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array() || parsed.empty()) {
    throw Invalid("\"edits\" must be a non-empty array of edits");
  }
  const std::lock_guard lock(mutex_);
  ordered_json edited = current_->json;
  for (const ordered_json& edit : parsed) ApplyEdit(edited, edit);
  Scenario scenario = [&] {
    try {
      return ParseJsonScenario(edited.dump(), source_);
    } catch (const InputError& error) {
      throw Invalid(WithoutLocation(error), error.field());
    }
  }();
  // The document as the writer normalises it, so that undo, the diff and "save as" all see
  // the same text for the same scenario.
  ordered_json normalised = ordered_json::parse(ScenarioToJson(scenario));
  undo_.push_back(std::move(*current_));
  redo_.clear();
  return Replace(Document{std::move(normalised), std::move(scenario)});
}

std::string StudioSession::Replace(Document document) {
  *current_ = std::move(document);
  ++version_;
  return StateLocked();
}

std::string StudioSession::Undo() {
  const std::lock_guard lock(mutex_);
  if (undo_.empty()) throw StudioRefusal(Kind::kConflict, "nothing to undo");
  Document previous = std::move(undo_.back());
  undo_.pop_back();
  redo_.push_back(std::move(*current_));
  return Replace(std::move(previous));
}

std::string StudioSession::Redo() {
  const std::lock_guard lock(mutex_);
  if (redo_.empty()) throw StudioRefusal(Kind::kConflict, "nothing to redo");
  Document next = std::move(redo_.back());
  redo_.pop_back();
  undo_.push_back(std::move(*current_));
  return Replace(std::move(next));
}

std::string StudioSession::SetModels(const std::vector<std::string>& models) {
  if (models.empty()) throw Invalid("\"models\" must name at least one model spec");
  std::vector<std::string> resolved;
  try {
    resolved = ResolveSpecs(models);
  } catch (const InputError& error) {
    throw Invalid(error.what(), error.field());
  }
  const std::lock_guard lock(mutex_);
  models_ = std::move(resolved);
  ++version_;
  return StateLocked();
}

std::string StudioSession::SaveYaml(const std::string& path, bool overwrite) {
  namespace fs = std::filesystem;
  const fs::path target =
      fs::path(path).is_absolute() ? fs::path(path) : fs::path(start_folder_) / path;
  const std::string extension = target.extension().string();
  if (extension != ".yaml" && extension != ".yml") {
    throw Invalid("save as: '" + path + "' does not end in .yaml or .yml", "path");
  }
  const fs::path absolute = target.lexically_normal();
  std::error_code error;
  if (!fs::is_directory(absolute.parent_path(), error)) {
    throw Invalid("save as: the folder " + absolute.parent_path().string() + " does not exist",
                  "path");
  }
  if (fs::is_directory(absolute, error)) {
    throw Invalid("save as: " + absolute.string() + " is a folder", "path");
  }
  const std::lock_guard lock(mutex_);
  if (fs::exists(absolute, error) && !overwrite) {
    throw StudioRefusal(Kind::kConflict, "save as: " + absolute.string() + " exists", "path", true);
  }
  std::ofstream file(absolute, std::ios::binary | std::ios::trunc);
  file << ScenarioToYaml(current_->scenario);
  file.close();
  if (!file) throw Invalid("save as: cannot write " + absolute.string(), "path");
  return absolute.string();
}

std::int64_t StudioSession::StoreRun() {
  const std::lock_guard lock(mutex_);
  if (!store_) {
    throw StudioRefusal(Kind::kConflict,
                        "no run store: start parley studio with --store URI (or PARLEY_STORE)");
  }
  StateLocked();  // the forecasts of the current scenario
  RunRecord record = RecordOf(current_->scenario, current_results_);
  record.command_line = "parley studio " + source_;
  try {
    return store_->Save(record);
  } catch (const InputError& error) {
    throw StudioRefusal(Kind::kConflict, error.what());
  }
}

std::string StudioSession::StoreUri() {
  const std::lock_guard lock(mutex_);
  return store_ ? store_->uri() : "";
}

}  // namespace parley
