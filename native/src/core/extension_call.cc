#include "extension_call.h"
#include <atomic>

// The hook every call goes through (null: none): trace mode's entry hook if
// installed, else debug mode's. The entry hook calls the debug one itself
// (hpy_extension_call_adapted), so one load decides the path, as before.
std::atomic<ExtensionCallHook> g_extension_call_hook{nullptr};
HPyContext *g_plain_context = nullptr;
void hpy_set_plain_context(HPyContext *ctx) { g_plain_context = ctx; }

namespace {
std::atomic<ExtensionCallHook> g_debug_hook{nullptr};
std::atomic<ExtensionCallHook> g_entry_hook{nullptr};
std::atomic<ExtensionEntry *(*)(HPyContext *, const char *, const std::string &)> g_resolve{nullptr};
std::atomic<ExtensionEntry *(*)(uint32_t)> g_at{nullptr};
std::atomic<OuterContextFn> g_outer{nullptr};

void update_hook() {
  ExtensionCallHook entry = g_entry_hook.load(std::memory_order_acquire);
  g_extension_call_hook.store(entry ? entry : g_debug_hook.load(std::memory_order_acquire), std::memory_order_release);
}

template <typename F>
F as(HPyCFunction impl) {
  return reinterpret_cast<F>(reinterpret_cast<void (*)(void)>(impl));
}
}  // namespace

bool hpy_extension_returns_handle(HPyFunc_Signature sig) {
  switch (sig) {
    case HPyFunc_INQUIRY:
    case HPyFunc_LENFUNC:
    case HPyFunc_SSIZEOBJARGPROC:
    case HPyFunc_OBJOBJARGPROC:
    case HPyFunc_HASHFUNC:
    case HPyFunc_INITPROC:
    case HPyFunc_SETTER:
    case HPyFunc_OBJOBJPROC:
    case HPyFunc_DESTROYFUNC:
    case HPyFunc_CAPSULE_DESTRUCTOR:
    case HPyFunc_TRAVERSEPROC:
    case HPyFunc_DESTRUCTOR:
    case HPyFunc_GETBUFFERPROC:
    case HPyFunc_RELEASEBUFFERPROC: return false;
    default: return true;
  }
}

void hpy_set_extension_call_hook(ExtensionCallHook hook) {
  g_debug_hook.store(hook, std::memory_order_release);
  update_hook();
}

void hpy_set_extension_entry_hooks(const ExtensionEntryHooks &hooks) {
  g_resolve.store(hooks.resolve, std::memory_order_release);
  g_at.store(hooks.at, std::memory_order_release);
  g_entry_hook.store(hooks.call, std::memory_order_release);
  update_hook();
}

void hpy_set_outer_context_fn(OuterContextFn fn) { g_outer.store(fn, std::memory_order_release); }

ExtensionEntry *hpy_extension_entry(HPyContext *ctx, const char *owner, const std::string &what) {
  auto resolve = g_resolve.load(std::memory_order_acquire);
  if (!resolve || !ctx) return nullptr;
  if (OuterContextFn outer = g_outer.load(std::memory_order_acquire)) ctx = outer(ctx);
  return resolve(ctx, owner, what);
}

ExtensionEntry *hpy_extension_entry_at(uint32_t id) {
  auto at = g_at.load(std::memory_order_acquire);
  return at && id ? at(id) : nullptr;
}

ExtensionResult hpy_extension_call_adapted(const ExtensionCall &call) {
  ExtensionCallHook hook = g_debug_hook.load(std::memory_order_acquire);
  return hook ? hook(call) : hpy_extension_call_direct(call);
}

__thread uint32_t t_extension_calls __attribute__((tls_model("initial-exec"))) = 0;

ExtensionResult hpy_extension_call(const ExtensionCall &call) {
  ExtensionCallHook hook = hpy_extension_call_hook(call);
  t_extension_calls++;
  ExtensionResult r = hook ? hook(call) : hpy_extension_call_direct(call);
  t_extension_calls--;
  return r;
}

