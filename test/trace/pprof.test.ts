// to_pprof / write_pprof (hpy-node/trace): the profile as a gzipped pprof
// file, decoded here by protobufjs with profile.proto's field numbers, not
// by the library that encoded it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, typeSlot } from '../../src/index';
import { get_profile, to_pprof, write_pprof, type ProfileRow } from '../../src/trace/index';
import { decodePprof } from '../support/pprof-decode';
import { vectorExtension } from '../support/vector-example';

interface Vec {
  x: number;
  y: number;
}
interface VectorModule {
  Vec: new (x: number, y: number) => Vec;
  sum(vs: Vec[], start: Vec): Vec;
}

const vector = load(vectorExtension(), { mode: 'trace' }) as unknown as VectorModule;
const add = typeSlot('nb_add') as unknown as string;
const plus = (a: Vec, b: Vec): Vec => (a as unknown as Record<string, (b: Vec) => Vec>)[add](b);

test('stacks are module -> entry -> context function, with calls and time; nb_add makes one ctx_New per call', () => {
  const a = new vector.Vec(1, 2);
  let v = new vector.Vec(0, 0);
  for (let i = 0; i < 250; i++) v = plus(v, a);
  assert.deepEqual([v.x, v.y], [250, 500]);
  const start = Date.now();
  const p = decodePprof(to_pprof(get_profile({ module: 'vector' }), { startMs: start, durationNs: 5e9 }));
  assert.deepEqual(p.sampleTypes, ['calls/count', 'time/nanoseconds']);
  assert.equal(p.timeNanos, start * 1e6);
  assert.equal(p.durationNanos, 5e9);
  const byStack = new Map(p.samples.map((s) => [s.stack, s.values]));
  // In this process: 250 nb_add calls, each HPy_Type, 2 AsStruct, HPy_New, HPy_Close.
  assert.equal(byStack.get('vector;vector.Vec.nb_add')?.[0], 250, 'the entry frame counts its calls');
  assert.equal(byStack.get('vector;vector.Vec.nb_add;ctx_New')?.[0], 250);
  assert.equal(byStack.get('vector;vector.Vec.nb_add;ctx_AsStruct_Object')?.[0], 500);
  assert.equal(byStack.get('vector;vector.Vec.nb_add;ctx_Type')?.[0], 250);
  // tp_new ran twice (a, v's start) from JavaScript, plus the exec slot made the type.
  assert.equal(byStack.get('vector;vector.Vec.tp_new')?.[0], 2);
  assert.equal(byStack.get('vector;vector.HPy_mod_exec;ctx_Type_FromSpec')?.[0], 1);
  assert.ok(byStack.get('vector;vector.Vec.nb_add;ctx_New')![1] > 0, 'context time is there');
  for (const s of p.samples) assert.ok(s.values.some((x) => x > 0), `no all-zero sample: ${s.stack}`);
});

test('sum() in C: its HPy_Add calls are its own, the nb_add they run is a stack of its own', () => {
  const before = get_profile({ module: 'vector' });
  const vs = Array.from({ length: 7 }, (_, k) => new vector.Vec(k, 1));
  const s = vector.sum(vs, new vector.Vec(0, 0));
  assert.deepEqual([s.x, s.y], [21, 7]);
  const after = get_profile({ module: 'vector' });
  // The difference of two profiles is a profile too.
  const diff: ProfileRow[] = after.map((r) => {
    const b = before.find((x) => x.entry === r.entry);
    const functions: ProfileRow['functions'] = {};
    for (const [k, f] of Object.entries(r.functions) as [keyof ProfileRow['functions'], { calls: number; ns: number }][]) {
      const calls = f.calls - (b?.functions[k]?.calls ?? 0);
      if (calls) functions[k] = { calls, ns: f.ns - (b?.functions[k]?.ns ?? 0) };
    }
    return { ...r, calls: r.calls - (b?.calls ?? 0), total_ns: r.total_ns - (b?.total_ns ?? 0), api_ns: r.api_ns - (b?.api_ns ?? 0), functions };
  });
  const calls = new Map(decodePprof(to_pprof(diff)).samples.map((s) => [s.stack, s.values[0]]));
  assert.equal(calls.get('vector;vector.sum;ctx_Add'), 7);
  assert.equal(calls.get('vector;vector.sum;ctx_GetItem_i'), 7);
  assert.equal(calls.get('vector;vector.sum'), 1);
  assert.equal(calls.get('vector;vector.Vec.nb_add;ctx_New'), 7);
  assert.equal(calls.get('vector;vector.Vec.tp_new'), 8);
});

test('write_pprof writes the same profile to a file; bad arguments are TypeErrors that say what is wanted', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'hpy-pprof-')), 'vector.pb.gz');
  write_pprof(file, { module: 'vector' });
  const p = decodePprof(readFileSync(file));
  assert.ok(p.samples.some((s) => s.stack === 'vector;vector.Vec.nb_add;ctx_New'));
  assert.throws(() => write_pprof(''), /write_pprof: file must be a non-empty string, got ""/);
  assert.throws(() => to_pprof({} as unknown as ProfileRow[]), /to_pprof: rows must be an array of get_profile\(\) rows, got an object/);
  assert.throws(() => write_pprof(join(file, 'nope', 'x.pb.gz')), /ENOTDIR|ENOENT/);
});
