#pragma once
// The one place where the host calls a C function of an extension's type:
// slots (from JavaScript, or reached from C through HPy_Add, HPy_GetItem,
// ...), methods of a type, getters and setters, tp_new/tp_init and
// tp_destroy. Everything about such a call that is not the call itself
// (handles, frames, errors) happens around it; a mode that must adapt the
// handles an extension sees (debug mode) wraps this one function.
// Module methods and module slots are called by loader/method_call.cc and
// loader/module_instance.cc.
#include <atomic>
#include <string>
#include "hpy.h"

/* An entry of trace mode's profile: one way into an extension's C code (a
 * module function, a type's method, slot, getter or setter, ...), counted
 * apart. Trace mode makes them (trace/entries.h); `id` is process-wide, from
 * 1, and never reused (records live as long as the process). */
struct ExtensionEntry {
  uint32_t id;
};

struct ExtensionCall {
  HPyContext *ctx;  // the context of the module that defined the type
  HPyFunc_Signature sig;
  HPyCFunction impl;
  HPy a = HPy_NULL;           // self (the type, for HPyFunc_NEWFUNC)
  HPy b = HPy_NULL;           // the second operand, a setter's value, ...
  HPy c = HPy_NULL;           // the third operand
  const HPy *args = nullptr;  // VARARGS, KEYWORDS, INITPROC, NEWFUNC
  size_t nargs = 0;
  HPy kw = HPy_NULL;      // kwnames (KEYWORDS) or a dict (INITPROC, NEWFUNC)
  HPy_ssize_t index = 0;  // SSIZEARGFUNC, SSIZEOBJARGPROC
  int op = 0;             // RICHCMPFUNC; the PyBUF_* flags for GETBUFFERPROC
  void *ptr = nullptr;    // a getset's closure; the struct for DESTROYFUNC; the HPy_buffer;
                          // the CapsuleDestructorCall for CAPSULE_DESTRUCTOR, the
                          // TraverseCall for TRAVERSEPROC
  // Trace mode: the entry this call is counted under (the caller's record
  // holds it); null in every other mode, and for calls nobody profiles.
  ExtensionEntry *entry = nullptr;
};

// A capsule destructor's arguments: HPy's signature takes no context.
struct CapsuleDestructorCall {
  const char *name;
  void *pointer;
  void *context;
};

// tp_traverse's arguments (no context either).
struct TraverseCall {
  void *object;
  HPyFunc_visitproc visit;
  void *arg;
};

union ExtensionResult {
  HPy h;             // functions returning HPy (HPy_NULL on error)
  int status;        // 0/-1 (INQUIRY, OBJOBJPROC: 0/1/-1)
  HPy_ssize_t size;  // LENFUNC (-1 on error)
  HPy_hash_t hash;   // HASHFUNC (-1 on error)
};

/* Calls `call.impl` with the signature `call.sig`, through the mode hook
 * when one is installed. A signature this function does not know returns
 * HPy_NULL / -1 (callers only build known ones). */
ExtensionResult hpy_extension_call(const ExtensionCall &call);

/* How many calls into extension code are running on this thread (through
 * hpy_extension_call and hpy_extension_call_noargs). */
extern __thread uint32_t t_extension_calls __attribute__((tls_model("initial-exec")));
inline uint32_t hpy_extension_calls() { return t_extension_calls; }

/* The call itself, with the handles and context as given. */
ExtensionResult hpy_extension_call_direct(const ExtensionCall &call);

/* Debug mode sits above this layer and must adapt the handles of calls into
 * its modules: it installs a hook (once, before its first module runs) that
 * handles its own contexts and passes any other call to
 * hpy_extension_call_direct. */
using ExtensionCallHook = ExtensionResult (*)(const ExtensionCall &call);
void hpy_set_extension_call_hook(ExtensionCallHook hook);

/* The hook every call goes through (trace mode's entry hook, else debug
 * mode's), or null: read by the inline calls below. */
