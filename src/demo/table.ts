// The demo's live terminal table: the top functions by time spent.
import { FunctionSummary } from '../trace/summary';

function ns(v: number): string {
  if (!Number.isFinite(v)) return '-';
  if (v >= 1e9) return `${(v / 1e9).toFixed(2)} s`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} ms`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(2)} µs`;
  return `${v.toFixed(0)} ns`;
}

/** Renders up to `limit` rows as fixed-width text. */
export function renderTable(rows: FunctionSummary[], limit = 12): string {
  const header = ['function', 'calls', 'total time', 'mean', 'p99'];
  const body = rows.slice(0, limit).map((r) => [r.name, r.calls.toLocaleString('en-US'), ns(r.totalNs), ns(r.meanNs), ns(r.p99Ns)]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
