// Loads each built module in a child process of its own (a crash is then one
// module's result, not the end of the run), in each mode: universal, trace,
// debug and debug+trace.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { BuiltModule } from './build-modules';

const DIST = resolve(__dirname, '..', '..', 'dist', 'index.js');

export type Mode = 'universal' | 'trace' | 'debug' | 'debug+trace';
export const MODES: Mode[] = ['universal', 'trace', 'debug', 'debug+trace'];

export interface LoadResult {
  ok: boolean;
  /** The module's members on success; the error (or how the child died) otherwise. */
  detail: string;
}

export interface ModuleResult extends BuiltModule {
  load: Partial<Record<Mode, LoadResult>>;
}

const CHILD = `
const { load } = require(process.argv[1]);
try {
  const m = load(process.argv[2], { mode: process.argv[3] });
  process.stdout.write(JSON.stringify({ ok: true, detail: Object.keys(m).join(' ') }));
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, detail: String(err && err.message || err) }));
}`;

function loadOne(so: string, mode: Mode): LoadResult {
  const r = spawnSync(process.execPath, ['-e', CHILD, DIST, so, mode], { encoding: 'utf8', timeout: 30_000 });
  try {
    return JSON.parse(r.stdout) as LoadResult;
  } catch {
    const how = r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
    return { ok: false, detail: `the process died (${how}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  }
}

export function loadAll(built: BuiltModule[]): ModuleResult[] {
  return built.map((b) => {
    const load: ModuleResult['load'] = {};
    if (b.so) for (const mode of MODES) load[mode] = loadOne(b.so, mode);
    return { ...b, load };
  });
}
