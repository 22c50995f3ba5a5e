// Monte Carlo ensembles over a scenario's uncertain inputs (parley/ensemble.h).
//
// Determinism: run r draws from pcg32(seed, r); the per-block moments are merged in block
// order with Chan, Golub & LeVeque's (1979) pairwise update; every other summary is an
// integer count (exact under any order) or a value stored at its run's index. The block
// size depends on the number of runs only, never on threads or MPI ranks.
//
// Allocation: each thread owns a ScenarioWorkspace (sampled values are written in place),
// its model objects (specs parsed once per thread), per model a ModelWorkspace and the
// Result that Model::RunInto rewrites in place, and its count arrays. In steady state
// (from a thread's second run on) a run allocates nothing for the models whose
// BargainInto reuses storage (compromise, median, procedural, blend, nash;
// tests/alloc_test.cc); the others (eum, smp, exchange) allocate inside their Bargain as
// in Model::Run.
#include "parley/ensemble.h"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "analysis/sampling.h"
#include "core/text.h"
#include "io/format.h"
#include "parley/registry.h"

namespace parley {

bool Threshold::Holds(double outcome) const {
  switch (op) {
    case Op::kGreaterEqual:
      return outcome >= value;
    case Op::kGreater:
      return outcome > value;
    case Op::kLessEqual:
      return outcome <= value;
    case Op::kLess:
      return outcome < value;
  }
  return false;
}

Threshold ParseThreshold(const std::string& text, const Scenario& scenario) {
  const char* expected = "expected ISSUE>=X, ISSUE>X, ISSUE<=X or ISSUE<X, e.g. nk-pressure>=60";
  const std::size_t at = text.find_first_of("<>");
  if (at == std::string::npos || at == 0) {
    throw InputError({}, "--threshold", fmt::format("'{}' has no comparison; {}", text, expected));
  }
  Threshold threshold;
  threshold.text = text;
  const bool greater = text[at] == '>';
  const bool or_equal = at + 1 < text.size() && text[at + 1] == '=';
  using Op = Threshold::Op;
  threshold.op = greater ? (or_equal ? Op::kGreaterEqual : Op::kGreater)
                         : (or_equal ? Op::kLessEqual : Op::kLess);
  const std::string issue_id = text.substr(0, at);
  const std::string number = text.substr(at + (or_equal ? 2 : 1));
  const auto issue = scenario.FindIssue(issue_id);
  if (!issue) {
    std::string known;
    for (const Issue& i : scenario.issues()) known += (known.empty() ? "" : ", ") + i.id;
    throw InputError(
        {}, "--threshold",
        fmt::format("'{}': unknown issue '{}'; expected one of: {}", text, issue_id, known));
  }
  const std::optional<double> value = internal::ParseReal(number);
  if (!value || !std::isfinite(*value)) {
    throw InputError({}, "--threshold",
                     fmt::format("'{}': '{}' is not a number; {}", text, number, expected));
  }
  threshold.issue = *issue;
  threshold.value = *value;
  return threshold;
}

std::uint64_t EnsembleBlockRuns(std::uint64_t runs) {
  // Small enough that a few hundred runs of an expensive model still spread over threads,
  // large enough that per-block bookkeeping is negligible; at most 65536 blocks.
  return std::max<std::uint64_t>(64, (runs + 65535) / 65536);
}

namespace {

constexpr std::size_t kMoments = 5;  // count, mean, M2, min, max

// Index arithmetic of the flat arrays of a partial.
struct Layout {
  std::size_t models, issues, actors, thresholds;
  std::size_t CountsPerModel() const {
    return issues * (kHistogramBins + kSketchBins) + thresholds;
  }
  std::size_t Histogram(std::size_t m, std::size_t k) const {
    return m * CountsPerModel() + k * kHistogramBins;
  }
  std::size_t Sketch(std::size_t m, std::size_t k) const {
    return m * CountsPerModel() + issues * kHistogramBins + k * kSketchBins;
  }
  std::size_t ThresholdCount(std::size_t m, std::size_t t) const {
    return m * CountsPerModel() + issues * (kHistogramBins + kSketchBins) + t;
  }
};

std::size_t Bin(double x, const Issue& issue, std::size_t bins) {
  const double share = (x - issue.scale_min) / issue.range();
  if (!(share > 0)) return 0;  // also NaN
  return std::min(bins - 1, static_cast<std::size_t>(share * static_cast<double>(bins)));
}

// Welford's update (Welford 1962) of (count, mean, M2, min, max) by one value.
void AddValue(double* moments, double x) {
  const double count = moments[0] + 1;
  const double delta = x - moments[1];
  moments[0] = count;
  moments[1] += delta / count;
  moments[2] += delta * (x - moments[1]);
  moments[3] = std::min(moments[3], x);
  moments[4] = std::max(moments[4], x);
}

// Merges moments b into a (Chan, Golub & LeVeque 1979):
// mean = mean_a + delta n_b / n, M2 = M2_a + M2_b + delta^2 n_a n_b / n.
void MergeMoments(double* a, const double* b) {
  if (b[0] == 0) return;
  if (a[0] == 0) {
    std::copy(b, b + kMoments, a);
    return;
  }
  const double count = a[0] + b[0];
  const double delta = b[1] - a[1];
  a[1] += delta * b[0] / count;
  a[2] += b[2] + delta * delta * a[0] * b[0] / count;
  a[0] = count;
  a[3] = std::min(a[3], b[3]);
  a[4] = std::max(a[4], b[4]);
}

void EmptyMoments(double* moments) {
  moments[0] = moments[1] = moments[2] = 0;
  moments[3] = std::numeric_limits<double>::infinity();
  moments[4] = -std::numeric_limits<double>::infinity();
}

// Move kinds seen by one thread: per kind, per (model, actor), runs with such a move.
struct MoveTally {
  std::string kind;
  std::vector<std::uint64_t> runs;   // model * actors + actor
  std::vector<std::uint64_t> stamp;  // last run counted + 1
};

struct ThreadState {
  ThreadState(const Scenario& scenario, const std::string& hash,
              const std::vector<std::string>& specs, std::size_t count_size)
      : workspace(scenario, hash), counts(count_size, 0) {
    for (const std::string& spec : specs) {
      models.push_back(DefaultRegistry().Create(spec));
      model_workspaces.push_back(models.back()->NewWorkspace());
    }
    results.resize(models.size());
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      actor_index.emplace(scenario.actor(a).id, a);
    }
  }
  internal::ScenarioWorkspace workspace;
  std::vector<std::unique_ptr<Model>> models;
  std::vector<std::unique_ptr<ModelWorkspace>> model_workspaces;  // per model
  std::vector<Result> results;                                    // per model, reused
  std::vector<std::uint64_t> counts;
  std::vector<MoveTally> moves;
  std::unordered_map<std::string, std::size_t> actor_index;
};

std::uint64_t BlockCount(std::uint64_t runs) {
  const std::uint64_t block = EnsembleBlockRuns(runs);
  return (runs + block - 1) / block;
}

bool ExactQuantiles(const EnsembleOptions& options) { return options.runs <= options.quantile_cap; }

}  // namespace

