#pragma once
// The one reader of a JavaScript call's arguments, for every call from
// JavaScript into extension code: module functions (loader/method_call.cc),
// methods, constructors, getters, setters and slots of types
// (universal/types/). What is read here is read once: napi_get_cb_info (a
// second time only past kStackArgs arguments), the keyword marker (only when
// there are arguments), the arity rules and their messages.
//
// Argument handles are borrowed by the extension and owned by the call: they
// are table entries outside the frame's handle log, so a frame whose own
// handles were all closed ends without walking its log, and they are closed
// here. Up to kStackArgs of them are the frame's slots (core/handles.h:
// written in place, no free list); past that, or in a frame nested deeper
// than the slots go, they are unlogged entries (hpy_alloc_unlogged), closed
// newest first, which gives the free list back in the order it was taken.
#include <cstdlib>
#include "hpy.h"
#include "handles.h"
#include "runtime.h"
#include "extension_call.h"
#include "kwargs.h"
#include "../engine/engine_inline.h"
#include "../engine/engine.h"

constexpr size_t kStackArgs = 8;
static_assert(1 + kStackArgs <= kFrameSlots, "self and kStackArgs arguments fit a frame's slots");

/* Throws hpy_no_runtime_status(); nullptr. */
ThreadState *hpy_call_state_failed(napi_env env);

/* The calling thread's state for a callback of `env`, or nullptr after
 * throwing hpy_no_runtime_status() (none started, or the environment is
 * shutting down). */
inline ThreadState *hpy_call_state(napi_env env) {
  ThreadState *ts = hpy_thread_state_of(env);
  return __builtin_expect(ts != nullptr, 1) ? ts : hpy_call_state_failed(env);
}

struct JsArgs {
  napi_value self = nullptr;  // `this`
  void *data = nullptr;       // the callback's data
  size_t argc = kStackArgs;
  napi_value *argv = stack;
  napi_value stack[kStackArgs];
  napi_value *heap = nullptr;  // past kStackArgs arguments
  int kws = -1;                // keywords(), once known
  // The last argument's value when keywords() found it is a number: its
  // handle is then unboxed (HandleKind::Number), so the extension reading it
  // (HPyFloat_AsDouble, HPy_Add on two numbers) asks JavaScript nothing more.
  bool last_is_number = false;
  double last_number = 0;

  JsArgs() = default;
  JsArgs(const JsArgs &) = delete;
  JsArgs &operator=(const JsArgs &) = delete;
  ~JsArgs() {
    if (__builtin_expect(heap != nullptr, 0)) free(heap);
  }

  /* napi_get_cb_info, once for up to kStackArgs arguments. */
  void read(napi_env env, napi_callback_info info) {
    napi_get_cb_info(env, info, &argc, stack, &self, &data);
    if (__builtin_expect(argc > kStackArgs, 0)) read_many(env, info);
  }
  /* The arguments of a call through the engine's trampoline (engine.h),
   * which already holds them side by side. */
  void read(const EngineCall &call) {
    self = call.self;
    data = call.data;
    argc = call.argc;
    argv = call.argv;
  }
  /* Whether the last argument is a kwargs() object (core/kwargs.h); a
   * number found on the way is kept for its handle. */
  bool keywords(napi_env env) {
    if (kws < 0) kws = argc > 0 && last_is_kwargs(env);
    return kws != 0;
  }
  size_t npos(napi_env env) { return keywords(env) ? argc - 1 : argc; }
  napi_value arg(size_t i, napi_value fallback) const { return i < argc ? argv[i] : fallback; }
  /* The handle entry of argument i: unboxed for the last one when it is a
   * number (keywords() found out). */
  HandleEntry entry(size_t i) const {
    HandleEntry e;
    if (i + 1 == argc && last_is_number) {
      e.number = last_number;
      e.kind = HandleKind::Number;
    } else {
      e.value = argv[i];
      e.kind = HandleKind::Value;
    }
    return e;
  }

 private:
  void read_many(napi_env env, napi_callback_info info);
  // Read from the value's tagged word: a number (the common argument, whose
  // value the handle keeps) or any other value that is not an ordinary
  // object is answered without a call; an ordinary object goes to the
  // kwargs() tag check.
  bool last_is_kwargs(napi_env env) {
    napi_value last = argv[argc - 1];
    switch (hpy_engine_arg_kind(last, &last_number)) {
      case EngineArgKind::Number: last_is_number = true; return false;
      case EngineArgKind::OrdinaryObject: return hpy_is_kwargs_object(env, last);
      case EngineArgKind::Other: return false;
    }
    return false;
  }
};

/* Throws the TypeError hpy_call_check_arity reports; false. */
bool hpy_call_arity_error(napi_env env, HPyFunc_Signature sig, const char *name, size_t npos, bool keywords);

/* HPy's checks before calling a function of signature `sig` (NOARGS, O,
 * VARARGS, KEYWORDS) named `name`: keywords only for KEYWORDS, the arity of
 * NOARGS and O. False after throwing a TypeError. */
inline bool hpy_call_check_arity(napi_env env, HPyFunc_Signature sig, const char *name, size_t npos, bool keywords) {
  if (__builtin_expect(!keywords, 1) && (sig == HPyFunc_NOARGS ? npos == 0 : sig != HPyFunc_O || npos == 1)) return true;
  return hpy_call_arity_error(env, sig, name, npos, keywords);
}

