// Figure 10: what debug mode costs per context call, side by side with
// universal, trace and debug+trace in one run: the same C loops as figure 1
// (two context calls per iteration) in four copies of the module. Targets:
// debug adds at most 6.5 ns per call (HPy's own debug mode on CPython, issue
// 12), and debug+trace costs at most the sum of the two overheads (plus
// 1 ns of noise). Memory: bytes of debug state per open handle. With
// `--hpy DIR`, the same loops under HPy's own universal and debug mode on
// CPython (bench/hpy-cpython/loops.py), in the same run, side by side.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { native } from '../../src/native';
import { BENCH_DIR, BUILD_DIR, BenchContext, Figure, FigureResult, Row, fmt, interleave, loadLoops, median, target } from '../lib';
import { LOOP_NAMES, LoopName, perCall } from '../context-loops';

interface HpyCpythonRun {
  python: string;
  hpy: string;
  loops: Record<LoopName, { universal: number[]; debug: number[] }>;
}

/** HPy's universal and debug mode on CPython, timed by a Python child; a
 * clear error when DIR is not a built HPy checkout or Python fails. */
function runHpyCpython(dir: string, iterations: number, runs: number): HpyCpythonRun {
  const built = existsSync(join(dir, 'hpy', 'devel')) && existsSync(join(dir, 'hpy')) &&
    readdirSync(join(dir, 'hpy')).some((f) => f.startsWith('universal') && f.endsWith('.so'));
  if (!built)
    throw new Error(`bench --hpy ${dir}: not an HPy checkout built in place (no hpy/universal*.so); build HPy 0.9.0 as docs/contributing/hpy-0.9.0.md says, then pass its directory`);
  const script = join(BENCH_DIR, 'hpy-cpython', 'loops.py');
  const python = process.env.HPY_PYTHON ?? 'python3';
  const r = spawnSync(python, [script, dir, join(BUILD_DIR, 'hpy-cpython'), String(iterations), String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0)
    throw new Error(`bench --hpy ${dir}: ${python} ${script} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(r.stdout) as HpyCpythonRun;
}

// Median of paired differences a - b (same round), which cancels drift.
function pairedOverhead(a: number[], b: number[]): number {
  const d = a.map((x, i) => x - b[i]).sort((p, q) => p - q);
  return d[d.length >> 1];
}

export const DEBUG_TARGET_NS = 6.5;

export const figure10: Figure = {
  id: 10,
  title: 'Per context call (C loops): universal vs debug vs trace vs debug+trace',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.loopIterations;
    const debug = loadLoops('bench_loops_debug', 'debug');
    const debugTrace = loadLoops('bench_loops_debugtrace', 'debug+trace');
    const rows: Row[] = [];
    const raw: Record<string, unknown> = {};
    const debugOverheads: number[] = [];
    const sumExcess: number[] = [];
    for (const loop of LOOP_NAMES) {
      const r = interleave(ctx.config.runs, {
        universal: () => perCall(ctx.universal, loop, n),
        debug: () => perCall(debug, loop, n),
        trace: () => perCall(ctx.trace, loop, n),
        debugTrace: () => perCall(debugTrace, loop, n),
      });
      raw[loop] = r;
      const d = pairedOverhead(r.debug.samples, r.universal.samples);
      const t = pairedOverhead(r.trace.samples, r.universal.samples);
      const dt = pairedOverhead(r.debugTrace.samples, r.universal.samples);
      debugOverheads.push(d);
      sumExcess.push(dt - (d + t));
      rows.push({ label: `${loop}: universal / debug`, value: `${fmt(r.universal.median)} / ${fmt(r.debug.median)}`, unit: 'ns/call' });
      rows.push({ label: `${loop}: trace / debug+trace`, value: `${fmt(r.trace.median)} / ${fmt(r.debugTrace.median)}`, unit: 'ns/call' });
      rows.push({ label: `${loop}: debug overhead`, value: fmt(d), unit: 'ns/call', note: `debug+trace adds ${fmt(dt)} (debug + trace: ${fmt(d + t)})` });
    }
    const sorted = [...debugOverheads].sort((a, b) => a - b);
    const overhead = sorted[sorted.length >> 1];
    const excess = [...sumExcess].sort((a, b) => a - b)[sumExcess.length >> 1];
    const bytes = native.debugSetting('bytesPerHandle');
    rows.push({ label: 'debug overhead (median of the loops)', value: fmt(overhead), unit: 'ns/call' });
    rows.push({ label: 'debug state per open handle', value: bytes, unit: 'bytes' });
    const notes: string[] = [];
    let hpyOverheadNs: number | undefined;
    if (ctx.config.hpyDir) {
      const hpy = runHpyCpython(ctx.config.hpyDir, n, ctx.config.runs);
      raw.hpyCpython = hpy;
      const hpyOverheads: number[] = [];
      for (const loop of LOOP_NAMES) {
        const h = hpy.loops[loop];
        const r = raw[loop] as Record<'universal' | 'debug', { median: number }>;
        const hu = median(h.universal);
        const hd = median(h.debug);
        const ho = pairedOverhead(h.debug, h.universal);
        hpyOverheads.push(ho);
        rows.push({ label: `${loop}: HPy on CPython, universal / debug`, value: `${fmt(hu)} / ${fmt(hd)}`, unit: 'ns/call', note: `debug adds ${fmt(ho)}` });
        rows.push({
          label: `${loop}: debug / universal`,
          value: `${fmt(r.debug.median / r.universal.median, 2)}x / ${fmt(hd / hu, 2)}x`,
          unit: '',
          note: 'hpy-node / HPy on CPython',
        });
      }
      const hpyOverhead = [...hpyOverheads].sort((a, b) => a - b)[hpyOverheads.length >> 1];
      rows.push({ label: "HPy's debug overhead on CPython (median)", value: fmt(hpyOverhead), unit: 'ns/call', note: `Python ${hpy.python}, HPy ${hpy.hpy}` });
      hpyOverheadNs = hpyOverhead;
    } else {
      notes.push("HPy's own universal and debug mode on CPython: skipped (pass --hpy DIR, an HPy 0.9.0 checkout built in place; docs/contributing/hpy-0.9.0.md)");
    }
    return {
      id: 10,
      title: this.title,
      rows,
      targets: [
        target(`debug mode adds <= ${DEBUG_TARGET_NS} ns per context call`, overhead, 'max', DEBUG_TARGET_NS),
        target('debug+trace costs <= debug + trace (+1 ns)', excess, 'max', 1),
      ],
      notes,
      raw: { iterations: n, overheadNs: overhead, sumExcessNs: excess, bytesPerHandle: bytes, hpyOverheadNs, samples: raw },
    };
  },
};