EnsemblePartial RunEnsembleBlocks(const Scenario& scenario, const std::vector<std::string>& specs,
                                  const EnsembleOptions& options, std::uint64_t block_begin,
                                  std::uint64_t block_end) {
  if (options.runs == 0) throw InputError({}, "--runs", "is 0; expected at least 1 run");
  if (specs.empty()) throw InputError({}, "--model", "no model given; expected at least one");
  for (const std::string& spec : specs) DefaultRegistry().Parse(spec);  // fail fast
  const Layout layout{specs.size(), scenario.issue_count(), scenario.actor_count(),
                      options.thresholds.size()};
  const std::uint64_t block_runs = EnsembleBlockRuns(options.runs);
  block_end = std::min(block_end, BlockCount(options.runs));
  block_begin = std::min(block_begin, block_end);
  const std::uint64_t run_begin = block_begin * block_runs;
  const std::uint64_t run_end = std::min(options.runs, block_end * block_runs);
  const bool exact = ExactQuantiles(options);
  const std::string hash = scenario.ContentHash();

  EnsemblePartial partial;
  partial.block_begin = block_begin;
  partial.block_end = block_end;
  const std::size_t cells = layout.models * layout.issues;
  partial.block_moments.assign((block_end - block_begin) * cells * kMoments, 0.0);
  if (exact) partial.values.assign(cells * (run_end - run_begin), 0.0);
  const std::size_t count_size = layout.models * layout.CountsPerModel();

  tbb::enumerable_thread_specific<ThreadState> states(
      [&] { return ThreadState(scenario, hash, specs, count_size); });
  const std::size_t run_count = run_end - run_begin;
  auto run_block = [&](std::uint64_t block) {
    ThreadState& state = states.local();
    double* moments = &partial.block_moments[(block - block_begin) * cells * kMoments];
    for (std::size_t cell = 0; cell < cells; ++cell) EmptyMoments(moments + cell * kMoments);
    const std::uint64_t first = block * block_runs;
    const std::uint64_t last = std::min(options.runs, first + block_runs);
    for (std::uint64_t run = first; run < last; ++run) {
      state.workspace.Draw(options.seed, run);
      for (std::size_t m = 0; m < layout.models; ++m) {
        Result& result = state.results[m];
        state.models[m]->RunInto(state.workspace.scenario(), *state.model_workspaces[m], result);
        for (std::size_t k = 0; k < layout.issues; ++k) {
          const double x = result.forecasts[k].position;
          const Issue& issue = scenario.issue(k);
          AddValue(moments + (m * layout.issues + k) * kMoments, x);
          ++state.counts[layout.Histogram(m, k) + Bin(x, issue, kHistogramBins)];
          ++state.counts[layout.Sketch(m, k) + Bin(x, issue, kSketchBins)];
          if (exact) partial.values[(m * layout.issues + k) * run_count + (run - run_begin)] = x;
        }
        for (std::size_t t = 0; t < layout.thresholds; ++t) {
          const Threshold& threshold = options.thresholds[t];
          if (threshold.Holds(result.forecasts[threshold.issue].position)) {
            ++state.counts[layout.ThresholdCount(m, t)];
          }
        }
        for (const Move& move : result.moves) {
          auto tally = std::find_if(state.moves.begin(), state.moves.end(),
                                    [&](const MoveTally& t) { return t.kind == move.kind; });
          if (tally == state.moves.end()) {
            state.moves.push_back({move.kind,
                                   std::vector<std::uint64_t>(layout.models * layout.actors, 0),
                                   std::vector<std::uint64_t>(layout.models * layout.actors, 0)});
            tally = state.moves.end() - 1;
          }
          const auto actor = state.actor_index.find(move.actor_id);
          if (actor == state.actor_index.end()) continue;
          const std::size_t slot = m * layout.actors + actor->second;
          if (tally->stamp[slot] != run + 1) {  // count each run once
            tally->stamp[slot] = run + 1;
            ++tally->runs[slot];
          }
        }
      }
    }
    if (options.progress) options.progress(last - first);
  };
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(block_begin, block_end, 1),
                      [&](const tbb::blocked_range<std::uint64_t>& range) {
                        for (std::uint64_t b = range.begin(); b != range.end(); ++b) run_block(b);
                      });
  });

  partial.counts.assign(count_size, 0);
  std::map<std::string, std::vector<std::uint64_t>> kinds;  // sorted by kind
  for (const ThreadState& state : states) {
    for (std::size_t i = 0; i < count_size; ++i) partial.counts[i] += state.counts[i];
    for (const MoveTally& tally : state.moves) {
      auto& total = kinds[tally.kind];
      total.resize(tally.runs.size(), 0);
      for (std::size_t i = 0; i < tally.runs.size(); ++i) total[i] += tally.runs[i];
    }
  }
  for (const auto& [kind, runs] : kinds) {
    partial.move_kinds.push_back(kind);
    partial.move_counts.insert(partial.move_counts.end(), runs.begin(), runs.end());
  }
  return partial;
}

