/* What the definition checks (native/src/loader/def_check.h) promise, written
 * again from their documentation, independently of their code: the fuzzers
 * compare each verdict with this one, so a check that accepts what it should
 * refuse (or the other way round, or blames the wrong entry) fails the run
 * like a crash does. */
#ifndef HPY_FUZZ_DEF_CONTRACT_H
#define HPY_FUZZ_DEF_CONTRACT_H
#include "hpy.h"

enum class Verdict { Ok, TypeError, ValueError };

/* The verdict, and the index of the defines[] entry it is about (-1 when it
 * is about the whole definition). */
struct Expected {
  Verdict verdict = Verdict::Ok;
  long entry = -1;
};

/* hpy_module_def_check: a failure is always an Error; TypeError stands for it. */
Expected expected_module_def(const HPyModuleDef *def);

/* check_type_spec. */
Expected expected_type_spec(const HPyType_Spec *spec);

/* Well-formed UTF-8 (no overlong form, surrogate or code point past U+10FFFF). */
bool utf8_well_formed(const char *s);
#endif