extern std::atomic<ExtensionCallHook> g_extension_call_hook;

/* The context of universal-mode modules, which the layer that owns it
 * registers once (universal/plain_context.cc): calls made in it need no
 * mode's hook. */
extern HPyContext *g_plain_context;
void hpy_set_plain_context(HPyContext *ctx);

/* The hook `call` must go through, or null. A mode's hook is process-wide
 * once any module of that mode is loaded, but only that mode's calls need
 * it: those with a profile entry (trace mode), or made in a mode's context.
 * A universal module's calls (no entry, the plain context, or none:
 * tp_destroy) go straight to the extension, whatever else the process
 * loaded. */
inline ExtensionCallHook hpy_extension_call_hook(const ExtensionCall &call) {
  ExtensionCallHook hook = g_extension_call_hook.load(std::memory_order_acquire);
  if (__builtin_expect(hook != nullptr, 0) && !call.entry && (!call.ctx || call.ctx == g_plain_context)) return nullptr;
  return hook;
}

/* hpy_extension_call for a call whose signature's function type is Fn,
 * called with (ctx, args...): inline and without the signature switch when
 * no mode hooks the call. */
template <typename Fn, typename... Args>
inline HPy hpy_extension_call_as(const ExtensionCall &call, Args... args) {
  ExtensionCallHook hook = hpy_extension_call_hook(call);
  t_extension_calls++;
  HPy h = hook ? hook(call).h : reinterpret_cast<Fn>(reinterpret_cast<void (*)(void)>(call.impl))(call.ctx, args...);
  t_extension_calls--;
  return h;
}

/* The common calls from JavaScript: a module function's or method's
 * HPyFunc_NOARGS, O and VARARGS. */
inline HPy hpy_extension_call_noargs(const ExtensionCall &c) { return hpy_extension_call_as<HPyFunc_noargs>(c, c.a); }
inline HPy hpy_extension_call_o(const ExtensionCall &c) { return hpy_extension_call_as<HPyFunc_o>(c, c.a, c.b); }
inline HPy hpy_extension_call_varargs(const ExtensionCall &c) {
  return hpy_extension_call_as<HPyFunc_varargs>(c, c.a, c.args, c.nargs);
}

/* Whether hpy_extension_call's result for `sig` is an HPy (else an integer). */
bool hpy_extension_returns_handle(HPyFunc_Signature sig);

/* Trace mode's profile hooks in, as debug mode does, with its first traced
 * module: `resolve` gives the entry named `owner.what` (owner null: the
 * module's own name) of the module whose context ctx is, or null when that
 * module is not traced; `at` finds an entry by id; `call` wraps every call
 * ahead of the debug hook and passes it on with hpy_extension_call_adapted.
 * Until then the functions below answer null and calls pay nothing. */
struct ExtensionEntryHooks {
  ExtensionEntry *(*resolve)(HPyContext *ctx, const char *owner, const std::string &what);
  ExtensionEntry *(*at)(uint32_t id);
  ExtensionCallHook call;
};
void hpy_set_extension_entry_hooks(const ExtensionEntryHooks &hooks);

/* Debug mode's, set with its call hook: the context that wraps ctx
 * (debug+trace: the trace context above a debug one), or ctx itself.
 * hpy_extension_entry names entries by the outermost context's module, so
 * trace mode finds them without knowing debug mode. */
using OuterContextFn = HPyContext *(*)(HPyContext *ctx);
void hpy_set_outer_context_fn(OuterContextFn fn);

/* The entry records callers keep (set-up time, never per call): see
 * ExtensionEntryHooks. */
ExtensionEntry *hpy_extension_entry(HPyContext *ctx, const char *owner, const std::string &what);
ExtensionEntry *hpy_extension_entry_at(uint32_t id);

/* The call below trace mode's entry hook: through debug mode's hook when
 * installed, else direct. */
ExtensionResult hpy_extension_call_adapted(const ExtensionCall &call);
