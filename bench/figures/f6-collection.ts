// Figure 6: collection. GET /metrics latency and bytes through hpy-node's
// OpenTelemetry bridge (src/otel: HpyMetricProducer over the native store,
// served by startPrometheusExporter on loopback), for 10, 50 and 189 used
// functions x 1 and 10 traced modules; and flatness in the number of calls.
//
// A real module cannot use all 189 functions (HPyFatalError aborts, and
// others need real types), so the store's contents for those shapes are
// synthetic: native.traceSnapshotRaw is replaced, for the scrape only, by one
// returning rows of exactly the native format. Everything after it (the
// snapshot decoding, the producer, the SDK's reader, the serializer, HTTP)
// is the real path. The native read itself is timed on the real store and
// added to the store-to-OpenTelemetry step. The "calls" flatness is also
// measured on the real store, after real calls.
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { scrapeSerializer } from '../../src/otel/serializer';
import { MeterProvider, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { native } from '../../src/native';
import { syntheticRaw, withRaw } from '../synthetic-store';
import { BenchContext, Figure, FigureResult, Row, fmt, loadLoops, median, nowNs, target, Target } from '../lib';

const FUNCTIONS = [10, 50, 189];
const MODULES = [1, 10];

interface Bridge {
  startPrometheusExporter(o: { host: string; port: number; producer: unknown }): Promise<{ url: string; shutdown(): Promise<void> }>;
  HpyMetricProducer: new () => { collect(): Promise<{ errors: unknown[] }> };
}

function loadBridge(): Bridge | undefined {
  try {
    const prom = require('../../src/otel/prometheus');
    const prod = require('../../src/otel/producer');
    if (typeof prom.startPrometheusExporter !== 'function' || typeof prod.HpyMetricProducer !== 'function') return undefined;
    return { startPrometheusExporter: prom.startPrometheusExporter, HpyMetricProducer: prod.HpyMetricProducer };
  } catch {
    return undefined;
  }
}

interface Scrape {
  latencyMs: number;
  bytes: number;
  collectMs: number;
  samples: number[];
}

async function scrape(bridge: Bridge, scrapes: number): Promise<Scrape> {
  const producer = new bridge.HpyMetricProducer();
  const endpoint = await bridge.startPrometheusExporter({ host: '127.0.0.1', port: 0, producer });
  try {
    let bytes = 0;
    const get = async (): Promise<number> => {
      const t0 = nowNs();
      const res = await fetch(endpoint.url);
      const text = await res.text();
      const ms = (nowNs() - t0) / 1e6;
      if (res.status !== 200) throw new Error(`bench: ${endpoint.url} answered ${res.status}: ${text.slice(0, 200)}`);
      bytes = Buffer.byteLength(text);
      return ms;
    };
    await get();
    const samples: number[] = [];
    const collects: number[] = [];
    for (let i = 0; i < scrapes; i++) {
      samples.push(await get());
      const t0 = nowNs();
      const r = await producer.collect();
      collects.push((nowNs() - t0) / 1e6);
      if (r.errors.length) throw new Error(`bench: the producer reported errors: ${String(r.errors[0])}`);
    }
    return { latencyMs: median(samples), bytes, collectMs: median(collects), samples };
  } finally {
    await endpoint.shutdown();
  }
}

/** Where a scrape's time goes: the SDK reader's collection (our producer
 * included) and the text serialization, timed apart: the serializer /metrics
 * uses (scrapeSerializer: the fast histogram lines, no scope labels), and
 * beside it OpenTelemetry's stock one with the same options, which it
 * replaces. */
async function breakdown(bridge: Bridge, scrapes: number): Promise<{ readerCollectMs: number; serializeMs: number; stockSerializeMs: number; lines: number }> {
  const producer = new bridge.HpyMetricProducer() as unknown as MetricProducer;
  const exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: [producer], withoutScopeInfo: true });
  const serializer = scrapeSerializer();
  const stock = new PrometheusSerializer(undefined, false, undefined, false, true);
  const provider = new MeterProvider({ readers: [exporter] });
  const c: number[] = [];
  const s: number[] = [];
  const st: number[] = [];
  let lines = 0;
  const timed = <T>(fn: () => T): [T, number] => {
    const t0 = nowNs();
    const v = fn();
    return [v, (nowNs() - t0) / 1e6];
  };
  for (let i = 0; i <= scrapes; i++) {
    const t0 = nowNs();
    const { resourceMetrics } = await exporter.collect();
    const collectMs = (nowNs() - t0) / 1e6;
    const [text, serializeMs] = timed(() => serializer.serialize(resourceMetrics));
    const [, stockMs] = timed(() => stock.serialize(resourceMetrics));
    lines = text.split('\n').length;
    if (i > 0) {
      c.push(collectMs);
      s.push(serializeMs);
      st.push(stockMs);
    }
  }
  await provider.shutdown();
  return { readerCollectMs: median(c), serializeMs: median(s), stockSerializeMs: median(st), lines };
}

