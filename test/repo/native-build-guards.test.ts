// What makes a mistake in native/src fail the build instead of passing
// silently: a hand-written context function whose signature drifts from the
// generated declaration is a compile error, and one that is declared native
// but never written fails the link check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'hpy-guards-'));

// The addon's own warning flags, read from binding.gyp so the test follows it.
const gyp = JSON.parse(readFileSync(join(ROOT, 'binding.gyp'), 'utf8')) as { targets: Array<{ cflags_cc?: string[] }> };
const CFLAGS = gyp.targets[0].cflags_cc!.filter((f) => f.startsWith('-W') || f.startsWith('-std') || f === '-fno-exceptions');

function compile(source: string): { status: number | null; stderr: string } {
  const file = join(work, 'drift.cc');
  writeFileSync(file, source);
  const includes = ['native/include', 'native/src', 'node_modules/node-addon-api'].map((d) => `-I${join(ROOT, d)}`);
  const r = spawnSync('g++', ['-fsyntax-only', ...CFLAGS, ...includes, '-I/usr/include/node', '-DNAPI_VERSION=8', file], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

test('the binding compiles with -Werror and -Wmissing-declarations', () => {
  assert.ok(CFLAGS.includes('-Werror'));
  assert.ok(CFLAGS.includes('-Wmissing-declarations'));
  assert.ok(CFLAGS.includes('-fno-exceptions'));
});

test('a context function written with the declared signature compiles', () => {
  const r = compile('#include "universal/support.h"\nHPy hpy_u_Add(HPyContext *ctx, HPy h1, HPy h2) { return HPy_NULL; }\n');
  assert.equal(r.status, 0, r.stderr);
});

test('a context function whose signature drifts is a compile error, not a silent overload', () => {
  const r = compile('#include "universal/support.h"\nHPy hpy_u_Add(HPyContext *ctx, HPy h1, int h2) { return HPy_NULL; }\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no previous declaration for .*hpy_u_Add/);
});

test('the link check names a context function that is declared native but not written', () => {
  const src = join(work, 'missing.cc');
  writeFileSync(src, '#include "universal/autogen_universal.h"\nvoid *hpy_take_address() { return (void *)&hpy_u_Is; }\n');
  const so = join(work, 'missing.so');
  const cc = spawnSync('g++', ['-shared', '-fPIC', `-I${join(ROOT, 'native/include')}`, `-I${join(ROOT, 'native/src')}`, '-o', so, src], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  const r = spawnSync(process.execPath, [join(ROOT, 'tools/check-addon-link.mjs'), so, join(work, 'stamp')], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /hpy_u_Is\(.*ctx-functions\.tsv says ctx_Is is provided natively/);
});

test('the link check passes the built addon', () => {
  const addon = process.env.HPY_NODE_ADDON ?? join(ROOT, 'build/Release/hpy_node.node');
  const r = spawnSync(process.execPath, [join(ROOT, 'tools/check-addon-link.mjs'), addon, join(work, 'stamp-ok')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
