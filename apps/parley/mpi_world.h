// MPI for `parley ensemble` started by mpirun: the few collective operations it needs.
// They live in the plug-in parley-mpi.so (mpi_plugin.cc; see plugins.h), loaded only when a
// launcher started the process, so that no other start-up loads Open MPI.
#ifndef PARLEY_APPS_MPI_WORLD_H_
#define PARLEY_APPS_MPI_WORLD_H_

#include <memory>
#include <string>
#include <vector>

namespace parley::cli {

// MPI_COMM_WORLD between MPI_Init (on opening) and MPI_Finalize (on destruction).
class MpiWorld {
 public:
  virtual ~MpiWorld() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Rank 0's value, on every rank.
  virtual int Broadcast(int value) = 0;
  // Every rank's bytes in rank order on rank 0 (empty elsewhere); each must stay below
  // 2 GiB (MPI's int counts).
  virtual std::vector<std::string> Gather(const std::string& bytes) = 0;
};

// Whether a launcher (mpirun/mpiexec, srun with PMI) started this process.
bool LaunchedByMpi();

// MPI_Init through the plug-in; throws InputError when the plug-in cannot be loaded.
std::unique_ptr<MpiWorld> OpenMpiWorld();

}  // namespace parley::cli

// The plug-in's entry point: MPI_Init, and the world into *world.
extern "C" __attribute__((visibility("default"))) void parley_plugin_open_mpi(
    std::unique_ptr<parley::cli::MpiWorld>* world);

#endif  // PARLEY_APPS_MPI_WORLD_H_
