// Figure 15 (issue 23): strings, dicts, lists and tuples at native speed,
// against HPy on CPython side by side in one run (`--hpy DIR`, as figure 13).
// (a) the string and container context calls in C loops
// (bench/extensions/containers.c, f15-loops.ts); (b) a JSON-like codec
// written against the HPy API (containers_json.c, f15-json.ts), beside
// JSON.parse/JSON.stringify and CPython's json.loads/json.dumps. CPython's
// side is bench/hpy-cpython/containers.py; its rounds alternate with
// hpy-node's. Without --hpy both parts run on hpy-node only.
import { join } from 'node:path';
import { hpyToolchain } from '../../tools/hpy090-suite/hpy-toolchain';
import { BENCH_DIR, BUILD_DIR, BenchContext, Figure, FigureResult, Row, Target, fmt, median, target } from '../lib';
import { Samples, interleaveAsync, pairedDiff } from './f13-common';
import { CpythonPeer, samplesOf } from './f13-cpython';
import { checkHpyDir } from './f13-hpy';
import { JSON_OPS, JsonOp, jsonDocument, jsonVariants } from './f15-json';
import { LOOPS, Loop, SHORT, SHORT_LOOPS, ShortLoop, loopVariants, shortLabel, shortLoopVariants } from './f15-loops';

// Issue 23's table: the loops it measured, each <= 2x HPy on CPython.
const ISSUE_ROWS: Loop[] = ['FromString ascii', 'From + AsUTF8AndSize ascii', 'dict _s', 'HPyListBuilder', 'HPy_GetAttr_s'];

interface Sizes {
  n: number;
  records: number;
  reps: number;
  runs: number;
}

function sizesOf(ctx: BenchContext): Sizes {
  const c = ctx.config;
  return {
    n: Math.max(500, Math.floor(c.loopIterations / 4)),
    records: c.name === 'full' ? 200 : 10,
    reps: Math.max(5, Math.floor(c.jsCalls / 4000)),
    runs: c.runs,
  };
}

/** CPython's binaries, built with HPy 0.9.0's toolchain. */
function buildHpyBinaries(hpyDir: string): { loops: string; json: string } {
  checkHpyDir(hpyDir);
  const out = join(BUILD_DIR, 'f15-hpy');
  const tc = hpyToolchain(hpyDir, join(out, 'runtime'));
  const ext = (f: string) => join(BENCH_DIR, 'extensions', f);
  return {
    loops: tc.build([ext('containers.c')], join(out, 'bench_containers.hpy0.so'), ['-O2', '-g']),
    json: tc.build([ext('containers_json.c')], join(out, 'bench_json.hpy0.so'), ['-O2', '-g']),
  };
}

const x = (r: number): string => `${fmt(r, 2)}x`;
// CPython's names for the JavaScript baselines.
const PY_NAME: Record<JsonOp, string> = { decode: 'decode', encode: 'encode', 'JSON.parse': 'json.loads', 'JSON.stringify': 'json.dumps' };

function loopsPart(r: Record<Loop | ShortLoop, Samples>, py: Record<string, number[]> | undefined, rows: Row[], targets: Target[]): void {
  const net = (k: Loop) => (k === 'empty' ? r.empty.median : pairedDiff(r[k].samples, r.empty.samples));
  const pyNet = (k: Loop) => (!py ? NaN : k === 'empty' ? median(py.empty) : pairedDiff(py[k], py.empty));
  for (const k of Object.keys(LOOPS) as Loop[]) {
    const n = net(k);
    const h = pyNet(k);
    const label = `a: ${k}`;
    if (py) rows.push({ label, value: `${fmt(n)} / ${fmt(h)}`, unit: 'ns/iter', note: `${LOOPS[k].note}; hpy-node / CPython${k === 'empty' ? '' : `, ${x(n / h)}`}` });
    else rows.push({ label, value: fmt(n), unit: 'ns/iter', note: `${LOOPS[k].note}; hpy-node` });
    if (py && ISSUE_ROWS.includes(k)) targets.push(target(`a: ${k} <= 2x HPy on CPython`, n / h, 'max', 2));
  }
  for (const k of SHORT_LOOPS) {
    const v = pairedDiff(r[shortLabel(k)].samples, r.empty.samples);
    rows.push({ label: `a: ${shortLabel(k)}`, value: fmt(v), unit: 'ns/iter', note: `hpy-node, ${SHORT} iterations a call; the one long call costs ${x(net(k) / v)} this` });
  }
}

