#pragma once
// Checks a module's definitions when it loads, before anything is built from
// them: a method with no name crashed load(), one with no implementation
// crashed its first call, and one with an unknown signature failed every call
// with a misleading SystemError. A name that cannot be a plain own property of
// the module object (`__proto__`, `then`, `doc`, a duplicate, ...) would
// change what the object is instead of adding a method.
#include <string>
#include "../core/status.h"
#include "hpy.h"

/* Ok when the module fields are what HPy 0.9.0 accepts (size 0, no legacy
 * methods) and every entry of def->defines is either an HPyDef_METH with a
 * valid UTF-8 name that the module object can take as its own property
 * (unique, and not one JavaScript or the loader gives a meaning), a non-NULL
 * impl and a method signature, or an HPyDef_SLOT for HPy_mod_exec or
 * HPy_mod_create (the latter alone, as HPy requires). Otherwise a failure that
 * starts "cannot load <path>: its HPyModuleDef" and says what is wrong and
 * what to do. */
Status hpy_module_def_check(const HPyModuleDef *def, const std::string &path);

/* Why `name` cannot be an attribute of a module object built from an
 * HPyModuleDef (`__proto__`, `then`, `doc`, `__esModule`), or nullptr. */
const char *hpy_module_reserved_name_reason(const char *name);

/* What HPyType_FromSpec must refuse in `spec` before using any of it (a
 * malformed entry crashed at the call or inside FromSpec; an unknown slot was
 * ignored): every entry of spec->defines is an HPyDef of a known kind; a slot
 * is a type slot with an impl; a method has a UTF-8 name, an impl and one of
 * the four method signatures; a member or getset has a UTF-8 name. A TypeError
 * message naming the type and the entry; and, as HPy, a ValueError for
 * HPy_TPFLAGS_HAVE_GC without an HPy_tp_traverse slot. A NULL spec or name is
 * left to FromSpec's own checks. Pure: no runtime needed (fuzzable). */
struct TypeSpecCheck {
  enum class Error { None, TypeError, ValueError } error = Error::None;
  std::string message;
};
TypeSpecCheck check_type_spec(const HPyType_Spec *spec);
