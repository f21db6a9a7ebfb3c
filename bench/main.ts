// `npm run bench`: every figure of issues 4, 9, 10, 11 and 18, one after another in one process,
// a table on stdout and the raw figures with the machine's description in
// bench/results.json. `npm run bench -- --quick` is the smoke test's tiny
// run; `--out FILE` writes the JSON elsewhere; `--only 1,3` runs some figures;
// `--hpy DIR` adds HPy's own universal and debug mode on CPython to figure 10
// and CPython + HPy to figures 13 and 15.
import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { native } from '../src/native';
import { get_frequency } from '../src/trace/index';
import { BENCH_DIR, BenchContext, CONFIGS, Config, Figure, FigureResult, loadLoops, loadNapiFloor } from './lib';
import { type CompiledLoop, LoopRegistry } from './js-loops';
import { figure1 } from './figures/f1-context-calls';
import { figure2 } from './figures/f2-floor';
import { figure3 } from './figures/f3-js-calls';
import { figure4 } from './figures/f4-otel-wrapper';
import { figure5 } from './figures/f5-hooks';
import { figure6 } from './figures/f6-collection';
import { figure7 } from './figures/f7-memory';
import { figure8 } from './figures/f8-scrape-load';
import { figure9 } from './figures/f9-argparse';
import { figure10 } from './figures/f10-debug';
import { figure11 } from './figures/f11-types';
import { figure12 } from './figures/f12-lifecycle';
import { figure13 } from './figures/f13-native-types';
import { figure14 } from './figures/f14-entry-metrics';
import { figure15 } from './figures/f15-containers';

// Figure 2 reads figure 1's overhead, so 1 runs first.
export const FIGURES: Figure[] = [figure1, figure2, figure3, figure4, figure5, figure6, figure7, figure8, figure9, figure10, figure11, figure12, figure13, figure14, figure15];

export interface BenchResults {
  date: string;
  config: Config;
  machine: Record<string, unknown>;
  figures: FigureResult[];
  targets: Array<{ figure: number; text: string; value: number; limit: number; pass: boolean }>;
  /** Every JavaScript loop the run compiled: one per figure and variant. */
  loops: CompiledLoop[];
}

export function machine(): Record<string, unknown> {
  const c = cpus();
  return {
    cpuModel: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryBytes: totalmem(),
    os: `${osType()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
    clock: { name: native.traceClockName(), frequencyHz: get_frequency(), calibratedHz: native.traceClockFrequency() },
  };
}

export async function runBench(config: Config, only?: number[], log: (s: string) => void = (s) => console.log(s)): Promise<BenchResults> {
  const registry = new LoopRegistry();
  const modules = {
    universal: loadLoops('bench_loops_universal', 'universal'),
    trace: loadLoops('bench_loops_trace', 'trace'),
    napiFloor: loadNapiFloor(),
  };
  const figures: FigureResult[] = [];
  for (const f of FIGURES) {
    if (only && !only.includes(f.id) && !(f.id === 1 && only.includes(2))) continue;
    log(`running figure ${f.id}: ${f.title} ...`);
    const ctx: BenchContext = { config, ...modules, loops: registry.forFigure(f.id) };
    figures.push(await f.run(ctx));
  }
  const targets = figures.flatMap((f) => f.targets.map((t) => ({ figure: f.id, text: t.text, value: t.value, limit: t.limit, pass: t.pass })));
  return { date: new Date().toISOString(), config, machine: machine(), figures, targets, loops: registry.loops };
}

export function formatTable(r: BenchResults): string {
  const lines: string[] = [];
  const m = r.machine as { cpuModel: string; cores: number; node: string; clock: { name: string; frequencyHz: number } };
  lines.push(`hpy-node benchmarks (${r.config.name}): ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, clock ${m.clock.name} @ ${(m.clock.frequencyHz / 1e6).toFixed(1)} MHz`);
  lines.push(`medians of ${r.config.runs} interleaved runs after a warm-up`);
  for (const f of r.figures) {
    lines.push('');
    lines.push(`${f.id}. ${f.title}`);
    const w = Math.max(...f.rows.map((row) => row.label.length), 10);
    for (const row of f.rows) {
      lines.push(`   ${row.label.padEnd(w)}  ${String(row.value).padStart(10)} ${row.unit.padEnd(8)} ${row.note ?? ''}`.trimEnd());
    }
    for (const t of f.targets) {
      const v = Number.isFinite(t.value) ? (Math.abs(t.value) >= 100 ? t.value.toFixed(0) : t.value.toFixed(2)) : String(t.value);
      lines.push(`   [${t.pass ? 'PASS' : 'MISS'}] ${t.text}: ${v} (${t.kind === 'max' ? '<=' : '>='} ${t.limit})`);
    }
    for (const n of f.notes) lines.push(`   note: ${n}`);
  }
  const passed = r.targets.filter((t) => t.pass).length;
  lines.push('');
  lines.push(`targets: ${passed}/${r.targets.length} pass`);
  return lines.join('\n');
}

const USAGE = 'usage: npm run bench -- [--quick] [--out FILE] [--only 1,3] [--runs N] [--hpy DIR]';

function parseArgs(argv: string[]): { config: Config; out: string; only?: number[] } {
  let config = CONFIGS.full;
  let out = join(BENCH_DIR, 'results.json');
  let only: number[] | undefined;
  let hpyDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') config = CONFIGS.quick;
    else if (a === '--out') out = argv[++i];
    else if (a === '--only') only = argv[++i].split(',').map(Number);
    else if (a === '--runs') config = { ...config, runs: Number(argv[++i]) };
    else if (a === '--hpy') hpyDir = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`bench: unknown argument ${a} (use --quick, --out FILE, --only 1,3, --runs N, --hpy DIR)`);
  }
  if (hpyDir !== undefined) config = { ...config, hpyDir };
  return { config, out, only };
}

if (require.main === module) {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { config, out, only } = args;
  runBench(config, only, (s) => console.error(s)).then(
    (r) => {
      writeFileSync(out, JSON.stringify(r, null, 2) + '\n');
      console.log(formatTable(r));
      console.log(`\nraw figures: ${out}`);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