function jsonPart(r: Record<JsonOp, Samples>, py: Record<string, number[]> | undefined, bytes: number, rows: Row[], targets: Target[]): void {
  for (const op of JSON_OPS) {
    const n = r[op].median;
    const js = op === 'decode' ? r['JSON.parse'].median : op === 'encode' ? r['JSON.stringify'].median : NaN;
    const h = py ? median(py[PY_NAME[op]]) : NaN;
    const notes = [`a ${bytes}-byte document`, py ? `hpy-node / CPython's ${PY_NAME[op]}, ${x(n / h)}` : 'hpy-node'];
    if (Number.isFinite(js)) notes.push(`${x(n / js)} ${op === 'decode' ? 'JSON.parse' : 'JSON.stringify'}`);
    rows.push({ label: `b: ${op}`, value: py ? `${fmt(n / 1000, 2)} / ${fmt(h / 1000, 2)}` : fmt(n / 1000, 2), unit: 'µs/doc', note: notes.join('; ') });
    if (py && (op === 'decode' || op === 'encode')) targets.push(target(`b: the JSON-like extension's ${op} <= 2x HPy on CPython`, n / h, 'max', 2));
  }
}

const TITLE = 'Strings, dicts, lists and tuples: context calls from C and a JSON-like codec (hpy-node vs CPython + HPy 0.9.0 vs JSON)';

export const figure15: Figure = {
  id: 15,
  title: TITLE,
  async run(ctx: BenchContext): Promise<FigureResult> {
    const s = sizesOf(ctx);
    const hpyDir = ctx.config.hpyDir;
    const text = jsonDocument(s.records);
    const bins = hpyDir ? buildHpyBinaries(hpyDir) : undefined;
    const expect = Object.fromEntries(Object.entries(LOOPS).map(([k, v]) => [k, [v.loop, v.per, 'operand' in v ? v.operand : null]]));
    const peer = hpyDir && bins ? new CpythonPeer(hpyDir, bins, { ...bins, n: s.n, reps: s.reps, text, expect }, 'containers.py') : undefined;
    const pyRounds: Record<'a' | 'b', Array<Record<string, number>>> = { a: [], b: [] };
    const cpython = (part: 'a' | 'b') => async () => {
      if (peer) pyRounds[part].push(await peer.round(part));
    };
    try {
      const versions = await peer?.versions;
      const loops = await interleaveAsync(s.runs, { ...loopVariants(ctx.loops, s.n), ...shortLoopVariants(ctx.loops, s.n) }, cpython('a'));
      const json = await interleaveAsync(s.runs, jsonVariants(ctx.loops, text, s.reps), cpython('b'));
      const py = versions ? { a: samplesOf(pyRounds.a), b: samplesOf(pyRounds.b) } : undefined;
      const rows: Row[] = [];
      const targets: Target[] = [];
      loopsPart(loops, py?.a, rows, targets);
      jsonPart(json, py?.b, Buffer.byteLength(text), rows, targets);
      const notes = versions
        ? [`CPython ${versions.python} + HPy ${versions.hpy}, universal mode; the same sources built by each host's toolchain`]
        : ['CPython + HPy: skipped (pass --hpy DIR); hpy-node only'];
      notes.push("(a) net of the empty loop; issue 23's targets: its five loops <= 2x CPython, no container call above 60 ns (BENCHMARKS.md)");
      return { id: 15, title: TITLE, rows, targets, notes, raw: { sizes: s, loops, json, hpyCpython: py, versions } };
    } finally {
      peer?.close();
    }
  },
};
