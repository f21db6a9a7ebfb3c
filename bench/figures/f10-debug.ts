// Figure 10: what debug mode costs per context call, side by side with
// universal, trace and debug+trace in one run: the same C loops as figure 1
// (two context calls per iteration) in four copies of the module. Targets:
// debug adds at most 6.5 ns per call (HPy's own debug mode on CPython, issue
// 12), and debug+trace costs at most the sum of the two overheads (plus
// 1 ns of noise). Memory: bytes of debug state per open handle.
import { native } from '../../src/native';
import { BenchContext, Figure, FigureResult, Row, fmt, interleave, loadLoops, target } from '../lib';
import { LOOP_NAMES, LoopName, perCall } from '../context-loops';

// Median of paired differences a - b (same round), which cancels drift.
function pairedOverhead(a: number[], b: number[]): number {
  const d = a.map((x, i) => x - b[i]).sort((p, q) => p - q);
  return d[d.length >> 1];
}

export const DEBUG_TARGET_NS = 6.5;

export const figure10: Figure = {
  id: 10,
  title: 'Per context call (C loops): universal vs debug vs trace vs debug+trace',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.loopIterations;
    const debug = loadLoops('bench_loops_debug', 'debug');
    const debugTrace = loadLoops('bench_loops_debugtrace', 'debug+trace');
    const rows: Row[] = [];
    const raw: Record<string, unknown> = {};
    const debugOverheads: number[] = [];
    const sumExcess: number[] = [];
    for (const loop of LOOP_NAMES) {
      const r = interleave(ctx.config.runs, {
        universal: () => perCall(ctx.universal, loop, n),
        debug: () => perCall(debug, loop, n),
        trace: () => perCall(ctx.trace, loop, n),
        debugTrace: () => perCall(debugTrace, loop, n),
      });
      raw[loop] = r;
      const d = pairedOverhead(r.debug.samples, r.universal.samples);
      const t = pairedOverhead(r.trace.samples, r.universal.samples);
      const dt = pairedOverhead(r.debugTrace.samples, r.universal.samples);
      debugOverheads.push(d);
      sumExcess.push(dt - (d + t));
      rows.push({ label: `${loop}: universal / debug`, value: `${fmt(r.universal.median)} / ${fmt(r.debug.median)}`, unit: 'ns/call' });
      rows.push({ label: `${loop}: trace / debug+trace`, value: `${fmt(r.trace.median)} / ${fmt(r.debugTrace.median)}`, unit: 'ns/call' });
      rows.push({ label: `${loop}: debug overhead`, value: fmt(d), unit: 'ns/call', note: `debug+trace adds ${fmt(dt)} (debug + trace: ${fmt(d + t)})` });
    }
    const sorted = [...debugOverheads].sort((a, b) => a - b);
    const overhead = sorted[sorted.length >> 1];
    const excess = [...sumExcess].sort((a, b) => a - b)[sumExcess.length >> 1];
    const bytes = native.debugSetting('bytesPerHandle');
    rows.push({ label: 'debug overhead (median of the loops)', value: fmt(overhead), unit: 'ns/call' });
    rows.push({ label: 'debug state per open handle', value: bytes, unit: 'bytes' });
    return {
      id: 10,
      title: this.title,
      rows,
      targets: [
        target(`debug mode adds <= ${DEBUG_TARGET_NS} ns per context call`, overhead, 'max', DEBUG_TARGET_NS),
        target('debug+trace costs <= debug + trace (+1 ns)', excess, 'max', 1),
      ],
      notes: [],
      raw: { iterations: n, overheadNs: overhead, sumExcessNs: excess, bytesPerHandle: bytes, samples: raw },
    };
  },
};