namespace {

// Quantiles of type 7 (Hyndman & Fan 1996) at increasing levels p: h = (n - 1) p, linear
// between the order statistics x_(floor h) and x_(floor h + 1) (0-based). Each pair is found
// by selection (nth_element, then the least value above it) rather than by sorting, O(n)
// per level; the values are reordered.
std::vector<double> Type7Quantiles(std::vector<double>& values, const std::vector<double>& levels) {
  std::vector<double> quantiles;
  auto from = values.begin();
  for (double p : levels) {
    const double h = static_cast<double>(values.size() - 1) * p;
    const std::size_t below = static_cast<std::size_t>(std::floor(h));
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(below);
    // Everything before `from` is at most *from, and below never decreases with p.
    std::nth_element(from, nth, values.end());
    const double low = *nth;
    const double high = nth + 1 == values.end() ? low : *std::min_element(nth + 1, values.end());
    quantiles.push_back(low + (h - static_cast<double>(below)) * (high - low));
    from = nth;
  }
  return quantiles;
}

// The same quantile from kSketchBins counts: find the bin holding the order statistic of
// rank floor(h) and interpolate linearly inside it, treating its c values as spread evenly
// (the i-th at (i + 0.5) / c of the bin). The result lies in the bin that holds
// x_(floor h): within one bin width of it.
double SketchQuantile(const std::uint64_t* bins, std::uint64_t total, const Issue& issue,
                      double p) {
  const double h = static_cast<double>(total - 1) * p;
  const double width = issue.range() / static_cast<double>(kSketchBins);
  double below = 0;
  for (std::size_t j = 0; j < kSketchBins; ++j) {
    const double count = static_cast<double>(bins[j]);
    if (count > 0 && h < below + count) {
      return issue.scale_min + width * (static_cast<double>(j) + (h - below + 0.5) / count);
    }
    below += count;
  }
  return issue.scale_max;
}

}  // namespace

