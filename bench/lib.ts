// Shared by the figures: the run configuration, timing and medians, the
// benchmark extensions and the Node-API floor addon, and the result types.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildExtension } from '../src/cli/build';
import { needsBuild } from '../src/cli/stale';
import { load } from '../src/index';
import type { ModeChoice } from '../src/mode';
import { asVariant, type FigureLoops } from './js-loops';

export const BENCH_DIR = __dirname;
// tools/sanitize.sh points this elsewhere: its instrumented builds must not
// be picked up by a later `npm run bench`.
export const BUILD_DIR = process.env.HPY_NODE_BENCH_BUILD ?? join(BENCH_DIR, 'build');

/** How much work each figure does. `full` is `npm run bench`; `quick` is the
 * smoke test's: every figure, a few ms each, numbers not meaningful. */
export interface Config {
  name: 'full' | 'quick';
  /** Timed runs per variant (the median is reported), after one warm-up run. */
  runs: number;
  /** Iterations of a C loop per run (figures 1, 5). */
  loopIterations: number;
  /** JavaScript calls per run (figures 3, 4, 5). */
  jsCalls: number;
  /** Steps of the native floor loop per run (figure 2). */
  floorIterations: number;
  /** Scrapes per configuration (figure 6). */
  scrapes: number;
  /** Calls made before the "many calls" scrape of figure 6 (10^7 in full). */
  manyCalls: number;
  /** Length of each measurement of figure 8, ms. */
  scrapeLoadMs: number;
  /** `--hpy DIR`: an HPy 0.9.0 checkout built in place, whose own universal
   * and debug mode on CPython figure 10 runs beside hpy-node's. */
  hpyDir?: string;
}

export const CONFIGS: Record<Config['name'], Config> = {
  full: { name: 'full', runs: 9, loopIterations: 1_000_000, jsCalls: 1_000_000, floorIterations: 5_000_000, scrapes: 15, manyCalls: 10_000_000, scrapeLoadMs: 2000 },
  quick: { name: 'quick', runs: 2, loopIterations: 2_000, jsCalls: 2_000, floorIterations: 10_000, scrapes: 2, manyCalls: 10_000, scrapeLoadMs: 150 },
};

/** A target from issue 4, checked against one figure's value. */
export interface Target {
  text: string;
  value: number;
  limit: number;
  /** 'max': value <= limit passes; 'min': value >= limit passes. */
  kind: 'max' | 'min';
  pass: boolean;
}

export function target(text: string, value: number, kind: 'max' | 'min', limit: number): Target {
  return { text, value, limit, kind, pass: Number.isFinite(value) && (kind === 'max' ? value <= limit : value >= limit) };
}

/** One printed line of a figure. */
export interface Row {
  label: string;
  value: number | string;
  unit: string;
  note?: string;
}

export interface FigureResult {
  id: number;
  title: string;
  rows: Row[];
  targets: Target[];
  notes: string[];
  /** Everything measured, raw: per-run samples included. */
  raw: Record<string, unknown>;
}

export interface Figure {
  id: number;
  title: string;
  run(ctx: BenchContext): Promise<FigureResult>;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

/** Runs every variant once to warm up, then `runs` rounds in which each
 * variant runs once, in rotating order, so slow drift (another process, CPU
 * frequency) falls on all variants alike. Each call returns its ns per unit
 * of work; the result holds the samples and their median per variant. Each
 * call runs as its variant, so a JavaScript loop that serves two variants
 * throws (bench/js-loops.ts). */
export function interleave<K extends string>(runs: number, variants: Record<K, () => number>): Record<K, { median: number; samples: number[] }> {
  const keys = Object.keys(variants) as K[];
  for (const k of keys) asVariant(k, variants[k]);
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < keys.length; j++) {
      const k = keys[(r + j) % keys.length];
      samples[k].push(asVariant(k, variants[k]));
    }
  }
  return Object.fromEntries(keys.map((k) => [k, { median: median(samples[k]), samples: samples[k] }])) as Record<K, { median: number; samples: number[] }>;
}

/** ns per unit of `fn()`, which does `units` units of work. */
export function timePer(units: number, fn: () => unknown): number {
  const t0 = nowNs();
  fn();
  return (nowNs() - t0) / units;
}

export interface LoopsModule {
  add(a: number, b: number): number;
  loop_add(n: number, a: number, b: number): number;
  loop_dup(n: number, x: number): number;
  loop_long(n: number): number;
}

/** Builds bench/extensions/<file> into BUILD_DIR/<name>.hpy.so unless it is
 * newer than the source, the headers and the helper library it links. */
export function buildBenchExtension(file: string, name: string, flags: string[] = []): string {
  const src = join(BENCH_DIR, 'extensions', file);
  const out = join(BUILD_DIR, `${name}.hpy.so`);
  if (needsBuild(out, [src, ...['seed_add.h', 'c_loops.h'].map((h) => join(BENCH_DIR, 'extensions', h))])) {
    mkdirSync(BUILD_DIR, { recursive: true });
    buildExtension(src, { output: out, flags });
  }
  return out;
}

/** Builds bench/extensions/loops.c under `name` (the module name is the file
 * name, and a shared object keeps one mode per process) and loads it. */
export function loadLoops(name: string, mode: ModeChoice): LoopsModule {
  return load(buildBenchExtension('loops.c', name, [`-DBENCH_NAME=${name}`]), { mode }) as unknown as LoopsModule;
}

export interface ArgparseModule {
  add(a: number, b: number): number;
  parse_add(a: number, b: number): number;
  by_hand_add(a: number, b: number): number;
  /** n parses of (a, b) in a C loop; returns n * (a + b) */
  loop_parse(n: number, a: number, b: number): number;
  loop_by_hand(n: number, a: number, b: number): number;
}

/** bench/extensions/argparse.c (figure 9), in universal mode. */
export function loadArgparse(): ArgparseModule {
  return load(buildBenchExtension('argparse.c', 'bench_argparse'), { mode: 'universal' }) as unknown as ArgparseModule;
}

export interface PointClass {
  new (x: number, y: number): { x: number; y: number; sum(): number };
}

/** bench/extensions/point.c (figure 10), in universal mode. */
export function loadPoint(): PointClass {
  return (load(buildBenchExtension('point.c', 'bench_point'), { mode: 'universal' }) as unknown as { Point: PointClass }).Point;
}

export interface NapiFloor {
  add(a: number, b: number): number;
  /** Figure 10's Point as a node-addon-api ObjectWrap class. */
  Point: PointClass;
  /** ns per call of fn(7) from one native callback, `n` times; variant 0:
   * napi_call_function alone, 1: in a handle scope per call. */
  callHook(fn: (x: number) => void, n: number, variant: 0 | 1): number;
}

/** Builds (node-gyp, in its own folder and build dir) and loads the
 * hand-written node-addon-api add(). */
export function loadNapiFloor(): NapiFloor {
  const dir = join(BENCH_DIR, 'napi-floor');
  const out = join(dir, 'build', 'Release', 'napi_floor.node');
  const src = join(dir, 'add.cc');
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    const r = spawnSync('npx', ['node-gyp', 'rebuild', '--nodedir=/usr'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench: building ${dir} with node-gyp failed:\n${r.stdout}\n${r.stderr}`);
  }
  return require(resolve(out)) as NapiFloor;
}

/** What every figure gets: the configuration, the loaded modules, and where
 * it compiles its JavaScript loops (bench/js-loops.ts: one per variant). */
export interface BenchContext {
  config: Config;
  universal: LoopsModule;
  trace: LoopsModule;
  napiFloor: NapiFloor;
  loops: FigureLoops;
}

export const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
