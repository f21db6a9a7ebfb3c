#include "defs_from_bytes.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

[[noreturn]] void *never_called() {
  fprintf(stderr, "defs_from_bytes: a definition check called an impl it was checking\n");
  abort();
}

const char *const kReserved[] = {"__proto__", "then", "doc", "__esModule"};
// Valid and invalid UTF-8 at the edges a validator gets wrong: overlong
// forms, surrogates, past U+10FFFF, truncated sequences, bare continuations.
const char *const kEdgeNames[] = {
    "f",           "add",          "\xc3\xa9t\xc3\xa9", "\xe6\x97\xa5",     "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf",
    "\xed\x9f\xbf", "\xee\x80\x80", "",                  "\xc3",             "\xc0\xaf",         "\xc1\xbf",
    "\xe0\x9f\xbf", "\xed\xa0\x80", "\xf0\x8f\xbf\xbf",  "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff",
    "\x80",         "\xe2\x82",     "\xf0\x9f\x98",      "a\xc3(",
};

const int kKinds[] = {HPyDef_Kind_Slot, HPyDef_Kind_Meth, HPyDef_Kind_Member, HPyDef_Kind_GetSet, 0, 5};
const int kSignatures[] = {HPyFunc_VARARGS, HPyFunc_KEYWORDS, HPyFunc_NOARGS, HPyFunc_O, 0, 5};
const int kSlots[] = {HPy_mod_create, HPy_mod_exec,  HPy_tp_traverse, HPy_tp_repr, HPy_nb_add, HPy_bf_getbuffer,
                      HPy_tp_destroy, HPy_tp_finalize, 0,             47,          81,         2002};

void set_int(void *field, int v) { memcpy(field, &v, sizeof v); }

}  // namespace

int raw_int(const void *field) {
  int v;
  memcpy(&v, field, sizeof v);
  return v;
}

DefsFromBytes::~DefsFromBytes() {
  for (void *p : blocks_) free(p);
}

const char *DefsFromBytes::keep(const char *bytes, size_t n) {
  char *copy = static_cast<char *>(malloc(n + 1));
  memcpy(copy, bytes, n);
  copy[n] = '\0';
  blocks_.push_back(copy);
  names_.push_back(copy);
  return copy;
}

const char *DefsFromBytes::name() {
  switch (in_.ConsumeIntegralInRange(0, 7)) {
    case 0: return nullptr;
    case 1: {
      const char *r = kReserved[in_.ConsumeIntegralInRange<size_t>(0, std::size(kReserved) - 1)];
      return keep(r, strlen(r));
    }
    case 2:
      if (!names_.empty()) return names_[in_.ConsumeIntegralInRange<size_t>(0, names_.size() - 1)];
      [[fallthrough]];
    case 3:
    case 4: {
      const char *e = kEdgeNames[in_.ConsumeIntegralInRange<size_t>(0, std::size(kEdgeNames) - 1)];
      return keep(e, strlen(e));
    }
    default: {
      std::string raw = in_.ConsumeRandomLengthString(24);
      return keep(raw.data(), raw.size());  // stops at an embedded NUL, as C does
    }
  }
}

HPyCFunction DefsFromBytes::impl() {
  return in_.ConsumeBool() ? reinterpret_cast<HPyCFunction>(&never_called) : nullptr;
}

// Mostly a value from `known`, sometimes any int.
int DefsFromBytes::enum_value(const int *known, size_t n) {
  size_t pick = in_.ConsumeIntegralInRange<size_t>(0, n);
  return pick < n ? known[pick] : in_.ConsumeIntegral<int>();
}

HPyDef *DefsFromBytes::def() {
  HPyDef *d = static_cast<HPyDef *>(calloc(1, sizeof(HPyDef)));
  blocks_.push_back(d);
  int kind = enum_value(kKinds, std::size(kKinds));
  set_int(&d->kind, kind);
  switch (kind) {
    case HPyDef_Kind_Slot:
      set_int(&d->slot.slot, enum_value(kSlots, std::size(kSlots)));
      d->slot.impl = impl();
      break;
    case HPyDef_Kind_Meth:
      d->meth.name = name();
      d->meth.impl = impl();
      set_int(&d->meth.signature, enum_value(kSignatures, std::size(kSignatures)));
      d->meth.doc = in_.ConsumeBool() ? "doc" : nullptr;
      break;
    case HPyDef_Kind_Member:
      d->member.name = name();
      set_int(&d->member.type, in_.ConsumeIntegral<int>());
      d->member.offset = in_.ConsumeIntegral<HPy_ssize_t>();
      d->member.readonly = in_.ConsumeBool();
      break;
    case HPyDef_Kind_GetSet:
      d->getset.name = name();
      d->getset.getter_impl = impl();
      d->getset.setter_impl = impl();
      break;
    default:  // an unknown kind: the rest is whatever the input says, wild
      // pointers included, so a check that reads past the kind crashes.
      in_.ConsumeData(reinterpret_cast<char *>(d) + sizeof(int), sizeof(HPyDef) - sizeof(int));
      break;
  }
  return d;
}

HPyDef **DefsFromBytes::defines() {
  if (in_.ConsumeIntegralInRange(0, 15) == 0) return nullptr;
  size_t n = in_.ConsumeIntegralInRange<size_t>(0, 12);
  HPyDef **list = static_cast<HPyDef **>(calloc(n + 1, sizeof(HPyDef *)));
  blocks_.push_back(list);
  for (size_t i = 0; i < n; i++)
    list[i] = i > 0 && in_.ConsumeIntegralInRange(0, 7) == 0 ? list[in_.ConsumeIntegralInRange<size_t>(0, i - 1)] : def();
  return list;
}
