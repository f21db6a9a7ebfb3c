// Starts a command with every HPy module traced (HPY=trace unless HPY is
// set) and profile-reporter.ts preloaded into each Node process it runs, and
// reads what they report, added up over the processes.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from './profile-reporter';
import { functionsOfEntries, mergeEntries, type EntryTotals, type Snapshot } from '../top/snapshot';

const REPORTER = join(__dirname, 'profile-reporter.js');

export interface TracedChild {
  readonly child: ChildProcess;
  readonly startMs: number;
  /** The latest reports of all its processes, added up; `atMs` is the
   * newest report's time (startMs before any). */
  snapshot(): Snapshot;
  /** How many processes have reported a traced module's entries (one
   * that loaded hpy-node with every module in universal mode has none). */
  processes(): number;
  /** Settles when the command has exited (with its code or signal), or
   * could not be started (`error`). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
  /** Removes the report folder. */
  cleanup(): void;
}

export function startTracedChild(command: readonly string[], options: { stdio: StdioOptions; intervalMs: number }): TracedChild {
  const dir = mkdtempSync(join(tmpdir(), 'hpy-node-report-'));
  const env = { ...process.env };
  if (!env.HPY) env.HPY = 'trace';
  env.HPY_NODE_REPORT_DIR = dir;
  env.HPY_NODE_REPORT_INTERVAL_MS = String(Math.max(50, Math.round(options.intervalMs)));
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(REPORTER)}`.trim();
  const startMs = Date.now();
  const child = spawn(command[0], command.slice(1), { env, stdio: options.stdio });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const reports = (): Report[] => {
    const out: Report[] = [];
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as Report);
      } catch {
        // Renamed over while being read: the next read has it.
      }
    }
    return out;
  };
  return {
    child,
    startMs,
    exited,
    snapshot() {
      const all = reports();
      const entries: EntryTotals[] = mergeEntries(all.map((r) => r.rows));
      return { atMs: Math.max(startMs, ...all.map((r) => r.atMs)), entries, functions: functionsOfEntries(entries) };
    },
    processes: () => reports().filter((r) => r.rows.length > 0).length,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
