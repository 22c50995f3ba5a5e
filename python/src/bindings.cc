// _parley: the Python extension over the parley library (python/parley/ is the documented
// API built on it). Glue only: every function calls the library and converts its types to
// Python ones -- small records to dicts, per-row tables to dicts of columns (numbers as numpy
// arrays) -- and every report keeps the library's own renderers (table, JSON, CSV), so
// Python shows exactly what the command line shows.
//
// Errors: parley::InputError becomes parley.InputError, a ValueError whose message is the
// library's (the text `parley` prints after "parley: error: "), with the location and field
// as attributes. Any other exception is a bug in parley and becomes RuntimeError.
//
// The run store (parley/store.h) is bound as _parley.Store over a mutex, so that its calls
// run without the GIL and one store is never used by two threads at once.
//
// Long computations (model runs, ensembles, sensitivity, linkage, validation, reading
// files) run without the GIL. Ensembles and sensitivity analyses check for Ctrl-C and call
// an optional Python progress callback from the calling thread (see PythonProgress).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "parley/agenda.h"
#include "parley/brief.h"
#include "parley/decision.h"
#include "parley/ensemble.h"
#include "parley/error_model.h"
#include "parley/errors.h"
#include "parley/io.h"
#include "parley/linkage.h"
#include "parley/registry.h"
#include "parley/report.h"
#include "parley/store.h"
#include "parley/trade.h"
#include "parley/validate.h"
#include "parley/version.h"

namespace py = pybind11;

namespace parley::python {
namespace {

// ---------------------------------------------------------------------------------------
// Errors

// The Python type of parley.InputError, created once at import and never freed.
PyObject* input_error_type = nullptr;

void RaiseInputError(const InputError& error) {
  py::object instance = py::reinterpret_borrow<py::object>(input_error_type)(error.what());
  instance.attr("file") = error.where().file;
  instance.attr("line") = error.where().line;
  instance.attr("column") = error.where().column;
  instance.attr("field") = error.field();
  PyErr_SetObject(input_error_type, instance.ptr());
}

// Thrown through the library (from a progress callback) to stop a computation; the Python
// exception to raise (KeyboardInterrupt, or whatever the callback raised) is pending in the
// calling thread's state.
struct Interrupted {};

// Runs `compute` without the GIL; an interruption becomes its pending Python exception.
template <typename Compute>
auto WithoutGil(Compute&& compute) {
  try {
    py::gil_scoped_release release;
    return compute();
  } catch (const Interrupted&) {
    throw py::error_already_set();  // the GIL is held again here
  }
}

// Progress of a computation spread over TBB worker threads. Every thread adds the runs it
// finished; only the thread that called into the library runs Python code -- signal
// handlers run only there, and it works in the TBB arena too, so it reports regularly. At
// most every 100 ms it checks for Ctrl-C and calls `callback(done, total)`.
class PythonProgress {
 public:
  PythonProgress(py::object callback, std::uint64_t total)
      : callback_(std::move(callback)), total_(total), caller_(std::this_thread::get_id()) {}

  std::function<void(std::uint64_t)> Function() {
    return [this](std::uint64_t finished) { Add(finished); };
  }

  // Reports completion (the last runs may have finished on other threads). Needs the GIL.
  void Finish() {
    if (!callback_.is_none()) callback_(total_, total_);
  }

 private:
  void Add(std::uint64_t finished) {
    const std::uint64_t done = done_ += finished;
    if (std::this_thread::get_id() != caller_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_report_ < std::chrono::milliseconds(100)) return;
    last_report_ = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw Interrupted{};
    if (callback_.is_none()) return;
    try {
      callback_(done, total_);
    } catch (py::error_already_set& error) {
      error.restore();
      throw Interrupted{};
    }
  }

  py::object callback_;
  std::uint64_t total_;
  std::thread::id caller_;
  std::atomic<std::uint64_t> done_{0};
  std::chrono::steady_clock::time_point last_report_{};
};

// ---------------------------------------------------------------------------------------
// Conversions

template <typename T>
py::array_t<T> ToArray(const std::vector<T>& values) {
  return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data());
}

// A table as a dict of columns: the Python layer turns it into numpy arrays or a DataFrame.
// `Add(name, rows, field)` adds the column of `field(row)` for every row; numbers become numpy
// arrays, anything else a list.
class Columns {
 public:
  template <typename Row, typename Field>
  Columns& Add(const char* name, const std::vector<Row>& rows, Field field) {
    using Value = std::decay_t<decltype(field(rows.front()))>;
    if constexpr (std::is_same_v<Value, bool>) {  // std::vector<bool> has no data()
      py::array_t<bool> values(static_cast<py::ssize_t>(rows.size()));
      auto cells = values.mutable_unchecked<1>();
      for (std::size_t i = 0; i < rows.size(); ++i) {
        cells(static_cast<py::ssize_t>(i)) = field(rows[i]);
      }
      columns_[name] = values;
    } else if constexpr (std::is_arithmetic_v<Value>) {
      std::vector<Value> values;
      values.reserve(rows.size());
      for (const Row& row : rows) values.push_back(field(row));
      columns_[name] = ToArray(values);
    } else {
      py::list values(rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) values[i] = py::cast(field(rows[i]));
      columns_[name] = values;
    }
    return *this;
  }
  py::dict dict() const { return columns_; }

