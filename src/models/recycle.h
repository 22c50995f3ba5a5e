// Reusing a Result's variable-length lists between runs (Model::RunInto, ensembles): a
// model parks the entries of the previous run's list and takes them back one by one as it
// appends, so that the entries and the storage of their strings are reused; only a run
// longer than any before allocates. Private to the models.
#ifndef PARLEY_MODELS_RECYCLE_H_
#define PARLEY_MODELS_RECYCLE_H_

#include <iterator>
#include <utility>
#include <vector>

namespace parley::internal {

// Moves every entry of `list` to `spare` (the first entry last, so that Append takes them
// back in their order) and empties `list`, keeping its capacity.
template <class T>
void Park(std::vector<T>& list, std::vector<T>& spare) {
  spare.insert(spare.end(), std::make_move_iterator(list.rbegin()),
               std::make_move_iterator(list.rend()));
  list.clear();
}

// A new last entry of `list`: a parked one when there is one (its fields still hold old
// values: the caller sets every field), else a default one.
template <class T>
T& Append(std::vector<T>& list, std::vector<T>& spare) {
  if (spare.empty()) return list.emplace_back();
  list.push_back(std::move(spare.back()));
  spare.pop_back();
  return list.back();
}

}  // namespace parley::internal

#endif  // PARLEY_MODELS_RECYCLE_H_
