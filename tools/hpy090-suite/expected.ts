// Modules HPy 0.9.0 itself refuses on purpose: their tests check the error.
// hpy-node passes them by refusing them too (to build or to load), with an
// error that says the same.
export const REFUSED_BY_HPY: Record<string, RegExp> = {
  test_test_00_basic_TestBasic_test_abi_version_check: /requires unsupported version of the HPy runtime\. Requested version: 999\.0/,
  test_test_00_basic_TestBasic_test_unsupported_signature: /\.signature = 1234, which is not a signature/,
  test_test_hpymodule_TestModule_test_HPyModule_negative_size: /HPyModuleDef\.size is -1/,
  test_test_hpymodule_TestModule_test_HPyModule_create_and_exec_slots: /defines an HPy_mod_create slot/,
  test_test_hpymodule_TestModule_test_HPyModule_create_and_nondefault_values: /defines an HPy_mod_create slot/,
  test_test_hpymodule_TestModule_test_HPyModule_create_raises: /RuntimeError: Test error|Test error/,
  test_test_hpytype_TestPureHPyType_test_invalid_shape: /invalid builtin_shape 123/,
  test_test_hpyfield_TestHPyField_test_tp_traverse_sanity_check: /must provide an HPy_tp_traverse slot if you specify HPy_TPFLAGS_HAVE_GC/i,
  test_test_legacy_forbidden_TestLegacyForbidden_test_expect_make_error: /this is a compile time error/,
};