 private:
  py::dict columns_;
};

py::dict IssueDict(const Issue& issue) {
  py::dict dict;
  dict["id"] = issue.id;
  dict["name"] = issue.name;
  dict["scale_min"] = issue.scale_min;
  dict["scale_max"] = issue.scale_max;
  dict["min_label"] = issue.min_label;
  dict["max_label"] = issue.max_label;
  dict["status_quo"] = issue.status_quo ? py::cast(*issue.status_quo) : py::none();
  // The decision block in the schema's form (as from_dict and from_columns(issues=) take
  // it), or None: the JSON writer's block, read back.
  dict["decision"] =
      issue.decision ? py::module_::import("json").attr("loads")(DecisionToJson(*issue.decision))
                     : py::none();
  return dict;
}

const char* FieldName(UncertainField field) {
  switch (field) {
    case UncertainField::kPosition:
      return "position";
    case UncertainField::kSalience:
      return "salience";
    case UncertainField::kCapability:
      return "capability";
  }
  return "?";
}

ScenarioFormat ParseFormat(const std::string& name) {
  if (name == "yaml") return ScenarioFormat::kYaml;
  if (name == "json") return ScenarioFormat::kJson;
  if (name == "csv" || name == "bdm_csv") return ScenarioFormat::kBdmCsv;
  if (name == "decide") return ScenarioFormat::kDecide;
  if (name == "ktab") return ScenarioFormat::kKtab;
  throw InputError({}, "format",
                   "unknown scenario format '" + name +
                       "'; expected one of: yaml, json, csv (BDM), decide, ktab");
}

// Scenarios are immutable; Python objects share them instead of copying.
using ScenarioPtr = std::shared_ptr<Scenario>;

ScenarioPtr Share(Scenario scenario) { return std::make_shared<Scenario>(std::move(scenario)); }

// ---------------------------------------------------------------------------------------
// Pickling (see Reduce below). A picklable type's state is (kPickleFormat, fields), the fields
// plain Python values -- strings, numbers, None, tuples -- never the library's memory, so a
// pickle loads in any process with the same format. A scenario's fields are its JSON
// (ScenarioToJson, which ParseJsonScenario reads back), its source, its content hash and
// its trade derivations (which the JSON leaves out, and which ensembles need to re-derive
// issue capabilities when they draw the actors' capabilities); a result's are its rows.
// A state that is not of this form -- a corrupted or foreign payload -- raises
// pickle.UnpicklingError naming the type, as does a scenario whose JSON does not read back
// to the content hash the pickle recorded.

constexpr int kPickleFormat = 1;

[[noreturn]] void ThrowUnpickling(const std::string& message) {
  const py::object error = py::module_::import("pickle").attr("UnpicklingError");
  PyErr_SetString(error.ptr(), message.c_str());
  throw py::error_already_set();
}

// The fields of a pickled `type` (e.g. "parley.Result"), checked against State.
template <typename State>
State ReadPickle(const char* type, const py::object& pickled) {
  const std::string name(type);
  if (!py::isinstance<py::tuple>(pickled) || py::len(pickled) != 2 ||
      !py::isinstance<py::int_>(pickled.cast<py::tuple>()[0])) {
    ThrowUnpickling("not a pickle of a " + name +
                    " (corrupted payload): expected (format, fields)");
  }
  const py::tuple state = pickled.cast<py::tuple>();
  const py::object format = state[0];
  if (!format.equal(py::int_(kPickleFormat))) {
    ThrowUnpickling("a " + name + " pickle of format " + py::str(format).cast<std::string>() +
                    "; parley " + kVersion + " reads format " + std::to_string(kPickleFormat) +
                    " (was it made by another version of parley?)");
  }
  std::optional<State> fields;
  try {
    fields = state[1].cast<State>();
  } catch (const py::cast_error&) {
  }
  if (!fields) {
    ThrowUnpickling("a " + name + " pickle whose fields are not of the expected types " +
                    "(corrupted payload)");
  }
  return std::move(*fields);
}

template <typename State>
py::tuple WritePickle(State fields) {
  return py::make_tuple(kPickleFormat, py::cast(std::move(fields)));
}

using DerivationState =
    std::tuple<std::string, std::string, int, double, double, double, double, std::string>;
using ScenarioState =
    std::tuple<std::string, std::string, std::string, std::vector<DerivationState>>;

// `scenario` again with `derivations`, through ScenarioBuilder: every field the JSON
// holds, replayed in the order the readers give them (declared distributions, then the
// relative noise, whose inputs Build() adds after the declared ones).
Scenario WithDerivations(const Scenario& scenario,
                         const std::vector<CapabilityDerivation>& derivations) {
  ScenarioBuilder builder(scenario.source());
  builder.SetName(scenario.name());
  builder.SetDescription(scenario.description());
  if (scenario.discount_factor()) builder.SetDiscountFactor(*scenario.discount_factor());
  for (const Actor& actor : scenario.actors()) builder.AddActor(actor);
  for (const Issue& issue : scenario.issues()) builder.AddIssue(issue);
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      if (const Stance* stance = scenario.stance(a, k)) {
        builder.SetStance(scenario.actor(a).id, scenario.issue(k).id, *stance);
      }
    }
  }
  for (const CapabilityDerivation& derivation : derivations) builder.AddDerivation(derivation);
  for (const UncertainInput& input : scenario.uncertain_inputs()) {
    if (input.from_noise) continue;
    builder.SetUncertainty(
        scenario.actor(input.actor).id,
        input.issue == UncertainInput::kNoIssue ? "" : scenario.issue(input.issue).id, input.field,
        input.distribution);
  }
  if (scenario.relative_noise() > 0) builder.SetRelativeNoise(scenario.relative_noise());
  return builder.Build();
}

py::tuple PickleScenario(const Scenario& scenario) {
  std::vector<DerivationState> derivations;
  for (const CapabilityDerivation& d : scenario.derivations()) {
    derivations.emplace_back(d.actor_id, d.issue_id, d.year, d.capability_share, d.trade_share,
                             d.leverage_weight, d.capability, d.inputs);
  }
  return WritePickle(ScenarioState{ScenarioToJson(scenario), scenario.source(),
                                   scenario.ContentHash(), std::move(derivations)});
}

ScenarioPtr UnpickleScenario(const py::object& pickled) {
  auto [json, source, hash, derivation_states] =
      ReadPickle<ScenarioState>("parley.Scenario", pickled);
  std::vector<CapabilityDerivation> derivations;
  for (const auto& [actor, issue, year, capability_share, trade_share, weight, capability, inputs] :
       derivation_states) {
    derivations.push_back(
        {actor, issue, year, capability_share, trade_share, weight, capability, inputs});
  }
  std::optional<Scenario> scenario;
  std::string problem;
  try {
    scenario = ParseJsonScenario(json, source);
    if (!derivations.empty()) scenario = WithDerivations(*scenario, derivations);
  } catch (const InputError& error) {
    problem = error.what();
  }
  if (!scenario) {
    ThrowUnpickling("a parley.Scenario pickle whose scenario does not read back (corrupted " +
                    std::string("payload): ") + problem);
  }
  if (scenario->ContentHash() != hash) {
    ThrowUnpickling("a parley.Scenario pickle whose scenario hashes to " + scenario->ContentHash() +
                    ", not to the " + hash + " it was pickled with (corrupted payload)");
  }
  return Share(std::move(*scenario));
}

using ForecastState = std::tuple<std::string, double, std::string, std::optional<double>>;
using DetailState = std::tuple<std::string, std::string, std::string, double>;
using RoundState = std::tuple<int, std::string, std::string, double, double>;
using MoveState = std::tuple<int, std::string, std::string, std::string, std::string, double,
                             double, double, double>;
using ExchangeState = std::tuple<int, int, std::string, std::string, double, double, std::string,
                                 std::string, double, double, double>;
using ResultState =
    std::tuple<std::string, std::string, std::vector<std::pair<std::string, std::string>>,
               std::string, std::optional<std::uint64_t>, std::vector<ForecastState>,
               std::vector<DetailState>, std::vector<RoundState>, std::vector<MoveState>,
               std::vector<ExchangeState>>;

