// Reading a scenario file from disk: size limit, format by extension and first line (or as
// the caller names it), dispatch to the reader of that format.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"
#include "parley/io.h"

namespace parley {

Scenario ParseScenario(std::string_view text, ScenarioFormat format, const std::string& source) {
  if (text.size() > kMaxScenarioBytes) {
    throw InputError({source, 0, 0}, "",
                     fmt::format("input is larger than {} MiB, the limit for scenarios",
                                 kMaxScenarioBytes >> 20));
  }
  switch (format) {
    case ScenarioFormat::kYaml:
      return ParseYamlScenario(text, source);
    case ScenarioFormat::kJson:
      return ParseJsonScenario(text, source);
    case ScenarioFormat::kBdmCsv:
      return ParseBdmCsvScenario(text, source);
    case ScenarioFormat::kDecide:
      return ParseDecideScenario(text, source);
    case ScenarioFormat::kKtab:
      return ParseKtabScenario(text, source);
  }
  throw std::logic_error("unknown scenario format");
}

namespace internal {
bool LooksLikeKtabCsv(std::string_view text);  // ktab_reader.cc
}  // namespace internal

namespace {

// decide files open with an actor line: #A, optionally quoted ('#A' or "#A").
bool LooksLikeDecide(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  const std::string_view head = text.substr(start, 4);
  return head.rfind("#A", 0) == 0 || head.rfind("'#A'", 0) == 0 || head.rfind("\"#A\"", 0) == 0;
}

}  // namespace

std::optional<ScenarioFormat> ScenarioFormatFromName(std::string_view name) {
  if (name == "yaml") return ScenarioFormat::kYaml;
  if (name == "json") return ScenarioFormat::kJson;
  if (name == "csv" || name == "bdm" || name == "bdm_csv") return ScenarioFormat::kBdmCsv;
  if (name == "decide") return ScenarioFormat::kDecide;
  if (name == "ktab") return ScenarioFormat::kKtab;
  return std::nullopt;
}

namespace {
// Each format's --input-format name and its name in messages.
struct FormatNames {
  ScenarioFormat format;
  const char* name;
  const char* title;
};
constexpr FormatNames kFormatNames[] = {
    {ScenarioFormat::kYaml, "yaml", "YAML"},     {ScenarioFormat::kJson, "json", "JSON"},
    {ScenarioFormat::kBdmCsv, "csv", "BDM CSV"}, {ScenarioFormat::kDecide, "decide", "decide"},
    {ScenarioFormat::kKtab, "ktab", "KTAB CSV"},
};

const FormatNames* NamesOf(ScenarioFormat format) {
  for (const FormatNames& names : kFormatNames) {
    if (names.format == format) return &names;
  }
  return nullptr;
}
}  // namespace

const char* ScenarioFormatName(ScenarioFormat format) {
  const FormatNames* names = NamesOf(format);
  return names ? names->name : "unknown";
}

const char* ScenarioFormatTitle(ScenarioFormat format) {
  const FormatNames* names = NamesOf(format);
  return names ? names->title : "unknown";
}

Scenario ReadScenarioFile(const std::string& path, std::optional<ScenarioFormat> format) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    throw InputError({path, 0, 0}, "", "no such file");
  }
  if (fs::is_directory(status))
    throw InputError({path, 0, 0}, "", "is a directory; expected a file");
  // Told apart by the first line below when the caller did not name the format.
  bool detect = false;
  if (!format) {
    std::string extension = fs::path(path).extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension == ".yaml" || extension == ".yml") {
      format = ScenarioFormat::kYaml;
    } else if (extension == ".json") {
      format = ScenarioFormat::kJson;
    } else if (extension == ".csv" || extension == ".txt") {
      format = ScenarioFormat::kBdmCsv;  // or decide or KTAB, by the first line
      detect = true;
    } else {
      throw InputError({path, 0, 0}, "",
                       fmt::format("unknown extension '{}'; expected .yaml, .yml, .json, .csv or "
                                   ".txt, or a named format (--input-format)",
                                   extension));
    }
  }
  const auto size = fs::file_size(path, error);
  if (!error && size > kMaxScenarioBytes) {
    throw InputError({path, 0, 0}, "",
                     fmt::format("file is {:.1f} MiB; scenario files are limited to {} MiB",
                                 static_cast<double>(size) / (1 << 20), kMaxScenarioBytes >> 20));
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw InputError({path, 0, 0}, "", "cannot open the file for reading");
  std::string text;
  text.reserve(size);
  // Read at most one byte past the limit: a file that grows or lies about its size is
  // still refused without reading it all.
  std::vector<char> buffer(1 << 16);
  while (stream && text.size() <= kMaxScenarioBytes) {
    stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    text.append(buffer.data(), static_cast<std::size_t>(stream.gcount()));
  }
  if (text.size() > kMaxScenarioBytes) {
    throw InputError({path, 0, 0}, "",
                     fmt::format("file is larger than {} MiB, the limit for scenario files",
                                 kMaxScenarioBytes >> 20));
  }
  text.erase(0, text.size() - internal::WithoutByteOrderMark(text).size());
  if (detect && LooksLikeDecide(text)) {
    format = ScenarioFormat::kDecide;
  } else if (detect && internal::LooksLikeKtabCsv(text)) {
    format = ScenarioFormat::kKtab;
  }
  return ParseScenario(text, *format, path);
}

}  // namespace parley
