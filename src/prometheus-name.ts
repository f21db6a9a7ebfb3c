// Prometheus names of hpy-node's metrics, as OpenTelemetry's exporter makes
// them, and what may start one (in words why a given prefix may not). registerHpyCollector checks its `prefix` here, so that a bad one
// is a TypeError at registration naming the problem, rather than a registry
// whose text Prometheus rejects at every scrape, or promtool flags.

/** Why `prefix` cannot be put in front of hpy-node's metric names (which
 * start with a letter), or undefined when it can. Prometheus allows
 * [a-zA-Z_:][a-zA-Z0-9_:]* but reserves `:` for recording rules and names
 * starting with `__` for itself, so an exporter's names use neither. */
export function metricPrefixProblem(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const bad = /[^A-Za-z0-9_:]/.exec(prefix);
  if (bad) return `${JSON.stringify(bad[0])} is not allowed in a metric name: use letters, digits and _`;
  if (/^[0-9]/.test(prefix)) return 'a metric name cannot start with a digit';
  if (prefix.includes(':')) return '":" is reserved for the names of recording rules: use _';
  if (prefix.startsWith('__')) return 'names starting with "__" are reserved for Prometheus itself';
  return undefined;
}

/** A metric or attribute name as OpenTelemetry's Prometheus exporter writes
 * it: every character Prometheus does not allow becomes `_`. */
export function prometheusName(otelName: string): string {
  return otelName.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The family name a Prometheus scrape shows for `metric`: OpenTelemetry's
 * exporter adds `_total` to counters and no unit suffix (the unit goes on a
 * `# UNIT` line), so the `s` histogram is `hpy_api_duration`, not
 * `hpy_api_duration_seconds`. A histogram's samples add `_bucket`, `_sum`
 * and `_count` to this name. */
export function prometheusFamilyName(metric: { readonly name: string; readonly kind: string }): string {
  const name = prometheusName(metric.name);
  return metric.kind === 'counter' ? `${name}_total` : name;
}