ResultState ToState(const Result& r) {
  ResultState state{r.model, r.spec, r.parameters, r.input_hash, r.seed, {}, {}, {}, {}, {}};
  for (const IssueForecast& f : r.forecasts) {
    std::get<5>(state).emplace_back(f.issue_id, f.position, f.rule, f.bargained);
  }
  for (const Detail& d : r.details) {
    std::get<6>(state).emplace_back(d.issue_id, d.actor_id, d.name, d.value);
  }
  for (const ActorRound& x : r.trajectory) {
    std::get<7>(state).emplace_back(x.round, x.issue_id, x.actor_id, x.position, x.risk);
  }
  for (const Move& x : r.moves) {
    std::get<8>(state).emplace_back(x.round, x.issue_id, x.actor_id, x.toward_id, x.kind, x.from,
                                    x.to, x.eu_self, x.eu_other);
  }
  for (const Exchange& x : r.exchanges) {
    std::get<9>(state).emplace_back(x.round, x.order, x.actor_i, x.issue_i, x.from_i, x.to_i,
                                    x.actor_j, x.issue_j, x.from_j, x.to_j, x.gain);
  }
  return state;
}

Result FromState(ResultState state) {
  Result r;
  auto& [model, spec, parameters, input_hash, seed, forecasts, details, trajectory, moves,
         exchanges] = state;
  r.model = std::move(model);
  r.spec = std::move(spec);
  r.parameters = std::move(parameters);
  r.input_hash = std::move(input_hash);
  r.seed = seed;
  for (auto& [issue, position, rule, bargained] : forecasts) {
    r.forecasts.push_back({std::move(issue), position, std::move(rule), bargained});
  }
  for (auto& [issue, actor, name, value] : details) {
    r.details.push_back({std::move(issue), std::move(actor), std::move(name), value});
  }
  for (auto& [round, issue, actor, position, risk] : trajectory) {
    r.trajectory.push_back({round, std::move(issue), std::move(actor), position, risk});
  }
  for (auto& [round, issue, actor, toward, kind, from, to, eu_self, eu_other] : moves) {
    r.moves.push_back({round, std::move(issue), std::move(actor), std::move(toward),
                       std::move(kind), from, to, eu_self, eu_other});
  }
  for (auto& [round, order, actor_i, issue_i, from_i, to_i, actor_j, issue_j, from_j, to_j, gain] :
       exchanges) {
    r.exchanges.push_back({round, order, std::move(actor_i), std::move(issue_i), from_i, to_i,
                           std::move(actor_j), std::move(issue_j), from_j, to_j, gain});
  }
  return r;
}

// The run store's records (parley.StoredRun, parley.RunDiff). Documents are bytes: a
// report's HTML is UTF-8, but a document need not be.
using MetricState =
    std::tuple<std::string, std::string, std::string, std::string, std::string, double>;
using RunRecordState =
    std::tuple<std::int64_t, std::string, std::string, std::string, std::string, std::string,
               std::string, std::string, std::string, std::string, std::optional<std::uint64_t>,
               int, std::vector<std::string>, std::vector<ResultState>, std::vector<MetricState>,
               std::vector<std::pair<std::string, py::bytes>>>;
using SummaryState =
    std::tuple<std::int64_t, std::string, std::string, std::string, std::string, std::string,
               std::optional<std::uint64_t>, std::vector<std::string>>;
using InputChangeState =
    std::tuple<std::string, std::string, std::string, std::string, std::string>;
using ForecastChangeState =
    std::tuple<std::string, std::string, std::optional<double>, std::optional<double>, std::string,
               std::string, std::optional<double>, std::optional<double>>;
using MetricChangeState = std::tuple<MetricState, std::optional<double>, std::optional<double>>;
using RunDiffState = std::tuple<SummaryState, SummaryState, std::vector<InputChangeState>,
                                std::vector<InputChangeState>, std::vector<ForecastChangeState>,
                                std::vector<MetricChangeState>>;

MetricState ToState(const Metric& m) {
  return {m.kind, m.model, m.issue_id, m.subject, m.name, m.value};
}
Metric FromState(MetricState state) {
  auto& [kind, model, issue, subject, name, value] = state;
  return {std::move(kind),    std::move(model), std::move(issue),
          std::move(subject), std::move(name),  value};
}

RunRecordState ToState(const RunRecord& r) {
  RunRecordState state{r.id,
                       r.created_at,
                       r.command,
                       r.command_line,
                       r.parley_version,
                       r.scenario_name,
                       r.scenario_hash,
                       r.scenario_json,
                       r.scenario_path,
                       r.scenario_source,
                       r.seed,
                       r.threads,
                       r.specs,
                       {},
                       {},
                       {}};
  for (const Result& result : r.results) std::get<13>(state).push_back(ToState(result));
  for (const Metric& metric : r.metrics) std::get<14>(state).push_back(ToState(metric));
  for (const Document& d : r.documents)
    std::get<15>(state).emplace_back(d.name, py::bytes(d.content));
  return state;
}

RunRecord FromState(RunRecordState state) {
  RunRecord r;
  auto& [id, created_at, command, command_line, parley_version, scenario_name, scenario_hash,
         scenario_json, scenario_path, scenario_source, seed, threads, specs, results, metrics,
         documents] = state;
  r.id = id;
  r.created_at = std::move(created_at);
  r.command = std::move(command);
  r.command_line = std::move(command_line);
  r.parley_version = std::move(parley_version);
  r.scenario_name = std::move(scenario_name);
  r.scenario_hash = std::move(scenario_hash);
  r.scenario_json = std::move(scenario_json);
  r.scenario_path = std::move(scenario_path);
  r.scenario_source = std::move(scenario_source);
  r.seed = seed;
  r.threads = threads;
  r.specs = std::move(specs);
  for (ResultState& result : results) r.results.push_back(FromState(std::move(result)));
  for (MetricState& metric : metrics) r.metrics.push_back(FromState(std::move(metric)));
  for (auto& [name, content] : documents) {
    r.documents.push_back({std::move(name), content.cast<std::string>()});
  }
  return r;
}

SummaryState ToState(const RunSummary& s) {
  return {s.id,   s.created_at, s.command, s.scenario_name, s.scenario_hash, s.parley_version,
          s.seed, s.specs};
}
RunSummary FromState(SummaryState state) {
  auto& [id, created_at, command, scenario_name, scenario_hash, parley_version, seed, specs] =
      state;
  return {id,
          std::move(created_at),
          std::move(command),
          std::move(scenario_name),
          std::move(scenario_hash),
          std::move(parley_version),
          seed,
          std::move(specs)};
}

RunDiffState ToState(const RunDiff& d) {
  RunDiffState state{ToState(d.old_run), ToState(d.new_run), {}, {}, {}, {}};
  for (const InputChange& c : d.inputs) {
    std::get<2>(state).emplace_back(c.field, c.old_value, c.new_value, c.old_source, c.new_source);
  }
  for (const InputChange& c : d.settings) {
    std::get<3>(state).emplace_back(c.field, c.old_value, c.new_value, c.old_source, c.new_source);
  }
  for (const ForecastChange& c : d.forecasts) {
    std::get<4>(state).emplace_back(c.model, c.issue_id, c.old_position, c.new_position, c.old_rule,
                                    c.new_rule, c.old_bargained, c.new_bargained);
  }
  for (const MetricChange& c : d.metrics) {
    std::get<5>(state).emplace_back(ToState(c.metric), c.old_value, c.new_value);
  }
  return state;
}

