// Shared by figure 13's three parts: timing variants that may await (a
// collection, a finalizer's turn), interleaved as lib.ts's interleave does.
// Their JavaScript loops come from bench/js-loops.ts, one per variant.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asVariantAsync } from '../js-loops';
import { median } from '../lib';

export type Samples = { median: number; samples: number[] };

/** lib.ts's interleave for variants that may be async: one warm-up call of
 * each, then `runs` rounds in rotating order; ns per unit, medians. Each
 * call runs as its variant, awaits included, so a loop that serves two
 * variants throws (bench/js-loops.ts). `afterRound` runs after the warm-up
 * and after each round, as no variant (the other host's round: figure 13
 * alternates hpy-node's and CPython's). */
export async function interleaveAsync<K extends string>(
  runs: number,
  variants: Record<K, () => number | Promise<number>>,
  afterRound: () => Promise<void> = async () => {},
): Promise<Record<K, Samples>> {
  const keys = Object.keys(variants) as K[];
  const run = (k: K): Promise<number> => asVariantAsync(k, async () => variants[k]());
  for (const k of keys) await run(k);
  await afterRound();
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(r + j) % keys.length];
      samples[k].push(await run(k));
    }
    await afterRound();
  }
  return Object.fromEntries(keys.map((k) => [k, { median: median(samples[k]), samples: samples[k] }])) as Record<K, Samples>;
}

/** V8's gc(), without --expose-gc on the command line. */
export function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** One turn of the event loop: Node-API finalizers queued by a collection run. */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The median of paired differences a[i] - b[i] (same round: drift cancels). */
export function pairedDiff(a: number[], b: number[]): number {
  return median(a.map((x, i) => x - b[i]));
}
