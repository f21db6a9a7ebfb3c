#pragma once
// How the native core reports failure: as a value.
//
// One error model, from the bottom up:
//   - Inside the native core (core/, universal/, trace/, loader/) a failure
//     is a value. Functions that can fail outside an HPy call return a
//     Status (or a pointer/handle plus a Status out-parameter); HPy context
//     functions set the HPy error indicator (errors.h) and return HPy's
//     failure value (HPy_NULL, -1), since extension C frames are on the stack.
//   - Nothing throws: the addon is built with -fno-exceptions, so no C++
//     exception can unwind through an extension's C frames (an allocation
//     failure inside the standard library ends the process, as in CPython).
//     Nothing prints, and nothing aborts except HPy_FatalError.
//   - Only native/src/addon turns a Status into a JavaScript exception, and
//     only core/frame.cc turns an extension's HPy error into one.
#include <string>
#include <utility>

struct Status {
  // Which JavaScript class the addon throws for this failure.
  enum class Kind { Error, TypeError, RangeError };

  Kind kind = Kind::Error;
  std::string message;  // empty: success

  bool ok() const { return message.empty(); }

  static Status Ok() { return Status{}; }
  static Status Fail(std::string message, Kind kind = Kind::Error) { return Status{kind, std::move(message)}; }
};
