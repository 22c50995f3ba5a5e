#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "commands.h"
#include "parley/errors.h"
#include "parley/io.h"

namespace parley::cli {

void WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    return;
  }
  std::ofstream file(path, std::ios::binary);
  file << text;
  file.close();
  if (!file) throw InputError({path, 0, 0}, "-o", "cannot write the output file");
}

CLI::Validator OutputFormatCheck(std::vector<std::string> formats) {
  std::string names;
  for (const std::string& name : formats) names += (names.empty() ? "" : "|") + name;
  return CLI::Validator(
      [formats, names](std::string& value) -> std::string {
        if (std::find(formats.begin(), formats.end(), value) != formats.end()) return "";
        const std::optional<ScenarioFormat> input = ScenarioFormatFromName(value);
        if (input) {
          return fmt::format(
              "'{}' is a scenario format, not an output format ({}); a scenario file's format "
              "is named with --input-format",
              value, names);
        }
        return fmt::format("'{}' is not an output format; expected {}", value, names);
      },
      names);
}

void AddFormatOption(CLI::App& command, std::string& format) {
  command.add_option("-f,--format", format, "output format")
      ->check(OutputFormatCheck({"table", "json", "csv"}));
}

void AddInputFormatOption(CLI::App& command, std::string& input_format) {
  command
      .add_option("--input-format", input_format,
                  "the scenario file's format when its extension and first line do not say "
                  "it (csv = Bueno de Mesquita's table, also bdm; ktab = KTAB's SMP CSV)")
      ->check(CLI::IsMember({"yaml", "json", "csv", "bdm", "decide", "ktab"}));
}

Scenario ReadScenarioArgument(const std::string& path, const std::string& input_format) {
  if (input_format.empty()) return ReadScenarioFile(path);
  const std::optional<ScenarioFormat> format = ScenarioFormatFromName(input_format);
  if (!format) throw InputError({}, "--input-format", "'" + input_format + "' is not a format");
  try {
    return ReadScenarioFile(path, format);
  } catch (const InputError& error) {
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(path, ignored)) throw;
    throw InputError(fmt::format("{} (read as {}, as --input-format {} asks)", error.what(),
                                 ScenarioFormatTitle(*format), input_format));
  }
}

void AddOutputOption(CLI::App& command, std::string& output) {
  command.add_option("-o,--output", output, "write to FILE instead of standard output");
}

void AddThreadsOption(CLI::App& command, int& threads) {
  command.add_option("-t,--threads", threads, "worker threads (default: all cores)")
      ->check(CLI::Range(0, 4096));
}

std::string Render(const std::string& format, const Renderers& renderers) {
  if (format == "json") return renderers.json();
  if (format == "csv") return renderers.csv();
  return renderers.table();
}

}  // namespace parley::cli
