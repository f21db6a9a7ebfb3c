// Names of everything hpy-node exports to OpenTelemetry, in one place: the
// producer, the Grafana dashboard (grafana/src/config.ts) and the tests take
// them from here. Prometheus sees `.` as `_` and adds `_total` to monotonic
// sums, so `hpy.api.calls` is scraped as `hpy_api_calls_total` and
// `hpy.api.duration` as `hpy_api_duration_bucket` / `_sum` / `_count`
// (PROMETHEUS_NAMES below). HPY_METRICS puts each metric's name, unit,
// description, kind and attributes in one row, for exporters that write the
// families themselves (hpy-node/prom-client).

import { prometheusName } from '../prometheus-name';

/** Instrumentation scope of every hpy-node metric. */
export const SCOPE_NAME = 'hpy-node';

/** Calls of one HPy context function by one module: a cumulative monotonic sum. */
export const METRIC_HPY_API_CALLS = 'hpy.api.calls';
export const METRIC_HPY_API_CALLS_UNIT = '{call}';
export const METRIC_HPY_API_CALLS_DESCRIPTION =
  'HPy API (context) function calls made by an extension module, counted natively in trace mode';

/** Durations of those calls: a cumulative explicit-bucket histogram, seconds. */
export const METRIC_HPY_API_DURATION = 'hpy.api.duration';
export const METRIC_HPY_API_DURATION_UNIT = 's';
export const METRIC_HPY_API_DURATION_DESCRIPTION =
  'Duration of completed HPy API (context) function calls, measured natively in trace mode';

/** Modules (or whole snapshots) the producer had to skip: alert on its increase. */
export const METRIC_HPY_OTEL_COLLECTION_ERRORS = 'hpy.otel.collection.errors';
export const METRIC_HPY_OTEL_COLLECTION_ERRORS_UNIT = '{error}';
export const METRIC_HPY_OTEL_COLLECTION_ERRORS_DESCRIPTION =
  'Trace store entries hpy-node could not export (a module skipped, or the whole store unreadable); details are logged once';

/** Debug mode: debug handles a module has open (in the exporting
 * environment), a gauge; and the invalid uses of handles, builders and
 * contexts debug mode detected (all threads), a cumulative monotonic sum. */
export const METRIC_HPY_DEBUG_OPEN_HANDLES = 'hpy.debug.open_handles';
export const METRIC_HPY_DEBUG_OPEN_HANDLES_UNIT = '{handle}';
export const METRIC_HPY_DEBUG_OPEN_HANDLES_DESCRIPTION = 'Debug handles an extension module in debug mode holds open (leaks grow it)';
export const METRIC_HPY_DEBUG_INVALID_USES = 'hpy.debug.invalid_uses';
export const METRIC_HPY_DEBUG_INVALID_USES_UNIT = '{use}';
export const METRIC_HPY_DEBUG_INVALID_USES_DESCRIPTION =
  'Invalid uses debug mode detected in an extension module: closed or foreign handles, double closes, builders after build, contexts after their call';

/** The context function, as HPy names it: `ctx_Add`. */
export const ATTR_HPY_FUNCTION = 'hpy.function';
/** The extension module's name: its file name before the first dot. */
export const ATTR_HPY_MODULE = 'hpy.module';

/** What a metric is, as a Prometheus family: a monotonic sum is a counter. */
export type HpyMetricKind = 'counter' | 'gauge' | 'histogram';

/** One hpy-node metric, as every exporter of it describes it. */
export interface HpyMetricDescriptor {
  /** The OpenTelemetry name, `hpy.api.calls`. */
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly kind: HpyMetricKind;
  /** The attributes of its points, in the order the producer writes them
   * (which is the label order of a scrape). */
  readonly attributes: readonly string[];
  /** Exported only while a module is in debug mode. */
  readonly debugOnly: boolean;
}

/** Every metric hpy-node exports, in the order the producer writes them. */
export const HPY_METRICS = [
  {
    name: METRIC_HPY_API_CALLS,
    unit: METRIC_HPY_API_CALLS_UNIT,
    description: METRIC_HPY_API_CALLS_DESCRIPTION,
    kind: 'counter',
    attributes: [ATTR_HPY_FUNCTION, ATTR_HPY_MODULE],
    debugOnly: false,
  },
  {
    name: METRIC_HPY_API_DURATION,
    unit: METRIC_HPY_API_DURATION_UNIT,
    description: METRIC_HPY_API_DURATION_DESCRIPTION,
    kind: 'histogram',
    attributes: [ATTR_HPY_FUNCTION, ATTR_HPY_MODULE],
    debugOnly: false,
  },
  {
    name: METRIC_HPY_DEBUG_OPEN_HANDLES,
    unit: METRIC_HPY_DEBUG_OPEN_HANDLES_UNIT,
    description: METRIC_HPY_DEBUG_OPEN_HANDLES_DESCRIPTION,
    kind: 'gauge',
    attributes: [ATTR_HPY_MODULE],
    debugOnly: true,
  },
  {
    name: METRIC_HPY_DEBUG_INVALID_USES,
    unit: METRIC_HPY_DEBUG_INVALID_USES_UNIT,
    description: METRIC_HPY_DEBUG_INVALID_USES_DESCRIPTION,
    kind: 'counter',
    attributes: [ATTR_HPY_MODULE],
    debugOnly: true,
  },
  {
    name: METRIC_HPY_OTEL_COLLECTION_ERRORS,
    unit: METRIC_HPY_OTEL_COLLECTION_ERRORS_UNIT,
    description: METRIC_HPY_OTEL_COLLECTION_ERRORS_DESCRIPTION,
    kind: 'counter',
    attributes: [],
    debugOnly: false,
  },
] as const satisfies readonly HpyMetricDescriptor[];

/** The series and labels a Prometheus scrape of hpy-node shows. */
export const PROMETHEUS_NAMES = {
  calls: `${prometheusName(METRIC_HPY_API_CALLS)}_total`,
  durationBucket: `${prometheusName(METRIC_HPY_API_DURATION)}_bucket`,
  durationSum: `${prometheusName(METRIC_HPY_API_DURATION)}_sum`,
  durationCount: `${prometheusName(METRIC_HPY_API_DURATION)}_count`,
  collectionErrors: `${prometheusName(METRIC_HPY_OTEL_COLLECTION_ERRORS)}_total`,
  debugOpenHandles: prometheusName(METRIC_HPY_DEBUG_OPEN_HANDLES),
  debugInvalidUses: `${prometheusName(METRIC_HPY_DEBUG_INVALID_USES)}_total`,
  moduleLabel: prometheusName(ATTR_HPY_MODULE),
  functionLabel: prometheusName(ATTR_HPY_FUNCTION),
} as const;
