// Every metric name, label and selector the dashboard uses, in one object
// (as node-mixin does). Metric and label names come from the exporter's own
// list (src/otel/semconv.ts), so the dashboard cannot drift from what is
// scraped; the queries below never spell a metric name themselves.
import { PROMETHEUS_NAMES as P } from '../../src/otel/semconv';

export const config = {
  uid: 'hpy-node-api',
  title: 'hpy-node: HPy API calls',
  tags: ['hpy-node', 'hpy', 'opentelemetry'],

  /** The import input (`${DS_PROMETHEUS}`) and the variable panels use. */
  datasourceInput: 'DS_PROMETHEUS',
  datasourceVariable: 'datasource',

  /** Names as Prometheus sees them after OpenTelemetry's translation. */
  metrics: {
    calls: P.calls,
    durationBucket: P.durationBucket,
    durationSum: P.durationSum,
    durationCount: P.durationCount,
    collectionErrors: P.collectionErrors,
    debugOpenHandles: P.debugOpenHandles,
    debugInvalidUses: P.debugInvalidUses,
    entryCalls: P.extensionCalls,
    entryDurationBucket: P.extensionDurationBucket,
    entryDurationSum: P.extensionDurationSum,
    entryDurationCount: P.extensionDurationCount,
    entryApiDuration: P.extensionApiDuration,
  },

  /** OpenTelemetry attributes `hpy.module` / `hpy.function`, translated. */
  labels: {
    job: 'job',
    instance: 'instance',
    module: P.moduleLabel,
    function: P.functionLabel,
    entry: P.entryLabel,
  },

  /** Dashboard variable names; the label each filters on is in `labels`. */
  variables: {
    job: 'job',
    instance: 'instance',
    module: 'module',
    function: 'function',
  },

  /** How many series "top" panels keep: enough to read, few enough to tell apart. */
  topK: 10,
  /** The quantiles drawn per function; the table shows the last one. */
  quantiles: [0.5, 0.99],
} as const;

type Level = 'process' | 'module' | 'function';

/**
 * The label matchers for one level of filtering: `process` (job, instance)
 * for metrics that carry no HPy labels (the collection self-metric),
 * `module` adds hpy_module, `function` adds hpy_function too.
 */
export function selector(level: Level = 'function'): string {
  const { labels: l, variables: v } = config;
  const parts = [`${l.job}=~"$${v.job}"`, `${l.instance}=~"$${v.instance}"`];
  if (level !== 'process') parts.push(`${l.module}=~"$${v.module}"`);
  if (level === 'function') parts.push(`${l.function}=~"$${v.function}"`);
  return parts.join(', ');
}

/** `metric{selector}`. */
export function series(metric: string, level: Level = 'function'): string {
  return `${metric}{${selector(level)}}`;
}

/** `rate(metric{selector}[$__rate_interval])`: every rate goes through here. */
export function rate(metric: string, level: Level = 'function'): string {
  return `rate(${series(metric, level)}[$__rate_interval])`;
}

/** `increase(metric{selector}[$__range])`: totals over the whole time picker range, for instant queries. */
export function increaseOverRange(metric: string, level: Level = 'function'): string {
  return `increase(${series(metric, level)}[$__range])`;
}
