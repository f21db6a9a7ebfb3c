// Figure 13 (c): the geometry library's two phases on hpy-node and on its
// plain JavaScript twin, one driver for both: the same two loops' text,
// compiled per library and phase through bench/js-loops.ts, so no variant
// shares another's call-site feedback. The objects the phases work on are
// made once per library, untimed. bench/hpy-cpython/types.py is the same
// driver in Python, for CPython + HPy.
//
// Building: per iteration 14 operations that each make an object (two Vecs,
// one by keywords; Vec + Vec, -Vec, Vec * k; a Segment; Segment + Vec,
// -Segment; two Boxes, one by keywords, and their |; Vec == Vec) and two
// reads of the results; every 16th iteration also Polygon(ring) + Vec and
// its area (3 more). The made objects die young; the phase ends with a
// forced full collection and a turn of the event loop (finalizers), as
// Python's ends with gc.collect().
// Computing: rounds of method calls on objects made once: per round 1202
// calls (dot, norm, length and == over 256 Vecs and Segments; area,
// perimeter, contains on 16 Polygons; area, contains on 64 Boxes;
// total_length over the 256 Segments; one lerp(t=0.25) by keyword).
import { kwargs, load, typeSlot } from '../../src/index';
import * as twin from '../js-twin/geometry';
import { join } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { needsBuild } from '../../src/cli/stale';
import type { FigureLoops } from '../js-loops';
import { BUILD_DIR, nowNs } from '../lib';
import { GEOMETRY_SOURCES, LINK_CXX, ringObject } from './f13-ring';
import { exposedGc, tick } from './f13-common';

export const BUILD_OPS_PER_ITERATION = 14;
export const COMPUTE_OPS_PER_ROUND = 256 * 4 + 16 * 3 + 64 * 2 + 2;
/** Operations of `n` iterations of the building phase. */
export const buildOps = (n: number): number => BUILD_OPS_PER_ITERATION * n + 3 * Math.ceil(n / 16);

/** What the driver needs of a library: its classes, its module function,
 * and how keywords are passed (hpy-node's kwargs(), the twin's options). */
export interface GeometryLib {
  Vec: unknown;
  Segment: unknown;
  Box: unknown;
  Polygon: unknown;
  total_length: unknown;
  kw: (o: Record<string, unknown>) => unknown;
}

type Instance = Record<symbol, (...a: unknown[]) => unknown>;
type Ctor = new (...a: unknown[]) => Instance;

/** What the phases work on, made once per library: `ring`, the 8 vertices
 * of the building phase's Polygons; for computing, 256 Vecs and Segments
 * between them, 64 Boxes and 16 Polygons (the ring moved by a Vec). */
interface World {
  ring: Instance[];
  vecs: Instance[];
  segs: Instance[];
  boxes: Instance[];
  polys: unknown[];
}

// The slots the driver calls, by their typeSlot symbols.
const SLOTS = Object.fromEntries(['nb_add', 'nb_multiply', 'nb_negative', 'nb_or', 'tp_richcompare'].map((s) => [s, typeSlot(s)]));

const DIRS = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];

function makeWorld(lib: GeometryLib): World {
  const [Vec, Segment, Box, Polygon] = [lib.Vec, lib.Segment, lib.Box, lib.Polygon] as Ctor[];
  const ring = DIRS.map(([dx, dy], k) => new Vec(dx * (k % 2 ? 1 : 3), dy * (k % 2 ? 1 : 3)));
  const vecs: Instance[] = [], segs: Instance[] = [], boxes: Instance[] = [], polys: unknown[] = [];
  for (let k = 0; k < 256; k++) vecs.push(new Vec((k % 13) - 6, (k % 7) - 3));
  for (let k = 0; k < 256; k++) segs.push(new Segment(vecs[k], vecs[(k * 7) % 256]));
  for (let k = 0; k < 64; k++) boxes.push(new Box(new Vec(-(k % 5) - 1, -2), new Vec((k % 3) + 1, (k % 4) + 1)));
  for (let k = 0; k < 16; k++) polys.push(new Polygon(ring)[SLOTS.nb_add](vecs[k * 16]));
  return { ring, vecs, segs, boxes, polys };
}

