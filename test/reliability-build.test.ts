// `hpy-node build` refuses a call of an undeclared function (here a
// misspelled HPyCapsule_GetPointer) with the compiler's message, instead of
// producing a shared object that load() then rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from '../src/cli/build';
import { TMP_DIR, writeModuleSource } from './support/make-module';

const ROOT = resolve(__dirname, '..');
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