EnsembleResult FinishEnsemble(const Scenario& scenario, const std::vector<std::string>& specs,
                              const EnsembleOptions& options,
                              std::vector<EnsemblePartial> partials) {
  const Layout layout{specs.size(), scenario.issue_count(), scenario.actor_count(),
                      options.thresholds.size()};
  const std::size_t cells = layout.models * layout.issues;
  const bool exact = ExactQuantiles(options);
  EnsembleResult result;
  result.scenario_name = scenario.name();
  result.input_hash = scenario.ContentHash();
  result.seed = options.seed;
  result.runs = options.runs;
  result.block_runs = EnsembleBlockRuns(options.runs);
  result.exact_quantiles = exact;
  result.thresholds = options.thresholds;
  for (const UncertainInput& input : scenario.uncertain_inputs()) {
    result.inputs.push_back(scenario.InputLabel(input) + " ~ " + input.distribution.ToString());
  }

  // Moments: every block in order, whichever partial (rank) computed it.
  std::vector<double> moments(cells * kMoments);
  for (std::size_t cell = 0; cell < cells; ++cell) EmptyMoments(&moments[cell * kMoments]);
  std::uint64_t expected_block = 0;
  for (const EnsemblePartial& partial : partials) {
    if (partial.block_begin != expected_block) {
      throw std::logic_error("ensemble partials are not contiguous in block order");
    }
    expected_block = partial.block_end;
    for (std::uint64_t b = 0; b < partial.block_end - partial.block_begin; ++b) {
      for (std::size_t cell = 0; cell < cells; ++cell) {
        MergeMoments(&moments[cell * kMoments],
                     &partial.block_moments[(b * cells + cell) * kMoments]);
      }
    }
  }
  std::vector<std::uint64_t> counts(layout.models * layout.CountsPerModel(), 0);
  std::map<std::string, std::vector<std::uint64_t>> kinds;
  for (const EnsemblePartial& partial : partials) {
    for (std::size_t i = 0; i < counts.size() && i < partial.counts.size(); ++i) {
      counts[i] += partial.counts[i];
    }
    const std::size_t per_kind = layout.models * layout.actors;
    for (std::size_t n = 0; n < partial.move_kinds.size(); ++n) {
      auto& total = kinds[partial.move_kinds[n]];
      total.resize(per_kind, 0);
      for (std::size_t i = 0; i < per_kind; ++i) {
        total[i] += partial.move_counts[n * per_kind + i];
      }
    }
  }

  const double runs = static_cast<double>(options.runs);
  for (std::size_t m = 0; m < layout.models; ++m) {
    ModelSummary summary;
    const ModelSpec spec = DefaultRegistry().Parse(specs[m]);
    summary.model = spec.name;
    // The spec as the model resolves it (e.g. eum's presets spelled out), from one run on
    // the nominal scenario, so the summary names every choice that produced it.
    summary.spec = DefaultRegistry().Create(specs[m])->Run(scenario).spec;
    for (std::size_t k = 0; k < layout.issues; ++k) {
      const Issue& issue = scenario.issue(k);
      const double* cell = &moments[(m * layout.issues + k) * kMoments];
      IssueSummary issue_summary;
      issue_summary.issue_id = issue.id;
      issue_summary.mean = cell[1];
      // Sample standard deviation (n - 1 denominator).
      issue_summary.sd = cell[0] > 1 ? std::sqrt(std::max(0.0, cell[2] / (cell[0] - 1))) : 0;
      issue_summary.min = cell[3];
      issue_summary.max = cell[4];
      const std::uint64_t* histogram = &counts[layout.Histogram(m, k)];
      issue_summary.histogram.assign(histogram, histogram + kHistogramBins);
      if (exact) {
        std::vector<double> values;
        values.reserve(options.runs);
        for (const EnsemblePartial& partial : partials) {
          const std::size_t run_count = partial.values.size() / cells;
          if (run_count == 0) continue;  // a rank with no blocks: indexing it is undefined
          const double* first = partial.values.data() + (m * layout.issues + k) * run_count;
          values.insert(values.end(), first, first + run_count);
        }
        issue_summary.quantiles = Type7Quantiles(values, kQuantileLevels);
      } else {
        for (double p : kQuantileLevels) {
          issue_summary.quantiles.push_back(
              SketchQuantile(&counts[layout.Sketch(m, k)], options.runs, issue, p));
        }
      }
      summary.issues.push_back(std::move(issue_summary));
    }
    for (std::size_t t = 0; t < layout.thresholds; ++t) {
      summary.threshold_probability.push_back(
          static_cast<double>(counts[layout.ThresholdCount(m, t)]) / runs);
    }
    for (std::size_t a = 0; a < layout.actors; ++a) {
      for (const auto& [kind, tally] : kinds) {
        const std::uint64_t count = tally[m * layout.actors + a];
        if (count > 0) {
          summary.moves.push_back({scenario.actor(a).id, kind, static_cast<double>(count) / runs});
        }
      }
    }
    result.models.push_back(std::move(summary));
  }
  return result;
}

