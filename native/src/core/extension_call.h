#pragma once
// The one place where the host calls a C function of an extension's type:
// slots (from JavaScript, or reached from C through HPy_Add, HPy_GetItem,
// ...), methods of a type, getters and setters, tp_new/tp_init and
// tp_destroy. Everything about such a call that is not the call itself
// (handles, frames, errors) happens around it; a mode that must adapt the
// handles an extension sees (debug mode) wraps this one function.
// Module methods and module slots are called by loader/method_call.cc and
// loader/module_instance.cc.
#include "hpy.h"

struct ExtensionCall {
  HPyContext *ctx;          // the context of the module that defined the type
  HPyFunc_Signature sig;
  HPyCFunction impl;
  HPy a = HPy_NULL;         // self (the type, for HPyFunc_NEWFUNC)
  HPy b = HPy_NULL;         // the second operand, a setter's value, ...
  HPy c = HPy_NULL;         // the third operand
  const HPy *args = nullptr;  // VARARGS, KEYWORDS, INITPROC, NEWFUNC
  size_t nargs = 0;
  HPy kw = HPy_NULL;        // kwnames (KEYWORDS) or a dict (INITPROC, NEWFUNC)
  HPy_ssize_t index = 0;    // SSIZEARGFUNC, SSIZEOBJARGPROC
  int op = 0;               // RICHCMPFUNC; the PyBUF_* flags for GETBUFFERPROC
  void *ptr = nullptr;      // a getset's closure; the struct for DESTROYFUNC; the HPy_buffer
};

union ExtensionResult {
  HPy h;              // functions returning HPy (HPy_NULL on error)
  int status;         // 0/-1 (INQUIRY, OBJOBJPROC: 0/1/-1)
  HPy_ssize_t size;   // LENFUNC (-1 on error)
  HPy_hash_t hash;    // HASHFUNC (-1 on error)
};

/* Calls `call.impl` with the signature `call.sig`, through the mode hook
 * when one is installed. A signature this function does not know returns
 * HPy_NULL / -1 (callers only build known ones). */
ExtensionResult hpy_extension_call(const ExtensionCall &call);

/* hpy_extension_call for a call whose signature is HPyFunc_NOARGS (a
 * method's common case): the same, minus the signature switch. */
HPy hpy_extension_call_noargs(const ExtensionCall &call);

/* The call itself, with the handles and context as given. */
ExtensionResult hpy_extension_call_direct(const ExtensionCall &call);

/* Debug mode sits above this layer and must adapt the handles of calls into
 * its modules: it installs a hook (once, before its first module runs) that
 * handles its own contexts and passes any other call to
 * hpy_extension_call_direct. */
using ExtensionCallHook = ExtensionResult (*)(const ExtensionCall &call);
void hpy_set_extension_call_hook(ExtensionCallHook hook);

/* Whether hpy_extension_call's result for `sig` is an HPy (else an integer). */
bool hpy_extension_returns_handle(HPyFunc_Signature sig);
