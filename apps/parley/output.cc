#include <fstream>
#include <iostream>

#include "commands.h"
#include "parley/errors.h"

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

void AddFormatOption(CLI::App& command, std::string& format) {
  command.add_option("-f,--format", format, "output format")
      ->check(CLI::IsMember({"table", "json", "csv"}));
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
