// The benchmark suite still runs: `npm run bench` in its tiny "quick"
// configuration produces every figure of issue 4 and a well-formed results
// file. The numbers of a quick run mean nothing and are not checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIGS } from '../bench/lib';
import { FIGURES, formatTable, runBench } from '../bench/main';

test('npm run bench (quick) produces every figure, with targets and the machine', { timeout: 180_000 }, async () => {
  const r = await runBench(CONFIGS.quick, undefined, () => {});
  assert.deepEqual(r.figures.map((f) => f.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15]);
  assert.equal(FIGURES.length, 14);
  for (const f of r.figures) assert.ok(f.rows.length > 0, `figure ${f.id} has rows`);
  const m = r.machine as { cores: number; node: string; clock: { name: string; frequencyHz: number } };
  assert.ok(m.cores >= 1 && m.node.startsWith('v') && m.clock.name && m.clock.frequencyHz > 0);
  // Every target of the issue is checked somewhere.
  assert.ok(r.targets.length >= 7, `targets: ${r.targets.map((t) => t.text).join('; ')}`);
  for (const t of r.targets) assert.equal(typeof t.pass, 'boolean');
  const table = formatTable(r);
  for (const f of r.figures) assert.match(table, new RegExp(`^${f.id}\\. `, 'm'));
  // Without --hpy, figure 13 still times (b) and (c) on hpy-node and the JS
  // twin, and says what it skipped.
  const f13 = r.figures.find((f) => f.id === 13)!;
  assert.ok(f13.rows.some((row) => row.label.startsWith('b: HPy_New')) && f13.rows.some((row) => row.label === 'c: computing'));
  assert.ok(f13.notes.some((n) => n.includes('skipped (pass --hpy DIR)')), f13.notes.join('; '));
  JSON.parse(JSON.stringify(r)); // results.json is plain data
});
