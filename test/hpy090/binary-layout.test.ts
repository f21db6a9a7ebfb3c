// A module laid out as HPy 0.9.0's own toolchain lays it out (built from
// test/fixtures/hpy090, a header that spells 0.9.0's layout independently of
// hpy-node's) loads unchanged and works in universal and trace mode, and the
// fields hpy-node's older layout lacked get clear errors, not a module with
// no methods or a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { load, kwargs } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';
import { TMP_DIR } from '../support/make-module';
import { diff } from '../support/call-diff';

const SOURCE = resolve(__dirname, '..', 'fixtures', 'hpy090', 'module.c');
const OUT = join(TMP_DIR, 'hpy090');

function build(file: string, flags: string[]): string {
  mkdirSync(OUT, { recursive: true });
  const name = file.slice(0, file.indexOf('.'));
  return buildExtension(SOURCE, { output: join(OUT, file), flags: [`-DNAME=${name}`, ...flags] });
}

interface Hpy090Module {
  doc: string;
  ctx_name: string;
  add(a: unknown, b: unknown): unknown;
  shape(...args: unknown[]): [number, readonly string[] | undefined];
  Pt: new (x?: number) => { x: number; scaled: number; twice(): number };
  Pt2: new (x?: number) => { x: number };
}

test('a module with HPy 0.9.0 layout loads in universal mode: methods, doc, exec slot, ctx->name', () => {
  const m = load(build('layout_u.hpy0.so', []), { mode: 'universal' }) as unknown as Hpy090Module;
  assert.equal(m.doc, "a module with HPy 0.9.0's layout");
  assert.equal(m.add(1, 2), 3);
  assert.equal(m.ctx_name, 'HPy Universal ABI (hpy-node backend)');
  assert.deepEqual(m.shape(1, 2), [2, undefined]);
  assert.deepEqual(m.shape(1, kwargs({ sep: '-', end: '!' })), [1, ['sep', 'end']]);
});

test('a type with HPy 0.9.0 layout (HPyType_Spec, SpecParam, HPyMember, HPyGetSet) becomes a class', () => {
  const m = load(build('layout_u.hpy0.so', []), { mode: 'universal' }) as unknown as Hpy090Module;
  const p = new m.Pt(1.5);
  assert.equal(p.x, 1.5, 'member offset and kind');
  assert.equal(p.scaled, 30, 'getter with its closure');
  p.scaled = 3;
  assert.equal(p.scaled, 9, 'setter');
  assert.equal(p.twice(), 3);
  assert.equal((m.Pt as unknown as { __doc__: string }).__doc__, "a type with 0.9.0's layout");
  const q = new m.Pt2(2);
  assert.ok(q instanceof m.Pt, 'the base from HPyType_SpecParam');
  assert.equal(q.x, 2);
});

test('the same layout in trace mode counts its calls, exec slot included', () => {
  const before = get_call_counts();
  const m = load(build('layout_t.hpy0.so', []), { mode: 'trace' }) as unknown as Hpy090Module;
  assert.equal(m.ctx_name, 'HPy Trace Mode ABI (hpy-node backend)');
  assert.equal(m.add(2, 3), 5);
  // The exec slot: ctx_name (3 calls), then the two types (FromSpec, SetAttr_s and Close each).
  assert.deepEqual(diff(before, get_call_counts()), { ctx_Unicode_FromString: 1, ctx_SetAttr_s: 3, ctx_Close: 3, ctx_Type_FromSpec: 2, ctx_Add: 1 });
});

test('module state (HPyModuleDef.size > 0) is refused with HPy 0.9.0\'s reason, not read as a pointer', () => {
  assert.throws(() => load(build('layout_size.hpy0.so', ['-DSTATE_SIZE=16'])), {
    message: /layout_size\.hpy0\.so: its HPyModuleDef\.size is 16: module state is not supported yet in HPy; set HPyModuleDef\.size = 0/,
  });
  assert.throws(() => load(build('layout_negative.hpy0.so', ['-DSTATE_SIZE=-1'])), { message: /HPy does not permit HPyModuleDef\.size < 0/ });
});

test('legacy (CPython) methods are refused: hpy-node has no CPython', () => {
  assert.throws(() => load(build('layout_legacy.hpy0.so', ['-DLEGACY'])), {
    message: /HPyModuleDef\.legacy_methods is set: legacy methods are CPython functions .*Port them to HPyDef_METH/,
  });
});

test('the ABI tag of the file name must match the version the module asks for', () => {
  assert.equal((load(build('layout_untagged.so', [])) as unknown as Hpy090Module).add(1, 1), 2);
  assert.throws(() => load(build('layout_tag.hpy1.so', [])), {
    message: /HPy extension module 'layout_tag' at path '.*layout_tag\.hpy1\.so': mismatch between the HPy ABI tag encoded in the filename and the major version requested by the HPy extension itself\. Major version tag parsed from filename: 1\. Requested version: 0\.0\./,
  });
});
