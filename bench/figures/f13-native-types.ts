// Figure 13 (issue 18): types at native speed, against HPy on CPython (the
// same binary, side by side in one run) and the engine's own JavaScript.
// (a) HPy 0.9.0's microbenchmarks (f13-microbench.ts), (b) the object
// model's context calls in C loops (f13-c-loops.ts), (c) an object-heavy
// geometry library, its building and computing phases, beside its plain
// JavaScript twin (f13-geometry.ts). CPython's side (f13-hpy.ts,
// f13-cpython.ts, bench/hpy-cpython/types.py) needs `--hpy DIR`; without it (a) is skipped
// and (b), (c) run on hpy-node and the twin only.
import { BenchContext, Figure, FigureResult, Row, Target, fmt, median, target } from '../lib';
import { C_LOOPS, C_LOOP_EXTRAS, CLoop, SHORT, SHORT_LOOPS, ShortLoop, cLoopVariants } from './f13-c-loops';
import { Samples, interleaveAsync, pairedDiff } from './f13-common';
import { geometryRunner, hpyGeometry, twinGeometry } from './f13-geometry';
import { CpythonPeer, HpyRunSizes, Part, samplesOf } from './f13-cpython';
import { HpyBinaries, buildHpyBinaries } from './f13-hpy';
import { MICRO_OPS, MicroOp, microVariants } from './f13-microbench';

// Issue 18's targets for HPy's microbenchmarks: hpy-node / CPython, with
// CPython's figure as its table gives it (Python's own loop included).
const MICRO_LIMITS: Record<MicroOp, number> = {
  'noargs()': 1.5, 'onearg(None)': 1.5, 'varargs(None, None)': 1.5, 'allocate_int()': 1.5,
  'call_with_tuple(f, (1, 2))': 2, 'allocate_tuple()': 2, 'Foo()': 4,
  'obj.noargs()': 1.5, 'obj.onearg(None)': 1.5, 'len(obj)': 1.5, 'obj[0]': 1.5,
};
// From C, ns per call on hpy-node (net of the loop).
const C_LIMITS: Partial<Record<CLoop, number>> = {
  HPy_New: 250, HPy_AsStruct_Object: 20, HPy_TypeCheck: 20, HPyField_Store: 20, HPyField_Load: 20, HPyGlobal_Load: 20,
};

// Iterations of each part (full: 250k calls of (a) and (b), 25k building
// iterations, 200 computing rounds; quick: a few hundred).
function sizesOf(ctx: BenchContext): HpyRunSizes {
  const c = ctx.config;
  return {
    micro: Math.max(500, Math.floor(c.jsCalls / 4)),
    loops: Math.max(500, Math.floor(c.loopIterations / 4)),
    newLoop: Math.max(500, Math.floor(c.loopIterations / 4)),
    build: Math.max(20, Math.floor(c.jsCalls / 40)),
    compute: Math.max(1, Math.floor(c.jsCalls / 5000)),
    runs: c.runs,
  };
}

/** CPython's samples per variant, round by round beside hpy-node's. */
interface HpyCpythonTypes {
  python: string;
  hpy: string;
  micro: Record<string, number[]>;
  loops: Record<string, number[]>;
  geometry: Record<string, number[]>;
  checksums: { build: number; compute: number };
}

const x = (r: number): string => `${fmt(r, 2)}x`;

function microPart(r: Record<MicroOp, Samples>, hpy: HpyCpythonTypes, rows: Row[], targets: Target[]): void {
  const loop = median(hpy.micro['empty loop']);
  rows.push({ label: "a: Python's empty loop (CPython)", value: fmt(loop), unit: 'ns/iter', note: 'subtracted in "net"; JavaScript\'s loop costs ~0' });
  for (const op of MICRO_OPS) {
    const node = r[op].median;
    const raw = median(hpy.micro[op]);
    const net = pairedDiff(hpy.micro[op], hpy.micro['empty loop']);
    rows.push({
      label: `a: ${op}`,
      value: `${fmt(node)} / ${fmt(raw)} / ${fmt(net)}`,
      unit: 'ns/op',
      // The fastest rounds' ratio too: on a loaded machine the medians of
      // these 20-60 ns operations swing run to run, the minimums much less.
      note: `hpy-node / CPython / CPython net; ${x(node / raw)} raw, ${x(node / net)} net; fastest rounds ${x(Math.min(...r[op].samples) / Math.min(...hpy.micro[op]))} raw`,
    });
    targets.push(target(`a: ${op} <= ${MICRO_LIMITS[op]}x HPy on CPython (raw, its loop included, as issue 18's table)`, node / raw, 'max', MICRO_LIMITS[op]));
  }
}

