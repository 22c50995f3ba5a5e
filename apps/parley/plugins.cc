#include "plugins.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "mpi_world.h"
#include "parley/errors.h"
#include "store/connection.h"
#include "studio/http.h"

namespace parley::cli {

namespace {

std::vector<std::filesystem::path> PluginFolders() {
  namespace fs = std::filesystem;
  if (const char* folder = std::getenv("PARLEY_PLUGIN_DIR"); folder && *folder) return {folder};
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error) return {};
  const fs::path folder = executable.parent_path();
  return {folder, folder / ".." / "lib" / "parley"};
}

}  // namespace

void* PluginSymbol(const std::string& name, const char* symbol, const std::string& feature) {
  static std::mutex mutex;
  static std::map<std::string, void*> loaded;  // never closed: their code may still run
  const std::lock_guard lock(mutex);
  void*& handle = loaded[name];
  const std::string file = "parley-" + name + ".so";
  if (!handle) {
    std::string looked;
    for (const std::filesystem::path& folder : PluginFolders()) {
      const std::filesystem::path path = folder / file;
      std::error_code error;
      if (!std::filesystem::exists(path, error)) {
        looked += (looked.empty() ? "" : ", ") + folder.lexically_normal().string();
        continue;
      }
      handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        const char* why = dlerror();
        throw InputError(fmt::format("{}: cannot load the plug-in {}: {}", feature, path.string(),
                                     why ? why : "unknown error"));
      }
      break;
    }
    if (!handle) {
      throw InputError(fmt::format(
          "{}: the plug-in {} is not installed (looked in {}; PARLEY_PLUGIN_DIR names its folder)",
          feature, file, looked.empty() ? "no folder" : looked));
    }
  }
  dlerror();
  void* address = dlsym(handle, symbol);
  if (!address) {
    throw InputError(fmt::format("{}: the plug-in {} has no {}; it belongs to another parley build",
                                 feature, file, symbol));
  }
  return address;
}

bool LaunchedByMpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

std::unique_ptr<MpiWorld> OpenMpiWorld() {
  const auto open = reinterpret_cast<decltype(&parley_plugin_open_mpi)>(
      PluginSymbol("mpi", "parley_plugin_open_mpi", "parley ensemble under MPI"));
  std::unique_ptr<MpiWorld> world;
  open(&world);
  return world;
}

}  // namespace parley::cli

// The definitions the library's callers get from parley_lib (postgresql_connection.cc,
// http_server.cc), here through the plug-ins.
#ifdef PARLEY_POSTGRESQL_PLUGIN
std::unique_ptr<parley::store::Connection> parley::store::OpenPostgresql(const std::string& uri) {
  const auto open = reinterpret_cast<decltype(&parley_plugin_open_postgresql)>(
      cli::PluginSymbol("postgresql", "parley_plugin_open_postgresql", "a postgresql:// store"));
  std::unique_ptr<Connection> connection;
  open(&uri, &connection);
  return connection;
}
#endif

std::unique_ptr<parley::internal::HttpServer> parley::internal::NewHttpServer(HttpRoutes routes) {
  const auto open = reinterpret_cast<decltype(&parley_plugin_new_http_server)>(
      cli::PluginSymbol("studio", "parley_plugin_new_http_server", "parley studio"));
  std::unique_ptr<HttpServer> server;
  open(&routes, &server);
  return server;
}