EnsembleResult RunEnsemble(const Scenario& scenario, const std::vector<std::string>& specs,
                           const EnsembleOptions& options) {
  std::vector<EnsemblePartial> partials;
  partials.push_back(
      RunEnsembleBlocks(scenario, specs, options, 0, std::numeric_limits<std::uint64_t>::max()));
  return FinishEnsemble(scenario, specs, options, std::move(partials));
}

// ---------------------------------------------------------------------------------------
// Serialisation for MPI: little framing, native byte order (ranks of one job share it).

namespace {

class Writer {
 public:
  template <typename T>
  void Vector(const std::vector<T>& values) {
    Raw(static_cast<std::uint64_t>(values.size()));
    bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  void Raw(std::uint64_t value) {
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void Text(const std::string& text) {
    Raw(text.size());
    bytes_ += text;
  }
  std::string bytes_;
};

class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}
  std::uint64_t Raw() {
    std::uint64_t value = 0;
    Take(&value, sizeof value);
    return value;
  }
  template <typename T>
  std::vector<T> Vector() {
    std::vector<T> values(Raw());
    Take(values.data(), values.size() * sizeof(T));
    return values;
  }
  std::string Text() {
    std::string text(Raw(), '\0');
    Take(text.data(), text.size());
    return text;
  }

