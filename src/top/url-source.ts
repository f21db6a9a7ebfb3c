// `hpy-node top --url`: snapshots from a running process's /metrics: the
// per-context-function series (hpy_api_calls_total, hpy_api_duration_sum)
// for the function view, and, when the endpoint has them (a trace-mode
// module's entries), the per-entry series (hpy_extension_calls_total,
// hpy_extension_duration_sum, hpy_extension_api_duration_total, labels
// hpy_module and hpy_entry) for the entry view.
import { PROMETHEUS_NAMES } from '../otel/semconv';
import { prometheusName } from '../prometheus-name';
import { parseExposition } from './exposition';
import type { EntryTotals, FunctionTotals, Snapshot } from './snapshot';

/** The per-entry series: their names as OpenTelemetry's Prometheus
 * exporter writes `hpy.extension.calls`, `hpy.extension.duration` and
 * `hpy.extension.api_duration` (seconds) and the attribute `hpy.entry`. */
export const ENTRY_SERIES = {
  calls: `${prometheusName('hpy.extension.calls')}_total`,
  durationSum: `${prometheusName('hpy.extension.duration')}_sum`,
  apiDuration: `${prometheusName('hpy.extension.api_duration')}_total`,
  entryLabel: prometheusName('hpy.entry'),
} as const;

const NS_PER_S = 1e9;

/** Checks `--url`'s value: an http(s) URL. */
export function metricsUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`hpy-node top: --url needs the metrics endpoint's URL, such as http://127.0.0.1:9464/metrics, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`hpy-node top: --url must be an http:// or https:// URL (the Prometheus endpoint), got ${JSON.stringify(text)}`);
  }
  return url;
}

/** A snapshot from the text of one scrape. */
export function snapshotFromExposition(text: string, atMs: number, where = 'the endpoint'): Snapshot {
  const series = parseExposition(text);
  if (!series.some((s) => s.name.startsWith('hpy_'))) {
    throw new Error(
      `${where} has no hpy-node metrics (no hpy_* series): is it the endpoint of a process started with hpy-node run or hpy-node/register?`,
    );
  }
  const { moduleLabel, functionLabel } = PROMETHEUS_NAMES;
  const functions = new Map<string, FunctionTotals>();
  const fn = (labels: Record<string, string>) => {
    const key = `${labels[moduleLabel]}\0${labels[functionLabel]}`;
    let f = functions.get(key);
    if (!f) functions.set(key, (f = { module: labels[moduleLabel] ?? '', function: labels[functionLabel] ?? '', calls: 0, ns: 0 }));
    return f;
  };
  const entries = new Map<string, EntryTotals>();
  const entry = (labels: Record<string, string>) => {
    const key = `${labels[moduleLabel]}\0${labels[ENTRY_SERIES.entryLabel]}`;
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { module: labels[moduleLabel] ?? '', entry: labels[ENTRY_SERIES.entryLabel] ?? '', calls: 0, total_ns: 0, functions: {} }));
    return e;
  };
  for (const s of series) {
    if (s.name === PROMETHEUS_NAMES.calls) fn(s.labels).calls += s.value;
    else if (s.name === PROMETHEUS_NAMES.durationSum) fn(s.labels).ns += s.value * NS_PER_S;
    else if (s.name === ENTRY_SERIES.calls) entry(s.labels).calls += s.value;
    else if (s.name === ENTRY_SERIES.durationSum) entry(s.labels).total_ns += s.value * NS_PER_S;
    else if (s.name === ENTRY_SERIES.apiDuration) {
      const e = entry(s.labels);
      e.api_ns = (e.api_ns ?? 0) + s.value * NS_PER_S;
    }
  }
  return { atMs, functions: [...functions.values()], entries: entries.size > 0 ? [...entries.values()] : undefined };
}

/** Reads the endpoint once. Errors say which URL and what went wrong. */
export async function scrape(url: URL, timeoutMs: number): Promise<Snapshot> {
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    text = await response.text();
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot read ${url.href}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  return snapshotFromExposition(text, Date.now(), url.href);
}
