// Figure 15 (a): the string and container context calls in C loops
// (bench/extensions/containers.c), on hpy-node. Each variant is one call of
// a C loop of n iterations, made from a JavaScript function of its own
// (bench/js-loops.ts), so no variant's call site is shared with another's;
// the figure subtracts the empty loop's time per iteration. hpy-cpython/containers.py
// runs the same loops, with the same operands, on CPython.
import { load } from '../../src/index';
import type { FigureLoops } from '../js-loops';
import { buildBenchExtension, nowNs } from '../lib';

/** What one iteration does, by the loop's label; `loop` is its function in
 * containers.c, `operand` the value it gets after n (OPERANDS), `per` what
 * it adds to its sum per iteration. */
export const LOOPS = {
  empty: { loop: 'loop_empty', per: 1, note: 'the loop alone (subtracted from the others)' },
  'FromString ascii': { loop: 'loop_unicode_from_ascii', per: 1, note: 'HPyUnicode_FromString("hello, world") + HPy_Close' },
  'FromString non-ascii': { loop: 'loop_unicode_from_non_ascii', per: 1, note: 'HPyUnicode_FromString("héllo, wörld ✓") + HPy_Close' },
  'FromString 1 KB': { loop: 'loop_unicode_from_1k', per: 1, note: 'HPyUnicode_FromString of 1024 ASCII bytes + HPy_Close' },
  'From + AsUTF8AndSize ascii': { loop: 'loop_unicode_roundtrip_ascii', per: 12, note: 'the same + HPyUnicode_AsUTF8AndSize' },
  'From + AsUTF8AndSize non-ascii': { loop: 'loop_unicode_roundtrip_non_ascii', per: 18, note: 'the same, non-ASCII' },
  'AsUTF8AndSize 1 KB': { loop: 'loop_unicode_as', per: 1024, operand: 'str1k', note: 'of a 1 KB ASCII string' },
  'AsUTF8AndSize 1 KB non-ascii': { loop: 'loop_unicode_as', per: 1025, operand: 'str1kNonAscii', note: 'of a 1 KB string with one é' },
  'HPyBytes_*': { loop: 'loop_bytes', per: 12, note: '_FromStringAndSize(12), _AsString, _Size + HPy_Close' },
  'dict _s': { loop: 'loop_dict_s', per: 7, note: 'HPyDict_New, HPy_SetItem_s, HPy_GetItem_s of a long, 3 closes' },
  'dict handle key': { loop: 'loop_dict_h', per: 8, operand: 'key', note: 'HPyDict_New, HPy_SetItem, HPy_GetItem, HPy_Contains, 3 closes' },
  'HPy_GetItem_s': { loop: 'loop_dict_get_s', per: 2, operand: 'dict4', note: 'of a dict of 4 + HPyLong_AsLong + HPy_Close' },
  'HPyDict_Keys': { loop: 'loop_dict_keys', per: 4, operand: 'dict4', note: 'of a dict of 4 + HPy_Length + HPy_Close' },
  HPyListBuilder: { loop: 'loop_list_builder', per: 4, note: '_New(4), 4x (FromDouble, _Set, Close), _Build, HPy_Length, Close' },
  HPyTupleBuilder: { loop: 'loop_tuple_builder', per: 1, operand: 'float', note: '_New(2), 2x _Set, _Build + HPy_Close' },
  HPyTuple_FromArray: { loop: 'loop_tuple_array', per: 1, operand: 'float', note: '(2 items) + HPy_Close' },
  HPyList_Append: { loop: 'loop_list_append', per: 4, note: 'HPyList_New(0), 4x (FromDouble, _Append, Close), HPy_Length, Close' },
  'HPy_GetItem_i/SetItem_i': { loop: 'loop_list_getset_i', per: 2.5, operand: 'list', note: 'on a list: GetItem_i + AsDouble + SetItem_i + Close' },
  'HPy_GetAttr_s': { loop: 'loop_getattr_s', per: 1, note: 'on the module + HPy_Close' },
  'HPy_SetAttr_s': { loop: 'loop_setattr_s', per: 1, operand: 'obj', note: 'on a plain object' },
  'HPy_Call': { loop: 'loop_call', per: 3, operand: 'add', note: 'f(1.0, 2.0) + AsDouble + Close' },
  'HPy_Call keywords': { loop: 'loop_call_kw', per: 3, operand: 'add', note: 'f(1.0, b=2.0) + AsDouble + Close' },
  'HPy_CallTupleDict': { loop: 'loop_call_tuple', per: 3, operand: 'add', note: 'f(*(1.0, 2.0)) + AsDouble + Close' },
} as const;
export type Loop = keyof typeof LOOPS;

