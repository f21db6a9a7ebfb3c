// Row 5: the extension's own C functions (profile entries): which are called
// most, which take the most time, and how much of that time is spent inside
// the HPy API rather than in the extension's own code. Entry series carry
// hpy_module and hpy_entry, no hpy_function, so they follow the job,
// instance and module variables and ignore the function one.
import { config, increaseOverRange, rate } from '../config';
import { RowSpec, table, timeseries, unitOverride } from '../common';
import { quantileName } from './functions';

const { metrics: m, labels: l, topK, quantiles } = config;
const by = `${l.module}, ${l.entry}`;
const tailQuantile = quantiles[quantiles.length - 1];

/** Column titles, in refId order (A, B, ...). */
const columns = ['Calls', 'Total time', 'Mean', 'API share', quantileName(tailQuantile)] as const;

export function entriesRow(): RowSpec {
  const valueOf = (i: number) => `Value #${String.fromCharCode(65 + i)}`;
  const total = `sum by (${by}) (${increaseOverRange(m.entryDurationSum, 'module')})`;
  const count = `sum by (${by}) (${increaseOverRange(m.entryDurationCount, 'module')})`;
  const api = `sum by (${by}) (${increaseOverRange(m.entryApiDuration, 'module')})`;
  const tail = `histogram_quantile(${tailQuantile}, sum by (${by}, le) (${increaseOverRange(m.entryDurationBucket, 'module')}))`;
  return {
    title: 'Extension functions',
    panels: [
      timeseries({
        title: `Top ${topK} extension functions by time`,
        description: `The ${topK} extension C functions (module functions, methods, slots, getsets: hpy.entry) that take the most time: seconds inside each per second of wall time, inclusive of the HPy API calls they make and whatever those run. Nested calls count for both the outer and the inner function.`,
        unit: 'percentunit',
        queries: [{ expr: `topk(${topK}, sum by (${by}) (${rate(m.entryDurationSum, 'module')}))`, legend: `{{${l.entry}}}` }],
      }),
      timeseries({
        title: 'API share per extension function',
        description:
          'Of the time inside each extension C function, the part spent inside HPy API calls it made (the rest is its own C code, or other extension functions it reached through the API). A high share means the function mostly talks to the API: batching or fewer handles may pay; a low share means its own C code dominates.',
        unit: 'percentunit',
        queries: [
          {
            expr: `topk(${topK}, sum by (${by}) (${rate(m.entryApiDuration, 'module')}) / sum by (${by}) (${rate(m.entryDurationSum, 'module')}))`,
            legend: `{{${l.entry}}}`,
          },
        ],
      }),
      timeseries({
        title: `Top ${topK} extension functions by calls per second`,
        description: `The ${topK} extension C functions JavaScript calls most often, counted when a call starts. topk is taken per point in time, so a function can enter and leave the chart.`,
        unit: 'ops',
        queries: [{ expr: `topk(${topK}, sum by (${by}) (${rate(m.entryCalls, 'module')}))`, legend: `{{${l.entry}}}` }],
      }),
      timeseries({
        title: 'Mean duration per call, per extension function',
        description: `Average inclusive time of one call of each of the ${topK} busiest extension C functions: rate of the duration histogram's sum over rate of its count. Exact, unlike a quantile.`,
        unit: 's',
        queries: [
          {
            expr: `topk(${topK}, sum by (${by}) (${rate(m.entryDurationSum, 'module')}) / sum by (${by}) (${rate(m.entryDurationCount, 'module')}))`,
            legend: `{{${l.entry}}}`,
          },
        ],
      }),
      table({
        title: 'Extension functions used',
        description: `Every extension C function the selected modules ran during the selected time range: calls, total inclusive time, mean per call, the share of that time inside the HPy API and the estimated ${quantileName(tailQuantile)} (from the per-function duration buckets, 1-2-5 steps from 10 ns to 10 s). Counts come from increase() and are extrapolated to the range edges. Sorted by total time.`,
        unit: 'short',
        queries: [`sum by (${by}) (${increaseOverRange(m.entryCalls, 'module')})`, total, `${total} / ${count}`, `${api} / ${total}`, tail].map((expr) => ({
          expr,
          instant: true,
          format: 'table' as const,
        })),
        transformations: [
          { id: 'merge', options: {} },
          {
            id: 'organize',
            options: {
              excludeByName: { Time: true },
              indexByName: Object.fromEntries([l.module, l.entry, ...columns.map((_, i) => valueOf(i))].map((name, i) => [name, i])),
              renameByName: { [l.module]: 'Module', [l.entry]: 'Function', ...Object.fromEntries(columns.map((c, i) => [valueOf(i), c])) },
            },
          },
        ],
        overrides: [
          unitOverride('Calls', 'short', 0),
          unitOverride('Total time', 's'),
          unitOverride('Mean', 's'),
          unitOverride('API share', 'percentunit'),
          unitOverride(columns[4], 's'),
        ],
        sortBy: [{ displayName: 'Total time', desc: true }],
        w: 24,
        h: 10,
      }),
    ],
  };
}
