// Names of everything hpy-node exports to OpenTelemetry, in one place: the
// producer, the Grafana dashboard (grafana/src/config.ts) and the tests take
// them from here. Prometheus sees `.` as `_` and adds `_total` to monotonic
// sums, so `hpy.api.calls` is scraped as `hpy_api_calls_total` and
// `hpy.api.duration` as `hpy_api_duration_bucket` / `_sum` / `_count`
// (PROMETHEUS_NAMES below). HPY_METRICS puts each metric's name, unit,
// description, kind and attributes in one row, which every writer of a
// metric reads.

import { prometheusFamilyName, prometheusName } from '../prometheus-name';

/** Instrumentation scope of every hpy-node metric. */
export const SCOPE_NAME = 'hpy-node';

/** The context function, as HPy names it: `ctx_Add`. */
export const ATTR_HPY_FUNCTION = 'hpy.function';
/** The extension module's name: its file name before the first dot. */
export const ATTR_HPY_MODULE = 'hpy.module';
/** The profile entry: the extension's C function the host called, named as
 * get_profile() names it (`mymod.scale`, `mymod.Point.nb_add`). */
export const ATTR_HPY_ENTRY = 'hpy.entry';

/** What a metric is, as a Prometheus family: a monotonic sum is a counter. */
export type HpyMetricKind = 'counter' | 'gauge' | 'histogram';

/** One hpy-node metric, as every exporter of it describes it. */
export interface HpyMetricDescriptor {
  /** The OpenTelemetry name, `hpy.api.calls`. */
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly kind: HpyMetricKind;
  /** Whole numbers (counts) or not (seconds): OpenTelemetry's valueType. */
  readonly values: 'int' | 'double';
  /** The attributes of its points, in the order the producer writes them
   * (which is the label order of a scrape). */
  readonly attributes: readonly string[];
  /** Attributes added after those only when asked for (the entryAttribute
   * option): each multiplies the metric's series. */
  readonly optInAttributes?: readonly string[];
  /** Exported only while a module is in debug mode. */
  readonly debugOnly: boolean;
}

const BY_FUNCTION = [ATTR_HPY_FUNCTION, ATTR_HPY_MODULE] as const;
const BY_ENTRY = [ATTR_HPY_ENTRY, ATTR_HPY_MODULE] as const;

/** Every metric hpy-node exports, one row each (HPY_METRICS: the rows as a
 * list), in the order the producer writes them. The producer, the provider bridge (meter-provider.ts),
 * hpy-node/prom-client and the Grafana dashboard all describe a metric from
 * its row; a new metric is a new row here and its data points in the
 * producer (test/otel/semconv-table.test.ts holds the two together). */
export const HPY_METRIC = {
  /** Calls of one HPy context function by one module: a cumulative monotonic sum. */
  apiCalls: {
    name: 'hpy.api.calls',
    unit: '{call}',
    description: 'HPy API (context) function calls made by an extension module, counted natively in trace mode',
    kind: 'counter',
    values: 'int',
    attributes: BY_FUNCTION,
    // Per (module, entry, function) from the profile: at most entries ×
    // context functions each entry used.
    optInAttributes: [ATTR_HPY_ENTRY],
    debugOnly: false,
  },
  /** Durations of those calls: a cumulative explicit-bucket histogram, seconds. */
  apiDuration: {
    name: 'hpy.api.duration',
    unit: 's',
    description: 'Duration of completed HPy API (context) function calls, measured natively in trace mode',
    kind: 'histogram',
    values: 'double',
    attributes: BY_FUNCTION,
    debugOnly: false,
  },
  /** Calls into one entry (an extension's C function) of one module: a
   * cumulative monotonic sum, counted when the call starts. */
  extensionCalls: {
    name: 'hpy.extension.calls',
    unit: '{call}',
    description: 'Calls into an extension C function (a profile entry: module function, method, slot, getset), counted natively in trace mode',
    kind: 'counter',
    values: 'int',
    attributes: BY_ENTRY,
    debugOnly: false,
  },
  /** Inclusive durations of those calls: a cumulative explicit-bucket
   * histogram, seconds, with the bounds of hpy.api.duration (counted per
   * entry natively, not derived from sums). */
  extensionDuration: {
    name: 'hpy.extension.duration',
    unit: 's',
    description: 'Inclusive duration of completed calls into an extension C function (its context calls and whatever they ran included), measured natively in trace mode',
    kind: 'histogram',
    values: 'double',
    attributes: BY_ENTRY,
    debugOnly: false,
  },
  /** Time an entry spent inside context calls: a cumulative monotonic sum,
   * seconds. Divided by hpy.extension.duration's sum: the API share. */
  extensionApiDuration: {
    name: 'hpy.extension.api_duration',
    unit: 's',
    description: 'Time calls into an extension C function spent inside HPy API (context) calls it made, measured natively in trace mode',
    kind: 'counter',
    values: 'double',
    attributes: BY_ENTRY,
    debugOnly: false,
  },
  /** Debug handles a module has open (in the exporting environment): a gauge. */
  debugOpenHandles: {
    name: 'hpy.debug.open_handles',
    unit: '{handle}',
    description: 'Debug handles an extension module in debug mode holds open (leaks grow it)',
    kind: 'gauge',
    values: 'int',
    attributes: [ATTR_HPY_MODULE],
    debugOnly: true,
  },
  /** Invalid uses of handles, builders and contexts debug mode detected (all
   * threads): a cumulative monotonic sum. */
  debugInvalidUses: {
    name: 'hpy.debug.invalid_uses',
    unit: '{use}',
    description:
      'Invalid uses debug mode detected in an extension module: closed or foreign handles, double closes, builders after build, contexts after their call',
    kind: 'counter',
    values: 'int',
    attributes: [ATTR_HPY_MODULE],
    debugOnly: true,
  },
  /** Modules (or whole snapshots) the producer had to skip: alert on its increase. */
  collectionErrors: {
    name: 'hpy.otel.collection.errors',
    unit: '{error}',
    description: 'Trace store entries hpy-node could not export (a module skipped, or the whole store unreadable); details are logged once',
    kind: 'counter',
    values: 'int',
    attributes: [],
    debugOnly: false,
  },
} as const satisfies Record<string, HpyMetricDescriptor>;

