// Pure: no runtime, no Node-API (tools/fuzz builds this file alone).
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

}  // namespace

// Why a name cannot be a method of the module object, or nullptr. These are
// the names JavaScript or the loader reads on any object: as own properties
// they would change what the module is, not add a method to it.
const char *hpy_module_reserved_name_reason(const char *name) {
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

namespace {

const char *kind_macro(int kind) {
  switch (kind) {
    case HPyDef_Kind_Slot: return "HPyDef_SLOT";
    case HPyDef_Kind_Meth: return "HPyDef_METH";
    case HPyDef_Kind_Member: return "HPyDef_MEMBER";
    case HPyDef_Kind_GetSet: return "HPyDef_GETSET";
  }
  return nullptr;
}

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

// HPy 0.9.0's reason for refusing a module that has a create slot and
// anything else.
constexpr const char kCreateAlone[] =
    "a custom HPy_mod_create slot cannot return a module object built from the HPyModuleDef, so it cannot use "
    "anything else the HPyModuleDef defines: either leave out HPy_mod_create and let hpy-node build the module, or "
    "define nothing but the HPy_mod_create slot";

Status check_module_fields(const HPyModuleDef *def, const std::string &path) {
  std::string where = "cannot load " + path + ": its HPyModuleDef";
  if (def->size < 0)
    return Status::Fail(where + ".size is " + std::to_string(def->size) + ": HPy does not permit HPyModuleDef.size < 0");
  if (def->size > 0)
    return Status::Fail(where + ".size is " + std::to_string(def->size) +
                        ": module state is not supported yet in HPy; set HPyModuleDef.size = 0 and keep the state in "
                        "HPyGlobal variables");
  if (def->legacy_methods)
    return Status::Fail(where +
                        ".legacy_methods is set: legacy methods are CPython functions (HPy's hybrid ABI), and "
                        "hpy-node has no CPython. Port them to HPyDef_METH, or build the extension for CPython.");
  return Status::Ok();
}

// A method of a module (`seen` set: its name must also be unique and not
// reserved on the module object) or of a type (`seen` null).
Status check_meth(const HPyMeth &m, std::string where, size_t i, std::unordered_map<std::string, size_t> *seen) {
  if (!m.name)
    return Status::Fail(where +
                        " (a method) has .name = NULL: give every HPyDef_METH a name, as in "
                        "HPyDef_METH(sym, \"name\", HPyFunc_NOARGS).");
  if (!valid_utf8(m.name))
    return Status::Fail(where + " (a method) has a .name that is not valid UTF-8 (" + quoted(m.name) +
                        "): method names become JavaScript property names; write them in UTF-8.");
  where += " (method '" + std::string(m.name) + "')";
  int signature = raw_enum(m.signature);
  if (!known_signature(signature))
    return Status::Fail(
        where + " has .signature = " + std::to_string(signature) +
        (seen ? ", which is not a signature a module method can have" : ", which is not a signature a method can have") +
        ": use HPyFunc_NOARGS, HPyFunc_O, "
        "HPyFunc_VARARGS or HPyFunc_KEYWORDS, matching the C function's parameters.");
  if (!m.impl)
    return Status::Fail(where +
                        " has .impl = NULL: point it at the C function that implements the method "
                        "(HPyDef_METH(sym, \"name\", kind) declares sym_impl and sets .impl to it).");
  if (!seen) return Status::Ok();
  if (const char *why = hpy_module_reserved_name_reason(m.name))
    return Status::Fail(where + " cannot be a method of the module object: " + why + ". Rename the method.");
  auto inserted = seen->emplace(m.name, i);
  if (!inserted.second)
    return Status::Fail(where + " has the same name as defines[" + std::to_string(inserted.first->second) +
                        "]: rename one of them (the module object has one property per name).");
  return Status::Ok();
}

Status check_slot(const HPySlot &slot, const std::string &where) {
  int number = raw_enum(slot.slot);
  if (number != HPy_mod_create && number != HPy_mod_exec)
    return Status::Fail(where + " is an HPyDef_SLOT for slot " + std::to_string(number) +
                        ", which a module cannot have: modules take HPy_mod_create and HPy_mod_exec only (type "
                        "slots belong in an HPyType_Spec).");
  if (!slot.impl)
    return Status::Fail(where + " (slot " + (number == HPy_mod_create ? "HPy_mod_create" : "HPy_mod_exec") +
                        ") has .impl = NULL: point it at the slot's C function (HPyDef_SLOT(sym, slot) declares sym_impl).");
  return Status::Ok();
}

}  // namespace

Status hpy_module_def_check(const HPyModuleDef *def, const std::string &path) {
  Status fields = check_module_fields(def, path);
  if (!fields.ok()) return fields;
  std::unordered_map<std::string, size_t> seen;  // name -> index of its definition
  size_t creates = 0, others = 0;
  for (size_t i = 0; def->defines && def->defines[i]; i++) {
    const HPyDef *d = def->defines[i];
    std::string where = "cannot load " + path + ": its HPyModuleDef.defines[" + std::to_string(i) + "]";
    int kind = raw_enum(d->kind);
    Status st;
    if (kind == HPyDef_Kind_Meth) {
      st = check_meth(d->meth, where, i, &seen);
    } else if (kind == HPyDef_Kind_Slot) {
      st = check_slot(d->slot, where);
    } else if (const char *macro = kind_macro(kind)) {
      st = Status::Fail(where + " is an " + macro + " (kind " + std::to_string(kind) +
                        "), which a module cannot have: members and get/set descriptors belong to types. Remove it "
                        "from the module's defines.");
    } else {
      st = Status::Fail(where + " has .kind = " + std::to_string(kind) +
                        ", which is not an HPyDef_Kind: the entry is not an HPyDef (or was overwritten). Declare "
                        "methods with HPyDef_METH(sym, \"name\", HPyFunc_...) and list &sym.");
    }
    if (!st.ok()) return st;
    bool create = kind == HPyDef_Kind_Slot && raw_enum(d->slot.slot) == HPy_mod_create;
    (create ? creates : others)++;
  }
  std::string where = "cannot load " + path + ": its HPyModuleDef";
  if (creates > 1)
    return Status::Fail(where + " defines the HPy_mod_create slot " + std::to_string(creates) + " times: define it once");
  if (creates == 1 && others > 0)
    return Status::Fail(where + " defines an HPy_mod_create slot and other slots or methods: " + kCreateAlone);
  if (creates == 1 && (def->doc || def->globals))
    return Status::Fail(where + " defines an HPy_mod_create slot and sets .doc or .globals: " + kCreateAlone);
  return Status::Ok();
}

// ---- type specs (HPyType_FromSpec) -------------------------------------------

namespace {

// Every slot a type can define, by number (HPySlot_Slot), with its name.
#define HPY_TYPE_SLOT(s) \
  { s, #s }
constexpr struct {
  int number;
  const char *name;
} kTypeSlots[] = {
    HPY_TYPE_SLOT(HPy_bf_getbuffer),
    HPY_TYPE_SLOT(HPy_bf_releasebuffer),
    HPY_TYPE_SLOT(HPy_mp_ass_subscript),
    HPY_TYPE_SLOT(HPy_mp_length),
    HPY_TYPE_SLOT(HPy_mp_subscript),
    HPY_TYPE_SLOT(HPy_nb_absolute),
    HPY_TYPE_SLOT(HPy_nb_add),
    HPY_TYPE_SLOT(HPy_nb_and),
    HPY_TYPE_SLOT(HPy_nb_bool),
    HPY_TYPE_SLOT(HPy_nb_divmod),
    HPY_TYPE_SLOT(HPy_nb_float),
    HPY_TYPE_SLOT(HPy_nb_floor_divide),
    HPY_TYPE_SLOT(HPy_nb_index),
    HPY_TYPE_SLOT(HPy_nb_inplace_add),
    HPY_TYPE_SLOT(HPy_nb_inplace_and),
    HPY_TYPE_SLOT(HPy_nb_inplace_floor_divide),
    HPY_TYPE_SLOT(HPy_nb_inplace_lshift),
    HPY_TYPE_SLOT(HPy_nb_inplace_multiply),
    HPY_TYPE_SLOT(HPy_nb_inplace_or),
    HPY_TYPE_SLOT(HPy_nb_inplace_power),
    HPY_TYPE_SLOT(HPy_nb_inplace_remainder),
    HPY_TYPE_SLOT(HPy_nb_inplace_rshift),
    HPY_TYPE_SLOT(HPy_nb_inplace_subtract),
    HPY_TYPE_SLOT(HPy_nb_inplace_true_divide),
    HPY_TYPE_SLOT(HPy_nb_inplace_xor),
    HPY_TYPE_SLOT(HPy_nb_int),
    HPY_TYPE_SLOT(HPy_nb_invert),
    HPY_TYPE_SLOT(HPy_nb_lshift),
    HPY_TYPE_SLOT(HPy_nb_multiply),
    HPY_TYPE_SLOT(HPy_nb_negative),
    HPY_TYPE_SLOT(HPy_nb_or),
    HPY_TYPE_SLOT(HPy_nb_positive),
    HPY_TYPE_SLOT(HPy_nb_power),
    HPY_TYPE_SLOT(HPy_nb_remainder),
    HPY_TYPE_SLOT(HPy_nb_rshift),
    HPY_TYPE_SLOT(HPy_nb_subtract),
    HPY_TYPE_SLOT(HPy_nb_true_divide),
    HPY_TYPE_SLOT(HPy_nb_xor),
    HPY_TYPE_SLOT(HPy_sq_ass_item),
    HPY_TYPE_SLOT(HPy_sq_concat),
    HPY_TYPE_SLOT(HPy_sq_contains),
    HPY_TYPE_SLOT(HPy_sq_inplace_concat),
    HPY_TYPE_SLOT(HPy_sq_inplace_repeat),
    HPY_TYPE_SLOT(HPy_sq_item),
    HPY_TYPE_SLOT(HPy_sq_length),
    HPY_TYPE_SLOT(HPy_sq_repeat),
    HPY_TYPE_SLOT(HPy_tp_call),
    HPY_TYPE_SLOT(HPy_tp_hash),
    HPY_TYPE_SLOT(HPy_tp_init),
    HPY_TYPE_SLOT(HPy_tp_new),
    HPY_TYPE_SLOT(HPy_tp_repr),
    HPY_TYPE_SLOT(HPy_tp_richcompare),
    HPY_TYPE_SLOT(HPy_tp_str),
    HPY_TYPE_SLOT(HPy_tp_traverse),
    HPY_TYPE_SLOT(HPy_nb_matrix_multiply),
    HPY_TYPE_SLOT(HPy_nb_inplace_matrix_multiply),
    HPY_TYPE_SLOT(HPy_tp_finalize),
    HPY_TYPE_SLOT(HPy_tp_destroy),
};
#undef HPY_TYPE_SLOT

const char *type_slot_name(int number) {
  for (const auto &s : kTypeSlots)
    if (s.number == number) return s.name;
  return nullptr;
}

Status check_type_slot(const HPySlot &slot, const std::string &where) {
  int number = raw_enum(slot.slot);
  const char *name = type_slot_name(number);
  if (number == HPy_mod_create || number == HPy_mod_exec)
    return Status::Fail(where + " is an HPyDef_SLOT for slot " + std::to_string(number) +
                        (number == HPy_mod_create ? " (HPy_mod_create)" : " (HPy_mod_exec)") +
                        ", which is a module slot, not a type slot: list it in the HPyModuleDef's defines.");
  if (!name)
    return Status::Fail(where + " is an HPyDef_SLOT for slot " + std::to_string(number) +
                        ", which is not a type slot: use one of HPySlot_Slot's HPy_tp_*, HPy_nb_*, HPy_sq_*, HPy_mp_*, "
                        "HPy_bf_* values (HPyDef_SLOT(sym, HPy_tp_repr)).");
  if (!slot.impl)
    return Status::Fail(where + " (slot " + name +
                        ") has .impl = NULL: give every HPyDef_SLOT a function "
                        "(HPyDef_SLOT(sym, slot) declares sym_impl and sets .impl to it).");
  return Status::Ok();
}

// A member or getset: a name (it becomes the property's).
Status check_named(const char *name, const char *what, const char *macro, const std::string &where) {
  if (!name) return Status::Fail(where + " (a " + what + ") has .name = NULL: give every " + macro + " a name.");
  if (!valid_utf8(name))
    return Status::Fail(where + " (a " + what + ") has a .name that is not valid UTF-8 (" + quoted(name) +
                        "): names become JavaScript property names; write them in UTF-8.");
  return Status::Ok();
}

Status check_type_def(const HPyDef *d, const std::string &where, size_t i) {
  int kind = raw_enum(d->kind);
  switch (kind) {
    case HPyDef_Kind_Meth: return check_meth(d->meth, where, i, nullptr);
    case HPyDef_Kind_Slot: return check_type_slot(d->slot, where);
    case HPyDef_Kind_Member: return check_named(d->member.name, "member", "HPyDef_MEMBER", where);
    case HPyDef_Kind_GetSet: return check_named(d->getset.name, "getset", "HPyDef_GETSET", where);
  }
  return Status::Fail(where + " has .kind = " + std::to_string(kind) +
                      ", which is not an HPyDef_Kind: the entry is not an HPyDef (or was overwritten). Declare "
                      "entries with HPyDef_METH, HPyDef_SLOT, HPyDef_MEMBER or HPyDef_GETSET and list &sym.");
}

}  // namespace

TypeSpecCheck check_type_spec(const HPyType_Spec *spec) {
  if (!spec || !spec->name) return {};  // HPyType_FromSpec's own checks say so
  std::string type = "HPyType_FromSpec: type '" + std::string(spec->name) + "'";
  bool traverse = false;
  for (size_t i = 0; spec->defines && spec->defines[i]; i++) {
    const HPyDef *d = spec->defines[i];
    Status st = check_type_def(d, type + ": its spec->defines[" + std::to_string(i) + "]", i);
    if (!st.ok()) return {TypeSpecCheck::Error::TypeError, st.message};
    traverse = traverse || (raw_enum(d->kind) == HPyDef_Kind_Slot && raw_enum(d->slot.slot) == HPy_tp_traverse);
  }
  // HPy's rule (a ValueError there too): a GC type says how to reach the
  // objects its struct holds.
  if ((spec->flags & HPy_TPFLAGS_HAVE_GC) && !traverse)
    return {TypeSpecCheck::Error::ValueError,
            type +
                " has HPy_TPFLAGS_HAVE_GC but no HPy_tp_traverse slot: you must provide an HPy_tp_traverse slot if "
                "you specify HPy_TPFLAGS_HAVE_GC (it visits the type's HPyFields), or drop the flag."};
  return {};
}
