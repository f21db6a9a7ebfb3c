// `hpy-node build` with the helper library: several sources, flags after --,
// and the helpers' objects compiled once per content key and reused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { compileFlagsOf, runtimeSources } from '../../src/cli/runtime-objects';
import { load } from '../../src/index';
import { TMP_DIR } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');
const DIR = join(TMP_DIR, 'runtime-build');

// Two translation units: the method in one, a helper it calls in the other;
// FACTOR comes from the command line.
const PART_A = `
#include "hpy.h"
long scaled(long v);
HPyDef_METH(scale, "scale", HPyFunc_VARARGS)
static HPy scale_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    long v;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "l:scale", &v))
        return HPy_NULL;
    return HPy_BuildValue(ctx, "(ls)", scaled(v), "scaled");
}
static HPyDef *defines[] = { &scale, NULL };
static HPyModuleDef moduledef = { .doc = "two sources", .defines = defines };
HPy_MODINIT(NAME, moduledef)
`;
const PART_B = `
#ifndef FACTOR
#error "FACTOR is not defined: the flags after -- did not reach this file"
#endif
long scaled(long v) { return v * FACTOR; }
`;

function sources(name: string): { a: string; b: string; so: string } {
  const dir = join(DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const a = join(dir, `${name}.c`);
  const b = join(dir, 'part_b.c');
  writeFileSync(a, PART_A.replace('HPy_MODINIT(NAME', `HPy_MODINIT(${name}`));
  writeFileSync(b, PART_B);
  return { a, b, so: join(dir, `${name}.hpy.so`) };
}

test('buildExtension: several sources, flags for all of them, the helpers linked in', () => {
  const { a, b, so } = sources('two_sources');
  assert.equal(buildExtension([a, b], { output: so, flags: ['-DFACTOR=3', '-lm'] }), so);
  const m = load(so) as unknown as { scale(v: unknown): unknown };
  assert.deepEqual(m.scale(14), Object.freeze([42, 'scaled']));
  assert.throws(() => m.scale('x'), TypeError);
  assert.throws(() => (m.scale as () => unknown)(), { name: 'TypeError', message: 'scale() required positional argument missing' });
});

test('the helpers are compiled once per content key, then reused; other flags get their own objects', () => {
  const { a, b, so } = sources('cache_reuse');
  const cache = join(DIR, 'cache_reuse', 'cache');
  buildExtension([a, b], { output: so, flags: ['-DFACTOR=2'], runtimeCacheDir: cache });
  const keys = readdirSync(cache);
  assert.equal(keys.length, 1);
  const objects = readdirSync(join(cache, keys[0])).sort();
  assert.deepEqual(objects, runtimeSources().map((s) => s.replace(/^.*\//, '').replace(/\.c$/, '.o')));
  const mtimes = objects.map((o) => statSync(join(cache, keys[0], o)).mtimeMs);

  buildExtension([a, b], { output: so, flags: ['-DFACTOR=2'], runtimeCacheDir: cache });
  assert.deepEqual(readdirSync(cache), keys, 'no new key');
  assert.deepEqual(objects.map((o) => statSync(join(cache, keys[0], o)).mtimeMs), mtimes, 'not recompiled');

  // link-only flags do not change what the helpers are compiled with
  buildExtension([a, b], { output: so, flags: ['-DFACTOR=2', '-lm', '-Wl,--as-needed'], runtimeCacheDir: cache });
  assert.deepEqual(readdirSync(cache), keys);

  buildExtension([a, b], { output: so, flags: ['-DFACTOR=2', '-O1'], runtimeCacheDir: cache });
  assert.equal(readdirSync(cache).length, 2, '-O1 compiles the helpers again, once');
  assert.ok(!readdirSync(cache).some((d) => d.includes('.tmp-')), 'no temporary folder left');
});

test('compileFlagsOf keeps compiler flags and drops what only the linker reads', () => {
  assert.deepEqual(
    compileFlagsOf(['-O3', '-DX=1', '-lm', '-L/opt/lib', '-Wl,-rpath,/x', '-Xlinker', '--no-undefined', 'libfoo.a', '-fsanitize=address', '-shared', '-g', '-I/inc']),
    ['-O3', '-DX=1', '-fsanitize=address', '-g', '-I/inc'],
  );
});

test('hpy-node build a.c b.c -o out -- flags (the CLI)', () => {
  const { a, b, so } = sources('cli_two');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'build', a, b, '-o', so, '--', '-DFACTOR=5', '-lm'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /linker input file unused/);
  assert.ok(existsSync(so));
  const m = load(so) as unknown as { scale(v: unknown): unknown };
  assert.deepEqual(m.scale(2), Object.freeze([10, 'scaled']));

  const usage = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /give at least one C file[\s\S]*EXT\.c \[MORE\.c\.\.\.\]/);
});