RunDiff FromState(RunDiffState state) {
  RunDiff d;
  auto& [old_run, new_run, inputs, settings, forecasts, metrics] = state;
  d.old_run = FromState(std::move(old_run));
  d.new_run = FromState(std::move(new_run));
  for (auto* list : {&inputs, &settings}) {
    auto& changes = list == &inputs ? d.inputs : d.settings;
    for (auto& [field, old_value, new_value, old_source, new_source] : *list) {
      changes.push_back({std::move(field), std::move(old_value), std::move(new_value),
                         std::move(old_source), std::move(new_source)});
    }
  }
  for (auto& [model, issue, old_position, new_position, old_rule, new_rule, old_bargained,
              new_bargained] : forecasts) {
    ForecastChange change;
    change.model = std::move(model);
    change.issue_id = std::move(issue);
    change.old_position = old_position;
    change.new_position = new_position;
    change.old_rule = std::move(old_rule);
    change.new_rule = std::move(new_rule);
    change.old_bargained = old_bargained;
    change.new_bargained = new_bargained;
    d.forecasts.push_back(std::move(change));
  }
  for (auto& [metric, old_value, new_value] : metrics) {
    d.metrics.push_back({FromState(std::move(metric)), old_value, new_value});
  }
  return d;
}

// Pickling for every protocol: __reduce__ gives (the class, (pickled state,)) and the
// class's constructor from such a state (which nothing else calls) rebuilds the object.
// Not py::pickle: with its __setstate__, pickle protocols 0 and 1 make the instance with
// object.__new__, which aborts the process for a pybind11 class.
template <typename T>
auto FromPickle(const char* type) {
  using State = decltype(ToState(std::declval<const T&>()));
  return py::init(
      [type](const py::object& pickled) { return FromState(ReadPickle<State>(type, pickled)); });
}

template <typename T>
py::tuple Reduce(const py::object& self) {
  return py::make_tuple(py::type::of(self),
                        py::make_tuple(WritePickle(ToState(self.cast<const T&>()))));
}

py::tuple ReduceScenario(const py::object& self) {
  return py::make_tuple(py::type::of(self),
                        py::make_tuple(PickleScenario(self.cast<const Scenario&>())));
}
// ---------------------------------------------------------------------------------------
// Reports: the library's result structs with its renderers. The Python layer parses the
// JSON for structured access and reads the tidy CSV into DataFrames.

struct LinkageHolder {
  LinkageReport report;
};
struct ValidationHolder {
  DeuData data;
  ValidationReport report;
};

void BindScenario(py::module_& m) {
  py::class_<Scenario, ScenarioPtr>(m, "Scenario",
                                    "An immutable, validated scenario (see parley.Scenario).")
      .def_property_readonly("name", &Scenario::name)
      .def_property_readonly("description", &Scenario::description)
      .def_property_readonly("source", &Scenario::source)
      .def_property_readonly("content_hash", &Scenario::ContentHash)
      .def_property_readonly("relative_noise", &Scenario::relative_noise)
      .def("actors",
           [](const Scenario& s) {
             py::list list;
             for (const Actor& actor : s.actors()) {
               py::dict dict;
               dict["id"] = actor.id;
               dict["name"] = actor.name;
               dict["capability"] = actor.capability;
               list.append(dict);
             }
             return list;
           })
      .def("issues",
           [](const Scenario& s) {
             py::list list;
             for (const Issue& issue : s.issues()) list.append(IssueDict(issue));
             return list;
           })
      // One row per stance, issue by issue: the tidy form Scenario.from_columns reads; the
      // actor's general capability and, apart, its capability on this issue when it has one;
      // repeated-game payoffs NaN when none.
      .def("stances",
           [](const Scenario& s) {
             struct Row {
               std::size_t actor, issue;
               const Stance* stance;
             };
             std::vector<Row> rows;
             for (std::size_t k = 0; k < s.issue_count(); ++k) {
               for (std::size_t a = 0; a < s.actor_count(); ++a) {
                 if (const Stance* stance = s.stance(a, k)) rows.push_back({a, k, stance});
               }
             }
             const auto nan = std::numeric_limits<double>::quiet_NaN();
             return Columns()
                 .Add("actor", rows, [&](const Row& r) { return s.actor(r.actor).id; })
                 .Add("issue", rows, [&](const Row& r) { return s.issue(r.issue).id; })
                 .Add("position", rows, [](const Row& r) { return r.stance->position; })
                 .Add("salience", rows, [](const Row& r) { return r.stance->salience; })
                 .Add("capability", rows, [&](const Row& r) { return s.actor(r.actor).capability; })
                 .Add("issue_capability", rows,
                      [&](const Row& r) { return r.stance->capability.value_or(nan); })
                 .Add("payoff_cooperate", rows,
                      [&](const Row& r) {
                        return r.stance->payoffs ? r.stance->payoffs->cooperate : nan;
                      })
                 .Add("payoff_defect", rows,
                      [&](const Row& r) {
                        return r.stance->payoffs ? r.stance->payoffs->defect : nan;
                      })
                 .Add("payoff_punished", rows,
                      [&](const Row& r) {
                        return r.stance->payoffs ? r.stance->payoffs->punished : nan;
                      })
                 .dict();
           })
      .def("uncertain_inputs",
           [](const Scenario& s) {
             py::list list;
             for (const UncertainInput& input : s.uncertain_inputs()) {
               py::dict dict;
               dict["label"] = s.InputLabel(input);
               dict["field"] = FieldName(input.field);
               dict["actor"] = s.actor(input.actor).id;
               dict["issue"] = input.issue == UncertainInput::kNoIssue
                                   ? py::none()
                                   : py::cast(s.issue(input.issue).id);
               dict["distribution"] = input.distribution.ToString();
               dict["nominal"] = input.distribution.Nominal();
               dict["from_noise"] = input.from_noise;
               list.append(dict);
             }
             return list;
           })
      .def("derivations",
           [](const Scenario& s) {
             py::list list;
             for (const CapabilityDerivation& d : s.derivations()) {
               py::dict dict;
               dict["actor"] = d.actor_id;
               dict["issue"] = d.issue_id;
               dict["year"] = d.year;
               dict["capability_share"] = d.capability_share;
               dict["trade_share"] = d.trade_share;
               dict["leverage_weight"] = d.leverage_weight;
               dict["capability"] = d.capability;
               dict["inputs"] = d.inputs;
               list.append(dict);
             }
             return list;
           })
      .def("derivations_text", &DerivationsToText)
      .def("to_json", &ScenarioToJson)
      .def(py::init(&UnpickleScenario), py::arg("pickled"))
      .def("__reduce__", &ReduceScenario);

  m.def(
      "read_scenario_file",
      [](const std::string& path, const std::string& format) {
        // "" = by extension and first line; else the named reader, whatever the file says.
        std::optional<ScenarioFormat> named;
        if (!format.empty()) named = ParseFormat(format);
        return WithoutGil([&] { return Share(ReadScenarioFile(path, named)); });
      },
      py::arg("path"), py::arg("format") = "");
  m.def(
      "parse_scenario",
      [](const std::string& text, const std::string& format, const std::string& source) {
        const ScenarioFormat parsed = ParseFormat(format);
        return WithoutGil([&] { return Share(ParseScenario(text, parsed, source)); });
      },
      py::arg("text"), py::arg("format"), py::arg("source"));
  // JSON that Python generated from a dict: its line and column point into text the user
  // never saw, so messages keep only the source name and the field path (which is the
  // dict's own path, e.g. issues[0].positions.USA.salience).
  m.def(
      "parse_generated_json",
      [](const std::string& text, const std::string& source) {
        try {
          return WithoutGil([&] { return Share(ParseJsonScenario(text, source)); });
        } catch (const InputError& error) {
          const std::string where = error.where().ToString();
          std::string problem = error.what();
          const std::string prefix = where.empty() ? "" : where + ": ";
          if (problem.rfind(prefix, 0) == 0) problem.erase(0, prefix.size());
          if (!error.field().empty() && problem.rfind(error.field() + ": ", 0) == 0) {
            problem.erase(0, error.field().size() + 2);
          }
          throw InputError({error.where().file, 0, 0}, error.field(), problem);
        }
      },
      py::arg("text"), py::arg("source"));

  m.def("sample_scenario", [](const Scenario& s, std::uint64_t seed, std::uint64_t run) {
    return WithoutGil([&] { return Share(SampleScenario(s, seed, run)); });
  });
  m.def("without_issues", [](const Scenario& s, const std::vector<std::string>& ids) {
    return Share(WithoutIssues(s, ids));
  });
  m.def("without_actors", [](const Scenario& s, const std::vector<std::string>& ids) {
    return Share(WithoutActors(s, ids));
  });
  m.def("with_issue_from", [](const Scenario& s, const Scenario& donor, const std::string& id) {
    return Share(WithIssueFrom(s, donor, id));
  });
  m.def("with_actor_from", [](const Scenario& s, const Scenario& donor, const std::string& id) {
    return Share(WithActorFrom(s, donor, id));
  });
}

