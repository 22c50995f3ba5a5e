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

}  // namespace parley::cli
