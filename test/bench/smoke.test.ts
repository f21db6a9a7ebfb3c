// The benchmark suite still runs, figure by figure: each figure alone, as
// `npm run bench -- --only N` runs it (a process of its own: in one process
// the figures before it would leave state behind, as the trace store that
// figure 7 reads), in the tiny "quick" configuration, once (1-1.5 s a
// figure here). A figure that throws fails its test (nothing is skipped);
// every number it reports must be one a working build can give
// (test/support/bench-sanity.ts: present, finite, positive where it is a
// time or a rate, below generous ceilings in the figure's own units); every
// JavaScript loop is its variant's own. The quick numbers are not
// measurements and no target's verdict is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BenchResults, FIGURES, formatTable } from '../../bench/main';
import type { FigureResult } from '../../bench/lib';
import { JSON_OPS } from '../../bench/figures/f15-json';
import { LOOPS, SHORT_LOOPS, shortLabel } from '../../bench/figures/f15-loops';
import { checkFigure } from '../support/bench-sanity';

const ROOT = join(__dirname, '..', '..');

/** `npm run bench -- --quick --only N` in a process of its own. */
async function alone(id: number): Promise<BenchResults> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  try {
    const out = join(dir, 'results.json');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'main.ts'), '--quick', '--only', String(id), '--out', out], {
      cwd: ROOT,
      maxBuffer: 1 << 24,
    });
    return JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the figures are 1 to 13 and 15, in order (figure 2 reads figure 1)', () => {
  assert.deepEqual(
    FIGURES.map((f) => f.id),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  );
});

// Without --hpy (the smoke test never passes it) figure 13 still times (b)
// and (c) on hpy-node and the JS twin, and says what it skipped.
function figure13WithoutHpy(f: FigureResult): void {
  assert.ok(f.rows.some((row) => row.label.startsWith('b: HPy_New')) && f.rows.some((row) => row.label === 'c: computing'), f.rows.map((row) => row.label).join('; '));
  assert.ok(f.notes.some((n) => n.includes('skipped (pass --hpy DIR)')), f.notes.join('; '));
}

// Without --hpy figure 15 times both parts on hpy-node only: a row for each
// C loop, each loop also timed in short calls, and each JSON operation, no target (each is a ratio to CPython),
// and a note of what it skipped.
function figure15WithoutHpy(f: FigureResult): void {
  const labels = f.rows.map((row) => row.label);
  assert.deepEqual(labels, [
    ...Object.keys(LOOPS).map((k) => `a: ${k}`),
    ...SHORT_LOOPS.map((k) => `a: ${shortLabel(k)}`),
    ...JSON_OPS.map((op) => `b: ${op}`),
  ]);
  assert.deepEqual(f.targets, []);
  assert.ok(f.notes.some((n) => n.includes('skipped (pass --hpy DIR)')), f.notes.join('; '));
}

for (const figure of FIGURES) {
  test(`figure ${figure.id} alone (quick): every number sane, a loop per variant`, { timeout: 120_000 }, async () => {
    const r = await alone(figure.id);
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
      if (f.id === 13) figure13WithoutHpy(f);
      if (f.id === 15) figure15WithoutHpy(f);
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
  });
}
