// The smoke test's range checks (test/support/bench-sanity.ts) reject what a
// broken figure reports, and pass what a working one does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FigureResult } from '../../bench/lib';
import { checkFigure, F15_NS_PER_ITERATION_CEILING, F15_NS_PER_RECORD_CEILING, NS_PER_COLLECTED_CEILING, NS_PER_UNIT_CEILING } from '../support/bench-sanity';

function figure(samples: number[], value: number | string = '42.0', id = 3): FigureResult {
  return {
    id,
    title: 't',
    rows: [{ label: 'universal', value, unit: 'ns/call' }],
    targets: [],
    notes: [],
    raw: { calls: 10, universal: { median: samples[0], samples } },
  };
}

test('a working figure passes', () => {
  checkFigure(figure([42, 43]));
  checkFigure(figure([42], '9.6 / -1.2'));
});

test('a skipped row, NaN, zero, a negative time or one above the ceiling fails', () => {
  assert.throws(() => checkFigure(figure([42], 'skipped')), /row "universal": value "skipped" is not a number/);
  assert.throws(() => checkFigure(figure([42], 'NaN')), /not a number/);
  assert.throws(() => checkFigure(figure([42, NaN])), /figure 3\.universal\[1\] = NaN/);
  assert.throws(() => checkFigure(figure([0])), /universal\[0\] = 0: outside/);
  assert.throws(() => checkFigure(figure([-3])), /outside/);
  assert.throws(() => checkFigure(figure([Infinity])), /outside/);
  assert.throws(() => checkFigure(figure([NS_PER_UNIT_CEILING * 1.01])), /outside/);
});

test('figure 7: the store is whole thread stores', () => {
  const f7 = (bytes: number): FigureResult => ({ id: 7, title: 't', rows: [{ label: 'b', value: bytes, unit: 'bytes' }], targets: [], notes: [], raw: { bytesPerModule: bytes, bytesPerModulePerThread: 100 } });
  checkFigure(f7(200));
  assert.throws(() => checkFigure(f7(150)), /not a whole number/);
  assert.throws(() => checkFigure(f7(0)), /not a whole number/);
});

// Figure 13's raw results as a quick run gives them (abridged), without and
// with --hpy.
type Samples = { median: number; samples: number[] };
type CpythonSamples = Record<'micro' | 'loops' | 'geometry', Record<string, number[]>>;
interface F13Raw {
  loops: Record<string, Samples>;
  geometry: Record<string, Samples>;
  checksums: Record<'build' | 'compute', number>;
  micro?: Record<string, Samples>;
  hpyCpython?: CpythonSamples;
}
function figure13(change: (raw: F13Raw) => void = () => {}): FigureResult {
  const s = (...samples: number[]): Samples => ({ median: samples[0], samples });
  const raw: F13Raw = {
    loops: { empty: s(1.6, 2), HPy_New: s(18298, 47194), HPy_TypeCheck: s(121, 123) },
    geometry: { hpyBuild: s(15750, 30526), twinBuild: s(11291, 20430), hpyCompute: s(1089, 1531), twinCompute: s(72.9, 586) },
    checksums: { build: 170023.7, compute: 7106.2 },
  };
  change(raw);
  return { id: 13, title: 't', rows: [{ label: 'c: results (building, computing)', value: '170023.7 / 7106.2', unit: '' }], targets: [], notes: [], raw: { ...raw } };
}
const withHpy = (raw: F13Raw): void => {
  raw.micro = { 'noargs()': { median: 54.5, samples: [54.5, 60] }, 'Foo()': { median: 13573, samples: [13226, 13920] } };
  raw.hpyCpython = {
    micro: { 'noargs()': [28.7, 20.5], 'Foo()': [1658, 1618], 'empty loop': [7.7, 7.3] },
    loops: { HPy_New: [2576, 2552], HPy_TypeCheck: [4.5, 4.5], empty: [1.2, 1.1] },
    geometry: { build: [1286, 1308], compute: [70.7, 45.1], buildChecksum: [170023.7, 170023.7], computeChecksum: [7106.2, 7106.2] },
  };
};

test('figure 13: collection-timing variants get their own ceiling, the rest the per-call one', () => {
  checkFigure(figure13());
  checkFigure(figure13(withHpy));
  // 3 ms an instance made and collected is sane; 3 ms a type check is not.
  checkFigure(figure13((r) => (r.loops.HPy_New.samples[0] = 3e6)));
  checkFigure(figure13((r) => (r.geometry.twinBuild.samples[0] = 3e6)));
  assert.throws(() => checkFigure(figure13((r) => (r.loops.HPy_TypeCheck.samples[0] = 3e6))), /figure 13\.loops\.HPy_TypeCheck\[0\] = 3000000: outside/);
  assert.throws(() => checkFigure(figure13((r) => (r.geometry.hpyCompute.samples[0] = 3e6))), /hpyCompute\[0\]/);
  assert.throws(() => checkFigure(figure13((r) => (r.loops.HPy_New.samples[1] = NS_PER_COLLECTED_CEILING * 1.01))), /HPy_New\[1\]/);
});

