// The plug-in parley-mpi.so: MpiWorld (mpi_world.h) on MPI. Uses nothing else of parley.
#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "mpi_world.h"

namespace parley::cli {
namespace {

class World final : public MpiWorld {
 public:
  World() {
    MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~World() override { MPI_Finalize(); }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  int Broadcast(int value) override {
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
  }

  std::vector<std::string> Gather(const std::string& bytes) override {
    // Sizes, then the bytes.
    const int length = static_cast<int>(bytes.size());
    std::vector<int> lengths(size_), offsets(size_);
    MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::string all;
    if (rank_ == 0) {
      int total = 0;
      for (int r = 0; r < size_; ++r) {
        offsets[r] = total;
        total += lengths[r];
      }
      all.resize(total);
    }
    MPI_Gatherv(bytes.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(),
                MPI_CHAR, 0, MPI_COMM_WORLD);
    std::vector<std::string> parts;
    if (rank_ != 0) return parts;
    for (int r = 0; r < size_; ++r) parts.push_back(all.substr(offsets[r], lengths[r]));
    return parts;
  }

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace
}  // namespace parley::cli

extern "C" __attribute__((visibility("default"))) void parley_plugin_open_mpi(
    std::unique_ptr<parley::cli::MpiWorld>* world) {
  *world = std::make_unique<parley::cli::World>();
}