// Both phases' loops are functions of (L, S, W, n): the library, its slot
// symbols, its world, the iterations.
const PARAMS = ['L', 'S', 'W', 'n'];
const NAMES = `const ADD = S.nb_add, MUL = S.nb_multiply, NEG = S.nb_negative, OR = S.nb_or, CMP = S.tp_richcompare, EQ = 2;
const { Vec, Segment, Box, Polygon, total_length, kw } = L;
const { ring, vecs, segs, boxes, polys } = W;
`;

const BUILD = `${NAMES}let acc = 0;
for (let i = 0; i < n; i++) {
  const f = i % 97;
  const a = new Vec(f, 1.0);
  const b = new Vec(kw({ x: 2.0, y: f }));
  const c = a[ADD](b);
  const d = c[NEG]();
  const e = c[MUL](0.5);
  const s = new Segment(a, e);
  const t = s[ADD](d);
  const u = t[NEG]();
  const bx = new Box(d, a)[OR](new Box(kw({ lo: e, hi: b })));
  const eq = a[CMP](b, EQ);
  acc += u.length() + bx.area() + (eq ? 1 : 0);
  if ((i & 15) === 0) acc += new Polygon(ring)[ADD](a).area();
}
return acc;`;

const COMPUTE = `${NAMES}let acc = 0;
for (let r = 0; r < n; r++) {
  for (let j = 0; j < 256; j++) {
    const v = vecs[j], w = vecs[255 - j];
    acc += v.dot(w) + v.norm() + segs[j].length();
    if (v[CMP](w, EQ)) acc += 1;
  }
  for (let k = 0; k < 16; k++) {
    const p = polys[k];
    acc += p.area() + p.perimeter();
    if (p.contains(vecs[k])) acc += 1;
  }
  for (let k = 0; k < 64; k++) {
    const b = boxes[k];
    acc += b.area();
    if (b.contains(vecs[k])) acc += 1;
  }
  acc += total_length(segs);
  acc += segs[r & 255].lerp(kw({ t: 0.25 })).x;
}
return acc;`;

export interface GeometryRunner {
  /** ns per operation of `n` building iterations, collection included. */
  build(n: number): Promise<number>;
  /** ns per operation of `n` computing rounds. */
  compute(n: number): number;
  /** The phases' last results, compared across hosts. */
  checksums: { build: number; compute: number };
}

/** The two phases of `lib`, each a loop of its own from `loops` (named
 * "c: <tag> building" and "c: <tag> computing"). */
export function geometryRunner(loops: FigureLoops, lib: GeometryLib, tag: string): GeometryRunner {
  const world = makeWorld(lib);
  const buildLoop = loops.compile(`c: ${tag} building`, PARAMS, BUILD);
  const computeLoop = loops.compile(`c: ${tag} computing`, PARAMS, COMPUTE);
  const gc = exposedGc();
  const checksums = { build: NaN, compute: NaN };
  return {
    checksums,
    async build(n) {
      gc();
      await tick();
      const t0 = nowNs();
      checksums.build = buildLoop(lib, SLOTS, world, n) as number;
      gc();
      await tick();
      return (nowNs() - t0) / buildOps(n);
    },
    compute(n) {
      const t0 = nowNs();
      checksums.compute = computeLoop(lib, SLOTS, world, n) as number;
      return (nowNs() - t0) / (COMPUTE_OPS_PER_ROUND * n);
    },
  };
}

/** geometry.c and its C++ object, built by hpy-node's CLI. */
function cliGeometry(): string {
  const out = join(BUILD_DIR, 'bench_geometry.hpy.so');
  const ring = ringObject();
  if (needsBuild(out, [...GEOMETRY_SOURCES, ring])) buildExtension([GEOMETRY_SOURCES[0], ring], { output: out, flags: LINK_CXX });
  return out;
}

/** The HPy library on hpy-node, from `binary` (HPy's toolchain's build with
 * --hpy, the same file CPython runs) or else built by hpy-node's CLI. */
export function hpyGeometry(binary?: string): GeometryLib {
  const m = load(binary ?? cliGeometry(), { mode: 'universal' }) as unknown as Omit<GeometryLib, 'kw'>;
  return { Vec: m.Vec, Segment: m.Segment, Box: m.Box, Polygon: m.Polygon, total_length: m.total_length, kw: kwargs };
}

export function twinGeometry(): GeometryLib {
  return { ...twin, kw: (o) => o };
}
