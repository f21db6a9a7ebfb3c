// Figure 13's pieces do what the figure says: the geometry library gives the
// same numbers on hpy-node as its JavaScript twin, HPy's hpy_simple.c gets
// the NULL its foo_defines lacks, every C loop of objects.c runs and checks
// its result (on CPython the same file runs with --hpy only), and each
// variant's JavaScript loop is its own, awaits included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { C_LOOPS, SHORT, SHORT_LOOPS, cLoopVariants } from '../../bench/figures/f13-c-loops';
import { interleaveAsync, tick } from '../../bench/figures/f13-common';
import { addFooDefinesNull } from '../../bench/figures/f13-hpy';
import { buildOps, geometryRunner, hpyGeometry, twinGeometry } from '../../bench/figures/f13-geometry';
import { Box, Polygon, Segment, Vec } from '../../bench/js-twin/geometry';
import { LoopRegistry } from '../../bench/js-loops';
import { typeSlot } from '../../src/index';

test('figure 13: the geometry library on hpy-node and its JavaScript twin give the same results', { timeout: 60_000 }, async () => {
  const loops = new LoopRegistry().forFigure(13);
  const hpy = geometryRunner(loops, hpyGeometry(), 'hpy-node');
  const twin = geometryRunner(loops, twinGeometry(), 'JS twin');
  for (const g of [hpy, twin]) {
    assert.ok((await g.build(40)) > 0);
    assert.ok(g.compute(2) > 0);
  }
  assert.ok(Number.isFinite(hpy.checksums.build) && hpy.checksums.build !== 0);
  assert.deepEqual(hpy.checksums, twin.checksums);
  assert.equal(buildOps(16), 14 * 16 + 3);
  assert.equal(buildOps(17), 14 * 17 + 6);
});

test('figure 13: the HPy types behave as their twins: operators by slot, fields, keywords, type checks', () => {
  const m = hpyGeometry();
  const libs = [m, twinGeometry()];
  const results = libs.map((L) => {
    const V = L.Vec as new (...a: unknown[]) => Vec;
    const S = L.Segment as new (...a: unknown[]) => Segment;
    const B = L.Box as new (...a: unknown[]) => Box;
    const P = L.Polygon as new (...a: unknown[]) => Polygon;
    const a = new V(1, 2), b = new V(L.kw({ x: 3, y: -1 }));
    const c = a[typeSlot('nb_add') as never] as unknown as (o: unknown) => Vec;
    const sum = c.call(a, b);
    const neg = (sum as never as Record<symbol, () => Vec>)[typeSlot('nb_negative')]();
    const seg = new S(L.kw({ a, b }));
    const box = (new B(a, b) as never as Record<symbol, (o: unknown) => Box>)[typeSlot('nb_or')](new B(neg, a));
    const poly = new P([new V(0, 0), new V(4, 0), new V(4, 3), new V(0, 3)]);
    const eq = (a as never as Record<symbol, (o: unknown, op: number) => boolean>)[typeSlot('tp_richcompare')];
    return [sum.x, sum.y, neg.x, seg.length(), seg.lerp(L.kw({ t: 0.25 }) as { t: number }).y, box.area(), poly.area(), poly.perimeter(),
      poly.contains(new V(1, 1)), eq.call(a, new V(1, 2), 2), eq.call(a, b, 2)];
  });
  assert.deepEqual(results[0], results[1]);
  assert.deepEqual(results[0], [4, 1, -4, Math.sqrt(13), 1.25, 7 * 3, 12, 14, true, true, false]);
  const S = m.Segment as new (...a: unknown[]) => unknown;
  assert.throws(() => new S(1, 2), TypeError);
});

test("figure 13: HPy's hpy_simple.c gets the NULL that ends foo_defines, once", () => {
  const src = 'static HPyDef *foo_defines[] = {\n    &noargs,\n    &Foo_len,\n};\nstatic HPyDef *module_defines[] = {\n    &noargs,\n    NULL\n};\n';
  const patched = addFooDefinesNull(src);
  assert.match(patched, /&Foo_len,\n {4}NULL[^\n]*\n\};\nstatic HPyDef \*module_defines/);
  assert.equal(addFooDefinesNull(patched), patched);
  assert.throws(() => addFooDefinesNull('int x;'), /no foo_defines/);
});

test('figure 13: every C loop of objects.c runs on hpy-node and returns what it should', { timeout: 60_000 }, async () => {
  const registry = new LoopRegistry();
  const variants = cLoopVariants(registry.forFigure(13), 2000, 1000);
  assert.deepEqual(Object.keys(variants), [...C_LOOPS, ...SHORT_LOOPS.map((k) => `${k} short`)]);
  for (const [k, run] of Object.entries(variants)) {
    const ns = await run();
    assert.ok(Number.isFinite(ns) && ns > 0, `${k}: ${ns}`);
  }
  // The short loops are JavaScript loops of C calls: one each.
  assert.deepEqual(registry.loops.map((l) => l.variant), SHORT_LOOPS.map((k) => `b: ${k}, loops of ${SHORT}`));
});

test("figure 13: interleaveAsync runs each variant as itself across its awaits: a loop shared by two variants throws", async () => {
  const registry = new LoopRegistry();
  const loops = registry.forFigure(13);
  const own = { a: loops.compile('own a', ['n'], 'return n;'), b: loops.compile('own b', ['n'], 'return n;') };
  // Each loop runs after a turn of the event loop, as Foo() and the building phase do.
  const after = (loop: (n: number) => unknown) => async () => {
    await tick();
    return loop(1) as number;
  };
  const r = await interleaveAsync(2, { a: after(own.a), b: after(own.b) });
  assert.deepEqual([r.a.samples, r.b.samples], [[1, 1], [1, 1]]);
  assert.deepEqual(registry.loops.map((l) => l.ranFor), ['a', 'b']);
  const shared = loops.compile('shared', ['n'], 'return n;');
  await assert.rejects(interleaveAsync(1, { a: after(shared), b: after(shared) }), /figure 13's loop "shared" ran for variants a and b/);
});
