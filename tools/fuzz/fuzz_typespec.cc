/* libFuzzer harness for check_type_spec (native/src/loader/def_check.cc): an
 * HPyType_Spec whose name, flags and defines come from the input
 * (defs_from_bytes.h); the verdict must be the contract's (def_contract.h),
 * and a failure must name the type and the entry. */
#include <fuzzer/FuzzedDataProvider.h>
#include "def_contract.h"
#include "defs_from_bytes.h"
#include "loader/def_check.h"
#include "verdict_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider in(data, size);
  DefsFromBytes defs(in);
  if (in.ConsumeIntegralInRange(0, 31) == 0) {  // FromSpec(NULL) is left to FromSpec
    TypeSpecCheck c = check_type_spec(nullptr);
    verdict_check("fuzz_typespec", c.error == TypeSpecCheck::Error::None ? Verdict::Ok : Verdict::TypeError, c.message,
                  Expected{}, "", "");
    return 0;
  }
  HPyType_Spec spec = {};
  spec.name = defs.name();
  spec.flags = in.ConsumeBool() ? HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC : in.ConsumeIntegral<unsigned long>();
  spec.basicsize = in.ConsumeIntegral<int>();
  spec.defines = defs.defines();

  TypeSpecCheck c = check_type_spec(&spec);
  Verdict got = c.error == TypeSpecCheck::Error::None        ? Verdict::Ok
                : c.error == TypeSpecCheck::Error::TypeError ? Verdict::TypeError
                                                             : Verdict::ValueError;
  std::string type = spec.name ? "HPyType_FromSpec: type '" + std::string(spec.name) + "'" : "";
  verdict_check("fuzz_typespec", got, c.message, expected_type_spec(&spec), type, type + ": its spec->defines[");
  return 0;
}
