// Every JavaScript loop the benchmark times is compiled here, one function
// per (figure, variant), and nowhere else (test/bench/loops.test.ts checks
// that no other file of bench/ compiles code).
//
// Why: a call site's type feedback belongs to the compiled function, and V8
// caches what `new Function` compiles by its source text, so two variants
// whose loops have the same text share one call site: it turns polymorphic,
// and the variants slow each other down by an amount that depends on which
// ran before (figure 3 read 1.06x against the Node-API floor that way, 1.6x
// with a loop per variant). So each loop's source starts with its figure and
// variant, the registry refuses a second loop of a variant, and a loop that
// runs for two variants of `interleave` throws.

/** One compiled loop, as results.json lists it. */
export interface CompiledLoop {
  figure: number;
  variant: string;
  source: string;
  /** The interleave variant it ran for (none: it ran outside interleave). */
  ranFor?: string;
}

// The interleave variant running now; set by lib.ts's interleave.
let running: string | undefined;

/** Runs `fn` as `variant`: loops it calls are that variant's. */
export function asVariant<T>(variant: string, fn: () => T): T {
  const outer = running;
  running = variant;
  try {
    return fn();
  } finally {
    running = outer;
  }
}

// Whether an asVariantAsync is pending: two at once would each see the
// other's name as the running variant.
let asyncPending = false;

/** asVariant for a variant that awaits (a forced collection, a turn of the
 * event loop for finalizers, figure 13): the loops it calls after an await
 * are still `variant`'s. One at a time (the benchmark awaits each variant
 * before the next); what runs meanwhile on the event loop (finalizers, a
 * child's output) calls no loop. */
export async function asVariantAsync<T>(variant: string, fn: () => Promise<T>): Promise<T> {
  if (asyncPending) throw new Error(`bench: variant ${variant} started while another awaiting variant was running: each must finish first`);
  const outer = running;
  asyncPending = true;
  running = variant;
  try {
    return await fn();
  } finally {
    running = outer;
    asyncPending = false;
  }
}

function noteRun(loop: CompiledLoop): void {
  if (running === undefined) return;
  if (loop.ranFor === undefined) loop.ranFor = running;
  else if (loop.ranFor !== running)
    throw new Error(`bench: figure ${loop.figure}'s loop "${loop.variant}" ran for variants ${loop.ranFor} and ${running}: each variant needs a loop of its own`);
}

/** All loops of one run of the benchmark. */
export class LoopRegistry {
  readonly loops: CompiledLoop[] = [];

  /** The loops of one figure: variants are named within it. */
  forFigure(figure: number): FigureLoops {
    return new FigureLoops(this, figure);
  }

  /** Compiles `body` as a function of `params`, the only one with its text. */
  compile(figure: number, variant: string, params: readonly string[], body: string): (...args: unknown[]) => unknown {
    if (!variant || /\*\/|\n/.test(variant)) throw new Error(`bench: loop variant name ${JSON.stringify(variant)}: it goes into a comment, so it must be one line without "*/"`);
    if (this.loops.some((l) => l.figure === figure && l.variant === variant)) throw new Error(`bench: figure ${figure} compiled a second loop for variant "${variant}"`);
    // Figure and variant lead the text: no two loops of a run have the same.
    const source = `/* figure ${figure}, ${variant} */ ${body}`;
    const fn = new Function(...params, source) as (...args: unknown[]) => unknown;
    const loop: CompiledLoop = { figure, variant, source };
    this.loops.push(loop);
    return (...args: unknown[]) => {
      noteRun(loop);
      return fn(...args);
    };
  }
}

export class FigureLoops {
  constructor(
    private readonly registry: LoopRegistry,
    readonly figure: number,
  ) {}

  compile(variant: string, params: readonly string[], body: string): (...args: unknown[]) => unknown {
    return this.registry.compile(this.figure, variant, params, body);
  }

  /** A loop of `n` calls of `f(1, 2)`, this variant's own. Returns ns per
   * call; the results are summed and checked, so no call can be dropped. */
  callLoop(variant: string, f: (a: number, b: number) => number): (n: number) => number {
    const loop = this.compile(variant, ['f', 'n'], 'let s = 0; for (let i = 0; i < n; i++) s += f(1, 2); return s;');
    return (n: number) => {
      const t0 = process.hrtime.bigint();
      const s = loop(f, n);
      const ns = Number(process.hrtime.bigint() - t0) / n;
      if (s !== 3 * n) throw new Error(`bench: figure ${this.figure}, ${variant}: f(1, 2) summed to ${String(s)} over ${n} calls, expected ${3 * n}`);
      return ns;
    };
  }
}
