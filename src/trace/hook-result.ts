// Trace hooks are synchronous: the traced call goes on as soon as the hook
// returns. A hook that returns a promise (an async function) is not waited
// for, and a rejection of that promise had no handler, so Node ended the
// process through unhandledRejection. This says so, once per hook, and
// handles the rejections (the first one is reported, once).

export type HookName = 'on_enter' | 'on_exit';

const CODE = 'HPY_NODE_ASYNC_TRACE_HOOK';

/** What to do with a thenable that the `which` hook returned. */
export function promiseReporter(which: HookName): (result: PromiseLike<unknown>) => void {
  let warnedReturn = false;
  let warnedRejection = false;
  const onRejected = (err: unknown): void => {
    if (warnedRejection) return;
    warnedRejection = true;
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    process.emitWarning(`set_trace_functions: a promise returned by the ${which} hook rejected (${reason}); later rejections of this hook are not reported`, { code: CODE });
  };
  return (result) => {
    if (!warnedReturn) {
      warnedReturn = true;
      process.emitWarning(
        `set_trace_functions: the ${which} hook returned a promise (is it an async function?). Hooks are synchronous: the traced call ` +
          `does not wait for it, and a rejection does not reach the caller. Make the hook a plain function; to start async work, ` +
          `start it inside and handle its errors there`,
        { code: CODE },
      );
    }
    try {
      result.then(undefined, onRejected);
    } catch (err) {
      onRejected(err);
    }
  };
}
