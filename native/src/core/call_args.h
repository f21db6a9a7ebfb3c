#pragma once
// The one reader of a JavaScript call's arguments, for every call from
// JavaScript into extension code: module functions (loader/method_call.cc),
// methods, constructors, getters, setters and slots of types
// (universal/types/). What is read here is read once: napi_get_cb_info (a
// second time only past kStackArgs arguments), the keyword marker (only when
// there are arguments), the arity rules and their messages.
//
// Argument handles are borrowed by the extension and owned by the call: they
// are table entries outside the frame's handle log (hpy_alloc_unlogged), so
// a frame whose own handles were all closed ends without walking its log,
// and they are closed here, newest first, which gives the free list back in
// the order it was taken.
#include <cstdlib>
#include "hpy.h"
#include "handles.h"
#include "runtime.h"
#include "extension_call.h"
#include "../engine/engine.h"

constexpr size_t kStackArgs = 8;

/* The calling thread's state for a callback of `env`, or nullptr after
 * throwing hpy_no_runtime_status() (none started, or the environment is
 * shutting down). */
ThreadState *hpy_call_state(napi_env env);

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
  bool last_is_kwargs(napi_env env);
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
    return h[n++] = hpy_alloc_unlogged(ts, e);
  }
  /* The handles of all of `a`'s arguments, keywords as `style` says. False
   * with the HPy error set (reading the keywords failed). */
  bool make(ThreadState *ts, JsArgs &a, KeywordStyle style) {
    napi_env env = ts->env;
    if (__builtin_expect(a.argc > kStackArgs || a.keywords(env), 0)) return make_slow(ts, a, style);
    // The common call: a few positional arguments, straight into the stack
    // array (n == 0 and cap == kStackArgs here).
    npos = a.argc;
    for (size_t i = 0; i < npos; i++) h[i] = hpy_alloc_unlogged(ts, a.entry(i));
    n = npos;
    return true;
  }
  /* Closes every handle still open, newest first. */
  void close(ThreadState *ts) {
    if (!HPy_IsNull(kw)) close_one(ts, kw);
    for (size_t i = n; i-- > 0;) close_one(ts, h[i]);
    n = 0;
    kw = HPy_NULL;
  }

  /* Closes one argument handle (unlogged, see the top of this file). */
  static void close_one(ThreadState *ts, HPy x) {
    // The extension may have closed a borrowed argument (a misuse debug mode
    // reports); an entry that is free again is skipped.
    if (HandleEntry *e = hpy_entry(ts, x)) {
      uint32_t idx = uint32_t(x._i - HPY_HANDLE_BASE);
      if (__builtin_expect(e->kind == HandleKind::Persistent, 0)) hpy_handle_close_persistent(ts, idx);
      e->kind = HandleKind::Free;
      e->next_free = ts->free_head;
      ts->free_head = idx;
    }
  }

 private:
  bool grow();
  bool make_slow(ThreadState *ts, JsArgs &a, KeywordStyle style);
  bool keyword_values(ThreadState *ts, napi_value obj);
};

/* hpy_call_with_args for HPyFunc_O: one positional argument (checked), no
 * argument array. */
HPy hpy_call_with_one_arg(ThreadState *ts, JsArgs &args, ExtensionCall &call);

/* Calls `call` (its ctx, sig, impl and `a`, the self handle, set; sig one of
 * NOARGS, O, VARARGS, KEYWORDS, checked by hpy_call_check_arity) with the
 * arguments of `a` as the signature takes them, inside the caller's frame.
 * Returns the extension's result (HPy_NULL with the HPy error set). Inline:
 * it is the body of every module function and method call. */
inline HPy hpy_call_with_args(ThreadState *ts, JsArgs &args, ExtensionCall &call) {
  if (call.sig == HPyFunc_NOARGS) return hpy_extension_call_noargs(call);
  if (call.sig == HPyFunc_O) return hpy_call_with_one_arg(ts, args, call);
  ArgHandles h;
  HPy result = HPy_NULL;
  if (h.make(ts, args, KeywordStyle::Vectorcall)) {
    call.args = h.h;
    call.nargs = h.npos;
    call.kw = h.kw;
    result = hpy_extension_call(call).h;
  }
  h.close(ts);
  return result;
}