export const figure6: Figure = {
  id: 6,
  title: 'Collection: /metrics latency and bytes',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const bridge = loadBridge();
    const rows: Row[] = [];
    const notes: string[] = [];
    const targets: Target[] = [];
    if (!bridge) {
      const t: number[] = [];
      for (let i = 0; i < ctx.config.scrapes; i++) {
        const t0 = nowNs();
        native.traceSnapshotRaw();
        t.push((nowNs() - t0) / 1e6);
      }
      notes.push('src/otel (startPrometheusExporter, HpyMetricProducer) is not there yet: only the native read was measured.');
      rows.push({ label: 'native read of the store', value: fmt(median(t), 3), unit: 'ms' });
      return { id: 6, title: this.title, rows, targets, notes, raw: { nativeReadMs: median(t) } };
    }
    const boundsNs = native.traceSnapshotRaw().boundsNs;
    // The native read, on the real store (it scans all 189 functions of every
    // traced module whatever is used, so its cost barely depends on the shape).
    const reads: number[] = [];
    for (let i = 0; i < Math.max(5, ctx.config.scrapes); i++) {
      const t0 = nowNs();
      native.traceSnapshotRaw();
      reads.push((nowNs() - t0) / 1e6);
    }
    const nativeReadMs = median(reads);
    const realModules = native.traceSnapshotRaw().modules.length;
    rows.push({ label: 'native read of the real store', value: fmt(nativeReadMs, 3), unit: 'ms', note: `${realModules} traced module(s)` });

    const shapes: Record<string, Scrape & { stepMs: number }> = {};
    for (const modules of MODULES) {
      for (const functions of FUNCTIONS) {
        const s = await withRaw(syntheticRaw(functions, modules, 1000, boundsNs), () => scrape(bridge, ctx.config.scrapes));
        const key = `${functions}fx${modules}m`;
        // Per-module native read: scale the real one (same scan per module).
        const stepMs = s.collectMs + (nativeReadMs / Math.max(realModules, 1)) * modules;
        shapes[key] = { ...s, stepMs };
        rows.push({
          label: `${functions} functions x ${modules} module(s)`,
          value: fmt(s.latencyMs, 2),
          unit: 'ms',
          note: `${(s.bytes / 1024).toFixed(0)} KB; store->OTel ${fmt(stepMs, 2)} ms (${fmt((100 * stepMs) / s.latencyMs, 0)}%)`,
        });
      }
    }
    const big = shapes[`189fx10m`];
    const split = await withRaw(syntheticRaw(189, 10, 1000, boundsNs), () => breakdown(bridge, ctx.config.scrapes));
    rows.push({
      label: '189 x 10: SDK reader collect / serialize',
      value: `${fmt(split.readerCollectMs, 1)} / ${fmt(split.serializeMs, 1)}`,
      unit: 'ms',
      note: `${split.lines} lines; the /metrics serializer, ${fmt((1e6 * split.serializeMs) / split.lines, 0)} ns/line`,
    });
    rows.push({
      label: "189 x 10: OpenTelemetry's stock serializer",
      value: fmt(split.stockSerializeMs, 1),
      unit: 'ms',
      note: `what /metrics would take to serialize without the fast histogram lines: ${fmt(split.stockSerializeMs / split.serializeMs, 1)}x`,
    });
    targets.push(target('/metrics for 189 functions x 10 modules < 100 ms', big.latencyMs, 'max', 100));
    targets.push(target('store->OTel step < 10% of /metrics (189x10)', (100 * big.stepMs) / big.latencyMs, 'max', 10));

    // Flat in calls, synthetic shape: 189 x 10 after 10^3 and 10^7 calls each.
    const many = await withRaw(syntheticRaw(189, 10, 1e7, boundsNs), () => scrape(bridge, ctx.config.scrapes));
    rows.push({ label: '189 x 10, 10^7 calls per series', value: fmt(many.latencyMs, 2), unit: 'ms', note: `${(many.bytes / 1024).toFixed(0)} KB; vs 10^3: ${fmt(many.latencyMs / big.latencyMs, 2)}x` });

    // Flat in calls, real store: a fresh traced module after 10^3, then after
    // ctx.config.manyCalls iterations (2 context calls each).
    const flat = loadLoops('bench_flat', 'trace');
    flat.loop_add(500, 1, 2); // 10^3 context calls
    const realFew = await scrape(bridge, ctx.config.scrapes);
    flat.loop_add(ctx.config.manyCalls / 2, 1, 2);
    const realMany = await scrape(bridge, ctx.config.scrapes);
    const growth = realMany.latencyMs / realFew.latencyMs;
    rows.push({ label: 'real store, 10^3 calls', value: fmt(realFew.latencyMs, 2), unit: 'ms', note: `${realFew.bytes} B` });
    rows.push({ label: `real store, +${ctx.config.manyCalls.toExponential(0)} calls`, value: fmt(realMany.latencyMs, 2), unit: 'ms', note: `${realMany.bytes} B; ${fmt(growth, 2)}x` });
    targets.push(target('/metrics flat in calls (10^7 / 10^3 latency, 189x10)', many.latencyMs / big.latencyMs, 'max', 1.25));
    notes.push('Shapes of 10/50/189 functions are synthetic rows in the native format (no real module can call all 189 functions); the native read is measured on the real store and added to the store->OTel step.');
    return {
      id: 6,
      title: this.title,
      rows,
      targets,
      notes,
      raw: { nativeReadMs, nativeReadSamples: reads, realModules, shapes, breakdown189x10: split, many, realFew, realMany },
    };
  },
};
