// Figure 13 (c)'s geometry library (bench/extensions/geometry.c) written in
// plain JavaScript, as a JavaScript author would: classes, fields holding
// the other objects, a Float64Array behind Polygon. The operators are
// methods under the same symbols as the HPy types' slots (typeSlot), and
// options objects stand in for keywords, so the figure's one driver runs
// both libraries. Same arithmetic in the same order as the C code, so the
// checksums match exactly.
import { typeSlot } from '../../src/index';

const ADD = typeSlot('nb_add'), MUL = typeSlot('nb_multiply'), NEG = typeSlot('nb_negative');
const OR = typeSlot('nb_or'), CMP = typeSlot('tp_richcompare');
const EQ = 2, NE = 3;

export class Vec {
  readonly x: number;
  readonly y: number;
  constructor(x: number | { x: number; y: number }, y?: number) {
    if (typeof x === 'object') ({ x, y } = x);
    this.x = x;
    this.y = y as number;
  }
  [ADD](o: unknown): Vec {
    if (!(o instanceof Vec)) throw new TypeError('Vec + ?: a Vec expected');
    return new Vec(this.x + o.x, this.y + o.y);
  }
  [MUL](k: unknown): Vec {
    if (typeof k !== 'number') throw new TypeError('Vec * ?: a number expected');
    return new Vec(this.x * k, this.y * k);
  }
  [NEG](): Vec {
    return new Vec(-this.x, -this.y);
  }
  [CMP](o: unknown, op: number): boolean {
    if ((op !== EQ && op !== NE) || !(o instanceof Vec)) throw new TypeError('Vec: only == and != with a Vec');
    const eq = this.x === o.x && this.y === o.y;
    return op === EQ ? eq : !eq;
  }
  dot(o: Vec): number {
    if (!(o instanceof Vec)) throw new TypeError('dot: a Vec expected');
    return this.x * o.x + this.y * o.y;
  }
  norm(): number {
    return Math.sqrt(this.x * this.x + this.y * this.y);
  }
}

function vecs(a: unknown, b: unknown): [Vec, Vec] {
  if (!(a instanceof Vec) || !(b instanceof Vec)) throw new TypeError('two Vecs expected');
  return [a, b];
}

export class Segment {
  readonly a: Vec;
  readonly b: Vec;
  constructor(a: Vec | { a: Vec; b: Vec }, b?: Vec) {
    if (!(a instanceof Vec)) ({ a, b } = a);
    [this.a, this.b] = vecs(a, b);
  }
  length(): number {
    const dx = this.b.x - this.a.x, dy = this.b.y - this.a.y;
    return Math.sqrt(dx * dx + dy * dy);
  }
  lerp(opts: { t?: number } = {}): Vec {
    const t = opts.t ?? 0.5;
    const a = this.a, b = this.b;
    return new Vec(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
  }
  [ADD](d: unknown): Segment {
    if (!(d instanceof Vec)) throw new TypeError('Segment + ?: a Vec expected');
    return new Segment(new Vec(this.a.x + d.x, this.a.y + d.y), new Vec(this.b.x + d.x, this.b.y + d.y));
  }
  [NEG](): Segment {
    return new Segment(this.b, this.a);
  }
}

export class Box {
  readonly lo: Vec;
  readonly hi: Vec;
  constructor(lo: Vec | { lo: Vec; hi: Vec }, hi?: Vec) {
    if (!(lo instanceof Vec)) ({ lo, hi } = lo);
    [this.lo, this.hi] = vecs(lo, hi);
  }
  [OR](q: unknown): Box {
    if (!(q instanceof Box)) throw new TypeError('Box | ?: a Box expected');
    return new Box(new Vec(Math.min(this.lo.x, q.lo.x), Math.min(this.lo.y, q.lo.y)), new Vec(Math.max(this.hi.x, q.hi.x), Math.max(this.hi.y, q.hi.y)));
  }
  area(): number {
    return (this.hi.x - this.lo.x) * (this.hi.y - this.lo.y);
  }
  contains(p: Vec): boolean {
    if (!(p instanceof Vec)) throw new TypeError('contains: a Vec expected');
    return p.x >= this.lo.x && p.x <= this.hi.x && p.y >= this.lo.y && p.y <= this.hi.y;
  }
}

export class Polygon {
  readonly xy: Float64Array;
  constructor(points: readonly Vec[] | { points: readonly Vec[] } | Float64Array) {
    if (points instanceof Float64Array) {
      this.xy = points;
      return;
    }
    const pts = Array.isArray(points) ? points : (points as { points: readonly Vec[] }).points;
    this.xy = new Float64Array(2 * pts.length);
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i];
      if (!(p instanceof Vec)) throw new TypeError('Polygon: the points must be Vecs');
      this.xy[2 * i] = p.x;
      this.xy[2 * i + 1] = p.y;
    }
  }
  area(): number {
    const xy = this.xy, n = xy.length / 2;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      s += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
    }
    return s / 2;
  }
  perimeter(): number {
    const xy = this.xy, n = xy.length / 2;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const dx = xy[2 * j] - xy[2 * i], dy = xy[2 * j + 1] - xy[2 * i + 1];
      s += Math.sqrt(dx * dx + dy * dy);
    }
    return s;
  }
  contains(q: Vec): boolean {
    if (!(q instanceof Vec)) throw new TypeError('contains: a Vec expected');
    const xy = this.xy, n = xy.length / 2;
    let inside = false;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
      if (yi > q.y !== yj > q.y && q.x < ((xj - xi) * (q.y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  [ADD](d: unknown): Polygon {
    if (!(d instanceof Vec)) throw new TypeError('Polygon + ?: a Vec expected');
    const xy = new Float64Array(this.xy.length);
    for (let i = 0; i < xy.length; i += 2) {
      xy[i] = this.xy[i] + d.x;
      xy[i + 1] = this.xy[i + 1] + d.y;
    }
    return new Polygon(xy);
  }
}

export function total_length(segments: readonly Segment[]): number {
  let s = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!(seg instanceof Segment)) throw new TypeError('total_length: Segments expected');
    s += seg.length();
  }
  return s;
}