void BindModels(py::module_& m) {
  m.def("models", [] {
    py::list list;
    for (const ModelDescriptor* descriptor : DefaultRegistry().descriptors()) {
      py::list params;
      for (const ParamSpec& param : descriptor->params) {
        py::dict dict;
        dict["name"] = param.name;
        dict["type"] = ParamTypeName(param.type);
        dict["default"] = param.default_value;
        const bool ranged = param.type == ParamType::kReal || param.type == ParamType::kInteger;
        dict["min"] = ranged ? py::cast(param.min) : py::none();
        dict["max"] = ranged ? py::cast(param.max) : py::none();
        dict["choices"] = param.choices;
        dict["help"] = param.help;
        params.append(dict);
      }
      py::dict dict;
      dict["name"] = descriptor->name;
      dict["summary"] = descriptor->summary;
      dict["citation"] = descriptor->citation;
      dict["params"] = params;
      list.append(dict);
    }
    return list;
  });
  m.def(
      "resolve_spec",
      [](const std::string& spec) {
        const ModelSpec parsed = DefaultRegistry().Parse(spec);
        py::dict parameters;
        for (const auto& [name, value] : parsed.parameters.values()) {
          parameters[py::str(name)] = FormatParamValue(value);
        }
        return py::make_tuple(parsed.name, parsed.text, parameters);
      },
      py::arg("spec"));

  py::class_<Result>(m, "Result", "One model run (see parley.Result).")
      .def(FromPickle<Result>("parley.Result"), py::arg("pickled"))
      .def("__reduce__", &Reduce<Result>)
      .def_readonly("model", &Result::model)
      .def_readonly("spec", &Result::spec)
      .def_readonly("parameters", &Result::parameters)
      .def_readonly("input_hash", &Result::input_hash)
      .def_readonly("seed", &Result::seed)
      .def_property_readonly(
          "forecasts",
          [](const Result& r) {
            return Columns()
                .Add("issue", r.forecasts, [](const IssueForecast& f) { return f.issue_id; })
                .Add("position", r.forecasts, [](const IssueForecast& f) { return f.position; })
                .Add("rule", r.forecasts, [](const IssueForecast& f) { return f.rule; })
                // NaN where the issue has no decision block (the forecast is the bargaining one)
                .Add("bargained", r.forecasts,
                     [](const IssueForecast& f) {
                       return f.bargained.value_or(std::numeric_limits<double>::quiet_NaN());
                     })
                .dict();
          })
      .def_property_readonly(
          "details",
          [](const Result& r) {
            return Columns()
                .Add("issue", r.details, [](const Detail& d) { return d.issue_id; })
                .Add("actor", r.details, [](const Detail& d) { return d.actor_id; })
                .Add("name", r.details, [](const Detail& d) { return d.name; })
                .Add("value", r.details, [](const Detail& d) { return d.value; })
                .dict();
          })
      .def_property_readonly(
          "trajectory",
          [](const Result& r) {
            const auto& rows = r.trajectory;
            return Columns()
                .Add("round", rows, [](const ActorRound& x) { return x.round; })
                .Add("issue", rows, [](const ActorRound& x) { return x.issue_id; })
                .Add("actor", rows, [](const ActorRound& x) { return x.actor_id; })
                .Add("position", rows, [](const ActorRound& x) { return x.position; })
                .Add("risk", rows, [](const ActorRound& x) { return x.risk; })
                .dict();
          })
      .def_property_readonly("moves",
                             [](const Result& r) {
                               const auto& rows = r.moves;
                               return Columns()
                                   .Add("round", rows, [](const Move& x) { return x.round; })
                                   .Add("issue", rows, [](const Move& x) { return x.issue_id; })
                                   .Add("actor", rows, [](const Move& x) { return x.actor_id; })
                                   .Add("toward", rows, [](const Move& x) { return x.toward_id; })
                                   .Add("kind", rows, [](const Move& x) { return x.kind; })
                                   .Add("from", rows, [](const Move& x) { return x.from; })
                                   .Add("to", rows, [](const Move& x) { return x.to; })
                                   .Add("eu_self", rows, [](const Move& x) { return x.eu_self; })
                                   .Add("eu_other", rows, [](const Move& x) { return x.eu_other; })
                                   .dict();
                             })
      .def_property_readonly("exchanges", [](const Result& r) {
        const auto& rows = r.exchanges;
        return Columns()
            .Add("round", rows, [](const Exchange& x) { return x.round; })
            .Add("order", rows, [](const Exchange& x) { return x.order; })
            .Add("actor_i", rows, [](const Exchange& x) { return x.actor_i; })
            .Add("issue_i", rows, [](const Exchange& x) { return x.issue_i; })
            .Add("from_i", rows, [](const Exchange& x) { return x.from_i; })
            .Add("to_i", rows, [](const Exchange& x) { return x.to_i; })
            .Add("actor_j", rows, [](const Exchange& x) { return x.actor_j; })
            .Add("issue_j", rows, [](const Exchange& x) { return x.issue_j; })
            .Add("from_j", rows, [](const Exchange& x) { return x.from_j; })
            .Add("to_j", rows, [](const Exchange& x) { return x.to_j; })
            .Add("gain", rows, [](const Exchange& x) { return x.gain; })
            .dict();
      });

  m.def("default_models", [](const Scenario& s) { return DefaultRegistry().DefaultModels(s); });

  // Every spec is parsed before any model runs, as `parley run` does, so a typo fails fast.
  m.def(
      "run",
      [](const Scenario& s, const std::vector<std::string>& specs) {
        return WithoutGil([&] {
          std::vector<std::unique_ptr<Model>> models;
          for (const std::string& spec : specs) models.push_back(DefaultRegistry().Create(spec));
          std::vector<Result> results;
          for (const auto& model : models) results.push_back(model->Run(s));
          return results;
        });
      },
      py::arg("scenario"), py::arg("specs"));

  m.def("results_to_table", &ResultsToTable);
  m.def("results_to_json", &ResultsToJson);
  m.def("results_to_csv", &ResultsToCsv);
  m.def("trace_to_text", &TraceToText);
  m.def("details_to_csv", &DetailsToCsv);
  m.def("trajectory_to_csv", &TrajectoryToCsv);
  m.def("moves_to_csv", &MovesToCsv);
  m.def("exchanges_to_csv", &ExchangesToCsv);
}

