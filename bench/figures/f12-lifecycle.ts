// Figure 12: what a type's lifecycle slots cost (bench/extensions/lifecycle.c).
// ns per instance made and collected for two types that differ only in
// tp_finalize (Plain: tp_destroy; Fin: also tp_finalize, which runs on a
// stand-in made after V8 collected the instance), side by side in one run:
// each round makes `n` instances of one type, drops them, and forces
// collections until tp_destroy ran for all. And ns per bufferOf(a).release()
// pair (bf_getbuffer, an external ArrayBuffer, bf_releasebuffer, detach).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BenchContext, Figure, FigureResult, buildBenchExtension, fmt, median, nowNs } from '../lib';
import { bufferOf, load } from '../../src/index';
import { asVariant } from '../js-loops';

interface LifecycleModule {
  Plain: new () => object;
  Fin: new () => object;
  Arr: new () => object;
  destroyed_total(): number;
  finalized_total(): number;
}

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

export const figure12: Figure = {
  id: 12,
  title: 'Type lifecycle: an instance made and collected with and without tp_finalize; bufferOf + release',
  async run(ctx: BenchContext): Promise<FigureResult> {
    const m = load(buildBenchExtension('lifecycle.c', 'bench_lifecycle'), { mode: 'universal' }) as unknown as LifecycleModule;
    const gc = exposedGc();
    const n = Math.max(1000, Math.floor(ctx.config.jsCalls / 10));
    // Makes n instances, drops them, collects until tp_destroy ran for each.
    // Each type has its own loop (bench/js-loops.ts): one `new` site.
    const makeLoop = (variant: string) => ctx.loops.compile(variant, ['Cls', 'n'], 'for (let i = 0; i < n; i++) new Cls();');
    const makes = { plain: makeLoop('tp_destroy only'), fin: makeLoop('with tp_finalize') };
    const cycle = async (k: 'plain' | 'fin'): Promise<number> => {
      const Cls = k === 'fin' ? m.Fin : m.Plain;
      const target = m.destroyed_total() + n;
      const t0 = nowNs();
      asVariant(k, () => makes[k](Cls, n));
      for (let i = 0; i < 200 && m.destroyed_total() < target; i++) {
        gc();
        await tick();
      }
      if (m.destroyed_total() < target) throw new Error('bench: figure 12: instances were not collected');
      return (nowNs() - t0) / n;
    };
    const samples: Record<'plain' | 'fin', number[]> = { plain: [], fin: [] };
    await cycle('plain');
    await cycle('fin');
    for (let r = 0; r < ctx.config.runs; r++) {
      for (const k of r % 2 ? (['fin', 'plain'] as const) : (['plain', 'fin'] as const)) samples[k].push(await cycle(k));
    }
    const finalizedAll = m.finalized_total() >= n * (ctx.config.runs + 1);
    const a = new m.Arr();
    const pairs = n;
    const bufferSamples: number[] = [];
    const bufferLoop = ctx.loops.compile('bufferOf', ['bufferOf', 'a', 'n'], 'for (let i = 0; i < n; i++) bufferOf(a).release();');
    for (let r = 0; r <= ctx.config.runs; r++) {
      const t0 = nowNs();
      asVariant('buffer', () => bufferLoop(bufferOf, a, pairs));
      if (r > 0) bufferSamples.push((nowNs() - t0) / pairs);
    }
    const plain = median(samples.plain), fin = median(samples.fin), buffer = median(bufferSamples);
    return {
      id: 12,
      title: this.title,
      rows: [
        { label: 'made and collected, tp_destroy only', value: fmt(plain), unit: 'ns/instance' },
        { label: 'made and collected, with tp_finalize', value: fmt(fin), unit: 'ns/instance', note: `${fmt(fin / plain, 2)}x; +${fmt(fin - plain)} ns` },
        { label: 'bufferOf(a).release()', value: fmt(buffer), unit: 'ns/pair' },
      ],
      targets: [],
      notes: finalizedAll ? [] : ['tp_finalize did not run for every instance'],
      raw: { instances: n, ...samples, buffer: bufferSamples },
    };
  },
};