function loopsPart(r: Record<CLoop | ShortLoop, Samples>, hpy: HpyCpythonTypes | undefined, rows: Row[], targets: Target[]): void {
  const nodeNet = (k: CLoop) => (k === 'empty' ? r.empty.median : pairedDiff(r[k].samples, r.empty.samples));
  const hpyNet = (k: CLoop) => (hpy ? (k === 'empty' ? median(hpy.loops.empty) : pairedDiff(hpy.loops[k], hpy.loops.empty)) : NaN);
  for (const k of C_LOOPS) {
    const n = nodeNet(k);
    const label = k === 'empty' ? 'b: the empty C loop' : `b: ${k}`;
    const extra = C_LOOP_EXTRAS[k] ? `${C_LOOP_EXTRAS[k]}; ` : '';
    if (hpy) {
      const h = hpyNet(k);
      rows.push({ label, value: `${fmt(n)} / ${fmt(h)}`, unit: 'ns/call', note: `${extra}hpy-node / CPython${k === 'empty' ? ' (subtracted from the others)' : `, ${x(n / h)}`}` });
    } else {
      rows.push({ label, value: fmt(n), unit: 'ns/call', note: `${extra}hpy-node${k === 'empty' ? ' (subtracted from the others)' : ''}` });
    }
    const limit = C_LIMITS[k];
    if (limit !== undefined) targets.push(target(`b: ${k} from C <= ${limit} ns${C_LOOP_EXTRAS[k] ? ` (${C_LOOP_EXTRAS[k]})` : ''}`, n, 'max', limit));
  }
  for (const k of SHORT_LOOPS) {
    const v = pairedDiff(r[`${k} short`].samples, r.empty.samples);
    rows.push({ label: `b: ${k}, loops of ${SHORT}`, value: fmt(v), unit: 'ns/call', note: `hpy-node; the long loop's call costs ${x(nodeNet(k) / v)} this` });
  }
}

type GeoSamples = Record<'hpyBuild' | 'twinBuild' | 'hpyCompute' | 'twinCompute', Samples>;

function geometryPart(
  r: GeoSamples,
  hpy: HpyCpythonTypes | undefined,
  rows: Row[],
  targets: Target[],
): void {
  for (const phase of ['build', 'compute'] as const) {
    const node = r[phase === 'build' ? 'hpyBuild' : 'hpyCompute'].median;
    const js = r[phase === 'build' ? 'twinBuild' : 'twinCompute'].median;
    const name = phase === 'build' ? 'building' : 'computing';
    if (hpy) {
      const cp = median(hpy.geometry[phase]);
      rows.push({ label: `c: ${name}`, value: `${fmt(node)} / ${fmt(cp)} / ${fmt(js)}`, unit: 'ns/op', note: `hpy-node / CPython / JS twin; ${x(node / cp)} CPython, ${x(node / js)} JS` });
      targets.push(target(`c: ${name} <= ${phase === 'build' ? 2 : 1.5}x HPy on CPython`, node / cp, 'max', phase === 'build' ? 2 : 1.5));
    } else {
      rows.push({ label: `c: ${name}`, value: `${fmt(node)} / ${fmt(js)}`, unit: 'ns/op', note: `hpy-node / JS twin; ${x(node / js)} JS` });
    }
    targets.push(target(`c: ${name} faster than the JavaScript twin (hpy-node / JS < 1)`, node / js, 'max', 1));
  }
}

/** The results of the three hosts must be the same numbers. */
function checkSameResults(a: { build: number; compute: number }, b: { build: number; compute: number }, what: string): void {
  if (a.build !== b.build || a.compute !== b.compute)
    throw new Error(`bench: figure 13: the geometry library's results differ: hpy-node ${a.build}, ${a.compute}; ${what} ${b.build}, ${b.compute}`);
}

