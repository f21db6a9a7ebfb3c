// hpy-node/prom-client: the trace store's series in a prom-client Registry,
// so an application that serves prom-client's /metrics serves hpy-node's
// with it, on one endpoint. The series, names and labels are the ones the
// OpenTelemetry Prometheus endpoint shows (PROMETHEUS_NAMES), read from the
// same native store when the registry is scraped: nothing runs per call.
//
// prom-client's own Histogram can only observe single values; a ready-made
// histogram enters a Registry as a metric object whose get() returns the
// series (name, help, type, values), which is what registerMetric() takes and
// what prom-client's own metrics hand to it.
import type { Registry as AnyRegistry, RegistryContentType } from 'prom-client';

type Registry = AnyRegistry<RegistryContentType>;
import { check, checkOptions } from './args';
import { HpyMetricProducer, PRODUCER_OPTIONS, type HpyMetricProducerOptions } from './otel/producer';
import * as semconv from './otel/semconv';
import { sharedCollection } from './otel/shared-collection';

const NAMES = semconv.PROMETHEUS_NAMES;

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

/** What prom-client's Registry reads from a metric at scrape time. */
interface CollectedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: Sample[];
  aggregator: 'sum';
}

interface RegistryMetric {
  name: string;
  help: string;
  type: CollectedMetric['type'];
  aggregator: 'sum';
  get(): Promise<CollectedMetric>;
}

export interface HpyCollectorRegistration {
  /** The series names added to the registry. */
  names: string[];
  /** Takes them off the registry again. */
  unregister(): void;
}

/** Turns one read of the store into the three metrics' samples. */
function samplesOf(producer: HpyMetricProducer): Record<string, Sample[]> {
  const { boundaries, series } = producer.series();
  const calls: Sample[] = [];
  const duration: Sample[] = [];
  for (const s of series) {
    const labels = { [NAMES.functionLabel]: String(s.attributes[semconv.ATTR_HPY_FUNCTION]), [NAMES.moduleLabel]: String(s.attributes[semconv.ATTR_HPY_MODULE]) };
    calls.push({ value: s.calls, labels });
    let cumulative = 0;
    s.buckets.forEach((count, i) => {
      cumulative += count;
      const le = i < boundaries.length ? boundaries[i] : '+Inf';
      duration.push({ metricName: NAMES.durationBucket, labels: { ...labels, le }, value: cumulative });
    });
    // _count is the sum of the buckets, as on the OpenTelemetry endpoint:
    // calls still running are in calls, not yet in the histogram.
    duration.push({ metricName: NAMES.durationSum, labels, value: s.sumNs / 1e9 });
    duration.push({ metricName: NAMES.durationCount, labels, value: cumulative });
  }
  return {
    [NAMES.calls]: calls,
    [semconv.PROMETHEUS_NAMES.durationBucket]: duration,
    [NAMES.collectionErrors]: [{ value: producer.collectionErrors, labels: {} }],
  };
}

/** Adds hpy_api_calls_total, hpy_api_duration and
 * hpy_otel_collection_errors_total to `registry` (prom-client's default
 * `register` when omitted). A name already in the registry is an error. */
export function registerHpyCollector(registry?: Registry, options?: HpyMetricProducerOptions): HpyCollectorRegistration {
  if (registry !== undefined) {
    check('registerHpyCollector', 'registry', registry, {
      what: "a prom-client Registry (new Registry(), or prom-client's register), or omitted",
      test: (v) => typeof (v as Registry | null)?.registerMetric === 'function' && typeof (v as Registry).removeSingleMetric === 'function',
    });
  }
  checkOptions<HpyMetricProducerOptions>('registerHpyCollector', options, PRODUCER_OPTIONS, '{ warn: (message) => logger.warn(message) }');
  // Resolved from the application, as a peer dependency.
  const target: Registry = registry ?? (require('prom-client') as typeof import('prom-client')).register;
  const producer = new HpyMetricProducer(options);
  // The registry asks every metric at once: one read of the store serves them.
  const read = sharedCollection(async () => samplesOf(producer));
  const metric = (name: string, type: CollectedMetric['type'], help: string, key = name): RegistryMetric => ({
    name,
    help,
    type,
    aggregator: 'sum',
    // this.name: an OpenMetrics registry renames counters in place (it drops
    // _total from the name and adds it to every sample).
    async get(this: RegistryMetric) {
      return { name: this.name, help, type, aggregator: 'sum', values: (await read())[key] };
    },
  });
  const histogramName = NAMES.durationBucket.replace(/_bucket$/, '');
  const metrics = [
    metric(NAMES.calls, 'counter', semconv.METRIC_HPY_API_CALLS_DESCRIPTION),
    metric(histogramName, 'histogram', semconv.METRIC_HPY_API_DURATION_DESCRIPTION, NAMES.durationBucket),
    metric(NAMES.collectionErrors, 'counter', semconv.METRIC_HPY_OTEL_COLLECTION_ERRORS_DESCRIPTION),
  ];
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
