// What of the trace store is exported: which modules, which context
// functions, and the histogram's buckets. Chosen by options, else by the
// HPY_METRICS_* variables, and applied to the series themselves
// (store-read.ts), so the counters, the histogram and debug mode's metrics
// agree on every exporter (the OpenTelemetry endpoint, OTLP, the provider
// bridge, prom-client). OpenTelemetry Views cannot do this: data from a
// MetricProducer bypass Views, so a View would reach the counters of the
// provider bridge and never the histogram.
//
// The histogram's boundaries can only coarsen the store's: a call is counted
// natively in one fixed bucket (10 ns to 10 s in 1-2-5 steps), and a bound
// between two of the store's would need durations the store never kept. So
// boundaries must be some of the store's bounds, and anything else is an
// error listing them, rather than counts that look exact and are not.
import { CTX_NAMES } from '../generated/ctx-names';
import type { Env } from './config';

export interface SelectionOptions {
  /** Modules to export (names as hpy.module shows them, `*` matching any
   * run of characters): only these. @default HPY_METRICS_MODULES, else all */
  modules?: string[];
  /** Modules never exported, even if `modules` names them.
   * @default HPY_METRICS_EXCLUDE_MODULES, else none */
  excludeModules?: string[];
  /** Context functions to export (`ctx_Add`, or a pattern such as
   * `ctx_Long_*`); each must name at least one HPy context function.
   * @default HPY_METRICS_FUNCTIONS, else all */
  functions?: string[];
  /** Context functions never exported. @default HPY_METRICS_EXCLUDE_FUNCTIONS, else none */
  excludeFunctions?: string[];
  /** The histogram's upper bounds, in seconds, ascending: some of the trace
   * store's bounds (10 ns to 10 s in 1-2-5 steps: 1e-8, 2e-8, 5e-8, 1e-7,
   * ..., 10). Each bucket then adds up the store's buckets below its bound.
   * @default HPY_METRICS_BOUNDARIES, else all of the store's bounds */
  boundaries?: number[];
  /** Give hpy.api.calls the attribute hpy.entry too: one series per
   * (module, entry, context function) instead of per (module, function), at
   * most entries × the context functions each entry used. Off by default for
   * that reason. hpy.api.duration stays per (module, function).
   * @default HPY_METRICS_ENTRY_ATTRIBUTE (1 or true), else false */
  entryAttribute?: boolean;
}

/** The variable of each option, as documented beside the OTEL_* ones. */
export const SELECTION_VARIABLES: { readonly [K in keyof SelectionOptions]-?: string } = {
  modules: 'HPY_METRICS_MODULES',
  excludeModules: 'HPY_METRICS_EXCLUDE_MODULES',
  functions: 'HPY_METRICS_FUNCTIONS',
  excludeFunctions: 'HPY_METRICS_EXCLUDE_FUNCTIONS',
  boundaries: 'HPY_METRICS_BOUNDARIES',
  entryAttribute: 'HPY_METRICS_ENTRY_ATTRIBUTE',
};

export const isNameList = (v: unknown): boolean => Array.isArray(v) && v.every((n) => typeof n === 'string' && n.trim() !== '');
export const isBoundaryList = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every((b) => typeof b === 'number' && Number.isFinite(b) && b > 0);

