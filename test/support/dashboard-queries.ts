// Runs every query of the Grafana dashboard against a real Prometheus, with
// Grafana's variables replaced by test values, and reports what each
// returned. Used with a synthetic exporter (test/grafana) and with the real
// hpy-node exporter (end-to-end tests).
import { dashboard, panelQueries, PanelQuery } from '../../grafana/src/dashboard';
import { Prometheus, QueryResult } from './prometheus';

/** Values for the dashboard's variables, by name without `$` (job, instance, module, function, __rate_interval, __range, ...). */
export type Substitutions = Record<string, string>;

/**
 * Defaults for Grafana's built-ins, matched to a 1 s scrape interval:
 * $__rate_interval is at least 4 scrape intervals in Grafana, and the
 * user variables select everything, as "All" does (allValue ".*").
 */
export const DEFAULT_SUBSTITUTIONS: Substitutions = {
  job: '.*',
  instance: '.*',
  module: '.*',
  function: '.*',
  __rate_interval: '4s',
  __interval: '1s',
  __range: '1m',
  __range_s: '60',
};

/**
 * Replaces `$name` and `${name}` (optionally `${name:format}`, whose format is
 * ignored). An unknown variable throws, naming it, so a typo in the dashboard
 * fails here rather than passing as an empty match.
 */
export function substitute(expr: string, values: Substitutions): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (match, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const value = values[name];
    if (value === undefined) throw new Error(`no substitution for variable $${name} in: ${expr}`);
    return value;
  });
}

export interface PanelQueryResult extends PanelQuery {
  /** The PromQL sent, variables replaced. */
  sent: string;
  result: QueryResult;
  /** Samples that are numbers (not NaN, not +/-Inf) across all series. */
  finiteSamples: number;
}

export interface RunOptions {
  substitutions?: Substitutions;
  /** Range queries cover [end - rangeSeconds, end] every `stepSeconds`. Default the last 30 s every 1 s. */
  rangeSeconds?: number;
  stepSeconds?: number;
  /** Evaluation time (seconds since epoch); default now. */
  end?: number;
}

/** Every panel query, run as Grafana would run it (instant or range). Sequential: a handful of queries, and it keeps a 2-core machine calm. */
export async function runDashboardQueries(prom: Prometheus, options: RunOptions = {}): Promise<PanelQueryResult[]> {
  const values = { ...DEFAULT_SUBSTITUTIONS, ...options.substitutions };
  const end = options.end ?? Date.now() / 1000;
  const start = end - (options.rangeSeconds ?? 30);
  const out: PanelQueryResult[] = [];
  for (const q of panelQueries(dashboard())) {
    const sent = substitute(q.expr, values);
    const result = await (q.instant ? prom.query(sent, end) : prom.queryRange(sent, start, end, options.stepSeconds ?? 1)).catch((e: Error) => {
      throw new Error(`panel "${q.panel}" query ${q.refId} failed: ${e.message}`);
    });
    const finiteSamples = result.series.reduce((n, s) => n + s.values.filter(([, v]) => Number.isFinite(Number(v))).length, 0);
    out.push({ ...q, sent, result, finiteSamples });
  }
  return out;
}

/** The dashboard's variable queries (`label_values(metric{...}, label)`) as label-values API calls, for checking the drop-downs. */
export async function runVariableQueries(prom: Prometheus, substitutions: Substitutions = {}): Promise<{ name: string; values: string[] }[]> {
  const values = { ...DEFAULT_SUBSTITUTIONS, ...substitutions };
  const out: { name: string; values: string[] }[] = [];
  for (const v of dashboard().templating.list) {
    if (v.type !== 'query') continue;
    const m = /^label_values\((.*),\s*(\w+)\)$/.exec(v.query);
    if (!m) throw new Error(`variable ${v.name}: unsupported query ${v.query}`);
    out.push({ name: v.name, values: await prom.labelValues(m[2], substitute(m[1], values)) });
  }
  return out;
}
