// Delta temporality for a producer that reports cumulative numbers.
//
// A reader's metricProducers hand their data to the exporter as they are:
// the SDK converts temporality only for its own instruments. The trace store
// is cumulative, so a reader that wants deltas (an OTLP exporter with
// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta, a delta reader of
// an application's MeterProvider) gets the difference between this
// collection and the last one of the same series from this wrapper.
//
// One wrapper per reader: the "last collection" is that reader's.
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type DataPoint,
  type Histogram,
  type MetricCollectOptions,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';

interface Previous {
  startTime: HrTime;
  endTime: HrTime;
  value: number | Histogram;
}

const sameTime = (a: HrTime, b: HrTime): boolean => a[0] === b[0] && a[1] === b[1];

function seriesKey(metric: string, attributes: Attributes): string {
  return `${metric}\u0000${JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
}

/** `now - before`, or undefined when the series restarted (a smaller
 * number, another bucket layout): the whole of `now` is then the delta. */
function minus(now: number | Histogram, before: number | Histogram): number | Histogram | undefined {
  if (typeof now === 'number' && typeof before === 'number') return now >= before ? now - before : undefined;
  if (typeof now === 'number' || typeof before === 'number') return undefined;
  const counts = now.buckets.counts;
  const old = before.buckets.counts;
  const bounds = now.buckets.boundaries;
  if (counts.length !== old.length || bounds.some((b, i) => b !== before.buckets.boundaries[i])) return undefined;
  const diff = counts.map((c, i) => c - old[i]);
  if (diff.some((c) => c < 0) || now.count < before.count) return undefined;
  return { buckets: { boundaries: bounds, counts: diff }, count: now.count - before.count, sum: (now.sum ?? 0) - (before.sum ?? 0) };
}

function isCumulative(m: MetricData): boolean {
  return m.aggregationTemporality === AggregationTemporality.CUMULATIVE && (m.dataPointType === DataPointType.SUM || m.dataPointType === DataPointType.HISTOGRAM);
}

/** The same metrics as `source`, cumulative sums and histograms turned into
 * deltas since the previous collect() of this wrapper. */
export class DeltaMetricProducer implements MetricProducer {
  private readonly last = new Map<string, Previous>();

  constructor(private readonly source: MetricProducer) {}

  async collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    const result = await this.source.collect(options);
    const seen = new Set<string>();
    const scopeMetrics = result.resourceMetrics.scopeMetrics.map((scope) => ({
      ...scope,
      metrics: scope.metrics.map((m): MetricData => {
        if (!isCumulative(m)) return m;
        const points = (m.dataPoints as DataPoint<number | Histogram>[]).map((p) => {
          const key = seriesKey(m.descriptor.name, p.attributes);
          seen.add(key);
          const before = this.last.get(key);
          this.last.set(key, { startTime: p.startTime, endTime: p.endTime, value: p.value });
          const delta = before && sameTime(before.startTime, p.startTime) ? minus(p.value, before.value) : undefined;
          // A first or restarted series counts from its own start.
          return delta === undefined ? p : { ...p, startTime: before!.endTime, value: delta };
        });
        return { ...m, aggregationTemporality: AggregationTemporality.DELTA, dataPoints: points } as MetricData;
      }),
    }));
    // A series that is gone (its module unloaded) starts from zero if it comes back.
    for (const key of this.last.keys()) if (!seen.has(key)) this.last.delete(key);
    return { ...result, resourceMetrics: { ...result.resourceMetrics, scopeMetrics } };
  }
}
