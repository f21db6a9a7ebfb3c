// HPY_TRACE_CLOCK, checked here: the native side (native/src/trace/clock.cc)
// takes exactly "monotonic" to force clock_gettime and treats anything else
// as unset, so `MONOTONIC` or a typo silently gave the automatic clock.

export const TRACE_CLOCK_VARIABLE = 'HPY_TRACE_CLOCK';
/** What the native side understands: unset or empty (automatic), or monotonic. */
export const TRACE_CLOCK_VALUES = ['monotonic'] as const;

/** Why `value` is not a value of HPY_TRACE_CLOCK, or undefined if it is one. */
export function traceClockProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || (TRACE_CLOCK_VALUES as readonly string[]).includes(value)) return undefined;
  return (
    `${TRACE_CLOCK_VARIABLE}=${JSON.stringify(value)} is not a trace clock hpy-node knows, so it is ignored and the clock is chosen automatically ` +
    `(the CPU's invariant counter where there is one). Set ${TRACE_CLOCK_VARIABLE}=monotonic (lower case) to use clock_gettime(CLOCK_MONOTONIC), ` +
    `or leave it unset or empty for the automatic choice`
  );
}

let warned = false;

/** Warns once per thread about a value of HPY_TRACE_CLOCK the native side would ignore. */
export function warnOnBadTraceClock(env: NodeJS.ProcessEnv = process.env): void {
  if (warned) return;
  const problem = traceClockProblem(env[TRACE_CLOCK_VARIABLE]);
  if (problem === undefined) return;
  warned = true;
  process.emitWarning(problem, { code: 'HPY_NODE_BAD_TRACE_CLOCK' });
}