function pattern(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Which of a list of names (or `*` patterns) a name matches. */
function matcher(globs: readonly string[] | undefined): ((name: string) => boolean) | undefined {
  if (globs === undefined) return undefined;
  const exact = new Set(globs.filter((g) => !g.includes('*')));
  const patterns = globs.filter((g) => g.includes('*')).map(pattern);
  return (name) => exact.has(name) || patterns.some((p) => p.test(name));
}

/** How a bucket of the store maps to a bucket of the export. */
export interface BucketPlan {
  /** The exported boundaries, seconds. */
  boundaries: number[];
  /** For each of the store's buckets (+Inf last), the exported bucket it adds to. */
  into: Int32Array;
}

export class Selection {
  /** Per context function id: exported or not. */
  readonly functions: Uint8Array;
  /** True when every module and function is exported and the buckets are the store's. */
  readonly everything: boolean;
  /** hpy.api.calls per entry too (the entryAttribute option). */
  readonly entryAttribute: boolean;
  private readonly include: ((name: string) => boolean) | undefined;
  private readonly exclude: ((name: string) => boolean) | undefined;
  private readonly decided = new Map<string, boolean>();
  private readonly boundaries: number[] | undefined;
  private plan: { boundsNs: number[]; plan: BucketPlan | Error } | undefined;

  /** `source(option)` names where a value came from, for errors. */
  constructor(chosen: SelectionOptions, source: (option: keyof SelectionOptions) => string) {
    this.include = matcher(chosen.modules);
    this.exclude = matcher(chosen.excludeModules);
    const fnIn = matcher(chosen.functions);
    const fnOut = matcher(chosen.excludeFunctions);
    for (const key of ['functions', 'excludeFunctions'] as const) {
      for (const glob of chosen[key] ?? []) {
        if (!CTX_NAMES.some(matcher([glob])!)) {
          throw new TypeError(
            `${source(key)}: ${JSON.stringify(glob)} names no HPy context function; write them as get_call_counts() does, such as ctx_Add, or a pattern such as ctx_Long_*`,
          );
        }
      }
    }
    this.functions = Uint8Array.from(CTX_NAMES, (name) => ((fnIn?.(name) ?? true) && !(fnOut?.(name) ?? false) ? 1 : 0));
    const b = chosen.boundaries;
    if (b !== undefined && !b.every((x, i) => i === 0 || x > b[i - 1])) {
      throw new TypeError(`${source('boundaries')}: ${JSON.stringify(b)} is not ascending; give the histogram's upper bounds in seconds, smallest first`);
    }
    this.boundaries = b;
    this.entryAttribute = chosen.entryAttribute ?? false;
    this.everything = !this.include && !this.exclude && this.functions.every((f) => f === 1) && !b;
  }

  /** Whether `module`'s series are exported. */
  module(name: string): boolean {
    let yes = this.decided.get(name);
    if (yes === undefined) {
      yes = (this.include?.(name) ?? true) && !(this.exclude?.(name) ?? false);
      this.decided.set(name, yes);
    }
    return yes;
  }

  /** The buckets for a store with bounds `boundsNs`; an Error naming the
   * boundaries that are not among them. */
  bucketsFor(boundsNs: number[]): BucketPlan | Error {
    const cached = this.plan;
    if (cached && cached.boundsNs.length === boundsNs.length && cached.boundsNs.every((b, i) => b === boundsNs[i])) return cached.plan;
    const plan = this.makePlan(boundsNs);
    this.plan = { boundsNs: [...boundsNs], plan };
    return plan;
  }

  private makePlan(boundsNs: number[]): BucketPlan | Error {
    const store = boundsNs.map((ns) => ns / 1e9);
    const into = new Int32Array(store.length + 1);
    if (!this.boundaries) {
      into.forEach((_, k) => (into[k] = k));
      return { boundaries: store, into };
    }
    // A bound matches a store bound to within rounding (1e-7 is 100.00000000000001 ns).
    const index = this.boundaries.map((s) => store.findIndex((t) => Math.abs(t - s) <= 1e-9 * t));
    const missing = this.boundaries.filter((_, i) => index[i] < 0);
    if (missing.length > 0) {
      return new Error(
        `histogram boundaries ${missing.map(seconds).join(', ')} are not bounds of the trace store's buckets, so the counts below them are not known; ` +
          `choose among ${store.map(seconds).join(', ')} (seconds)`,
      );
    }
    let j = 0;
    for (let k = 0; k < into.length; k++) {
      while (j < index.length && index[j] < k) j++;
      into[k] = j;
    }
    return { boundaries: index.map((k) => store[k]), into };
  }
}

/** Seconds as an operator writes them: 1e-8 and 1.5e-6, not 0.0000015. */
function seconds(s: number): string {
  return s < 1e-3 ? s.toExponential() : String(s);
}

function listOf(env: Env, name: string): string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  return raw.split(',').map((w) => w.trim()).filter((w) => w !== '');
}

/** The selection `options` ask for, each option unset taken from its
 * HPY_METRICS_* variable. Throws a TypeError naming the option or the
 * variable. */
export function readSelection(options: SelectionOptions, env: Env = process.env): Selection {
  const chosen: SelectionOptions = { ...options };
  const fromEnv = new Set<keyof SelectionOptions>();
  for (const key of ['modules', 'excludeModules', 'functions', 'excludeFunctions'] as const) {
    if (chosen[key] !== undefined) continue;
    chosen[key] = listOf(env, SELECTION_VARIABLES[key]);
    if (chosen[key]) fromEnv.add(key);
  }
  if (chosen.boundaries === undefined) {
    const words = listOf(env, SELECTION_VARIABLES.boundaries);
    if (words) {
      const raw = env[SELECTION_VARIABLES.boundaries];
      chosen.boundaries = words.map(Number);
      fromEnv.add('boundaries');
      if (!isBoundaryList(chosen.boundaries)) {
        throw new TypeError(`${SELECTION_VARIABLES.boundaries}=${JSON.stringify(raw)}: give the histogram's upper bounds in seconds as a comma list of numbers, such as 1e-6,1e-3,1`);
      }
    }
  }
  if (chosen.entryAttribute === undefined) {
    const raw = env[SELECTION_VARIABLES.entryAttribute]?.trim().toLowerCase();
    if (raw) {
      if (!['1', 'true', '0', 'false'].includes(raw)) {
        throw new TypeError(
          `${SELECTION_VARIABLES.entryAttribute}=${JSON.stringify(env[SELECTION_VARIABLES.entryAttribute])}: give 1 (or true) to add hpy.entry to hpy.api.calls, 0 (or false) or nothing to leave it out`,
        );
      }
      chosen.entryAttribute = raw === '1' || raw === 'true';
    }
  }
  const source = (key: keyof SelectionOptions): string =>
    fromEnv.has(key) ? `${SELECTION_VARIABLES[key]}=${JSON.stringify(env[SELECTION_VARIABLES[key]])}` : `hpy-node/otel: option ${key}`;
  return new Selection(chosen, source);
}