void BindAnalyses(py::module_& m) {
  py::class_<EnsembleResult>(m, "EnsembleReport")
      .def_readonly("seed", &EnsembleResult::seed)
      .def_readonly("runs", &EnsembleResult::runs)
      .def_readonly("input_hash", &EnsembleResult::input_hash)
      .def("to_json", &EnsembleToJson)
      .def("to_csv", &EnsembleToCsv)
      .def("to_table", &EnsembleToTable);
  m.def(
      "ensemble",
      [](const Scenario& s, const std::vector<std::string>& specs, std::uint64_t runs,
         std::uint64_t seed, int threads, const std::vector<std::string>& thresholds,
         std::uint64_t quantile_cap, py::object progress) {
        EnsembleOptions options;
        options.runs = runs;
        options.seed = seed;
        options.threads = threads;
        options.quantile_cap = quantile_cap;
        for (const std::string& text : thresholds) {
          options.thresholds.push_back(ParseThreshold(text, s));
        }
        PythonProgress reporter(std::move(progress), runs);
        options.progress = reporter.Function();
        EnsembleResult result = WithoutGil([&] { return RunEnsemble(s, specs, options); });
        reporter.Finish();
        return result;
      },
      py::arg("scenario"), py::arg("specs"), py::arg("runs"), py::arg("seed"), py::arg("threads"),
      py::arg("thresholds"), py::arg("quantile_cap"), py::arg("progress"));

  // `parley ensemble --errors`: the ensemble's three renderings with the second range.
  m.def("ensemble_with_errors", [](const Scenario& s, const EnsembleResult& result,
                                   const std::string& errors) {
    const ErrorModel model = LoadErrorModel(errors);
    const std::vector<ModelErrorRanges> ranges = ApplyErrorModel(s, result, model);
    return std::vector<std::string>{EnsembleToTable(result) + ErrorRangesToTable(model, ranges),
                                    EnsembleWithErrorsToJson(result, model, ranges),
                                    EnsembleWithErrorsToCsv(result, ranges)};
  });

  py::class_<SensitivityResult>(m, "SensitivityReport")
      .def_readonly("seed", &SensitivityResult::seed)
      .def_readonly("runs", &SensitivityResult::runs)
      .def_readonly("input_hash", &SensitivityResult::input_hash)
      .def_readonly("spec", &SensitivityResult::spec)
      .def("to_json", &SensitivityToJson)
      .def("to_csv", &SensitivityToCsv)
      .def("to_table", &SensitivityToTable);
  m.def(
      "sensitivity",
      [](const Scenario& s, const std::string& spec, std::uint64_t runs, std::uint64_t seed,
         int threads, int bootstrap, py::object progress) {
        SensitivityOptions options;
        options.runs = runs;
        options.seed = seed;
        options.threads = threads;
        options.bootstrap = bootstrap;
        PythonProgress reporter(std::move(progress), runs * (s.uncertain_inputs().size() + 2));
        options.progress = reporter.Function();
        SensitivityResult result = WithoutGil([&] { return RunSensitivity(s, spec, options); });
        reporter.Finish();
        return result;
      },
      py::arg("scenario"), py::arg("spec"), py::arg("runs"), py::arg("seed"), py::arg("threads"),
      py::arg("bootstrap"), py::arg("progress"));

  m.def(
      "report",
      [](const Scenario& s, const std::vector<std::string>& models, std::uint64_t runs,
         std::uint64_t seed, int threads, const std::string& sensitivity_model,
         const std::string& command_line, py::object progress, const std::string& errors) {
        ReportOptions options;
        options.errors = errors;
        options.models = models;
        options.runs = runs;
        options.seed = seed;
        options.threads = threads;
        options.sensitivity_model = sensitivity_model;
        options.command_line = command_line;
        PythonProgress reporter(std::move(progress), ReportModelRuns(s, options));
        options.progress = reporter.Function();
        std::string html = WithoutGil([&] { return BuildReportHtml(s, options); });
        reporter.Finish();
        return html;
      },
      py::arg("scenario"), py::arg("models"), py::arg("runs"), py::arg("seed"), py::arg("threads"),
      py::arg("sensitivity_model"), py::arg("command_line"), py::arg("progress"),
      py::arg("errors"));

  py::class_<LinkageHolder>(m, "LinkageReport")
      .def("to_json", [](const LinkageHolder& h) { return LinkageToJson(h.report); })
      .def("to_csv", [](const LinkageHolder& h) { return LinkageToCsv(h.report); })
      .def(
          "to_table",
          [](const LinkageHolder& h, std::size_t deals) { return LinkageToTable(h.report, deals); },
          py::arg("deals"));
  m.def(
      "linkage",
      [](const Scenario& s, const std::string& utility, const std::vector<std::string>& add_issues,
         const std::vector<std::string>& drop_issues, const std::vector<std::string>& add_actors,
         const std::vector<std::string>& drop_actors) {
        LinkageOptions options;
        options.utility = ParseUtilityShape(utility);
        for (const auto& [kind, list] : {std::pair{AgendaEdit::Kind::kAddIssue, &add_issues},
                                         std::pair{AgendaEdit::Kind::kDropIssue, &drop_issues},
                                         std::pair{AgendaEdit::Kind::kAddActor, &add_actors},
                                         std::pair{AgendaEdit::Kind::kDropActor, &drop_actors}}) {
          for (const std::string& text : *list)
            options.edits.push_back(ParseAgendaEdit(kind, text));
        }
        return WithoutGil([&] { return LinkageHolder{AnalyzeLinkage(s, options)}; });
      },
      py::arg("scenario"), py::arg("utility"), py::arg("add_issues"), py::arg("drop_issues"),
      py::arg("add_actors"), py::arg("drop_actors"));

  py::class_<Brief>(m, "Brief")
      .def("to_json", &BriefToJson)
      .def("to_table", &BriefToText)
      .def("to_markdown", &BriefToMarkdown);
  m.def(
      "brief",
      [](const Scenario& s, std::uint64_t runs, std::uint64_t seed, int threads,
         const std::string& sensitivity_model, const std::string& errors) {
        BriefOptions options;
        options.errors = errors;
        options.runs = runs;
        options.seed = seed;
        options.threads = threads;
        options.sensitivity_model = sensitivity_model;
        return WithoutGil([&] { return MakeBrief(s, options); });
      },
      py::arg("scenario"), py::arg("runs"), py::arg("seed"), py::arg("threads"),
      py::arg("sensitivity_model"), py::arg("errors"));

  py::class_<ValidationHolder>(m, "ValidationReport")
      .def("to_json", [](const ValidationHolder& h) { return ValidationToJson(h.report); })
      .def("to_csv", [](const ValidationHolder& h) { return ValidationToCsv(h.report); })
      .def("to_table", [](const ValidationHolder& h) { return ValidationToTable(h.report); })
      .def("predictions_csv",
           [](const ValidationHolder& h) { return PredictionsToCsv(h.data, h.report); })
      .def("error_model", [](const ValidationHolder& h, const std::string& path) {
        return ErrorModelToJson(FitErrorModel(h.report, HashFileBytes(path)));
      });
  m.def(
      "validate",
      [](const std::string& path, const std::vector<std::string>& models,
         const std::string& capabilities, std::size_t folds, const std::string& procedure) {
        return WithoutGil([&] {
          ValidationHolder holder{ReadDeuFile(path), {}};
          ValidationOptions options;
          options.models = models;
          options.capabilities = capabilities;
          options.folds = folds;
          options.procedure = procedure;
          holder.report = Validate(holder.data, options);
          return holder;
        });
      },
      py::arg("path"), py::arg("models"), py::arg("capabilities"), py::arg("folds"),
      py::arg("procedure"));

  py::class_<trade::LeverageReport>(m, "LeverageReport")
      .def("to_json", &trade::LeverageToJson)
      .def("to_csv", &trade::LeverageToCsv)
      .def("to_table", &trade::LeverageToTable);
  m.def(
      "leverage",
      [](const std::vector<std::string>& files, std::optional<int> year, const std::string& years,
         const std::string& actor, std::size_t top, double substitution,
         std::optional<double> sanction) {
        return WithoutGil([&] {
          trade::TradeData data;
          for (const std::string& file : files) trade::ReadTradeFile(file, data);
          trade::LeverageOptions options;
          options.years = trade::SelectLeverageYears(data, year, years);
          if (!actor.empty()) options.actor = trade::CountryCode(actor, "--actor");
          options.top = top;
          options.substitution = substitution;
          options.sanction = sanction;
          trade::LeverageReport report = trade::AnalyzeLeverage(data, options);
          report.sources = files;
          return report;
        });
      },
      py::arg("files"), py::arg("year"), py::arg("years"), py::arg("actor"), py::arg("top"),
      py::arg("substitution"), py::arg("sanction"));
}