test('figure 13: an unset or zero result, or a CPython sample out of range, fails', () => {
  assert.throws(() => checkFigure(figure13((r) => (r.checksums.build = NaN))), /checksums\.build = NaN: the geometry's build phase did not run/);
  assert.throws(() => checkFigure(figure13((r) => (r.checksums.compute = 0))), /checksums\.compute = 0/);
  const cpython = (change: (h: CpythonSamples) => void) =>
    figure13((r) => {
      withHpy(r);
      change(r.hpyCpython!);
    });
  checkFigure(cpython((h) => (h.micro['Foo()'][0] = 3e6)));
  assert.throws(() => checkFigure(cpython((h) => (h.micro['noargs()'][1] = 0))), /figure 13\.hpyCpython\.micro\.noargs\(\)\[1\] = 0: outside/);
  assert.throws(() => checkFigure(cpython((h) => (h.loops.HPy_TypeCheck[0] = 3e6))), /hpyCpython\.loops\.HPy_TypeCheck\[0\]/);
  assert.throws(() => checkFigure(cpython((h) => (h.geometry.compute = []))), /hpyCpython\.geometry\.compute: no samples/);
});

// Figure 15's raw results as a quick run gives them (abridged): (a) ns per
// C loop iteration, (b) ns per document of `records` records.
interface F15Raw {
  sizes: { records: number };
  loops: Record<string, Samples>;
  json: Record<string, Samples>;
  hpyCpython?: Record<'a' | 'b', Record<string, number[]>>;
}
function figure15(change: (raw: F15Raw) => void = () => {}): FigureResult {
  const s = (...samples: number[]): Samples => ({ median: samples[0], samples });
  const raw: F15Raw = {
    sizes: { records: 10 },
    loops: { empty: s(3.3, 5), HPyTupleBuilder: s(175, 8399), 'dict _s': s(298, 382) },
    json: { decode: s(41973, 47273), encode: s(221397, 432143), 'JSON.parse': s(9416, 11473) },
  };
  change(raw);
  return { id: 15, title: 't', rows: [{ label: 'b: encode', value: '144.27', unit: 'µs/doc' }], targets: [], notes: [], raw: { ...raw } };
}

test('figure 15: C loops are checked per iteration, documents per record of their size', () => {
  checkFigure(figure15());
  checkFigure(figure15((r) => (r.hpyCpython = { a: { empty: [0.5, 0.6], 'dict _s': [187, 190] }, b: { decode: [20134, 21000], 'json.dumps': [33789, 30000] } })));
  // 5 ms a document of 10 records is sane (above the per-unit ceiling of
  // other figures); 5 ms a loop iteration is not.
  checkFigure(figure15((r) => (r.json.encode.samples[0] = 5e6)));
  assert.throws(() => checkFigure(figure15((r) => (r.loops['dict _s'].samples[0] = 5e6))), /figure 15\.loops\.dict _s\[0\] = 5000000: outside \(0, 1000000\]/);
  // The document ceiling follows the run's size: 200 records allow 20x 10's.
  const big = F15_NS_PER_RECORD_CEILING * 10 * 1.5;
  assert.throws(() => checkFigure(figure15((r) => (r.json.decode.samples[1] = big))), /figure 15\.json\.decode\[1\]/);
  checkFigure(figure15((r) => {
    r.sizes.records = 200;
    r.json.decode.samples[1] = big;
  }));
  assert.throws(() => checkFigure(figure15((r) => (r.json['JSON.parse'].samples[0] = NaN))), /JSON\.parse\[0\] = NaN/);
  assert.throws(() => checkFigure(figure15((r) => (r.sizes.records = 0))), /sizes\.records = 0: no document/);
});

test('figure 15: CPython\'s samples, with --hpy, are checked in the same units', () => {
  const cpython = (a: Record<string, number[]>, b: Record<string, number[]>) => figure15((r) => (r.hpyCpython = { a, b }));
  checkFigure(cpython({ empty: [0.5] }, { decode: [F15_NS_PER_RECORD_CEILING * 5] }));
  assert.throws(() => checkFigure(cpython({ empty: [0] }, { decode: [1] })), /figure 15\.hpyCpython\.a\.empty\[0\] = 0: outside/);
  assert.throws(() => checkFigure(cpython({ 'dict _s': [F15_NS_PER_ITERATION_CEILING * 2] }, {})), /hpyCpython\.a\.dict _s\[0\]/);
  assert.throws(() => checkFigure(cpython({}, { encode: [F15_NS_PER_RECORD_CEILING * 11] })), /hpyCpython\.b\.encode\[0\]/);
  assert.throws(() => checkFigure(cpython({}, { encode: [] })), /hpyCpython\.b\.encode: no samples/);
});
