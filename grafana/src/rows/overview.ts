// Row 1: is the HPy API busy, and is it a meaningful share of the process' time?
import { config, increaseOverRange, rate, series } from '../config';
import { RowSpec, stat, timeseries } from '../common';

const { metrics: m, labels: l } = config;
const perProcess = `${l.job}, ${l.instance}`;

export function overviewRow(): RowSpec {
  return {
    title: 'Overview',
    panels: [
      stat({
        title: 'Calls per second',
        description: 'HPy context calls per second (ctx_Add, ctx_Close, ...) made by the selected modules and functions, summed over every selected process.',
        unit: 'ops',
        queries: [{ expr: `sum(${rate(m.calls)})` }],
      }),
      stat({
        title: 'Mean call duration',
        description: 'Time inside the HPy API divided by the number of calls, over the last rate interval: rate of the histogram sum over rate of its count.',
        unit: 's',
        queries: [{ expr: `sum(${rate(m.durationSum)}) / sum(${rate(m.durationCount)})` }],
      }),
      stat({
        title: 'Functions in use',
        description: 'How many distinct HPy API functions the selected modules have called at least once. Only called functions produce series, so this is also the number of series per module.',
        unit: 'none',
        queries: [{ expr: `count(count by (${l.function}) (${series(m.calls)}))` }],
      }),
      stat({
        title: 'Collection errors',
        description:
          'Errors while hpy-node read its native counters for an export, over the selected time range. Above 0, some series may be stale: see the application log. Shows 0 when the exporter reports no such metric.',
        unit: 'none',
        // The self-metric has no module or function labels; `or vector(0)`
        // because an exporter that never failed may not expose it at all.
        queries: [{ expr: `sum(${increaseOverRange(m.collectionErrors, 'process')}) or vector(0)`, instant: true }],
        thresholds: [{ color: 'green', value: null }, { color: 'red', value: 1 }],
      }),
      timeseries({
        title: 'API calls per second, per process',
        description: 'HPy context calls per second, one series per process (job, instance), stacked: the top edge is the total over the selected processes.',
        unit: 'ops',
        stack: true,
        queries: [{ expr: `sum by (${perProcess}) (${rate(m.calls)})`, legend: `{{${l.instance}}}` }],
        w: 8,
      }),
      timeseries({
        title: 'Share of wall time inside the HPy API, per process',
        description:
          'Seconds spent inside HPy API calls per second of wall time, per process: 25% means a quarter of the time went to the API. It can exceed 100% when several threads (workers) call into the API at once. Not stacked, since shares of different processes do not add up.',
        unit: 'percentunit',
        queries: [{ expr: `sum by (${perProcess}) (${rate(m.durationSum)})`, legend: `{{${l.instance}}}` }],
        w: 8,
      }),
      timeseries({
        title: 'Mean duration per call, per process',
        description: 'Average time of one HPy API call, per process: rate of the histogram sum over rate of its count. A rise with steady calls per second means each call got slower.',
        unit: 's',
        queries: [{ expr: `sum by (${perProcess}) (${rate(m.durationSum)}) / sum by (${perProcess}) (${rate(m.durationCount)})`, legend: `{{${l.instance}}}` }],
        w: 8,
      }),
    ],
  };
}
