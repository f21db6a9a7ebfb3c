// Figure 4: what a user would do instead. A JavaScript wrapper around the
// universal add() that times each call and records an OpenTelemetry counter
// and histogram (a real @opentelemetry/sdk-metrics MeterProvider with a
// reader). The instruments hold 189 attribute sets, one per HPy context
// function as trace mode's series do, and successive calls record under
// successive sets. Compared with trace mode in the same run.
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { CTX_NAMES } from '../../src/generated/ctx-names';
import { BenchContext, Figure, FigureResult, fmt, interleave, target } from '../lib';

export const figure4: Figure = {
  id: 4,
  title: 'OpenTelemetry-in-JS wrapper vs trace mode, per call of add()',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const reader = new PrometheusExporter({ preventServerStart: true });
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('bench-wrapper');
    const counter = meter.createCounter('hpy.api.calls', { unit: '{call}' });
    const histogram = meter.createHistogram('hpy.api.duration', { unit: 's' });
    const attributeSets = CTX_NAMES.map((name) => ({ 'hpy.function': name, 'hpy.module': 'bench' }));
    const add = ctx.universal.add;
    let next = 0;
    const wrapped = (a: number, b: number): number => {
      const t0 = performance.now();
      const result = add(a, b);
      const seconds = (performance.now() - t0) / 1e3;
      const attributes = attributeSets[next];
      next = next + 1 === attributeSets.length ? 0 : next + 1;
      counter.add(1, attributes);
      histogram.record(seconds, attributes);
      return result;
    };
    const n = ctx.config.jsCalls;
    const loops = {
      universal: ctx.loops.callLoop('universal', add),
      trace: ctx.loops.callLoop('trace', ctx.trace.add),
      otelWrapper: ctx.loops.callLoop('OTel wrapper', wrapped),
    };
    // The wrapper is ~100x slower per call: fewer calls per run keeps each run short.
    const wrapperCalls = Math.max(1000, Math.floor(n / 20));
    const r = interleave(ctx.config.runs, {
      universal: () => loops.universal(n),
      trace: () => loops.trace(n),
      otelWrapper: () => loops.otelWrapper(wrapperCalls),
    });
    // The instruments really hold one series per attribute set.
    const { resourceMetrics } = await reader.collect();
    const series = resourceMetrics.scopeMetrics[0]?.metrics.map((m) => m.dataPoints.length) ?? [];
    await provider.shutdown();
    const u = r.universal.median;
    const t = r.trace.median;
    const w = r.otelWrapper.median;
    const traceOverhead = t - u;
    const wrapperOverhead = w - u;
    // Trace overhead per add() is a few ns and can be lost in noise; never
    // divide by less than the clock's own floor (1 ns).
    const ratio = wrapperOverhead / Math.max(traceOverhead, 1);
    return {
      id: 4,
      title: this.title,
      rows: [
        { label: 'OTel wrapper around universal add()', value: fmt(w), unit: 'ns/call', note: `+${fmt(wrapperOverhead)} ns over universal` },
        { label: 'trace-mode add()', value: fmt(t), unit: 'ns/call', note: `+${fmt(traceOverhead)} ns over universal` },
        { label: 'universal add()', value: fmt(u), unit: 'ns/call' },
        { label: 'instrumentation cost: wrapper / trace', value: fmt(ratio, 0), unit: 'x', note: `whole calls: ${fmt(w / t, 1)}x` },
      ],
      targets: [target('trace mode >= 50x cheaper than the OTel wrapper (cost added per call)', ratio, 'min', 50)],
      notes: [
        'Ratio of the cost each adds to a universal add() call; the whole-call ratio (wrapper call / traced call) is in the note column.',
      ],
      raw: { calls: n, wrapperCalls, attributeSets: attributeSets.length, seriesPerInstrument: series, ...r, traceOverheadNs: traceOverhead, wrapperOverheadNs: wrapperOverhead, ratio, wholeCallRatio: w / t },
    };
  },
};
