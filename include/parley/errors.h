// parley/errors.h: the two kinds of failure a user can cause.
//
// Contract: every problem with user input (a scenario file, a model spec, a command-line
// value) is reported by throwing `InputError`. Its message names where the problem is
// (file, line, column when known), which field, the offending value and what was
// expected, so a user can fix it without reading the code. The CLI turns an InputError
// into exit status 2. Any other exception escaping the library is a bug in parley
// (exit status 1).
#ifndef PARLEY_ERRORS_H_
#define PARLEY_ERRORS_H_

#include <stdexcept>
#include <string>

namespace parley {

// Where a value came from. `line` and `column` are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column", "file:line" or "file", whichever parts are known.
  std::string ToString() const;
};

// A problem with user input: malformed file, invalid value, unknown name, bad spec.
class InputError : public std::runtime_error {
 public:
  // `where` may be empty (e.g. for a model spec typed on the command line); `field` names
  // the offending field (e.g. "issues[2].scale.max"), `problem` says what is wrong and
  // what was expected.
  InputError(const SourceLocation& where, const std::string& field, const std::string& problem);
  // A message that has no location or field (e.g. "scenario has no actors").
  explicit InputError(const std::string& message);

  const SourceLocation& where() const { return where_; }
  const std::string& field() const { return field_; }

 private:
  SourceLocation where_;
  std::string field_;
};

}  // namespace parley

#endif  // PARLEY_ERRORS_H_
