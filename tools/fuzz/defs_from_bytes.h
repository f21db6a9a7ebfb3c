/* Definitions built from fuzz input, for the definition checks
 * (native/src/loader/def_check.cc): the NULL-terminated `defines` array of an
 * HPyModuleDef or HPyType_Spec, each entry of any kind, known or not.
 *
 * Every name and HPyDef is its own heap block of exactly its size, so a check
 * that reads past one is an AddressSanitizer report. Names: NULL, reserved
 * (`__proto__`, `then`, ...), a repeat of an earlier one, valid or invalid
 * UTF-8, or raw input bytes. A non-NULL impl points at a function that aborts:
 * the checks must never call what they check. Enum fields are written as raw
 * ints, out-of-range values included, as a C extension can. */
#ifndef HPY_FUZZ_DEFS_FROM_BYTES_H
#define HPY_FUZZ_DEFS_FROM_BYTES_H
#include <fuzzer/FuzzedDataProvider.h>
#include <memory>
#include <vector>
#include "hpy.h"

class DefsFromBytes {
 public:
  explicit DefsFromBytes(FuzzedDataProvider &in) : in_(in) {}
  ~DefsFromBytes();
  DefsFromBytes(const DefsFromBytes &) = delete;
  DefsFromBytes &operator=(const DefsFromBytes &) = delete;

  /* A name as above (owned by this object). */
  const char *name();
  /* NULL or a NULL-terminated array of up to 12 entries; an entry may repeat
   * an earlier pointer. */
  HPyDef **defines();
  /* A non-NULL pointer that is never dereferenced (legacy_methods). */
  void *opaque() { return &opaque_; }

 private:
  HPyCFunction impl();
  int enum_value(const int *known, size_t n);
  HPyDef *def();
  const char *keep(const char *bytes, size_t n);

  FuzzedDataProvider &in_;
  std::vector<void *> blocks_;  // freed with this object
  std::vector<const char *> names_;
  char opaque_ = 0;
};

/* Raw enum fields, read as the checks read them (no load of an enum value
 * outside its range, which UBSan reports). */
int raw_int(const void *field);
#endif
