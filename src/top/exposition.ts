// The sample lines of a Prometheus text exposition (format 0.0.4), as
// series: name, labels, value. Comments (HELP, TYPE, UNIT) are skipped: top
// knows which series it wants by name. (parse-prometheus-text-format, the
// npm parser, folds an OpenTelemetry histogram's series into one unlabelled
// metric, as OpenTelemetry writes _count and _sum before the buckets.)

export interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:]*/;
const LABEL = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/;
const UNESCAPE: Record<string, string> = { '\\\\': '\\', '\\"': '"', '\\n': '\n' };

/** Every sample line; a line that is not one is an error naming its number. */
export function parseExposition(text: string): Series[] {
  const out: Series[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const bad = (why: string) => new Error(`line ${i + 1} is not a Prometheus sample (${why}): ${line.slice(0, 120)}`);
    const name = NAME.exec(line)?.[0];
    if (!name) throw bad('no metric name');
    let rest = line.slice(name.length);
    const labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      rest = rest.slice(1);
      for (let m = LABEL.exec(rest); m; m = LABEL.exec(rest)) {
        labels[m[1]] = m[2].replace(/\\[\\"n]/g, (e) => UNESCAPE[e]);
        rest = rest.slice(m[0].length);
      }
      if (!rest.startsWith('}')) throw bad('unclosed labels');
      rest = rest.slice(1);
    }
    const [value] = rest.trim().split(/\s+/); // a timestamp may follow
    const number = Number(value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : value);
    if (value === undefined || value === '' || (Number.isNaN(number) && value !== 'NaN')) throw bad('no value');
    out.push({ name, labels, value: number });
  });
  return out;
}
