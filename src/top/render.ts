// One frame of `hpy-node top` as lines of plain text: the same for a
// terminal (redrawn in place) and a log (appended).
import type { EntryLine, FunctionLine } from './rates';

export type View = 'entries' | 'functions';
export type SortKey = 'time' | 'calls';

export interface Frame {
  /** What is watched: the command or the URL. */
  source: string;
  view: View;
  sort: SortKey;
  /** Undefined: the source has no per-entry data. */
  entries?: EntryLine[];
  functions: FunctionLine[];
  /** Lines shown under the header: the command's state, errors. */
  status: string[];
  /** When the data was taken, ms since the epoch. */
  atMs: number;
  /** Show the keys (a terminal). */
  keys: boolean;
  width: number;
  /** At most this many lines (a terminal's height); unlimited if omitted. */
  height?: number;
}

export const KEYS_HELP = 'keys: e entries  f functions  Tab switch  s sort by time/calls  q quit';

export function formatNs(ns: number | undefined): string {
  if (ns === undefined || !Number.isFinite(ns)) return '-';
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

export const formatRate = (r: number | undefined): string => (r === undefined ? '-' : r >= 10 ? r.toFixed(0) : r.toFixed(1));
export const formatShare = (s: number | undefined): string => (s === undefined ? '-' : `${(s * 100).toFixed(s < 0.1 ? 1 : 0)}%`);
const formatPerCall = (n: number): string => String(Number(n.toFixed(2)));

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

type Column<T> = { title: string; right?: boolean; get(line: T): string };

function table<T>(columns: Column<T>[], lines: T[]): string[] {
  const cells = lines.map((l) => columns.map((c) => c.get(l)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const row = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : columns[i].right ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [row(columns.map((c) => c.title)), ...cells.map(row)];
}

const ENTRY_COLUMNS: Column<EntryLine>[] = [
  { title: 'ENTRY', get: (l) => l.entry },
  { title: 'CALLS', right: true, get: (l) => String(l.calls) },
  { title: 'CALLS/S', right: true, get: (l) => formatRate(l.callsPerS) },
  { title: 'MEAN', right: true, get: (l) => formatNs(l.meanNs) },
  { title: 'BUSY', right: true, get: (l) => formatShare(l.nsPerS === undefined ? undefined : l.nsPerS / 1e9) },
  { title: 'API', right: true, get: (l) => formatShare(l.apiShare) },
  { title: 'CONTEXT CALLS PER CALL', get: (l) => l.top.map((t) => `${t.function} ${formatPerCall(t.perCall)}`).join(', ') },
];

const FUNCTION_COLUMNS: Column<FunctionLine>[] = [
  { title: 'FUNCTION', get: (l) => l.function },
  { title: 'MODULE', get: (l) => l.module },
  { title: 'CALLS', right: true, get: (l) => String(l.calls) },
  { title: 'CALLS/S', right: true, get: (l) => formatRate(l.callsPerS) },
  { title: 'MEAN', right: true, get: (l) => formatNs(l.meanNs) },
  { title: 'BUSY', right: true, get: (l) => formatShare(l.nsPerS === undefined ? undefined : l.nsPerS / 1e9) },
  { title: 'TIME', right: true, get: (l) => formatShare(l.timeShare) },
];

// Busiest first: by time per second, or by calls per second; totals where
// there are no rates yet; then by name, so equal lines keep their order.
function sorted<T extends { calls: number; callsPerS?: number; nsPerS?: number; meanNs?: number }>(lines: T[], sort: SortKey, name: (l: T) => string): T[] {
  const weight = (l: T) => (sort === 'calls' ? (l.callsPerS ?? l.calls) : (l.nsPerS ?? (l.meanNs ?? 0) * l.calls));
  return [...lines].sort((a, b) => weight(b) - weight(a) || name(a).localeCompare(name(b)));
}

export function renderFrame(f: Frame): string[] {
  // The source (a command line, a URL) last: a narrow terminal cuts it, not
  // the view and the time.
  const header = `hpy-node top  ${f.view === 'entries' ? 'entries' : 'context functions'}, by ${f.sort === 'time' ? 'time' : 'calls'}/s  ${clock(f.atMs)}  ${f.source}`;
  const out = [header];
  if (f.keys) out.push(KEYS_HELP);
  out.push(...f.status);
  if (f.view === 'entries' && !f.entries) {
    out.push('', 'This source has no per-entry data: its metrics are per context function only. Press f (or use --view functions).');
  } else if (f.view === 'entries') {
    out.push('', ...(f.entries!.length ? table(ENTRY_COLUMNS, sorted(f.entries!, f.sort, (l) => l.entry)) : ['(no entry has run yet)']));
  } else {
    out.push('', ...(f.functions.length ? table(FUNCTION_COLUMNS, sorted(f.functions, f.sort, (l) => `${l.module}.${l.function}`)) : ['(no context call yet)']));
  }
  const fitted = out.map((l) => (l.length > f.width ? l.slice(0, Math.max(0, f.width - 1)) + '…' : l));
  return f.height === undefined ? fitted : fitted.slice(0, f.height);
}
