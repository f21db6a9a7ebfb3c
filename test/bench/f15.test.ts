// Figure 15's pieces do what the figure says: every C loop of containers.c
// runs and gives its expected sum, the JSON-like codec gives the document
// back, and each variant's JavaScript function is its own (bench/js-loops.ts).
// CPython's side runs with --hpy only (the smoke test does not pass it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interleaveAsync } from '../../bench/figures/f13-common';
import { JSON_OPS, jsonDocument, jsonVariants } from '../../bench/figures/f15-json';
import { LOOPS, SHORT, SHORT_LOOPS, loopVariants, shortLabel, shortLoopVariants } from '../../bench/figures/f15-loops';
import { LoopRegistry } from '../../bench/js-loops';

test('figure 15 (a): every C loop runs with its operand and checks its sum, each from a function of its own', { timeout: 60_000 }, async () => {
  const registry = new LoopRegistry();
  // The variants throw when a loop's sum is not its `per` times n.
  const r = await interleaveAsync(1, loopVariants(registry.forFigure(15), 500));
  const labels = Object.keys(LOOPS);
  assert.deepEqual(Object.keys(r), labels);
  for (const k of labels) assert.ok(r[k as keyof typeof r].samples.every((ns) => ns > 0), k);
  assert.deepEqual(
    registry.loops.map((l) => [l.figure, l.variant, l.ranFor]),
    labels.map((k) => [15, `a: ${k}`, k]),
  );
  // The loops that take an operand pass it; the others do not read one.
  for (const l of registry.loops) assert.match(l.source, 'operand' in LOOPS[l.ranFor as keyof typeof LOOPS] ? /return f\(n, x\);$/ : /return f\(n\);$/);
});

test('figure 15 (a): the loops also timed in calls of SHORT iterations run with their operands and check their sums, each from a function of its own', { timeout: 60_000 }, async () => {
  const registry = new LoopRegistry();
  // The variants throw when a sum is not `per` times SHORT times the calls.
  const r = await interleaveAsync(1, shortLoopVariants(registry.forFigure(15), 2 * SHORT));
  const labels = SHORT_LOOPS.map(shortLabel);
  assert.deepEqual(Object.keys(r), labels);
  for (const k of labels) assert.ok(r[k].samples.every((ns) => ns > 0), k);
  assert.deepEqual(
    registry.loops.map((l) => [l.figure, l.variant]),
    labels.map((k) => [15, `a: ${k}`]),
  );
});

test('figure 15 (b): the codec round-trips the document; each operation has its own loop and checks its result', { timeout: 60_000 }, async () => {
  const text = jsonDocument(3);
  const doc = JSON.parse(text) as { records: Array<Record<string, unknown>> };
  assert.equal(doc.records.length, 3);
  // What the codec must get through: escapes, non-ASCII, nesting, null.
  assert.ok(text.includes('\\"quoted\\"\\n') && text.includes('Zürich') && text.includes('"pos":{') && text.includes('null'), text);
  const registry = new LoopRegistry();
  // jsonVariants throws unless encode(decode(text)) is the text.
  const r = await interleaveAsync(1, jsonVariants(registry.forFigure(15), text, 2));
  assert.deepEqual(Object.keys(r), [...JSON_OPS]);
  for (const op of JSON_OPS) assert.ok(r[op].samples.every((ns) => ns > 0), op);
  assert.deepEqual(
    registry.loops.map((l) => [l.variant, l.ranFor]),
    JSON_OPS.map((op) => [`b: ${op}`, op]),
  );
});
