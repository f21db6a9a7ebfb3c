// OpenTelemetry's PrometheusSerializer with a faster histogram: the stock one
// sanitizes and escapes every label of every bucket line again, which for
// 189 functions x 10 modules x 31 lines was most of a scrape. Here the label
// text is taken once per data point (from the _count line the stock code
// writes) and reused for every bucket line, giving byte-identical output.
// test/otel/serializer.test.ts compares the two on the same data.
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { histogramHooksOf } from './sdk-internals';

function valueText(v: number): string {
  return v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : `${v}`;
}

/** The serializer of /metrics (createPrometheusHandler, and the exporter
 * built on it); the benchmark times this one. */
export function scrapeSerializer(withScopeInfo = false): FastHistogramSerializer {
  return new FastHistogramSerializer(undefined, false, undefined, false, !withScopeInfo);
}

export class FastHistogramSerializer extends PrometheusSerializer {
  constructor(...args: ConstructorParameters<typeof PrometheusSerializer>) {
    super(...args);
    // A PrometheusSerializer without the method (another exporter version)
    // keeps its own, slower code: same text.
    const hooks = histogramHooksOf(this);
    if (hooks instanceof Error) return;
    const { stock, appendTimestamp } = hooks;
    hooks.replace((name, data, point, additional) => {
      const h = point.value;
      const bounds = h.buckets.boundaries;
      // Fall back to the stock code for shapes we do not special-case.
      if (h.count == null || h.sum == null || bounds.includes(Infinity) || h.buckets.counts.length !== bounds.length + 1) {
        return stock(name, data, point, additional);
      }
      // The stock _count line carries the sanitized, escaped labels.
      const head = stock(name, data, { ...point, value: { ...h, buckets: { boundaries: [], counts: [] } } }, additional);
      const countLine = head.slice(0, head.indexOf('\n'));
      const open = countLine.indexOf('{');
      const labels = open >= 0 ? countLine.slice(open + 1, countLine.lastIndexOf('} ')) + ',' : '';
      const stamp = appendTimestamp ? ` ${hrTimeToMilliseconds(point.endTime)}` : '';
      let out = head;
      let cumulative = 0;
      const prefix = `${name}_bucket{${labels}le="`;
      for (let i = 0; i < h.buckets.counts.length; i++) {
        cumulative += h.buckets.counts[i];
        out += `${prefix}${i < bounds.length ? String(bounds[i]) : '+Inf'}"} ${valueText(cumulative)}${stamp}\n`;
      }
      return out;
    });
  }
}
