// Figure 2: the floor. The bare trace primitives (hpy_clock_read twice, the
// relaxed counter updates, hpy_bucket_of) in a tight native loop, from
// native/src/trace/floor.cc; and figure 1's overhead as a multiple of it.
import { native } from '../../src/native';
import { BenchContext, Figure, FigureResult, fmt, interleave, target } from '../lib';
import { figure1 } from './f1-context-calls';

export const figure2: Figure = {
  id: 2,
  title: 'The floor: bare clock reads and counter updates',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.floorIterations;
    const clockSamples: number[] = [];
    const r = interleave(ctx.config.runs, {
      full: () => {
        const f = native.traceFloor(n);
        clockSamples.push(f.clockNs);
        return f.fullNs;
      },
    });
    const clockNs = [...clockSamples].sort((a, b) => a - b)[clockSamples.length >> 1];
    const fullNs = r.full.median;
    const overhead = figure1.last?.overheadNs ?? NaN;
    // The floor: two reads of the clock plus an increment. The full
    // step (count, sum and bucket too) is shown beside it.
    const ratio = overhead / clockNs;
    const fullRatio = overhead / fullNs;
    return {
      id: 2,
      title: this.title,
      rows: [
        { label: 'two clock reads + one increment (the floor)', value: fmt(clockNs), unit: 'ns', note: native.traceClockName() },
        { label: 'full trace step (2 reads, count, sum, bucket)', value: fmt(fullNs), unit: 'ns', note: 'in a tight loop' },
        { label: 'trace overhead / floor', value: fmt(ratio, 2), unit: 'x', note: `${fmt(overhead)} ns / ${fmt(clockNs)} ns` },
        { label: 'trace overhead / full step', value: fmt(fullRatio, 2), unit: 'x', note: 'below 1: in a real call the clock reads overlap other work' },
      ],
      targets: [
        target('trace overhead per context call <= 30 ns', overhead, 'max', 30),
        target('trace overhead <= 1.3x the floor', ratio, 'max', 1.3),
      ],
      notes: [],
      raw: { iterations: n, clockNs, fullNs, clockSamples, fullSamples: r.full.samples, overheadNs: overhead, ratio, fullRatio },
    };
  },
};
