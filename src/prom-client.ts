// hpy-node/prom-client: the trace store's series in a prom-client Registry,
// so an application that serves prom-client's /metrics serves hpy-node's
// with it, on one endpoint. The families are the ones the OpenTelemetry
// Prometheus endpoint shows, debug mode's included: each scrape takes the
// producer's collection (the numbers the endpoint serializes) and writes it
// under the names, help texts and types of semconv's HPY_METRICS table, so
// nothing here restates a name or a description, and nothing runs per call.
//
// prom-client's own Histogram can only observe single values; a ready-made
// histogram enters a Registry as a metric object whose get() returns the
// series (name, help, type, values), which is what registerMetric() takes and
// what prom-client's own metrics hand to it.
//
// The producer's numbers are OpenTelemetry metric data: the SDK (an optional
// peer) is checked first, so that without it the error names what to install.
import { requirePeer, requirePeers, SDK_PEERS } from './optional-peer';
requirePeers('hpy-node/prom-client', SDK_PEERS);
import type { Registry as AnyRegistry, RegistryContentType } from 'prom-client';
import { DataPointType, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { check, checkOptions, type Accepts } from './args';
import { HpyMetricProducer, PRODUCER_OPTIONS, type HpyMetricProducerOptions } from './otel/producer';
import { HPY_METRICS, type HpyMetricDescriptor } from './otel/semconv';
import { metricPrefixProblem, prometheusFamilyName, prometheusName } from './prometheus-name';
import { sharedCollection } from './otel/shared-collection';

type Registry = AnyRegistry<RegistryContentType>;

export interface HpyCollectorOptions extends HpyMetricProducerOptions {
  /** Put in front of every metric name, as prom-client's
   * `collectDefaultMetrics({ prefix })` does: `'shop_'` gives
   * `shop_hpy_api_calls_total`. Letters, digits and `_`, not starting with a
   * digit or `__` (anything else is a TypeError). Labels keep their names.
   * @default '' */
  prefix?: string;
}

const PREFIX: Accepts = {
  what: "a string of letters, digits and _ that does not start with a digit or __, such as 'shop_'",
  test: (v) => typeof v === 'string',
};
const COLLECTOR_OPTIONS: { readonly [K in keyof HpyCollectorOptions]-?: Accepts } = { ...PRODUCER_OPTIONS, prefix: PREFIX };

interface Sample {
  value: number;
  labels: Record<string, string>;
  metricName?: string;
}

type PromType = HpyMetricDescriptor['kind'];

/** What prom-client's Registry reads from a metric at scrape time. */
interface CollectedMetric {
  name: string;
  help: string;
  type: PromType;
  values: Sample[];
  aggregator: 'sum';
}

interface RegistryMetric {
  name: string;
  help: string;
  type: PromType;
  aggregator: 'sum';
  get(): Promise<CollectedMetric>;
}

export interface HpyCollectorRegistration {
  /** The metric (family) names added to the registry, prefix included:
   * `hpy_api_calls_total`, `hpy_api_duration`, `hpy_extension_calls_total`,
   * `hpy_extension_duration`, `hpy_extension_api_duration_total`,
   * `hpy_debug_open_handles`, `hpy_debug_invalid_uses_total`,
   * `hpy_otel_collection_errors_total`. */
  names: string[];
  /** Takes them off the registry again. */
  unregister(): void;
}

/** Labels as the OpenTelemetry exporter writes them: attribute names with
 * `.` as `_`, in the producer's order. */
function labelsOf(point: DataPoint<unknown>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(point.attributes)) labels[prometheusName(key)] = String(value);
  return labels;
}

/** One metric of the producer's collection as prom-client samples of the
 * family `family` (which names a histogram's samples). Counters and gauges carry no metricName: an OpenMetrics
 * registry adds `_total` to a counter's samples itself. */
