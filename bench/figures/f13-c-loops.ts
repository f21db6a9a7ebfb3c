// Figure 13 (b): the object model's context calls in C loops
// (bench/extensions/objects.c, built by hpy-node's CLI), on hpy-node. Each
// variant is one call of a loop of n iterations (the short ones: a
// JavaScript loop of calls of C loops, its own per variant); the figure
// subtracts the empty loop's time per iteration. HPy_New's loop is timed until tp_destroy
// ran for every instance it made (forced collections and turns of the event
// loop), so it pays its share of collection, as CPython's pays for freeing
// each instance at HPy_Close.
import { load } from '../../src/index';
import type { FigureLoops } from '../js-loops';
import { buildBenchExtension, nowNs } from '../lib';
import { exposedGc, tick } from './f13-common';

/** The loops, in the order printed; labels say what one iteration calls. */
export const C_LOOPS = [
  'empty', 'HPy_New', 'HPy_AsStruct_Object', 'HPy_TypeCheck', 'HPyField_Store', 'HPyField_Load', 'HPyGlobal_Load',
  'HPyTuple_FromArray', 'HPyTupleBuilder', 'HPy_GetItem_i', 'HPyFloat_AsDouble', 'HPyFloat_FromDouble',
] as const;
export type CLoop = (typeof C_LOOPS)[number];

/** The calls with a target, also timed in short loops on hpy-node: C loops
 * of SHORT iterations, called n / SHORT times from JavaScript. On hpy-node a
 * call made in a long loop costs more than one in a short loop (loaded
 * machine: HPy_AsStruct_Object 38 ns a call in loops of 1,000 or 10,000,
 * 44 at 100,000, 101 at a million; HPyField_Load + HPy_Close 120, 120, 198,
 * 304): something kept per call until the C function returns. The
 * figure's targets use the long loops (n iterations in one call, as on
 * CPython); the short ones show how much of it that is. */
export const SHORT = 1000;
export const SHORT_LOOPS = ['HPy_AsStruct_Object', 'HPy_TypeCheck', 'HPyField_Store', 'HPyField_Load', 'HPyGlobal_Load'] as const;
export type ShortLoop = `${(typeof SHORT_LOOPS)[number]} short`;

/** What else one iteration does besides the named call (the row's note). */
export const C_LOOP_EXTRAS: Partial<Record<CLoop, string>> = {
  HPy_New: '+ HPy_Close, collection included',
  HPyField_Load: '+ HPy_Close',
  HPyGlobal_Load: '+ HPy_Close',
  HPyTuple_FromArray: '(2 items) + HPy_Close',
  HPyTupleBuilder: '_New, 2x _Set, _Build + HPy_Close',
  HPy_GetItem_i: '+ HPyFloat_AsDouble + HPy_Close',
  HPyFloat_FromDouble: '+ HPy_Close',
};

type Loop = (n: number, ...operands: unknown[]) => number;
interface ObjectsModule {
  Obj: new () => { x: number };
  destroyed_total(): number;
  [loop: string]: unknown;
}

/** The C function of each loop but HPy_New's, its result per iteration,
 * and its operands after n. */
type Call = [name: string, expected: number, ...operands: unknown[]];

export function cLoopVariants(loops: FigureLoops, n: number, nNew: number): Record<CLoop | ShortLoop, () => number | Promise<number>> {
  const m = load(buildBenchExtension('objects.c', 'bench_objects'), { mode: 'universal' }) as unknown as ObjectsModule;
  const obj = new m.Obj();
  obj.x = 1.5;
  const t = Object.freeze([2.5, 3.5]);
  (m.loop_field_store as Loop)(1, obj, obj);
  const calls: Record<Exclude<CLoop, 'HPy_New'>, Call> = {
    empty: ['loop_empty', 1],
    HPy_AsStruct_Object: ['loop_asstruct', 1.5, obj],
    HPy_TypeCheck: ['loop_typecheck', 1, obj],
    HPyField_Store: ['loop_field_store', 1, obj, t],
    HPyField_Load: ['loop_field_load', 1, obj],
    HPyGlobal_Load: ['loop_global_load', 1],
    HPyTuple_FromArray: ['loop_tuple_array', 1, 1.5, t],
    HPyTupleBuilder: ['loop_tuple_builder', 1, 1.5, t],
    HPy_GetItem_i: ['loop_getitem_i', 2.5, t],
    HPyFloat_AsDouble: ['loop_float_as', 1.5, 1.5],
    HPyFloat_FromDouble: ['loop_float_from', 1],
  };
  // A sample is one call from JavaScript (the loop is in C): no JavaScript
  // loop to compile.
  const loop = ([name, expected, ...operands]: Call) => () => {
    const t0 = nowNs();
    const s = (m[name] as Loop)(n, ...operands);
    const ns = (nowNs() - t0) / n;
    if (s !== expected * n) throw new Error(`bench: figure 13: ${name}(${n}) returned ${s}, expected ${expected * n}`);
    return ns;
  };
  const chunks = Math.max(1, Math.floor(n / SHORT));
  // `chunks` calls of a C loop of SHORT iterations, in a JavaScript loop of
  // the variant's own (bench/js-loops.ts), the operands passed as the long
  // loop passes them.
  const short = (k: (typeof SHORT_LOOPS)[number]) => {
    const [name, expected, ...operands] = calls[k];
    const args = operands.map((_, i) => `o${i}`);
    const chunked = loops.compile(`b: ${k}, loops of ${SHORT}`, ['f', 'chunks', 'size', ...args],
      `let s = 0; for (let i = 0; i < chunks; i++) s += f(size${args.map((a) => `, ${a}`).join('')}); return s;`);
    return () => {
      const t0 = nowNs();
      const s = chunked(m[name], chunks, SHORT, ...operands);
      const ns = (nowNs() - t0) / (chunks * SHORT);
      if (s !== expected * chunks * SHORT) throw new Error(`bench: figure 13: ${name}(${SHORT}) x ${chunks} returned ${String(s)}`);
      return ns;
    };
  };
  const gc = exposedGc();
  const newLoop = async (): Promise<number> => {
    const target = m.destroyed_total() + nNew;
    const t0 = nowNs();
    const s = (m.loop_new as Loop)(nNew);
    for (let i = 0; i < 100 && m.destroyed_total() < target; i++) {
      gc();
      await tick();
    }
    const ns = (nowNs() - t0) / nNew;
    if (s !== nNew || m.destroyed_total() < target) throw new Error(`bench: figure 13: loop_new made ${s}, ${m.destroyed_total() - target + nNew} of ${nNew} destroyed`);
    return ns;
  };
  return Object.fromEntries([
    ...C_LOOPS.map((k) => [k, k === 'HPy_New' ? newLoop : loop(calls[k])]),
    ...SHORT_LOOPS.map((k) => [`${k} short`, short(k)]),
  ]) as Record<CLoop | ShortLoop, () => number | Promise<number>>;
}
