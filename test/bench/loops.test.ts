// The benchmark's JavaScript loops are one compiled function per figure and
// variant (bench/js-loops.ts), so no two variants share a call site's type
// feedback through V8's cache of `new Function` by source text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { interleave } from '../../bench/lib';
import { asVariant, asVariantAsync, LoopRegistry } from '../../bench/js-loops';

const BENCH = join(__dirname, '..', '..', 'bench');

test('a figure cannot compile two loops for one variant; other figures and variants get loops of their own text', () => {
  const registry = new LoopRegistry();
  const f3 = registry.forFigure(3);
  f3.callLoop('universal', (a, b) => a + b);
  assert.throws(() => f3.callLoop('universal', (a, b) => a - b), /figure 3 compiled a second loop for variant "universal"/);
  registry.forFigure(4).callLoop('universal', (a, b) => a + b);
  f3.callLoop('trace', (a, b) => a + b);
  const sources = registry.loops.map((l) => l.source);
  assert.equal(new Set(sources).size, 3, sources.join('\n'));
  assert.throws(() => f3.compile('a */ b', [], ''), /without "\*\/"/);
});

test('a loop that runs for two variants of interleave throws', () => {
  const loop = new LoopRegistry().forFigure(5).callLoop('add()', (a, b) => a + b);
  assert.throws(() => interleave(1, { add: () => loop(10), addHooked: () => loop(10) }), /figure 5's loop "add\(\)" ran for variants add and addHooked/);
});

test('a loop per variant runs in interleave, and is recorded with the variant it ran for', () => {
  const registry = new LoopRegistry();
  const f = registry.forFigure(9);
  const a = f.callLoop('a', (x, y) => x + y);
  const b = f.callLoop('b', (x, y) => y + x);
  const r = interleave(2, { a: () => a(100), b: () => b(100) });
  assert.ok(r.a.median > 0 && r.b.median > 0);
  assert.deepEqual(
    registry.loops.map((l) => [l.variant, l.ranFor]),
    [['a', 'a'], ['b', 'b']],
  );
  // Outside interleave a loop belongs to whichever variant asVariant names.
  asVariant('b', () => b(1));
  assert.throws(() => asVariant('c', () => b(1)), /ran for variants b and c/);
});

test('an awaiting variant owns the loops it runs after an await; two awaiting variants at once are refused', async () => {
  const registry = new LoopRegistry();
  const loop = registry.forFigure(13).compile('after a turn', [], 'return 1;');
  const turn = () => new Promise((r) => setImmediate(r));
  await asVariantAsync('a', async () => {
    await turn();
    loop();
  });
  assert.equal(registry.loops[0].ranFor, 'a');
  await assert.rejects(asVariantAsync('b', async () => {
    await turn();
    loop();
  }), /ran for variants a and b/);
  // Outside any variant after it, a loop runs as nobody's again.
  loop();
  const pending = asVariantAsync('c', turn);
  await assert.rejects(asVariantAsync('d', turn), /variant d started while another awaiting variant was running/);
  await pending;
});

test('a loop checks its sum, so a call that returns the wrong value fails the run', () => {
  const loop = new LoopRegistry().forFigure(3).callLoop('broken', () => 4);
  assert.throws(() => loop(10), /summed to 40 over 10 calls, expected 30/);
});

test('no file of bench/ but js-loops.ts compiles code (new Function, eval)', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((e) => {
      const p = join(dir, e);
      if (e === 'node_modules' || e === 'build') return [];
      return statSync(p).isDirectory() ? files(p) : /\.(ts|js|mjs)$/.test(e) ? [p] : [];
    });
  const compiling = files(BENCH)
    .filter((p) => relative(BENCH, p) !== 'js-loops.ts')
    // bench/instructions/ runs one loop under cachegrind, outside the benchmark.
    .filter((p) => !relative(BENCH, p).startsWith('instructions'))
    .filter((p) => /\bnew Function\b|\beval\(/.test(readFileSync(p, 'utf8')));
  assert.deepEqual(compiling.map((p) => relative(BENCH, p)), []);
});