ExtensionResult hpy_extension_call_direct(const ExtensionCall &k) {
  ExtensionResult r;
  r.h = HPy_NULL;
  HPyContext *ctx = k.ctx;
  switch (k.sig) {
    case HPyFunc_NOARGS: r.h = as<HPyFunc_noargs>(k.impl)(ctx, k.a); break;
    case HPyFunc_O: r.h = as<HPyFunc_o>(k.impl)(ctx, k.a, k.b); break;
    case HPyFunc_VARARGS: r.h = as<HPyFunc_varargs>(k.impl)(ctx, k.a, k.args, k.nargs); break;
    case HPyFunc_KEYWORDS: r.h = as<HPyFunc_keywords>(k.impl)(ctx, k.a, k.args, k.nargs, k.kw); break;
    case HPyFunc_UNARYFUNC:
    case HPyFunc_REPRFUNC:
    case HPyFunc_GETITERFUNC:
    case HPyFunc_ITERNEXTFUNC: r.h = as<HPyFunc_unaryfunc>(k.impl)(ctx, k.a); break;
    case HPyFunc_BINARYFUNC: r.h = as<HPyFunc_binaryfunc>(k.impl)(ctx, k.a, k.b); break;
    case HPyFunc_TERNARYFUNC: r.h = as<HPyFunc_ternaryfunc>(k.impl)(ctx, k.a, k.b, k.c); break;
    case HPyFunc_INQUIRY: r.status = as<HPyFunc_inquiry>(k.impl)(ctx, k.a); break;
    case HPyFunc_LENFUNC: r.size = as<HPyFunc_lenfunc>(k.impl)(ctx, k.a); break;
    case HPyFunc_SSIZEARGFUNC: r.h = as<HPyFunc_ssizeargfunc>(k.impl)(ctx, k.a, k.index); break;
    case HPyFunc_SSIZEOBJARGPROC: r.status = as<HPyFunc_ssizeobjargproc>(k.impl)(ctx, k.a, k.index, k.b); break;
    case HPyFunc_OBJOBJARGPROC: r.status = as<HPyFunc_objobjargproc>(k.impl)(ctx, k.a, k.b, k.c); break;
    case HPyFunc_HASHFUNC: r.hash = as<HPyFunc_hashfunc>(k.impl)(ctx, k.a); break;
    case HPyFunc_RICHCMPFUNC: r.h = as<HPyFunc_richcmpfunc>(k.impl)(ctx, k.a, k.b, k.op); break;
    case HPyFunc_INITPROC: r.status = as<HPyFunc_initproc>(k.impl)(ctx, k.a, k.args, HPy_ssize_t(k.nargs), k.kw); break;
    case HPyFunc_NEWFUNC: r.h = as<HPyFunc_newfunc>(k.impl)(ctx, k.a, k.args, HPy_ssize_t(k.nargs), k.kw); break;
    case HPyFunc_GETTER: r.h = as<HPyFunc_getter>(k.impl)(ctx, k.a, k.ptr); break;
    case HPyFunc_SETTER: r.status = as<HPyFunc_setter>(k.impl)(ctx, k.a, k.b, k.ptr); break;
    case HPyFunc_OBJOBJPROC: r.status = as<HPyFunc_objobjproc>(k.impl)(ctx, k.a, k.b); break;
    case HPyFunc_DESTRUCTOR:
      as<HPyFunc_destructor>(k.impl)(ctx, k.a);
      r.status = 0;
      break;
    case HPyFunc_DESTROYFUNC:
      as<HPyFunc_destroyfunc>(k.impl)(k.ptr);
      r.status = 0;
      break;
    case HPyFunc_TRAVERSEPROC: {
      auto *t = static_cast<const TraverseCall *>(k.ptr);
      r.status = as<HPyFunc_traverseproc>(k.impl)(t->object, t->visit, t->arg);
      break;
    }
    case HPyFunc_CAPSULE_DESTRUCTOR: {
      auto *c = static_cast<const CapsuleDestructorCall *>(k.ptr);
      as<HPyFunc_Capsule_Destructor>(k.impl)(c->name, c->pointer, c->context);
      r.status = 0;
      break;
    }
    case HPyFunc_GETBUFFERPROC: {
      // The host keeps the exporter alive itself; the handle the extension
      // put in obj is closed here, in the context that made it, as HPy's
      // universal ABI does.
      auto *view = static_cast<HPy_buffer *>(k.ptr);
      view->obj = HPy_NULL;
      r.status = as<HPyFunc_getbufferproc>(k.impl)(ctx, k.a, view, k.op);
      if (!HPy_IsNull(view->obj)) ctx->ctx_Close(ctx, view->obj);
      view->obj = HPy_NULL;
      break;
    }
    case HPyFunc_RELEASEBUFFERPROC: {
      auto *view = static_cast<HPy_buffer *>(k.ptr);
      view->obj = k.a;  // borrowed for the call
      as<HPyFunc_releasebufferproc>(k.impl)(ctx, k.a, view);
      view->obj = HPy_NULL;
      r.status = 0;
      break;
    }
    default:
      if (!hpy_extension_returns_handle(k.sig)) r.size = -1;
      break;
  }
  return r;
}
