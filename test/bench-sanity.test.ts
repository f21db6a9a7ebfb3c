// The smoke test's range checks (test/support/bench-sanity.ts) reject what a
// broken figure reports, and pass what a working one does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FigureResult } from '../bench/lib';
import { checkFigure, NS_PER_UNIT_CEILING } from './support/bench-sanity';

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
