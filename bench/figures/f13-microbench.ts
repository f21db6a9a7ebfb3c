// Figure 13 (a): HPy's own microbenchmarks (microbench/src/hpy_simple.c of
// HPy 0.9.0, the binary HPy's toolchain built) on hpy-node:
// test_microbench.py's loops written in JavaScript, a loop per operation
// (bench/js-loops.ts). len(obj) and obj[0] call the sq_length and sq_item slots by their
// typeSlot symbols (JavaScript has no len() or [] protocol). None is
// undefined. Foo() is TestType.test_allocate_obj: n instances stored in a
// preallocated array, the array dropped, one forced collection and a turn
// of the event loop (the Node-API finalizers) timed with them.
import { load, typeSlot, Tuple } from '../../src/index';
import type { FigureLoops } from '../js-loops';
import { nowNs } from '../lib';
import { exposedGc, tick } from './f13-common';

/** The operations of issue 18's table, in its order. */
export const MICRO_OPS = [
  'noargs()', 'onearg(None)', 'varargs(None, None)', 'call_with_tuple(f, (1, 2))', 'allocate_int()', 'allocate_tuple()',
  'Foo()', 'obj.noargs()', 'obj.onearg(None)', 'len(obj)', 'obj[0]',
] as const;
export type MicroOp = (typeof MICRO_OPS)[number];

// Each body counts what it checks into c; `expect` is c's value after n.
const BODIES: Record<Exclude<MicroOp, 'Foo()'>, { body: string; expect: (n: number) => number }> = {
  'noargs()': { body: 'if (m.noargs() === undefined) c++;', expect: (n) => n },
  'onearg(None)': { body: 'if (m.onearg(undefined) === undefined) c++;', expect: (n) => n },
  'varargs(None, None)': { body: 'if (m.varargs(undefined, undefined) === undefined) c++;', expect: (n) => n },
  'call_with_tuple(f, (1, 2))': { body: 'c += m.call_with_tuple(f, t);', expect: (n) => 3 * n },
  'allocate_int()': { body: 'c += m.allocate_int();', expect: (n) => 2048 * n },
  'allocate_tuple()': { body: 'if (m.allocate_tuple() !== undefined) c++;', expect: (n) => n },
  'obj.noargs()': { body: 'if (obj.noargs() === undefined) c++;', expect: (n) => n },
  'obj.onearg(None)': { body: 'if (obj.onearg(undefined) === undefined) c++;', expect: (n) => n },
  'len(obj)': { body: 'c += obj[LEN]();', expect: (n) => 42 * n },
  'obj[0]': { body: 'if (obj[ITEM](0) === undefined) c++;', expect: (n) => n },
};

interface SimpleModule {
  Foo: new () => object;
  [name: string]: unknown;
}

type Env = { m: SimpleModule; obj: object; t: unknown; LEN: symbol; ITEM: symbol };

/** One timed variant per operation, each with its loop from `loops`: ns
 * per operation of `n`. */
export function microVariants(loops: FigureLoops, binary: string, n: number): Record<MicroOp, () => number | Promise<number>> {
  const m = load(binary, { mode: 'universal' }) as unknown as SimpleModule;
  const env: Env = { m, obj: new m.Foo(), t: Object.freeze([1, 2]), LEN: typeSlot('sq_length'), ITEM: typeSlot('sq_item') };
  if (!(env.t instanceof Tuple)) throw new Error('bench: figure 13: a frozen array is not a Tuple');
  const variants = {} as Record<MicroOp, () => number | Promise<number>>;
  for (const [op, { body, expect }] of Object.entries(BODIES) as [Exclude<MicroOp, 'Foo()'>, (typeof BODIES)[keyof typeof BODIES]][]) {
    const loop = loops.compile(`a: ${op}`, ['e', 'n'],
      `const { m, obj, t, LEN, ITEM } = e; const f = (a, b) => a + b; let c = 0;\nfor (let i = 0; i < n; i++) { ${body} }\nreturn c;`);
    variants[op] = () => {
      const t0 = nowNs();
      const c = loop(env, n);
      const ns = (nowNs() - t0) / n;
      if (c !== expect(n)) throw new Error(`bench: figure 13: ${op} counted ${String(c)} over ${n} calls, expected ${expect(n)}`);
      return ns;
    };
  }
  const gc = exposedGc();
  const fill = loops.compile('a: Foo()', ['Foo', 'objs', 'n'], 'for (let i = 0; i < n; i++) objs[i] = new Foo();');
  variants['Foo()'] = async () => {
    let objs: unknown[] | undefined = new Array(n).fill(undefined);
    gc();
    await tick();
    const t0 = nowNs();
    fill(m.Foo, objs, n);
    if (!(objs[n - 1] instanceof m.Foo)) throw new Error('bench: figure 13: Foo() made no instance');
    objs = undefined;
    gc();
    await tick();
    return (nowNs() - t0) / n;
  };
  return variants;
}
