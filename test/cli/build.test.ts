// `hpy-node build` refuses a call of an undeclared function (here a
// misspelled HPyCapsule_GetPointer) with the compiler's message, instead of
// producing a shared object that load() then rejects; and flags whose value
// is a separate word (-I dir) reach the helper library whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { compileFlagsOf } from '../../src/cli/runtime-objects';
import { load } from '../../src/index';
import { TMP_DIR, writeModuleSource } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');
const DIR = join(TMP_DIR, 'reliability-build');

const MISSPELLED = `
HPyDef_METH(peek, "peek", HPyFunc_O)
static HPy peek_impl(HPyContext *ctx, HPy self, HPy capsule) {
    void *p = HPyCapsule_GetPointr(ctx, capsule, NULL);
    return HPyLong_FromLong(ctx, p != NULL);
}`;

function source(name: string): { c: string; so: string } {
  mkdirSync(DIR, { recursive: true });
  const c = join(DIR, `${name}.c`);
  const so = join(DIR, `${name}.hpy.so`);
  writeFileSync(c, writeModuleSource(MISSPELLED, name));
  rmSync(so, { force: true });
  return { c, so };
}

test('buildExtension: an implicitly declared function is an error with the compiler message, and no .so', () => {
  const { c, so } = source('undeclared_api');
  assert.throws(() => buildExtension(c, { output: so }), (err: Error) => {
    assert.match(err.message, /^hpy-node build: \S+ failed on .*undeclared_api\.c:\n/);
    assert.match(err.message, /implicit declaration of function .HPyCapsule_GetPointr./);
    assert.match(err.message, /check its spelling against native\/include\/hpy\.h/);
    return true;
  });
  assert.equal(existsSync(so), false, 'no shared object left behind');
});

test('hpy-node build (the CLI) exits 2 with the message', () => {
  const { c, so } = source('undeclared_cli');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'build', c, '-o', so], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stdout);
  assert.match(r.stderr, /error: implicit declaration of function .HPyCapsule_GetPointr./);
  assert.equal(existsSync(so), false);
});

// Flags whose value is the next word (-I dir, -D X=1, -include f.h) reach the
// helper library's compilation whole: the second word used to be dropped as
// if it were an input file, so the helpers were compiled with "-I -D ..." and
// the build failed.
test('hpy-node build -- -I dir -D X=1 -include f.h -L dir -l m: two-word flags reach the helpers whole', () => {
  const dir = join(DIR, 'two-word');
  const inc = join(dir, 'inc');
  mkdirSync(inc, { recursive: true });
  writeFileSync(join(inc, 'extra.h'), '#define FROM_DIR 40\n');
  writeFileSync(join(dir, 'forced.h'), '#define FROM_FORCED 1\n');
  const c = join(dir, 'two_word.c');
  const so = join(dir, 'two_word.hpy.so');
  writeFileSync(c, writeModuleSource(`
#include "extra.h"
HPyDef_METH(answer, "answer", HPyFunc_NOARGS)
static HPy answer_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, FROM_DIR + FROM_FORCED + X); }`, 'two_word'));
  rmSync(so, { force: true });
  const flags = ['-I', inc, '-D', 'X=1', '-include', join(dir, 'forced.h'), '-L', dir, '-l', 'm', '-Xlinker', '--no-undefined'];
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'build', c, '-o', so, '--', ...flags], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /linker input file unused/);
  assert.equal((load(so) as unknown as { answer(): number }).answer(), 42);
  assert.deepEqual(
    compileFlagsOf(['-I', '/inc', '-D', 'X=1', '-U', 'Y', '-include', 'f.h', '-isystem', '/sys', '-iquote', 'q', '-x', 'c', '-L', '/lib', '-l', 'm', '-Xlinker', '-z', '-z', 'now', '-O2']),
    ['-I', '/inc', '-D', 'X=1', '-U', 'Y', '-include', 'f.h', '-isystem', '/sys', '-iquote', 'q', '-x', 'c', '-O2'],
  );
});
