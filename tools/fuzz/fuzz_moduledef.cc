/* libFuzzer harness for hpy_module_def_check (native/src/loader/def_check.cc):
 * an HPyModuleDef whose fields and defines come from the input
 * (defs_from_bytes.h); the verdict must be the contract's (def_contract.h),
 * and a failure must name the file, the entry and what is wrong. */
#include <fuzzer/FuzzedDataProvider.h>
#include "def_contract.h"
#include "defs_from_bytes.h"
#include "loader/def_check.h"
#include "verdict_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider in(data, size);
  DefsFromBytes defs(in);
  static HPyGlobal *no_globals[] = {nullptr};
  const HPy_ssize_t sizes[] = {0, 0, 0, -1, 1, in.ConsumeIntegral<HPy_ssize_t>()};
  HPyModuleDef def = {};
  def.size = sizes[in.ConsumeIntegralInRange<size_t>(0, std::size(sizes) - 1)];
  def.doc = in.ConsumeBool() ? "doc" : nullptr;
  def.globals = in.ConsumeBool() ? no_globals : nullptr;
  def.legacy_methods = in.ConsumeIntegralInRange(0, 7) == 0 ? static_cast<cpy_PyMethodDef *>(defs.opaque()) : nullptr;
  def.defines = defs.defines();

  Status st = hpy_module_def_check(&def, "fuzz.hpy.so");
  verdict_check("fuzz_moduledef", st.ok() ? Verdict::Ok : Verdict::TypeError, st.message, expected_module_def(&def),
                "cannot load fuzz.hpy.so: its HPyModuleDef", "cannot load fuzz.hpy.so: its HPyModuleDef.defines[");
  return 0;
}