 private:
  void Take(void* out, std::size_t size) {
    if (offset_ + size > bytes_.size()) throw std::runtime_error("truncated ensemble partial");
    // memcpy with a null pointer is undefined even for 0 bytes (an empty partial's data()).
    if (size == 0) return;
    std::memcpy(out, bytes_.data() + offset_, size);
    offset_ += size;
  }
  const std::string& bytes_;
  std::size_t offset_ = 0;
};

}  // namespace

std::string EnsemblePartial::Serialize() const {
  Writer writer;
  writer.Raw(block_begin);
  writer.Raw(block_end);
  writer.Vector(block_moments);
  writer.Vector(values);
  writer.Vector(counts);
  writer.Raw(move_kinds.size());
  for (const std::string& kind : move_kinds) writer.Text(kind);
  writer.Vector(move_counts);
  return writer.bytes_;
}

EnsemblePartial EnsemblePartial::Deserialize(const std::string& bytes) {
  Reader reader(bytes);
  EnsemblePartial partial;
  partial.block_begin = reader.Raw();
  partial.block_end = reader.Raw();
  partial.block_moments = reader.Vector<double>();
  partial.values = reader.Vector<double>();
  partial.counts = reader.Vector<std::uint64_t>();
  const std::uint64_t kind_count = reader.Raw();
  for (std::uint64_t i = 0; i < kind_count; ++i) partial.move_kinds.push_back(reader.Text());
  partial.move_counts = reader.Vector<std::uint64_t>();
  return partial;
}

// ---------------------------------------------------------------------------------------
// Writers

namespace {

std::string QuantileName(double p) {
  return fmt::format("p{:02}", static_cast<int>(p * 100 + 0.5));
}

}  // namespace

std::string EnsembleToJson(const EnsembleResult& result) {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["ensemble"] = {
      {"scenario", result.scenario_name},
      {"input_hash", result.input_hash},
      {"seed", result.seed},
      {"runs", result.runs},
      {"block_runs", result.block_runs},
      {"quantiles", result.exact_quantiles ? "exact (type 7)"
                                           : fmt::format("histogram sketch, {} bins", kSketchBins)},
      {"uncertain_inputs", result.inputs}};
  ordered_json models = ordered_json::array();
  for (const ModelSummary& model : result.models) {
    ordered_json issues = ordered_json::array();
    for (const IssueSummary& issue : model.issues) {
      ordered_json quantiles;
      for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) {
        quantiles[QuantileName(kQuantileLevels[q])] = issue.quantiles[q];
      }
      issues.push_back({{"issue", issue.issue_id},
                        {"mean", issue.mean},
                        {"sd", issue.sd},
                        {"min", issue.min},
                        {"max", issue.max},
                        {"quantiles", quantiles},
                        {"histogram", issue.histogram}});
    }
    ordered_json thresholds = ordered_json::array();
    for (std::size_t t = 0; t < result.thresholds.size(); ++t) {
      thresholds.push_back({{"threshold", result.thresholds[t].text},
                            {"probability", model.threshold_probability[t]}});
    }
    ordered_json moves = ordered_json::array();
    for (const MoveShare& move : model.moves) {
      moves.push_back({{"actor", move.actor_id}, {"kind", move.kind}, {"share", move.share}});
    }
    models.push_back({{"model", model.model},
                      {"spec", model.spec},
                      {"issues", issues},
                      {"thresholds", thresholds},
                      {"moves", moves}});
  }
  doc["results"] = models;
  return internal::Dump(doc);
}

