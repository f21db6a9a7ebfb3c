// The standard OTEL_* environment variables hpy-node honours, read and
// checked in one place. A value that cannot be used is an Error naming the
// variable, the value and what to write instead; callers that must keep the
// application running (hpy-node/register) catch and print it.
import type { Attributes } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { accepts, check } from '../args';

export type Env = Record<string, string | undefined>;

export const EXPORTER_NAMES = ['prometheus', 'otlp', 'console'] as const;
export type ExporterName = (typeof EXPORTER_NAMES)[number];

/** IPv4 loopback rather than the specification's `localhost`: `localhost`
 * may resolve to ::1 only, and a scrape of 127.0.0.1 would then fail. Never
 * all interfaces by default: the endpoint has no authentication. */
export const DEFAULT_PROMETHEUS_HOST = '127.0.0.1';
export const DEFAULT_PROMETHEUS_PORT = 9464;
export const DEFAULT_PROMETHEUS_ENDPOINT = '/metrics';
export const DEFAULT_EXPORT_INTERVAL_MS = 60000;
export const DEFAULT_EXPORT_TIMEOUT_MS = 30000;
/** hpy-node's choice when OTEL_METRICS_EXPORTER is unset. The specification
 * says `otlp`, but a scrape endpoint works without a collector, and pushing
 * to a collector that is not there only produces errors. */
export const DEFAULT_EXPORTERS: readonly ExporterName[] = ['prometheus'];

export interface PrometheusConfig {
  host: string;
  port: number;
  endpoint: string;
}

/** The OTLP transports hpy-node speaks: OTLP/HTTP with protobuf bodies (the
 * specification's default) or JSON bodies. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export const DEFAULT_OTLP_PROTOCOL: OtlpProtocol = 'http/protobuf';

/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE. For hpy-node's
 * metrics (counters and a histogram) `lowmemory` means the same as `delta`. */
export const TEMPORALITY_PREFERENCES = ['cumulative', 'delta', 'lowmemory'] as const;
export type TemporalityPreference = (typeof TEMPORALITY_PREFERENCES)[number];

/** The push schedule: OTLP's and the console exporter's. */
export interface PushSchedule {
  intervalMillis: number;
  timeoutMillis: number;
}

export interface OtlpConfig extends PushSchedule {
  protocol: OtlpProtocol;
  temporality: TemporalityPreference;
}

export interface OtelConfig {
  exporters: ExporterName[];
  /** Present when `prometheus` is configured. */
  prometheus?: PrometheusConfig;
  /** Present when `otlp` is configured. Endpoint and headers are read by the
   * OTLP exporter itself from OTEL_EXPORTER_OTLP_(METRICS_)ENDPOINT/HEADERS. */
  otlp?: OtlpConfig;
  /** Present when `console` is configured. */
  console?: PushSchedule;
  /** OTEL_SDK_DISABLED=true: nothing is exported, whatever else is set. */
  disabled?: true;
}

// Values already warned about: register reads the variable, then
// readOtelConfig reads it again, and one wrong value is worth one warning.
const warnedSdkDisabled = new Set<string>();

/** OTEL_SDK_DISABLED: only `true` (any case) disables; unset, empty and
 * `false` do not, and anything else does not either but is worth a warning,
 * once per process (the specification's rule for boolean variables). */
export function sdkDisabled(env: Env = process.env, warn: (message: string) => void = (m) => console.warn(m)): boolean {
  const raw = value(env, 'OTEL_SDK_DISABLED');
  if (raw === undefined) return false;
  const word = raw.toLowerCase();
  if (word === 'true') return true;
  if (word !== 'false' && !warnedSdkDisabled.has(raw) && warnedSdkDisabled.add(raw)) warn(`hpy-node: OTEL_SDK_DISABLED=${JSON.stringify(raw)} is neither true nor false; taken as false (metrics stay on)`);
  return false;
}

/** Unset and blank are the same, as in OpenTelemetry's own env reading. */
function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** OTEL_METRICS_EXPORTER: `prometheus`, `otlp`, a comma list of them, or `none`. */
export function parseExporters(raw: string | undefined, name = 'OTEL_METRICS_EXPORTER'): ExporterName[] {
  check('parseExporters', 'name', name, { what: 'the name of the variable (a non-empty string)', test: accepts.nonEmptyString.test });
  if (raw !== undefined) check('parseExporters', 'raw', raw, { what: `the value of ${name} (a string) or undefined`, test: accepts.string.test });
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_EXPORTERS];
  const words = raw.split(',').map((w) => w.trim().toLowerCase()).filter((w) => w !== '');
  if (words.length === 0) {
    throw new Error(
      `${name}=${JSON.stringify(raw)} names no metrics exporter; write ${EXPORTER_NAMES.join(', ')}, a comma list such as prometheus,otlp, ` +
        `or none to turn metrics off (unset, it is ${DEFAULT_EXPORTERS.join(',')})`,
    );
  }
  if (words.length === 1 && words[0] === 'none') return [];
  const out: ExporterName[] = [];
  for (const w of words) {
    if (w === 'none') throw new Error(`${name}=${JSON.stringify(raw)}: "none" turns metrics off and cannot be combined with other exporters`);
    if (!(EXPORTER_NAMES as readonly string[]).includes(w)) {
      throw new Error(
        `${name}=${JSON.stringify(raw)}: unknown metrics exporter "${w}"; hpy-node supports ${EXPORTER_NAMES.join(', ')} ` +
          `(or a comma list such as prometheus,otlp), and none to turn metrics off`,
      );
    }
    if (!out.includes(w as ExporterName)) out.push(w as ExporterName);
  }
  return out;
}

