// Figure 1: ns per HPy context call from C, universal vs trace mode, in three
// C loops (two context calls per iteration). Trace overhead = trace -
// universal, per context call; ratio = trace / universal.
import { BenchContext, Figure, FigureResult, Row, fmt, interleave } from '../lib';
import { LOOP_NAMES, LoopName, perCall } from '../context-loops';

export interface ContextCallFigures {
  /** Per loop: ns per context call in each mode, overhead and ratio. */
  loops: Partial<Record<LoopName, { universalNs: number; traceNs: number; overheadNs: number; ratio: number }>>;
  /** Median overhead over the loops that ran (the headline number). */
  overheadNs: number;
}

export const figure1: Figure & { last?: ContextCallFigures } = {
  id: 1,
  title: 'Per context call (C loops): universal vs trace',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.loopIterations;
    const rows: Row[] = [];
    const notes: string[] = [];
    const raw: Record<string, unknown> = {};
    const loops: ContextCallFigures['loops'] = {};
    // A loop that raises ends the run: a figure with a row missing is not a figure.
    for (const loop of LOOP_NAMES) {
      const r = interleave(ctx.config.runs, {
        universal: () => perCall(ctx.universal, loop, n),
        trace: () => perCall(ctx.trace, loop, n),
      });
      raw[loop] = r;
      const u = r.universal.median;
      const t = r.trace.median;
      // The overhead from paired runs (same round), whose median cancels drift.
      const diffs = r.trace.samples.map((x, i) => x - r.universal.samples[i]);
      const overhead = diffs.sort((a, b) => a - b)[diffs.length >> 1];
      loops[loop] = { universalNs: u, traceNs: t, overheadNs: overhead, ratio: t / u };
      rows.push({ label: `${loop}: universal`, value: fmt(u), unit: 'ns/call' });
      rows.push({ label: `${loop}: trace`, value: fmt(t), unit: 'ns/call' });
      rows.push({ label: `${loop}: overhead (ratio)`, value: fmt(overhead), unit: 'ns/call', note: `${fmt(t / u, 2)}x` });
    }
    const overheads = Object.values(loops).map((l) => l!.overheadNs).sort((a, b) => a - b);
    const overheadNs = overheads.length ? overheads[overheads.length >> 1] : NaN;
    this.last = { loops, overheadNs };
    return { id: 1, title: this.title, rows, targets: [], notes, raw: { iterations: n, loops, overheadNs, samples: raw } };
  },
};