/* How keywords reach the extension. */
enum class KeywordStyle : uint8_t {
  Vectorcall,  // values after the positional ones, `kw` the tuple of names (HPyFunc_KEYWORDS)
  Dict,        // `kw` the kwargs() object itself (tp_new, tp_init take a dict)
};

/* The handles of a call's arguments (see the top of this file). */
struct ArgHandles {
  HPy stack[kStackArgs];
  HPy *h = stack;
  size_t n = 0;  // handles in h: the positional ones, then keyword values
  size_t npos = 0;
  HPy kw = HPy_NULL;  // names tuple (Vectorcall) or the kwargs() object (Dict)
  size_t cap = kStackArgs;
  bool in_slots = false;  // make()'s common call: all of h are frame slots, no kw

  ArgHandles() = default;
  ArgHandles(const ArgHandles &) = delete;
  ArgHandles &operator=(const ArgHandles &) = delete;
  ~ArgHandles() {
    if (__builtin_expect(h != stack, 0)) free(h);
  }

  /* A handle to `v` that the call owns. */
  HPy add(ThreadState *ts, napi_value v) {
    if (__builtin_expect(n == cap, 0) && !grow()) return HPy_NULL;
    HandleEntry e;
    e.value = v;
    e.kind = HandleKind::Value;
    HPy x = hpy_frame_handle(ts, hpy_frame_slots(ts), n + 1, e);
    return h[n++] = x;
  }
  /* The handles of all of `a`'s arguments, keywords as `style` says. False
   * with the HPy error set (reading the keywords failed). */
  __attribute__((always_inline)) bool make(ThreadState *ts, JsArgs &a, KeywordStyle style) {
    napi_env env = ts->env;
    if (__builtin_expect(a.argc > kStackArgs || a.keywords(env), 0)) return make_slow(ts, a, style);
    // The common call: a few positional arguments, straight into the stack
    // array (n == 0 and cap == kStackArgs here), their entries the frame's
    // slots after `self` when it has them.
    npos = a.argc;
    uint32_t slots = hpy_frame_slots(ts);
    if (__builtin_expect(slots != kNoFrameSlots, 1)) {
      for (size_t i = 0; i < npos; i++) h[i] = hpy_frame_slot(ts, slots + 1 + uint32_t(i), a.entry(i));
      in_slots = true;
    } else {
      for (size_t i = 0; i < npos; i++) h[i] = hpy_alloc_unlogged(ts, a.entry(i));
    }
    n = npos;
    return true;
  }
  /* Closes every handle still open, newest first. */
  void close(ThreadState *ts) {
    if (in_slots) {
      // The frame's own slots, which nothing else uses: free, whether or not
      // the extension closed one of them already.
      for (size_t i = 0; i < n; i++) ts->handles[size_t(h[i]._i - HPY_HANDLE_BASE)].kind = HandleKind::Free;
    } else {
      if (!HPy_IsNull(kw)) hpy_close_unlogged(ts, kw);
      for (size_t i = n; i-- > 0;) hpy_close_unlogged(ts, h[i]);
    }
    n = 0;
    kw = HPy_NULL;
    in_slots = false;
  }

 private:
  bool grow();
  bool make_slow(ThreadState *ts, JsArgs &a, KeywordStyle style);
  bool keyword_values(ThreadState *ts, napi_value obj);
};

/* hpy_call_with_args for HPyFunc_O: one positional argument (checked), no
 * argument array; in the frame's first argument slot when it has slots. */
__attribute__((always_inline)) inline HPy hpy_call_with_one_arg(ThreadState *ts, JsArgs &args, ExtensionCall &call) {
  uint32_t slots = hpy_frame_slots(ts);
  HPy arg = call.b = hpy_frame_handle(ts, slots, 1, args.entry(0));
  HPy result = hpy_extension_call_o(call);
  // The frame's own slot is freed without a lookup, as ArgHandles::close does.
  if (__builtin_expect(slots != kNoFrameSlots, 1)) ts->handles[slots + 1].kind = HandleKind::Free;
  else hpy_close_unlogged(ts, arg);
  return result;
}

/* Calls `call` (its ctx, sig, impl and `a`, the self handle, set; sig one of
 * NOARGS, O, VARARGS, KEYWORDS, checked by hpy_call_check_arity) with the
 * arguments of `a` as the signature takes them, inside the caller's frame.
 * Returns the extension's result (HPy_NULL with the HPy error set). Inline:
 * it is the body of every module function and method call. */
__attribute__((always_inline)) inline HPy hpy_call_with_args(ThreadState *ts, JsArgs &args, ExtensionCall &call) {
  if (call.sig == HPyFunc_NOARGS) return hpy_extension_call_noargs(call);
  if (call.sig == HPyFunc_O) return hpy_call_with_one_arg(ts, args, call);
  ArgHandles h;
  HPy result = HPy_NULL;
  if (h.make(ts, args, KeywordStyle::Vectorcall)) {
    call.args = h.h;
    call.nargs = h.npos;
    call.kw = h.kw;
    result = call.sig == HPyFunc_VARARGS ? hpy_extension_call_varargs(call) : hpy_extension_call(call).h;
  }
  h.close(ts);
  return result;
}