std::string EnsembleToCsv(const EnsembleResult& result) {
  using internal::CsvField;
  using internal::CsvNumber;
  std::string out = "model,spec,issue,actor,statistic,value,seed,runs,input_hash\n";
  const std::string tail = fmt::format(",{},{},{}\n", result.seed, result.runs, result.input_hash);
  for (const ModelSummary& model : result.models) {
    const std::string head = CsvField(model.model) + "," + CsvField(model.spec) + ",";
    for (const IssueSummary& issue : model.issues) {
      auto row = [&](const std::string& statistic, double value) {
        out += head + CsvField(issue.issue_id) + ",," + statistic + "," + CsvNumber(value) + tail;
      };
      row("mean", issue.mean);
      row("sd", issue.sd);
      row("min", issue.min);
      row("max", issue.max);
      for (std::size_t q = 0; q < kQuantileLevels.size(); ++q) {
        row(QuantileName(kQuantileLevels[q]), issue.quantiles[q]);
      }
      for (std::size_t b = 0; b < issue.histogram.size(); ++b) {
        row(fmt::format("bin{:02}", b), static_cast<double>(issue.histogram[b]));
      }
    }
    for (std::size_t t = 0; t < result.thresholds.size(); ++t) {
      const Threshold& threshold = result.thresholds[t];
      out += head + CsvField(model.issues[threshold.issue].issue_id) + ",," +
             CsvField("P(" + threshold.text + ")") + "," +
             CsvNumber(model.threshold_probability[t]) + tail;
    }
    for (const MoveShare& move : model.moves) {
      out += head + "," + CsvField(move.actor_id) + "," + CsvField("share:" + move.kind) + "," +
             CsvNumber(move.share) + tail;
    }
  }
  return out;
}

std::string EnsembleToTable(const EnsembleResult& result) {
  std::string out = fmt::format(
      "Ensemble: {} runs, seed {}, input hash {}; quantiles {}\n", result.runs, result.seed,
      result.input_hash,
      result.exact_quantiles ? "exact" : fmt::format("from a {}-bin histogram", kSketchBins));
  out += fmt::format("Uncertain inputs: {}\n", result.inputs.size());
  for (const ModelSummary& model : result.models) {
    out += fmt::format("\n{}\n", model.spec);
    out += fmt::format("  {:<16} {:>8} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n", "issue", "mean",
                       "sd", "p5", "p25", "p50", "p75", "p95");
    for (const IssueSummary& issue : model.issues) {
      out += fmt::format("  {:<16} {:>8.2f} {:>7.2f}", issue.issue_id, issue.mean, issue.sd);
      for (double q : issue.quantiles) out += fmt::format(" {:>7.2f}", q);
      out += "\n";
    }
    for (std::size_t t = 0; t < result.thresholds.size(); ++t) {
      out += fmt::format("  P({}) = {:.4f}\n", result.thresholds[t].text,
                         model.threshold_probability[t]);
    }
    if (!model.moves.empty()) {
      out += "  share of runs with a move, by actor and kind:\n";
      for (const MoveShare& move : model.moves) {
        out += fmt::format("    {:<8} {:<14} {:.4f}\n", move.actor_id, move.kind, move.share);
      }
    }
  }
  return out;
}

}  // namespace parley