export type HpyMetricId = keyof typeof HPY_METRIC;

/** The rows of HPY_METRIC in the producer's order. */
export const HPY_METRICS: readonly HpyMetricDescriptor[] = Object.values(HPY_METRIC);

// The single names, as before the table (part of hpy-node/otel's exports).
export const METRIC_HPY_API_CALLS = HPY_METRIC.apiCalls.name;
export const METRIC_HPY_API_CALLS_UNIT = HPY_METRIC.apiCalls.unit;
export const METRIC_HPY_API_CALLS_DESCRIPTION = HPY_METRIC.apiCalls.description;
export const METRIC_HPY_API_DURATION = HPY_METRIC.apiDuration.name;
export const METRIC_HPY_API_DURATION_UNIT = HPY_METRIC.apiDuration.unit;
export const METRIC_HPY_API_DURATION_DESCRIPTION = HPY_METRIC.apiDuration.description;
export const METRIC_HPY_OTEL_COLLECTION_ERRORS = HPY_METRIC.collectionErrors.name;
export const METRIC_HPY_OTEL_COLLECTION_ERRORS_UNIT = HPY_METRIC.collectionErrors.unit;
export const METRIC_HPY_OTEL_COLLECTION_ERRORS_DESCRIPTION = HPY_METRIC.collectionErrors.description;
export const METRIC_HPY_DEBUG_OPEN_HANDLES = HPY_METRIC.debugOpenHandles.name;
export const METRIC_HPY_DEBUG_OPEN_HANDLES_UNIT = HPY_METRIC.debugOpenHandles.unit;
export const METRIC_HPY_DEBUG_OPEN_HANDLES_DESCRIPTION = HPY_METRIC.debugOpenHandles.description;
export const METRIC_HPY_DEBUG_INVALID_USES = HPY_METRIC.debugInvalidUses.name;
export const METRIC_HPY_DEBUG_INVALID_USES_UNIT = HPY_METRIC.debugInvalidUses.unit;
export const METRIC_HPY_DEBUG_INVALID_USES_DESCRIPTION = HPY_METRIC.debugInvalidUses.description;

/** The series and labels a Prometheus scrape of hpy-node shows. */
export const PROMETHEUS_NAMES = {
  calls: prometheusFamilyName(HPY_METRIC.apiCalls),
  durationBucket: `${prometheusFamilyName(HPY_METRIC.apiDuration)}_bucket`,
  durationSum: `${prometheusFamilyName(HPY_METRIC.apiDuration)}_sum`,
  durationCount: `${prometheusFamilyName(HPY_METRIC.apiDuration)}_count`,
  collectionErrors: prometheusFamilyName(HPY_METRIC.collectionErrors),
  debugOpenHandles: prometheusFamilyName(HPY_METRIC.debugOpenHandles),
  debugInvalidUses: prometheusFamilyName(HPY_METRIC.debugInvalidUses),
  extensionCalls: prometheusFamilyName(HPY_METRIC.extensionCalls),
  extensionDurationBucket: `${prometheusFamilyName(HPY_METRIC.extensionDuration)}_bucket`,
  extensionDurationSum: `${prometheusFamilyName(HPY_METRIC.extensionDuration)}_sum`,
  extensionDurationCount: `${prometheusFamilyName(HPY_METRIC.extensionDuration)}_count`,
  extensionApiDuration: prometheusFamilyName(HPY_METRIC.extensionApiDuration),
  moduleLabel: prometheusName(ATTR_HPY_MODULE),
  functionLabel: prometheusName(ATTR_HPY_FUNCTION),
  entryLabel: prometheusName(ATTR_HPY_ENTRY),
} as const;