/** The operands on hpy-node. A keyword argument reaches a JavaScript
 * function as a trailing options object ({ b: 2 }). */
function operands(): Record<string, unknown> {
  const str1k = 'abcdefghijklmnopqrstuvwxyz'.repeat(40).slice(0, 1024);
  return {
    str1k,
    str1kNonAscii: `é${str1k.slice(1)}`,
    key: 'key',
    dict4: { a: 1, b: 2, c: 3, d: 4 },
    float: 1.5,
    list: [1.5, 2.5, 3.5],
    obj: {},
    add: (a: number, b: number | { b: number }) => a + (typeof b === 'object' ? b.b : b),
  };
}

type LoopFn = (n: number, operand?: unknown) => number;

/** One timed variant per loop, each calling its C function through its
 * own compiled function from `loops`: ns per iteration of `n`. */
export function loopVariants(loops: FigureLoops, n: number): Record<Loop, () => number> {
  const m = load(buildBenchExtension('containers.c', 'bench_containers'), { mode: 'universal' }) as unknown as Record<string, LoopFn>;
  const ops = operands();
  const variants = {} as Record<Loop, () => number>;
  for (const [label, spec] of Object.entries(LOOPS) as [Loop, (typeof LOOPS)[Loop]][]) {
    const operand = 'operand' in spec ? ops[spec.operand] : undefined;
    const call = loops.compile(`a: ${label}`, ['f', 'n', 'x'], operand === undefined ? 'return f(n);' : 'return f(n, x);');
    variants[label] = () => {
      const t0 = nowNs();
      const s = call(m[spec.loop], n, operand);
      const ns = (nowNs() - t0) / n;
      if (s !== spec.per * n) throw new Error(`bench: figure 15: ${spec.loop}(${n}) returned ${String(s)}, expected ${spec.per * n}`);
      return ns;
    };
  }
  return variants;
}

/** Loops also timed in calls of SHORT iterations (n / SHORT calls), on
 * hpy-node: a C function looping in one call keeps every value it made and
 * did not free until it returns, unless its frame drops them
 * (native/src/universal/frame_scopes.cc); the long call's cost beside the
 * short calls' shows whether it does. */
export const SHORT = 1000;
export const SHORT_LOOPS = ['From + AsUTF8AndSize ascii', 'dict _s', 'HPyListBuilder', 'HPyTuple_FromArray', 'HPyList_Append'] as const satisfies readonly Loop[];
export type ShortLoop = `${(typeof SHORT_LOOPS)[number]}, calls of ${typeof SHORT}`;
export const shortLabel = (k: (typeof SHORT_LOOPS)[number]): ShortLoop => `${k}, calls of ${SHORT}`;

/** One timed variant per SHORT_LOOPS entry: n / SHORT calls of its C loop
 * of SHORT iterations, from a JavaScript loop of its own; ns per iteration. */
export function shortLoopVariants(loops: FigureLoops, n: number): Record<ShortLoop, () => number> {
  const m = load(buildBenchExtension('containers.c', 'bench_containers'), { mode: 'universal' }) as unknown as Record<string, LoopFn>;
  const ops = operands();
  const chunks = Math.max(1, Math.floor(n / SHORT));
  const variants = {} as Record<ShortLoop, () => number>;
  for (const k of SHORT_LOOPS) {
    const spec: (typeof LOOPS)[Loop] = LOOPS[k];
    const operand = 'operand' in spec ? ops[spec.operand] : undefined;
    const args = operand === undefined ? 'size' : 'size, x';
    const call = loops.compile(`a: ${shortLabel(k)}`, ['f', 'chunks', 'size', 'x'], `let s = 0; for (let i = 0; i < chunks; i++) s += f(${args}); return s;`);
    variants[shortLabel(k)] = () => {
      const t0 = nowNs();
      const s = call(m[spec.loop], chunks, SHORT, operand);
      const ns = (nowNs() - t0) / (chunks * SHORT);
      if (s !== spec.per * chunks * SHORT) throw new Error(`bench: figure 15: ${spec.loop}(${SHORT}) x ${chunks} returned ${String(s)}`);
      return ns;
    };
  }
  return variants;
}