// ---------------------------------------------------------------------------------------
// The run store. Tables come back as dicts of columns (python/parley/_store.py makes the
// DataFrames); records and diffs keep the library's renderers.

// A store shared by Python threads: every call locks it and runs without the GIL.
struct StoreHolder {
  std::unique_ptr<Store> store;
  std::mutex mutex;

  template <typename Call>
  auto Locked(Call&& call) {
    return WithoutGil([&] {
      const std::lock_guard<std::mutex> lock(mutex);
      return call(*store);
    });
  }
};

RunFilter MakeFilter(const std::string& scenario, const std::string& since,
                     const std::string& command) {
  RunFilter filter;
  filter.scenario = scenario;
  filter.since = since;
  filter.command = command;
  return filter;
}

// `parley runs list --format csv`'s columns: id, created_at, command, scenario, input_hash,
// parley_version, seed (int or None) and models (a list of specs).
py::dict SummaryColumns(const std::vector<RunSummary>& runs) {
  return Columns()
      .Add("id", runs, [](const RunSummary& r) { return r.id; })
      .Add("created_at", runs, [](const RunSummary& r) { return r.created_at; })
      .Add("command", runs, [](const RunSummary& r) { return r.command; })
      .Add("scenario", runs, [](const RunSummary& r) { return r.scenario_name; })
      .Add("input_hash", runs, [](const RunSummary& r) { return r.scenario_hash; })
      .Add("parley_version", runs, [](const RunSummary& r) { return r.parley_version; })
      .Add("seed", runs, [](const RunSummary& r) { return r.seed; })
      .Add("models", runs, [](const RunSummary& r) { return r.specs; })
      .dict();
}

py::dict MetricColumns(const std::vector<Metric>& metrics) {
  return Columns()
      .Add("kind", metrics, [](const Metric& m) { return m.kind; })
      .Add("model", metrics, [](const Metric& m) { return m.model; })
      .Add("issue", metrics, [](const Metric& m) { return m.issue_id; })
      .Add("subject", metrics, [](const Metric& m) { return m.subject; })
      .Add("name", metrics, [](const Metric& m) { return m.name; })
      .Add("value", metrics, [](const Metric& m) { return m.value; })
      .dict();
}

py::dict InputChangeColumns(const std::vector<InputChange>& changes) {
  return Columns()
      .Add("field", changes, [](const InputChange& c) { return c.field; })
      .Add("old", changes, [](const InputChange& c) { return c.old_value; })
      .Add("new", changes, [](const InputChange& c) { return c.new_value; })
      .Add("old_source", changes, [](const InputChange& c) { return c.old_source; })
      .Add("new_source", changes, [](const InputChange& c) { return c.new_source; })
      .dict();
}

double OrNan(const std::optional<double>& value) {
  return value.value_or(std::numeric_limits<double>::quiet_NaN());
}

