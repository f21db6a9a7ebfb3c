// The benchmark suite still runs, figure by figure: each figure alone (as
// `npm run bench -- --only N` runs it) in the tiny "quick" configuration,
// once. A figure that throws fails its test (nothing is skipped); every
// number it reports must be one a working build can give
// (test/support/bench-sanity.ts: present, finite, positive where it is a
// time or a rate, below generous ceilings); every JavaScript loop is its
// variant's own. The quick numbers are not measurements and no target's
// verdict is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIGS } from '../bench/lib';
import { FIGURES, formatTable, runBench } from '../bench/main';
import { checkFigure } from './support/bench-sanity';

test('the figures are 1 to 12, in order (figure 2 reads figure 1)', () => {
  assert.deepEqual(
    FIGURES.map((f) => f.id),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
});

for (const figure of FIGURES) {
  test(`figure ${figure.id} alone (quick): every number sane, a loop per variant`, { timeout: 120_000 }, async () => {
    const r = await runBench(CONFIGS.quick, [figure.id], () => {});
    // --only 2 runs figure 1 first: figure 2 divides by its overhead.
    assert.deepEqual(
      r.figures.map((f) => f.id),
      figure.id === 2 ? [1, 2] : [figure.id],
    );
    for (const f of r.figures) {
      assert.ok(f.rows.length > 0, `figure ${f.id} has rows`);
      const skipped = f.rows.filter((row) => row.value === 'skipped');
      assert.deepEqual(skipped, [], `figure ${f.id} skipped rows`);
      checkFigure(f);
    }
    // A loop per variant: no two loops share a source text (V8 would share
    // their call sites), and each ran for one variant only (the run throws
    // if one ran for two).
    const sources = r.loops.map((l) => l.source);
    assert.equal(new Set(sources).size, sources.length, sources.join('\n'));
    for (const l of r.loops) {
      assert.equal(l.figure, figure.id, l.source);
      assert.ok(l.ranFor, `figure ${l.figure}'s loop "${l.variant}" never ran as a variant`);
    }
    const ranFor = r.loops.map((l) => l.ranFor);
    assert.equal(new Set(ranFor).size, ranFor.length, `variants sharing a loop: ${ranFor.join(', ')}`);
    const m = r.machine as { cores: number; node: string; clock: { name: string; frequencyHz: number } };
    assert.ok(m.cores >= 1 && m.node.startsWith('v') && m.clock.name && m.clock.frequencyHz > 0);
    for (const t of r.targets) assert.equal(typeof t.pass, 'boolean');
    assert.match(formatTable(r), new RegExp(`^${figure.id}\\. `, 'm'));
    JSON.parse(JSON.stringify(r)); // results.json is plain data
  });
}
