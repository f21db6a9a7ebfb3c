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
//   - Only hpy_throw_status (core/js_error.cc) turns a Status into a
//     JavaScript exception: the addon through hpy_throw (addon/errors.h),
//     the callbacks JavaScript calls directly through hpy_call_state and
//     hpy_call_arity_error (core/call_args.cc). Only core/frame.cc turns an
//     extension's HPy error into one.
//   - Nothing prints, except these messages to stderr, each for a failure
//     that has no caller to return to:
//       core/errors.cc                  an HPy call on a thread without a
//                                       JavaScript environment, or outside
//                                       a call (once per thread and kind);
//       universal/types/type_finalize.cc  an exception from tp_finalize that
//                                       writeUnraisable could not report
//                                       (CPython's "Exception ignored in"),
//                                       or a tp_finalize that could not run;
//       universal/errors_api.cc         HPy_FatalError's message;
//       debug/debug_handles.cc          the debug handle limit, before the
//                                       abort below;
//       debug/raw_data.cc               raw data written or read after its
//                                       handle closed (debug mode), from the
//                                       signal handler, before the fault
//                                       ends the process as in HPy.
//   - Nothing aborts except HPy_FatalError (universal/errors_api.cc), the
//     debug mode's 2^24 handles on a thread (debug/debug_handles.cc, which
//     says why first), and a failed allocation where a C++ container would
//     have thrown. test/repo/native-error-rule.test.ts holds these lists: a new
//     print, abort or raw napi_throw elsewhere fails it.
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
