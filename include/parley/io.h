// parley/io.h: reading scenarios and writing results.
//
// Readers (one per format, src/io/):
//   - parley YAML (.yaml/.yml): the primary, human-written format; comments allowed.
//   - parley JSON (.json): the same schema as YAML, strict JSON syntax.
//   - BDM CSV (.csv): one issue, columns Actor,Capability,Position,Salience (Bueno de
//     Mesquita's table layout), optional `# key: value` directive lines before the header.
//   - decide (.csv or .txt whose first line starts with #A, '#A' or "#A"): the input format
//     of the decide exchange-model program, many issues.
//   - KTAB CSV (.csv or .txt whose first row is "name, description, actors, dimensions",
//     the last two whole numbers): KTAB's SMP input, one issue per dimension.
// Where the extension and the first line do not settle it, the caller names the format
// (ReadScenarioFile's `format`; `--input-format` on the command line).
// The schema is documented in docs/scenario-format.md.
//
// Contract: a reader returns a valid Scenario or throws InputError whose message names the
// file, the line (and column when known), the field, the value and what was expected. No
// input, however malformed or large, makes a reader crash or hang: files larger than
// kMaxScenarioBytes are refused up front.
//
// Writers render a set of model results for a scenario as JSON, tidy CSV (one row per
// issue and model) or a readable table.
#ifndef PARLEY_IO_H_
#define PARLEY_IO_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/result.h"
#include "parley/scenario.h"

namespace parley {

inline constexpr std::size_t kMaxScenarioBytes = 64u << 20;  // 64 MiB

enum class ScenarioFormat { kYaml, kJson, kBdmCsv, kDecide, kKtab };

// Reads a scenario file. Without `format`, the format follows the extension (.yaml/.yml,
// .json, .csv, .txt), a .csv or .txt file being read as decide input when its first line is
// an #A line, as KTAB CSV when its first row is KTAB's, and as BDM CSV otherwise. With
// `format`, that reader reads the file whatever its extension or first line.
Scenario ReadScenarioFile(const std::string& path,
                          std::optional<ScenarioFormat> format = std::nullopt);

// The names of the formats, as `--input-format` and the Python module take them: "yaml",
// "json", "csv" (BDM CSV; also "bdm"), "decide", "ktab". Nullopt for any other name.
std::optional<ScenarioFormat> ScenarioFormatFromName(std::string_view name);
// The canonical name of a format ("yaml", "json", "csv", "decide", "ktab").
const char* ScenarioFormatName(ScenarioFormat format);
// What the format is called in messages ("YAML", "BDM CSV", "KTAB CSV", ...).
const char* ScenarioFormatTitle(ScenarioFormat format);

// Parses scenario text in the given format; `source` names it in messages.
Scenario ParseScenario(std::string_view text, ScenarioFormat format, const std::string& source);

Scenario ParseYamlScenario(std::string_view text, const std::string& source);
Scenario ParseJsonScenario(std::string_view text, const std::string& source);
Scenario ParseBdmCsvScenario(std::string_view text, const std::string& source);
// The decide exchange-model format (#A actor, #P issue, #M bound, #D data lines).
Scenario ParseDecideScenario(std::string_view text, const std::string& source);
// KTAB's SMP CSV (examples/smp/doc): one issue per dimension, scale 0-100, salience / 100.
Scenario ParseKtabScenario(std::string_view text, const std::string& source);

// Writes the scenario in parley's JSON schema (readable back by ParseJsonScenario), with
// its uncertainty (distributions, relative noise). Issue capabilities derived from trade
// data are written as the numbers they came to, without the trade data: read back, they
// stay fixed when an ensemble draws the actors' capabilities.
std::string ScenarioToJson(const Scenario& scenario);
// The same document as ScenarioToJson in parley YAML (readable back by ParseYamlScenario
// to the same ContentHash), small mappings such as a position or a scale on one line,
// headed by a comment naming parley studio, which writes it, and the scenario's source.
std::string ScenarioToYaml(const Scenario& scenario);
// An issue's decision block as the schema writes it (the JSON under "decision").
std::string DecisionToJson(const Decision& decision);

// All results as one JSON document: scenario summary, then per result its spec,
// parameters, input hash, forecasts per issue and details.
std::string ResultsToJson(const Scenario& scenario, const std::vector<Result>& results);
// Tidy CSV, one row per (issue, model): issue, labels, scale, status quo, model, spec,
// forecast, input hash.
std::string ResultsToCsv(const Scenario& scenario, const std::vector<Result>& results);
// Tidy CSV of every Detail: model, issue, actor, name, value.
std::string DetailsToCsv(const std::vector<Result>& results);
// Tidy CSV of every ActorRound: model, spec, round, issue, actor, position, risk.
std::string TrajectoryToCsv(const std::vector<Result>& results);
// Tidy CSV of every Move: model, spec, round, issue, actor, toward, kind, from, to, EUs.
std::string MovesToCsv(const std::vector<Result>& results);
// Tidy CSV of every Exchange: model, spec, round, order, both sides, gain.
std::string ExchangesToCsv(const std::vector<Result>& results);
// The rounds of iterative models, readably: per issue, every participant's position (and
// risk exponent) per round, then the moves; the exchanges of vote-trading models.
std::string TraceToText(const Scenario& scenario, const std::vector<Result>& results);
// The issue capabilities derived from trade data, one line each with the inputs ("" when
// the scenario has none).
std::string DerivationsToText(const Scenario& scenario);
// A fixed-width table for people: one row per issue, one column per model.
std::string ResultsToTable(const Scenario& scenario, const std::vector<Result>& results);

}  // namespace parley

#endif  // PARLEY_IO_H_
