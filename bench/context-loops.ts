// The C loops of figures 1 and 10: two context calls per iteration, timed
// per context call in one module.
import { LoopsModule, nowNs } from './lib';

export type LoopName = 'Add+Close' | 'Dup+Close' | 'LongFromInt64+Close';

export const LOOPS: Record<LoopName, (m: LoopsModule, n: number) => number> = {
  'Add+Close': (m, n) => m.loop_add(n, 1, 2),
  'Dup+Close': (m, n) => m.loop_dup(n, 7),
  'LongFromInt64+Close': (m, n) => m.loop_long(n),
};

export const LOOP_NAMES = Object.keys(LOOPS) as LoopName[];

/** ns per context call of one loop in one module (2 calls per iteration). */
export function perCall(m: LoopsModule, loop: LoopName, n: number): number {
  const t0 = nowNs();
  const done = LOOPS[loop](m, n);
  const ns = (nowNs() - t0) / (2 * n);
  if (done !== n) throw new Error(`bench: ${loop} ran ${done} iterations, expected ${n}`);
  return ns;
}
