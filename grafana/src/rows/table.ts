// Row 3: one line per (module, function) used in the selected time range,
// for reading exact numbers rather than curves. Instant queries over
// $__range, one per column, merged on the shared labels.
import { config, increaseOverRange } from '../config';
import { RowSpec, table, unitOverride } from '../common';
import { quantileName } from './functions';

const { metrics: m, labels: l, quantiles } = config;
const by = `${l.module}, ${l.function}`;
const tailQuantile = quantiles[quantiles.length - 1];

/** Column titles, in refId order (A, B, ...): the organize step renames "Value #A" to these. */
const columns = ['Calls', 'Total time', 'Mean', quantileName(tailQuantile)] as const;

export function tableRow(): RowSpec {
  const calls = `sum by (${by}) (${increaseOverRange(m.calls)})`;
  const time = `sum by (${by}) (${increaseOverRange(m.durationSum)})`;
  const count = `sum by (${by}) (${increaseOverRange(m.durationCount)})`;
  const p = `histogram_quantile(${tailQuantile}, sum by (${by}, le) (${increaseOverRange(m.durationBucket)}))`;
  const valueOf = (i: number) => `Value #${String.fromCharCode(65 + i)}`;
  return {
    title: 'Every function used',
    panels: [
      table({
        title: 'HPy API functions used',
        description:
          'Every HPy API function the selected modules called during the selected time range: calls, total time inside the function, mean duration per call and the estimated p99. Counts come from increase() and are extrapolated to the range edges, so they need not be whole numbers. Sorted by total time: the top rows are where the API time goes.',
        unit: 'short',
        queries: [calls, time, `${time} / ${count}`, p].map((expr) => ({ expr, instant: true, format: 'table' as const })),
        transformations: [
          { id: 'merge', options: {} },
          {
            id: 'organize',
            options: {
              excludeByName: { Time: true },
              indexByName: Object.fromEntries([l.module, l.function, ...columns.map((_, i) => valueOf(i))].map((name, i) => [name, i])),
              renameByName: { [l.module]: 'Module', [l.function]: 'Function', ...Object.fromEntries(columns.map((c, i) => [valueOf(i), c])) },
            },
          },
        ],
        overrides: [unitOverride('Calls', 'short', 0), unitOverride('Total time', 's'), unitOverride('Mean', 's'), unitOverride(columns[3], 's')],
        sortBy: [{ displayName: 'Total time', desc: true }],
        w: 24,
        h: 10,
      }),
    ],
  };
}
