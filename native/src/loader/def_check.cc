#include "def_check.h"
#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace {

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code
// points past U+10FFFF): Node-API would replace anything else with U+FFFD,
// so two different C names could become one JavaScript name.
bool valid_utf8(const char *s) {
  const unsigned char *p = reinterpret_cast<const unsigned char *>(s);
  while (*p) {
    unsigned char c = *p;
    int extra;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c < 0x80) {
      p++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
    } else {
      return false;
    }
    if (p[1] < lo || p[1] > hi) return false;
    for (int i = 2; i <= extra; i++)
      if ((p[i] & 0xC0) != 0x80) return false;
    p += extra + 1;
  }
  return true;
}

// The name as a C string literal, bytes outside printable ASCII escaped.
std::string quoted(const char *s) {
  std::string out = "\"";
  for (const unsigned char *p = reinterpret_cast<const unsigned char *>(s); *p; p++) {
    if (*p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\') {
      out += char(*p);
    } else {
      char buf[5];
      snprintf(buf, sizeof buf, "\\x%02x", *p);
      out += buf;
    }
  }
  return out + "\"";
}

// Why a name cannot be a method of the module object, or nullptr. These are
// the names JavaScript or the loader reads on any object: as own properties
// they would change what the module is, not add a method to it.
const char *reserved_name_reason(const char *name) {
  if (strcmp(name, "__proto__") == 0)
    return "`__proto__` is how JavaScript reaches an object's prototype: `m.__proto__` would not be the module's "
           "prototype, and copying the module with Object.assign would replace the target's prototype";
  if (strcmp(name, "then") == 0)
    return "a function named `then` makes the module object a thenable: `await m`, Promise.resolve(m) and returning "
           "it from an async function would call the method instead of giving the module";
  if (strcmp(name, "doc") == 0) return "`doc` is the module's doc string (HPyModuleDef.doc)";
  if (strcmp(name, "__esModule") == 0)
    return "`__esModule` marks a CommonJS export as a compiled ES module: `import m from` a file exporting this "
           "module would give `m.default` instead of the module";
  return nullptr;
}

const char *unsupported_kind(int kind) {
  switch (kind) {
    case HPyDef_Kind_Slot: return "HPyDef_SLOT";
    case HPyDef_Kind_Member: return "HPyDef_MEMBER";
    case HPyDef_Kind_GetSet: return "HPyDef_GETSET";
  }
  return nullptr;
}

// The stored integer of an enum field. A corrupt definition may hold any
// number there, and loading one outside the enumerators' range as the enum
// type is undefined behaviour in C++: read the bytes instead.
template <typename E>
int raw_enum(const E &field) {
  static_assert(sizeof(E) == sizeof(int), "HPy's enums are int-sized");
  int v;
  memcpy(&v, &field, sizeof v);
  return v;
}

bool known_signature(int sig) {
  return sig == HPyFunc_NOARGS || sig == HPyFunc_O || sig == HPyFunc_VARARGS || sig == HPyFunc_KEYWORDS;
}

}  // namespace

Status hpy_module_def_check(const HPyModuleDef *def, const std::string &path) {
  std::unordered_map<std::string, size_t> seen;  // name -> index of its definition
  if (!def->defines) return Status::Ok();
  for (size_t i = 0; def->defines[i]; i++) {
    const HPyDef *d = def->defines[i];
    std::string where = "cannot load " + path + ": its HPyModuleDef.defines[" + std::to_string(i) + "]";
    int kind = raw_enum(d->kind);
    if (kind != HPyDef_Kind_Meth) {
      if (const char *macro = unsupported_kind(kind))
        return Status::Fail(where + " is an " + macro + " (kind " + std::to_string(kind) +
                            "): hpy-node supports only HPyDef_METH in modules yet. Remove it from the module's defines.");
      return Status::Fail(where + " has .kind = " + std::to_string(kind) +
                          ", which is not an HPyDef_Kind: the entry is not an HPyDef (or was overwritten). Declare "
                          "methods with HPyDef_METH(sym, \"name\", HPyFunc_...) and list &sym.");
    }
    const HPyMeth &m = d->meth;
    if (!m.name)
      return Status::Fail(where + " (a method) has .name = NULL: give every HPyDef_METH a name, as in "
                                  "HPyDef_METH(sym, \"name\", HPyFunc_NOARGS).");
    if (!valid_utf8(m.name))
      return Status::Fail(where + " (a method) has a .name that is not valid UTF-8 (" + quoted(m.name) +
                          "): method names become JavaScript property names; write them in UTF-8.");
    where += " (method '" + std::string(m.name) + "')";
    if (!m.impl)
      return Status::Fail(where + " has .impl = NULL: point it at the C function that implements the method "
                                  "(HPyDef_METH(sym, \"name\", kind) declares sym_impl and sets .impl to it).");
    int signature = raw_enum(m.signature);
    if (!known_signature(signature))
      return Status::Fail(where + " has .signature = " + std::to_string(signature) +
                          ", which is not an HPyFunc_* signature: use HPyFunc_NOARGS, HPyFunc_O, HPyFunc_VARARGS or "
                          "HPyFunc_KEYWORDS, matching the C function's parameters.");
    if (const char *why = reserved_name_reason(m.name))
      return Status::Fail(where + " cannot be a method of the module object: " + why + ". Rename the method.");
    auto inserted = seen.emplace(m.name, i);
    if (!inserted.second)
      return Status::Fail(where + " has the same name as defines[" + std::to_string(inserted.first->second) +
                          "]: rename one of them (the module object has one property per name).");
  }
  return Status::Ok();
}
