// Row 2: which functions are called most, which cost most, and how their
// latency is distributed.
import { config, rate } from '../config';
import { RowSpec, heatmap, timeseries } from '../common';

const { metrics: m, labels: l, topK, quantiles } = config;

/** `p50`, `p99`, `p99.9`. */
export function quantileName(q: number): string {
  return `p${Number((q * 100).toPrecision(6))}`;
}

/** histogram_quantile over the buckets, aggregated by `by` (plus `le`, which it needs). */
export function quantileExpr(q: number, by: string): string {
  return `histogram_quantile(${q}, sum by (${by}, le) (${rate(m.durationBucket)}))`;
}

export function functionsRow(): RowSpec {
  return {
    title: 'Functions',
    panels: [
      timeseries({
        title: `Top ${topK} functions by calls per second`,
        description: `The ${topK} HPy API functions called most often at each moment, summed over the selected modules and processes. topk is taken per point in time, so a function can enter and leave the chart.`,
        unit: 'ops',
        queries: [{ expr: `topk(${topK}, sum by (${l.function}) (${rate(m.calls)}))`, legend: `{{${l.function}}}` }],
      }),
      timeseries({
        title: `Top ${topK} functions by time inside the API`,
        description: `The ${topK} functions that take the most time: seconds inside each function per second of wall time. A function called rarely but slowly can rank above one called often.`,
        unit: 'percentunit',
        queries: [{ expr: `topk(${topK}, sum by (${l.function}) (${rate(m.durationSum)}))`, legend: `{{${l.function}}}` }],
      }),
      timeseries({
        title: `Duration ${quantiles.map(quantileName).join(' / ')} per function`,
        description:
          'Quantiles of call duration per function, estimated by histogram_quantile from the duration histogram. Buckets follow a 1-2-5 series from 10 ns to 10 s, so a value is accurate to within its bucket (for example 50-100 ns).',
        unit: 's',
        queries: quantiles.map((q) => ({ expr: quantileExpr(q, l.function), legend: `{{${l.function}}} ${quantileName(q)}` })),
      }),
      timeseries({
        title: 'Mean duration per call, per function',
        description: 'Average time of one call of each function: rate of its histogram sum over rate of its count. Exact, unlike the quantiles, which are estimated from buckets.',
        unit: 's',
        queries: [{ expr: `sum by (${l.function}) (${rate(m.durationSum)}) / sum by (${l.function}) (${rate(m.durationCount)})`, legend: `{{${l.function}}}` }],
      }),
      heatmap({
        title: 'Call duration distribution',
        description:
          'How many calls per second fall in each duration bucket, over time, for the selected functions together. Bands show typical call costs; a second band or a drift upwards shows calls that got slower.',
        unit: 's',
        queries: [{ expr: `sum by (le) (${rate(m.durationBucket)})`, legend: '{{le}}', format: 'heatmap' }],
        w: 24,
        h: 9,
      }),
    ],
  };
}
