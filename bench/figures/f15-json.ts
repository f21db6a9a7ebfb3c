// Figure 15 (b): the JSON-like codec of bench/extensions/containers_json.c
// on hpy-node, beside JSON.parse and JSON.stringify of the same document.
// The document is made here and handed to CPython as text: records with
// nested dicts, lists, ASCII and non-ASCII strings with escapes, ints,
// floats that print alike in C's %.17g and JavaScript, booleans and null.
import { load } from '../../src/index';
import type { FigureLoops } from '../js-loops';
import { buildBenchExtension, nowNs } from '../lib';

export const JSON_OPS = ['decode', 'encode', 'JSON.parse', 'JSON.stringify'] as const;
export type JsonOp = (typeof JSON_OPS)[number];

/** The document: `records` records of about 200 bytes each. */
export function jsonDocument(records: number): string {
  const out = [];
  for (let i = 0; i < records; i++) {
    out.push({
      id: i,
      name: `user ${i}`,
      city: i % 3 ? 'Zürich' : 'Paris',
      note: i % 5 ? 'plain text' : 'a "quoted"\nline',
      score: (i % 16) / 4 + 0.5,
      active: i % 2 === 0,
      manager: i % 7 ? null : i - 1,
      tags: ['a', 'bc', `t${i % 10}`],
      pos: { x: i % 100, y: -(i % 50), z: 0.25 },
    });
  }
  return JSON.stringify({ version: 1, records: out });
}

interface JsonModule {
  decode(text: string): unknown;
  encode(v: unknown): string;
}

/** One timed variant per operation, each with its loop from `loops`: ns per
 * document; `reps` documents per sample. Each checks its result (the round
 * trip gives the text back). */
export function jsonVariants(loops: FigureLoops, text: string, reps: number): Record<JsonOp, () => number> {
  const m = load(buildBenchExtension('containers_json.c', 'bench_json'), { mode: 'universal' }) as unknown as JsonModule;
  const back = m.encode(m.decode(text));
  if (back !== text) throw new Error(`bench: figure 15: encode(decode(text)) differs from the text (${back.length} vs ${text.length} chars)`);
  const value = JSON.parse(text) as unknown;
  const decoded = m.decode(text);
  const timed = (op: JsonOp, body: string, arg: unknown, f: unknown, check: (r: unknown) => boolean) => {
    const loop = loops.compile(`b: ${op}`, ['f', 'x', 'n'], `let r; for (let i = 0; i < n; i++) r = ${body}; return r;`);
    return () => {
      const t0 = nowNs();
      const r = loop(f, arg, reps);
      const ns = (nowNs() - t0) / reps;
      if (!check(r)) throw new Error(`bench: figure 15: ${op} gave a wrong result`);
      return ns;
    };
  };
  const isDoc = (r: unknown) => typeof r === 'object' && r !== null && (r as { records: unknown[] }).records.length === (value as { records: unknown[] }).records.length;
  return {
    decode: timed('decode', 'f.decode(x)', text, m, isDoc),
    encode: timed('encode', 'f.encode(x)', decoded, m, (r) => r === text),
    'JSON.parse': timed('JSON.parse', 'f.parse(x)', text, JSON, isDoc),
    'JSON.stringify': timed('JSON.stringify', 'f.stringify(x)', value, JSON, (r) => r === text),
  };
}
