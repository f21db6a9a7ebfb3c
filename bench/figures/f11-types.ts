// Figure 11: issue 11's Point, an HPy type (bench/extensions/point.c), next
// to the same class written with node-addon-api's ObjectWrap
// (bench/napi-floor/add.cc): ns per `new Point(3, 4)`, per `p.sum()` and per
// `p.x`, side by side in one run. Targets: construction at most 1.5x the
// ObjectWrap class, a method call and a member read at most 1.3x.
import { BenchContext, Figure, FigureResult, PointClass, fmt, interleave, loadPoint, nowNs, target } from '../lib';
import type { FigureLoops } from '../js-loops';

type Loop = (n: number) => number;

// Each loop is its variant's own (bench/js-loops.ts), so each call site keeps
// its own type feedback; the results are checked so no call can be dropped.
function loops(js: FigureLoops, P: PointClass, tag: string): { construct: Loop; method: Loop; member: Loop } {
  const make = (what: string, body: string, expect: (n: number) => number): Loop => {
    const f = js.compile(`${tag} ${what}`, ['P', 'p', 'n'], `let s = 0; for (let i = 0; i < n; i++) ${body}; return s;`);
    const p = new P(3, 4);
    return (n: number) => {
      const t0 = nowNs();
      const s = f(P, p, n);
      const ns = (nowNs() - t0) / n;
      if (s !== expect(n)) throw new Error(`bench: figure 11 (${tag}) summed to ${s}, expected ${expect(n)}`);
      return ns;
    };
  };
  return {
    construct: make('new', 's += new P(3, 4).y', (n) => 4 * n),
    method: make('sum', 's += p.sum()', (n) => 7 * n),
    member: make('x', 's += p.x', (n) => 3 * n),
  };
}

export const figure11: Figure = {
  id: 11,
  title: 'Types: new Point(3, 4), p.sum(), p.x vs an ObjectWrap class',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const n = ctx.config.jsCalls;
    const hpy = loops(ctx.loops, loadPoint(), 'hpy');
    const wrap = loops(ctx.loops, ctx.napiFloor.Point, 'wrap');
    const r = interleave(ctx.config.runs, {
      hpyNew: () => hpy.construct(n),
      wrapNew: () => wrap.construct(n),
      hpyMethod: () => hpy.method(n),
      wrapMethod: () => wrap.method(n),
      hpyMember: () => hpy.member(n),
      wrapMember: () => wrap.member(n),
    });
    const ratio = (a: number, b: number) => a / b;
    const rNew = ratio(r.hpyNew.median, r.wrapNew.median);
    const rMethod = ratio(r.hpyMethod.median, r.wrapMethod.median);
    const rMember = ratio(r.hpyMember.median, r.wrapMember.median);
    return {
      id: 11,
      title: this.title,
      rows: [
        { label: 'HPy type: new Point(3, 4)', value: fmt(r.hpyNew.median), unit: 'ns/call', note: `${fmt(rNew, 2)}x ObjectWrap` },
        { label: 'ObjectWrap: new Point(3, 4)', value: fmt(r.wrapNew.median), unit: 'ns/call' },
        { label: 'HPy type: p.sum()', value: fmt(r.hpyMethod.median), unit: 'ns/call', note: `${fmt(rMethod, 2)}x ObjectWrap` },
        { label: 'ObjectWrap: p.sum()', value: fmt(r.wrapMethod.median), unit: 'ns/call' },
        { label: 'HPy type: p.x', value: fmt(r.hpyMember.median), unit: 'ns/read', note: `${fmt(rMember, 2)}x ObjectWrap` },
        { label: 'ObjectWrap: p.x', value: fmt(r.wrapMember.median), unit: 'ns/read' },
      ],
      targets: [
        target('new Point(3, 4) <= 1.5x ObjectWrap', rNew, 'max', 1.5),
        target('p.sum() <= 1.3x ObjectWrap', rMethod, 'max', 1.3),
        target('p.x <= 1.3x ObjectWrap', rMember, 'max', 1.3),
      ],
      notes: [],
      raw: { calls: n, ...r },
    };
  },
};
