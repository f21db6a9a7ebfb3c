// tools/hpy090-suite on a small dump laid out as HPy's pytest --dump-dir lays
// it out: one module that works, one HPy refuses on purpose, one that uses
// the CPython API, one that does not compile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAll, hpyNodeToolchain, testFileOf } from '../../tools/hpy090-suite/build-modules';
import { loadAll } from '../../tools/hpy090-suite/load-modules';
import { report } from '../../tools/hpy090-suite/report';

test('dump directory names map to HPy test files', () => {
  assert.equal(testFileOf('test_test_hpytype_TestType_test_HPy_New'), 'test/test_hpytype.py');
  assert.equal(testFileOf('test_test_00_basic_TestBasic_test_noop_function'), 'test/test_00_basic.py');
  assert.equal(testFileOf('test_test_hpytype_legacy_TestLegacyType_test_x'), 'test/test_hpytype_legacy.py');
  assert.equal(testFileOf('test_charptr_test_charptr_write_ptr'), 'test/debug/test_charptr.py');
  assert.equal(testFileOf('test_trace_test_get_durations'), 'test/trace/test_trace.py');
});

const MODULE = (body: string, defines: string) => `#include "hpy.h"
${body}
static HPyDef *defines[] = { ${defines} NULL };
static HPyModuleDef moduledef = { .defines = defines };
HPy_MODINIT(mytest, moduledef)
`;

test('the suite builds, loads and explains each module of a dump', async () => {
  const root = mkdtempSync(join(tmpdir(), 'hpy090-suite-'));
  try {
    const dump = join(root, 'dump');
    const write = (dir: string, source: string) => {
      mkdirSync(join(dump, dir), { recursive: true });
      writeFileSync(join(dump, dir, 'mytest.c'), source);
    };
    write('test_test_00_basic_TestBasic_test_works', MODULE(
      'HPyDef_METH(f, "f", HPyFunc_NOARGS)\nstatic HPy f_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, 1); }', '&f,'));
    write('test_test_00_basic_TestBasic_test_abi_version_check',
      MODULE('#undef HPY_ABI_VERSION\n#define HPY_ABI_VERSION 999', ''));
    write('test_test_cpy_compat_TestCPythonCompatibility_test_legacy', MODULE('#include <Python.h>', ''));
    write('test_test_object_TestObject_test_typo', MODULE('static int x = not_declared;', ''));
    const built = await buildAll(dump, join(root, 'build'), hpyNodeToolchain(join(root, 'build')));
    const results = loadAll(built);
    const table = report(results);
    assert.match(table, /\| loads \(universal\) \| loads \(trace\) \| loads \(debug\) \| loads \(debug\+trace\) \|/);
    assert.match(table, /\| test\/test_00_basic\.py \| 2 \| 2 \| 2 \| 2 \| 2 \| 2 \|  \|/);
    assert.match(table, /\| test\/test_cpy_compat\.py \| 1 \| 0 \| 0 \| 0 \| 0 \| 0 \| 1: uses the CPython API \(refused by design\) \|/);
    assert.match(table, /\| test\/test_object\.py \| 1 \| 0 \| 0 \| 0 \| 0 \| 0 \| 1: other: .*not_declared/);
    assert.match(table, /\| \*\*all\*\* \| 4 \| 2 \| 2 \| 2 \| 2 \| 2 \|/);
    const works = results.find((r) => r.test.endsWith('test_works'));
    for (const mode of ['trace', 'debug', 'debug+trace'] as const) assert.equal(works?.load[mode]?.detail.split(' ').includes('f'), true, mode);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