void BindStore(py::module_& m) {
  py::class_<RunRecord>(m, "RunRecord", "One stored run (see parley.StoredRun).")
      .def(FromPickle<RunRecord>("parley.StoredRun"), py::arg("pickled"))
      .def("__reduce__", &Reduce<RunRecord>)
      .def_readonly("id", &RunRecord::id)
      .def_readonly("created_at", &RunRecord::created_at)
      .def_readwrite("command", &RunRecord::command)
      .def_readwrite("command_line", &RunRecord::command_line)
      .def_readonly("parley_version", &RunRecord::parley_version)
      .def_readonly("scenario_name", &RunRecord::scenario_name)
      .def_readonly("scenario_hash", &RunRecord::scenario_hash)
      .def_readonly("scenario_json", &RunRecord::scenario_json)
      .def_readonly("scenario_path", &RunRecord::scenario_path)
      .def_readonly("scenario_source", &RunRecord::scenario_source)
      .def_readwrite("seed", &RunRecord::seed)
      .def_readwrite("threads", &RunRecord::threads)
      .def_readwrite("specs", &RunRecord::specs)
      // Copies: a Result outlives the record it came from.
      .def_property(
          "results", [](const RunRecord& r) { return r.results; },
          [](RunRecord& r, std::vector<Result> results) { r.results = std::move(results); })
      .def_property_readonly("metrics", [](const RunRecord& r) { return MetricColumns(r.metrics); })
      .def_property_readonly("documents",
                             [](const RunRecord& r) {
                               py::dict documents;
                               for (const Document& d : r.documents) {
                                 documents[py::str(d.name)] = py::bytes(d.content);
                               }
                               return documents;
                             })
      .def("to_text", &RunToText)
      .def("to_json", &RunToJson)
      .def("to_csv", &RunToCsv, py::arg("table"));
  m.def("new_run_record", &NewRunRecord, py::arg("command"), py::arg("scenario"));

  py::class_<RunDiff>(m, "RunDiff", "What changed between two stored runs (see parley.RunDiff).")
      .def(FromPickle<RunDiff>("parley.RunDiff"), py::arg("pickled"))
      .def("__reduce__", &Reduce<RunDiff>)
      .def_property_readonly("old_run",
                             [](const RunDiff& d) { return SummaryColumns({d.old_run}); })
      .def_property_readonly("new_run",
                             [](const RunDiff& d) { return SummaryColumns({d.new_run}); })
      .def_property_readonly("settings",
                             [](const RunDiff& d) { return InputChangeColumns(d.settings); })
      .def_property_readonly("inputs",
                             [](const RunDiff& d) { return InputChangeColumns(d.inputs); })
      .def_property_readonly(
          "forecasts",
          [](const RunDiff& d) {
            using Change = ForecastChange;
            return Columns()
                .Add("model", d.forecasts, [](const Change& c) { return c.model; })
                .Add("issue", d.forecasts, [](const Change& c) { return c.issue_id; })
                .Add("old", d.forecasts, [](const Change& c) { return OrNan(c.old_position); })
                .Add("new", d.forecasts, [](const Change& c) { return OrNan(c.new_position); })
                .Add("moved", d.forecasts, [](const Change& c) { return c.moved(); })
                .Add("old_rule", d.forecasts, [](const Change& c) { return c.old_rule; })
                .Add("new_rule", d.forecasts, [](const Change& c) { return c.new_rule; })
                .Add("old_bargained", d.forecasts,
                     [](const Change& c) { return OrNan(c.old_bargained); })
                .Add("new_bargained", d.forecasts,
                     [](const Change& c) { return OrNan(c.new_bargained); })
                .dict();
          })
      .def_property_readonly(
          "metrics",
          [](const RunDiff& d) {
            using Change = MetricChange;
            return Columns()
                .Add("kind", d.metrics, [](const Change& c) { return c.metric.kind; })
                .Add("model", d.metrics, [](const Change& c) { return c.metric.model; })
                .Add("issue", d.metrics, [](const Change& c) { return c.metric.issue_id; })
                .Add("subject", d.metrics, [](const Change& c) { return c.metric.subject; })
                .Add("name", d.metrics, [](const Change& c) { return c.metric.name; })
                .Add("old", d.metrics, [](const Change& c) { return OrNan(c.old_value); })
                .Add("new", d.metrics, [](const Change& c) { return OrNan(c.new_value); })
                .Add("moved", d.metrics, [](const Change& c) { return c.moved(); })
                .dict();
          })
      .def("to_text", &RunDiffToText)
      .def("to_json", &RunDiffToJson)
      .def("to_csv", &RunDiffToCsv);

  py::class_<StoreHolder>(m, "Store", "A run store (see parley.Store).")
      .def(py::init([](const std::string& uri) {
             auto holder = std::make_unique<StoreHolder>();
             holder->store = WithoutGil([&] { return Store::Open(uri); });
             return holder;
           }),
           py::arg("uri"))
      .def_property_readonly("uri", [](const StoreHolder& h) { return h.store->uri(); })
      .def_property_readonly("schema_version",
                             [](const StoreHolder& h) { return h.store->schema_version(); })
      .def_property_readonly("migrated_from",
                             [](const StoreHolder& h) { return h.store->migrated_from(); })
      .def(
          "list",
          [](StoreHolder& h, const std::string& scenario, const std::string& since,
             const std::string& command) {
            const RunFilter filter = MakeFilter(scenario, since, command);
            return SummaryColumns(h.Locked([&](Store& s) { return s.List(filter); }));
          },
          py::arg("scenario"), py::arg("since"), py::arg("command"))
      .def(
          "forecasts",
          [](StoreHolder& h, const std::string& scenario, const std::string& since,
             const std::string& command) {
            const RunFilter filter = MakeFilter(scenario, since, command);
            const std::vector<StoredForecast> rows =
                h.Locked([&](Store& s) { return s.Forecasts(filter); });
            using Row = StoredForecast;
            return Columns()
                .Add("run", rows, [](const Row& r) { return r.run_id; })
                .Add("created_at", rows, [](const Row& r) { return r.created_at; })
                .Add("scenario", rows, [](const Row& r) { return r.scenario_name; })
                .Add("model", rows, [](const Row& r) { return r.model; })
                .Add("spec", rows, [](const Row& r) { return r.spec; })
                .Add("issue", rows, [](const Row& r) { return r.issue_id; })
                .Add("forecast", rows, [](const Row& r) { return r.position; })
                .Add("bargained", rows, [](const Row& r) { return OrNan(r.bargained); })
                .Add("rule", rows, [](const Row& r) { return r.rule; })
                .dict();
          },
          py::arg("scenario"), py::arg("since"), py::arg("command"))
      .def(
          "load",
          [](StoreHolder& h, std::int64_t id) {
            return h.Locked([&](Store& s) { return s.Load(id); });
          },
          py::arg("id"))
      .def(
          "diff",
          [](StoreHolder& h, std::int64_t old_id, std::int64_t new_id) {
            return h.Locked([&](Store& s) { return s.Diff(old_id, new_id); });
          },
          py::arg("old_id"), py::arg("new_id"))
      .def(
          "save",
          [](StoreHolder& h, const RunRecord& record) {
            return h.Locked([&](Store& s) { return s.Save(record); });
          },
          py::arg("record"))
      .def(
          "remove",
          [](StoreHolder& h, std::int64_t id) { h.Locked([&](Store& s) { s.Remove(id); }); },
          py::arg("id"));
}

}  // namespace
}  // namespace parley::python

PYBIND11_MODULE(_parley, m) {
  using namespace parley::python;
  m.doc() = "parley's C++ library; use the documented package `parley` instead.";
  m.attr("__version__") = parley::kVersion;

  // Kept for the life of the process (a static py::exception would be released after the
  // interpreter is gone).
  auto* input_error = new py::exception<parley::InputError>(m, "InputError", PyExc_ValueError);
  input_error_type = input_error->ptr();
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const parley::InputError& error) {
      RaiseInputError(error);
    }
  });

  BindScenario(m);
  BindModels(m);
  BindAnalyses(m);
  BindStore(m);
}
