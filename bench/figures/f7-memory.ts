// Figure 7: bytes of native trace store per traced module.
import { native } from '../../src/native';
import { CTX_NAMES } from '../../src/generated/ctx-names';
import { BenchContext, Figure, FigureResult } from '../lib';

export const figure7: Figure = {
  id: 7,
  title: 'Memory: native store per traced module',
  async run(ctx: BenchContext): Promise<FigureResult> {
    // A module's store on a thread exists once the thread traced a call of
    // it: one traced call here, so that the figure reads the same alone
    // (--only 7, where nothing traced before) as after figures 1-6.
    ctx.trace.loop_add(1, 1, 2);
    const bytes = native.traceStoreBytesPerModule();
    // The store's layout (trace_store.h): per thread that traced the module,
    // one row per function of calls, sum and 29 buckets, 8 bytes each, and
    // the profile's row for context calls made outside any entry (each entry
    // a thread runs adds a row of that size when it first runs it).
    const perThread = native.traceStoreBytesPerModulePerThread();
    const functionRows = CTX_NAMES.length * (2 + 29) * 8;
    const threads = Math.round(bytes / perThread);
    return {
      id: 7,
      title: this.title,
      rows: [
        { label: 'per traced module, all threads', value: bytes, unit: 'bytes', note: `${threads} thread store(s)` },
        { label: 'per traced module, per thread', value: perThread, unit: 'bytes', note: `${CTX_NAMES.length} functions x 31 counters x 8 B = ${functionRows}, and the profile's outside-entry row` },
      ],
      targets: [],
      notes: [],
      raw: { bytesPerModule: bytes, bytesPerModulePerThread: perThread, threadStores: threads },
    };
  },
};
