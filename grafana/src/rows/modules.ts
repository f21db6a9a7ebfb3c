// Row 4: the same measures per extension module, to tell which extension
// drives the API traffic when several are loaded.
import { config, rate } from '../config';
import { RowSpec, timeseries } from '../common';
import { quantileExpr, quantileName } from './functions';

const { metrics: m, labels: l, quantiles } = config;
const tailQuantile = quantiles[quantiles.length - 1];

export function modulesRow(): RowSpec {
  return {
    title: 'Per module',
    panels: [
      timeseries({
        title: 'Calls per second per module',
        description: 'HPy API calls per second made by each extension module (the hpy.module attribute), stacked: the top edge is the total.',
        unit: 'ops',
        stack: true,
        queries: [{ expr: `sum by (${l.module}) (${rate(m.calls)})`, legend: `{{${l.module}}}` }],
        w: 8,
      }),
      timeseries({
        title: 'Time inside the HPy API per module',
        description:
          'Seconds inside the HPy API per second of wall time, per module, stacked. With one process selected the top edge is its share of wall time; with several it is their sum.',
        unit: 'percentunit',
        stack: true,
        queries: [{ expr: `sum by (${l.module}) (${rate(m.durationSum)})`, legend: `{{${l.module}}}` }],
        w: 8,
      }),
      timeseries({
        title: `Duration ${quantileName(tailQuantile)} per module`,
        description: `The ${quantileName(tailQuantile)} of call duration over all selected functions of each module, from the histogram buckets: the slow tail each extension sees.`,
        unit: 's',
        queries: [{ expr: quantileExpr(tailQuantile, l.module), legend: `{{${l.module}}}` }],
        w: 8,
      }),
    ],
  };
}