function samplesOf(family: string, metric: MetricData | undefined): Sample[] {
  if (metric === undefined) return [];
  if (metric.dataPointType !== DataPointType.HISTOGRAM) {
    return (metric.dataPoints as DataPoint<number>[]).map((p) => ({ value: p.value, labels: labelsOf(p) }));
  }
  const samples: Sample[] = [];
  for (const p of metric.dataPoints as DataPoint<Histogram>[]) {
    const labels = labelsOf(p);
    const { boundaries, counts } = p.value.buckets;
    let cumulative = 0;
    counts.forEach((count, i) => {
      cumulative += count;
      const le = i < boundaries.length ? String(boundaries[i]) : '+Inf';
      samples.push({ metricName: `${family}_bucket`, labels: { ...labels, le }, value: cumulative });
    });
    // _count is the producer's count (the sum of the buckets), as on the
    // endpoint: calls still running are in calls, not yet in the histogram.
    samples.push({ metricName: `${family}_sum`, labels, value: p.value.sum ?? 0 });
    samples.push({ metricName: `${family}_count`, labels, value: p.value.count });
  }
  return samples;
}

/** Adds hpy-node's metrics to `registry` (prom-client's default `register`
 * when omitted), the families of the OpenTelemetry endpoint with the same
 * names, labels, help texts and types: hpy_api_calls_total,
 * hpy_api_duration (histogram, seconds), hpy_extension_calls_total,
 * hpy_extension_duration (histogram, seconds),
 * hpy_extension_api_duration_total, hpy_debug_open_handles and
 * hpy_debug_invalid_uses_total (samples only while a module is in debug
 * mode), hpy_otel_collection_errors_total; each behind `options.prefix`.
 * The store is read when the registry is scraped, once for all of them. A
 * name already in the registry is an error. */
export function registerHpyCollector(registry?: Registry, options?: HpyCollectorOptions): HpyCollectorRegistration {
  if (registry !== undefined) {
    check('registerHpyCollector', 'registry', registry, {
      what: "a prom-client Registry (new Registry(), or prom-client's register), or omitted",
      test: (v) => typeof (v as Registry | null)?.registerMetric === 'function' && typeof (v as Registry).removeSingleMetric === 'function',
    });
  }
  const { prefix = '', ...producerOptions } = checkOptions<HpyCollectorOptions>('registerHpyCollector', options, COLLECTOR_OPTIONS, "{ prefix: 'shop_' }");
  const problem = metricPrefixProblem(prefix);
  if (problem !== undefined) throw new TypeError(`registerHpyCollector: prefix ${JSON.stringify(prefix)} would not make valid metric names: ${problem} (prefix must be ${PREFIX.what})`);
  const target: Registry = registry ?? requirePeer('registerHpyCollector() without a registry', 'prom-client').register;
  const producer = new HpyMetricProducer(producerOptions);
  // The registry asks every metric at once: one collection serves them.
  const read = sharedCollection(async () => {
    const { resourceMetrics } = await producer.collect();
    return new Map(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
  });
  const metrics = HPY_METRICS.map((descriptor): RegistryMetric => {
    const family = `${prefix}${prometheusFamilyName(descriptor)}`;
    return {
      name: family,
      help: descriptor.description,
      type: descriptor.kind,
      aggregator: 'sum',
      // this.name: an OpenMetrics registry renames counters in place (it drops
      // _total from the name and adds it to every sample).
      async get(this: RegistryMetric) {
        const values = samplesOf(family, (await read()).get(descriptor.name));
        return { name: this.name, help: descriptor.description, type: descriptor.kind, aggregator: 'sum', values };
      },
    };
  });
  const taken = metrics.filter((m) => target.getSingleMetric(m.name) !== undefined).map((m) => m.name);
  if (taken.length > 0) {
    throw new Error(`registerHpyCollector: the registry already has ${taken.join(', ')}; call unregister() on the first registration before registering again`);
  }
  // A metric object of our own: see the comment at the top of the file.
  for (const m of metrics) target.registerMetric(m as unknown as Parameters<Registry['registerMetric']>[0]);
  const names = metrics.map((m) => m.name);
  return {
    names,
    unregister() {
      for (const name of names) if (metrics.includes(target.getSingleMetric(name) as unknown as RegistryMetric)) target.removeSingleMetric(name);
    },
  };
}