/** A TCP port, 0 (any free port) to 65535. */
export function parsePort(raw: string, name: string): number {
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(port <= 65535)) throw new Error(`${name}=${JSON.stringify(raw)} is not a TCP port: give a number from 1 to 65535 (0 picks a free port)`);
  return port;
}

function parseMillis(env: Env, name: string, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const ms = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(ms > 0)) throw new Error(`${name}=${JSON.stringify(raw)} is not a duration: give a whole number of milliseconds greater than 0`);
  return ms;
}

export function readPrometheusConfig(env: Env = process.env): PrometheusConfig {
  const port = value(env, 'OTEL_EXPORTER_PROMETHEUS_PORT');
  return {
    host: value(env, 'OTEL_EXPORTER_PROMETHEUS_HOST') ?? DEFAULT_PROMETHEUS_HOST,
    port: port === undefined ? DEFAULT_PROMETHEUS_PORT : parsePort(port, 'OTEL_EXPORTER_PROMETHEUS_PORT'),
    endpoint: DEFAULT_PROMETHEUS_ENDPOINT,
  };
}

/** OTEL_METRIC_EXPORT_INTERVAL and _TIMEOUT. */
export function readPushSchedule(env: Env = process.env): PushSchedule {
  const intervalMillis = parseMillis(env, 'OTEL_METRIC_EXPORT_INTERVAL', DEFAULT_EXPORT_INTERVAL_MS);
  // A timeout longer than the interval would let exports overlap; the SDK
  // refuses that combination, so it is clamped here.
  const timeoutMillis = Math.min(parseMillis(env, 'OTEL_METRIC_EXPORT_TIMEOUT', DEFAULT_EXPORT_TIMEOUT_MS), intervalMillis);
  return { intervalMillis, timeoutMillis };
}

/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, `cumulative` when unset. */
export function readTemporalityPreference(env: Env = process.env): TemporalityPreference {
  const name = 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE';
  const raw = value(env, name);
  if (raw === undefined) return 'cumulative';
  const word = raw.toLowerCase();
  if (!(TEMPORALITY_PREFERENCES as readonly string[]).includes(word)) {
    throw new Error(`${name}=${JSON.stringify(raw)}: give ${TEMPORALITY_PREFERENCES.join(', ')} (unset, it is cumulative)`);
  }
  return word as TemporalityPreference;
}

/** The protocol (the metrics variable wins over the general one), the
 * temporality, and the interval and timeout of the push. */
export function readOtlpConfig(env: Env = process.env): OtlpConfig {
  let protocol: OtlpProtocol = DEFAULT_OTLP_PROTOCOL;
  for (const name of ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const given = value(env, name);
    if (given === undefined) continue;
    if (!(OTLP_PROTOCOLS as readonly string[]).includes(given)) {
      throw new Error(
        `${name}=${JSON.stringify(given)}: hpy-node pushes OTLP metrics over HTTP only, as ${OTLP_PROTOCOLS.join(' or ')}; ` +
          `set OTEL_EXPORTER_OTLP_METRICS_PROTOCOL=http/protobuf (a collector's OTLP/HTTP receiver, port 4318, accepts it)`,
      );
    }
    protocol = given as OtlpProtocol;
    break;
  }
  return { protocol, temporality: readTemporalityPreference(env), ...readPushSchedule(env) };
}

/** Everything the configured exporters need; checks only what they use. */
export function readOtelConfig(env: Env = process.env): OtelConfig {
  check('readOtelConfig', 'env', env, accepts.stringRecord('an environment such as process.env (an object of string values), or omitted'));
  if (sdkDisabled(env)) return { exporters: [], disabled: true };
  const exporters = parseExporters(env.OTEL_METRICS_EXPORTER);
  return {
    exporters,
    prometheus: exporters.includes('prometheus') ? readPrometheusConfig(env) : undefined,
    otlp: exporters.includes('otlp') ? readOtlpConfig(env) : undefined,
    console: exporters.includes('console') ? readPushSchedule(env) : undefined,
  };
}

// OTEL_RESOURCE_ATTRIBUTES: comma-separated key=value, ',' and '=' inside
// keys and values percent-encoded. OpenTelemetry's env detector drops the
// whole variable when one entry is malformed (with a debug log nobody sees);
// here the malformed entries are dropped, each named in a warning, and the
// others are kept.
export function parseResourceAttributes(raw: string, warn: (message: string) => void = (m) => console.warn(m)): Attributes {
  const attributes: Attributes = {};
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const parts = entry.split('=');
    let problem: string | undefined;
    if (parts.length !== 2) problem = 'is not key=value (percent-encode "," and "=" inside keys and values)';
    else if (parts[0].trim() === '') problem = 'has an empty key';
    else {
      try {
        attributes[decodeURIComponent(parts[0].trim())] = decodeURIComponent(parts[1].trim());
      } catch {
        problem = 'has a bad percent-encoding';
      }
    }
    if (problem) warn(`hpy-node: OTEL_RESOURCE_ATTRIBUTES entry ${JSON.stringify(entry)} ${problem}; it is left out, the other entries are kept`);
  }
  return attributes;
}

/** The resource of every hpy-node reader: OpenTelemetry's defaults
 * (`service.name` unknown_service:PROCESS, telemetry.sdk.*) overridden by
 * OTEL_RESOURCE_ATTRIBUTES, then by OTEL_SERVICE_NAME. */
export function otelResource(warn?: (message: string) => void): Resource {
  const raw = value(process.env, 'OTEL_RESOURCE_ATTRIBUTES');
  const attributes = raw === undefined ? {} : parseResourceAttributes(raw, warn);
  const serviceName = value(process.env, 'OTEL_SERVICE_NAME');
  if (serviceName !== undefined) attributes['service.name'] = serviceName;
  return defaultResource().merge(resourceFromAttributes(attributes));
}
