// Plug-ins: the parts of the command line whose libraries cost more to load than a whole
// small run takes, built as shared objects next to the parley executable and loaded only
// by the command that needs them:
//   parley-postgresql.so  a postgresql:// run store (libpqxx, libpq and through it
//                         Kerberos, LDAP, GnuTLS, OpenSSL);
//   parley-studio.so      parley studio's HTTP server (cpp-httplib, OpenSSL, brotli);
//   parley-mpi.so         parley ensemble under mpirun (Open MPI, hwloc, libevent).
// Linked into the executable, these made every start-up map 45 shared libraries, resolve
// 16,000 symbols and run OpenSSL's and GnuTLS's initialisers: two thirds of a 10-actor
// `parley run` (bench/startup_bench.cc).
// The library (and so the Python module and the tests) still links them directly; only
// the executable defines store::OpenPostgresql and internal::NewHttpServer here, so that
// the linker takes neither from parley_lib, and -Wl,--as-needed drops their libraries.
#ifndef PARLEY_APPS_PLUGINS_H_
#define PARLEY_APPS_PLUGINS_H_

#include <string>

namespace parley::cli {

// The address of `symbol` in the plug-in parley-<name>.so, loaded on first use (and never
// unloaded). Looks in $PARLEY_PLUGIN_DIR when set, else next to the executable, then in
// ../lib/parley from it. Throws InputError starting with `feature` (what needs the plug-in)
// when the plug-in cannot be found or loaded.
void* PluginSymbol(const std::string& name, const char* symbol, const std::string& feature);

}  // namespace parley::cli

#endif  // PARLEY_APPS_PLUGINS_H_
