#include "def_contract.h"
#include <cstring>
#include <set>
#include <string>
#include "defs_from_bytes.h"

// Decodes each sequence to its code point, then asks whether that code point
// may be written with that many bytes.
bool utf8_well_formed(const char *s) {
  const unsigned char *p = reinterpret_cast<const unsigned char *>(s);
  while (*p) {
    int len = *p < 0x80 ? 1 : (*p >> 5) == 0x6 ? 2 : (*p >> 4) == 0xE ? 3 : (*p >> 3) == 0x1E ? 4 : 0;
    if (len == 0) return false;
    unsigned long cp = len == 1 ? *p : *p & (0x7F >> len);
    for (int i = 1; i < len; i++) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[i] & 0x3F);
    }
    static const unsigned long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += len;
  }
  return true;
}

namespace {

bool known_signature(int s) {
  return s == HPyFunc_VARARGS || s == HPyFunc_KEYWORDS || s == HPyFunc_NOARGS || s == HPyFunc_O;
}

bool reserved(const char *name) {
  for (const char *r : {"__proto__", "then", "doc", "__esModule"})
    if (strcmp(name, r) == 0) return true;
  return false;
}

bool type_slot(int n) {
  return (n >= HPy_bf_getbuffer && n <= HPy_sq_repeat) || n == HPy_tp_call || n == HPy_tp_hash || n == HPy_tp_init ||
         n == HPy_tp_new || n == HPy_tp_repr || n == HPy_tp_richcompare || n == HPy_tp_str || n == HPy_tp_traverse ||
         n == HPy_nb_matrix_multiply || n == HPy_nb_inplace_matrix_multiply || n == HPy_tp_finalize ||
         n == HPy_tp_destroy;
}

bool method_ok(const HPyMeth &m) {
  return m.name && utf8_well_formed(m.name) && known_signature(raw_int(&m.signature)) && m.impl;
}

}  // namespace

Expected expected_module_def(const HPyModuleDef *def) {
  if (def->size != 0 || def->legacy_methods) return {Verdict::TypeError, -1};
  std::set<std::string> names;
  long creates = 0, others = 0;
  for (long i = 0; def->defines && def->defines[i]; i++) {
    const HPyDef *d = def->defines[i];
    int kind = raw_int(&d->kind);
    bool ok = false, create = false;
    if (kind == HPyDef_Kind_Meth) {
      ok = method_ok(d->meth) && !reserved(d->meth.name) && names.insert(d->meth.name).second;
    } else if (kind == HPyDef_Kind_Slot) {
      int slot = raw_int(&d->slot.slot);
      ok = (slot == HPy_mod_create || slot == HPy_mod_exec) && d->slot.impl;
      create = slot == HPy_mod_create;
    }
    if (!ok) return {Verdict::TypeError, i};
    (create ? creates : others)++;
  }
  if (creates > 1 || (creates == 1 && (others > 0 || def->doc || def->globals))) return {Verdict::TypeError, -1};
  return {};
}

Expected expected_type_spec(const HPyType_Spec *spec) {
  if (!spec || !spec->name) return {};
  bool traverse = false;
  for (long i = 0; spec->defines && spec->defines[i]; i++) {
    const HPyDef *d = spec->defines[i];
    bool ok = false;
    switch (raw_int(&d->kind)) {
      case HPyDef_Kind_Meth: ok = method_ok(d->meth); break;
      case HPyDef_Kind_Slot: {
        int slot = raw_int(&d->slot.slot);
        ok = type_slot(slot) && d->slot.impl;
        traverse = traverse || slot == HPy_tp_traverse;
        break;
      }
      case HPyDef_Kind_Member: ok = d->member.name && utf8_well_formed(d->member.name); break;
      case HPyDef_Kind_GetSet: ok = d->getset.name && utf8_well_formed(d->getset.name); break;
    }
    if (!ok) return {Verdict::TypeError, i};
  }
  if ((spec->flags & HPy_TPFLAGS_HAVE_GC) && !traverse) return {Verdict::ValueError, -1};
  return {};
}