const TITLE = 'Types at native speed: HPy microbenchmarks, object-model calls from C, an object-heavy library (hpy-node vs CPython + HPy 0.9.0 vs JS)';

function report(
  s: HpyRunSizes,
  micro: Record<MicroOp, Samples> | undefined,
  loops: Record<CLoop | ShortLoop, Samples>,
  geo: GeoSamples,
  checksums: { build: number; compute: number },
  hpy: HpyCpythonTypes | undefined,
  bins: HpyBinaries | undefined,
): FigureResult {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  if (micro && hpy) microPart(micro, hpy, rows, targets);
  else notes.push("(a) HPy's microbenchmarks: skipped (pass --hpy DIR, an HPy 0.9.0 checkout built in place: its microbench/src/hpy_simple.c is built from there, never copied here; docs/contributing/hpy-0.9.0.md)");
  loopsPart(loops, hpy, rows, targets);
  geometryPart(geo, hpy, rows, targets);
  rows.push({ label: 'c: results (building, computing)', value: `${checksums.build} / ${checksums.compute}`, unit: '', note: `the same on hpy-node, the JS twin${hpy ? ' and CPython' : ''}` });
  if (hpy) {
    notes.push(`CPython ${hpy.python} + HPy ${hpy.hpy}, universal mode; (a) and (c) run the same binaries (HPy's toolchain) on both hosts, (b) is built by each host's toolchain`);
    notes.push("(a) built from a copy of HPy's hpy_simple.c with the NULL its foo_defines lacks");
  } else {
    notes.push('CPython + HPy: skipped (pass --hpy DIR); (b) and (c) on hpy-node and the JS twin only');
  }
  return {
    id: 13,
    title: TITLE,
    rows,
    targets,
    notes,
    raw: { sizes: s, binaries: bins, micro, loops, geometry: geo, checksums, hpyCpython: hpy },
  };
}

export const figure13: Figure = {
  id: 13,
  title: TITLE,
  async run(ctx: BenchContext): Promise<FigureResult> {
    const s = sizesOf(ctx);
    const hpyDir = ctx.config.hpyDir;
    const bins: HpyBinaries | undefined = hpyDir ? buildHpyBinaries(hpyDir) : undefined;
    // CPython's rounds alternate with hpy-node's (not beside them: 2 cores).
    const peer = hpyDir && bins ? new CpythonPeer(hpyDir, bins, s) : undefined;
    const pyRounds: Record<Part, Array<Record<string, number>>> = { a: [], b: [], c: [] };
    const cpython = (part: Part) => async () => {
      if (peer) pyRounds[part].push(await peer.round(part));
    };
    let hpy: HpyCpythonTypes | undefined;
    try {
      const versions = await peer?.versions;
      const micro = bins ? await interleaveAsync(s.runs, microVariants(ctx.loops, bins.simple, s.micro), cpython('a')) : undefined;
      const loops = await interleaveAsync(s.runs, cLoopVariants(ctx.loops, s.loops, s.newLoop), cpython('b'));
      const hpyGeo = geometryRunner(ctx.loops, hpyGeometry(bins?.geometry), 'hpy-node');
      const twinGeo = geometryRunner(ctx.loops, twinGeometry(), 'JS twin');
      const geo = await interleaveAsync(s.runs, {
        hpyBuild: () => hpyGeo.build(s.build),
        twinBuild: () => twinGeo.build(s.build),
        hpyCompute: () => hpyGeo.compute(s.compute),
        twinCompute: () => twinGeo.compute(s.compute),
      }, cpython('c'));
      checkSameResults(hpyGeo.checksums, twinGeo.checksums, 'JS twin');
      if (versions) {
        const last = pyRounds.c[pyRounds.c.length - 1];
        hpy = {
          ...versions,
          micro: samplesOf(pyRounds.a),
          loops: samplesOf(pyRounds.b),
          geometry: samplesOf(pyRounds.c),
          checksums: { build: last.buildChecksum, compute: last.computeChecksum },
        };
        checkSameResults(hpyGeo.checksums, hpy.checksums, 'CPython');
      }
      return report(s, micro, loops, geo, hpyGeo.checksums, hpy, bins);
    } finally {
      peer?.close();
    }
  },
};
