// The typed face of the native addon (build/Release/hpy_node.node). Nothing
// else in src/ touches the addon directly, so this file is the whole contract
// between TypeScript and C++.
import { join } from 'node:path';
import type { RuntimeHelpers } from './generated/helper-contract';
import type { RawBuffer } from './universal/buffer';

/** Snapshot of the native trace store, read in one call. */
export interface TraceSnapshot {
  /** Upper bounds of the duration buckets in ns, ascending. The last bucket
   * (+Inf) has no bound, so every `buckets` array is one longer than this. */
  boundsNs: number[];
  modules: ModuleSnapshot[];
  /** The profile's entries (hpy-node/trace's get_profile()), for the
   * hpy.extension metrics. The native store has them; a hand-made snapshot
   * may leave them out (then there are no hpy.extension series). */
  entries?: EntrySnapshot[];
}

/** One profile entry, summed over every thread. */
export interface EntrySnapshot {
  /** The module's name, one of `modules` (an entry of a module not there
   * is exported from the next snapshot that has it). */
  module: string;
  /** The entry's name (`mymod.scale`, `mymod.<outside>`). */
  entry: string;
  /** Calls into the entry's C function, counted when they start. */
  calls: number;
  /** Inclusive duration of the completed calls, ns. */
  totalNs: number;
  /** Completed calls per duration bucket (the snapshot's boundsNs, +Inf last). */
  buckets: number[];
  /** The context calls the entry made while innermost. */
  functions: Array<{ id: number; calls: number; ns: number }>;
}

export interface ModuleSnapshot {
  /** Module name: the file name before its first dot (`snippets`). */
  name: string;
  /** Absolute, resolved path of the shared object. */
  path: string;
  /** Date.now() when the module was first loaded in trace mode: the start
   * of its cumulative series. */
  startTimeMs: number;
  /** One entry per context function called at least once by this module. */
  functions: FunctionSnapshot[];
}

export interface FunctionSnapshot {
  /** Index into CTX_NAMES. */
  id: number;
  /** Calls entered (counted before the call runs, as HPy does). */
  calls: number;
  /** Accumulated duration of completed calls, ns. */
  sumNs: number;
  /** Completed calls per duration bucket (not cumulative); their sum is the
   * number of completed calls, equal to `calls` once no call is in flight. */
  buckets: number[];
}

export interface RawTraceSnapshot {
  boundsNs: number[];
  modules: Array<{ name: string; path: string; startTimeMs: number; rows: Float64Array }>;
}

/** One entry of the profile as the addon returns it (src/trace/profile.ts
 * shapes it): `functions` holds [id, calls, ns] per context function the
 * entry called. */
export interface RawProfileRow {
  module: string;
  path: string;
  entry: string;
  calls: number;
  totalNs: number;
  /** Completed calls per duration bucket (the snapshot's bounds, +Inf last). */
  buckets: Float64Array;
  functions: Float64Array;
}

export type ModeName = 'universal' | 'trace' | 'debug' | 'debug+trace';

export interface NativeModuleInfo {
  /** The module object handed to JavaScript: methods plus `doc`. */
  module: Record<string, unknown>;
  /** Mode the shared object was bound to (process-wide, fixed at first load). */
  mode: ModeName;
}

/** JavaScript values and functions the universal context needs, handed to the
 * addon once per environment (main thread or worker). */
export interface Runtime {
  /** Value of each context handle, indexed by its slot (HANDLE_SLOTS). */
  constants: unknown[];
  /** Helper functions implementing JavaScript semantics the addon does not
   * do natively (src/universal/helpers/), as native/api/js-helpers.tsv
   * lists them. */
  helpers: RuntimeHelpers;
}

export interface NativeBinding {
  /** Installs the runtime for the calling environment. Idempotent. */
  init(runtime: Runtime): void;
  /** dlopens `path` (absolute) and builds its module; `name` is the module
   * name. Throws a clear Error on anything that is not a loadable HPy module. */
  loadModule(path: string, name: string, mode: ModeName): NativeModuleInfo;
  /** The store in one read: per module, a flat Float64Array of rows
   * [id, calls, sumNs, ...buckets] (see traceSnapshot() below). */
  traceSnapshotRaw(): RawTraceSnapshot;
  /** The profile: every entry entered and each module's pseudo-entry that
   * made a context call, summed over all threads. */
  traceProfileRaw(): RawProfileRow[];
  /** Trace hooks of the calling environment, called with a function id. `null`
   * clears one, `undefined` leaves it as it is. */
  setTraceHooks(onEnter: ((id: number) => void) | null | undefined, onExit: ((id: number) => void) | null | undefined): void;
  /** Frequency of the trace clock, Hz. */
  traceClockFrequency(): number;
  /** Which clock trace mode uses: 'tsc', 'cntvct' or 'monotonic'. */
  traceClockName(): string;
  /** Bytes of native trace store held for one traced module (all threads). */
  traceStoreBytesPerModule(): number;
  /** The same for one thread: the module's row of every context function,
   * plus the profile's row for calls outside any entry (entries a thread
   * ran add their own rows, allocated as it enters them). */
  traceStoreBytesPerModulePerThread(): number;
  /** bufferOf (src/universal/buffer.ts): calls obj's bf_getbuffer (asking for
   * a writable buffer if `writable`); the ArrayBuffer holds the export.
   * `optional`: null, not a TypeError, when obj has no bf_getbuffer.
   * `maxLength`: buffer.constants.MAX_LENGTH; a longer export is a
   * BufferError. */
  exportBuffer(obj: unknown, writable: boolean, optional: false, maxLength: number): RawBuffer;
  exportBuffer(obj: unknown, writable: boolean, optional: true, maxLength: number): RawBuffer | null;
  /** Releases a buffer exportBuffer made (bf_releasebuffer, once) and
   * detaches it; true if this call released it. */
  releaseBuffer(data: ArrayBuffer): boolean;
  /** Marks a fresh object as keyword arguments (kwargs()); returns it. */
  tagKwargs<T extends object>(obj: T): T;
  /** Every HPy shared object loaded in the process (any thread), with the
   * mode it was loaded in. */
  loadedLibraries(): Array<{ path: string; name: string; mode: ModeName }>;
  /** Index of the histogram bucket (into boundsNs, +Inf last) that a traced
   * call lasting `ticks` clock ticks is recorded in. */
  traceBucketOf(ticks: number): number;
  /** For bench/ (figure 2): ns per step of the bare trace primitives in a
   * tight native loop, `iterations` steps each. `clockNs`: two clock reads
   * and one increment; `fullNs`: the whole trace step (two reads, count,
   * sum, bucket). */
  traceFloor(iterations: number): { clockNs: number; fullNs: number; clock: string };
  /** Debug mode (src/debug/index.ts), per environment: the open debug
   * handles made at or after generation `gen`, oldest first. */
  debugOpenHandles(gen: number): RawDebugHandle[];
  /** The closed-handles queue, oldest first. */
  debugClosedHandles(): RawDebugHandle[];
  /** Starts a new generation and returns its number. */
  debugNewGeneration(): number;
  /** Reads (and with a value, first sets) one debug setting. */
  debugSetting(name: 'closedHandlesQueueMaxSize' | 'protectedRawDataMaxSize' | 'handleStackTraceLimit' | 'bytesPerHandle', value?: number): number;
  /** The environment's on_invalid_handle (builder=false) or
   * on_invalid_builder_handle callback; null removes it. */
  debugSetOnInvalid(builder: boolean, fn: (() => unknown) | null): void;
  /** Every module in debug mode: invalid uses detected (all threads) and
   * debug handles open in this environment. */
  debugModules(): Array<{ name: string; path: string; invalidUses: number; openHandles: number }>;
}

export interface RawDebugHandle {
  id: number;
  module: string;
  generation: number;
  closed: boolean;
  /** Bytes of protected raw data attached to it, -1 if none. */
  rawDataSize: number;
  /** Where it was made, when set_handle_stack_trace_limit asked for it. */
  stack?: string;
  /** Open handles only: the value it names. */
  obj?: unknown;
}

const PACKAGE_ROOT = join(__dirname, '..');

// node-gyp-build picks the addon: a local build (build/Release, made by
// `npm rebuild`, `npm run build` or the install script's source fallback)
// before the prebuilt one shipped in prebuilds/<platform>-<arch>/.
const nodeGypBuild = require('node-gyp-build') as { resolve(dir: string): string };

function loadBinding(): { binding: NativeBinding; file: string } {
  // HPY_NODE_ADDON points at another build of the addon (the sanitizer run).
  let file = process.env.HPY_NODE_ADDON;
  try {
    file ??= nodeGypBuild.resolve(PACKAGE_ROOT);
    return { binding: require(file) as NativeBinding, file };
  } catch (err) {
    const what = file === undefined ? 'no native addon was found' : `the native addon ${file} could not be loaded`;
    throw new Error(
      `hpy-node: ${what} for ${process.platform}-${process.arch}, Node ${process.version} (${(err as Error).message.split('\n')[0]}). ` +
        'In a project that installed hpy-node, run `npm rebuild hpy-node`: it builds the addon from source, which needs a C++ compiler, make and python3. ' +
        'In a checkout of hpy-node itself, run `npm run build`.',
    );
  }
}

const loaded = loadBinding();
export const native: NativeBinding = loaded.binding;
/** The addon file in use: a local build, the prebuilt one, or $HPY_NODE_ADDON. */
export const addonFile: string = loaded.file;

/** Reads the native trace store: every traced module and the functions it has
 * called, with their histograms. Cost grows with the functions used, not with
 * the calls made. */
/** The profile's entries, as a hand-made snapshot's `entries` (for
 * recording the store and replaying it through the `snapshot` option). */
export function traceEntries(): EntrySnapshot[] {
  return native.traceProfileRaw().map((r) => {
    const functions: EntrySnapshot['functions'] = [];
    for (let off = 0; off < r.functions.length; off += 3) functions.push({ id: r.functions[off], calls: r.functions[off + 1], ns: r.functions[off + 2] });
    return { module: r.module, entry: r.entry, calls: r.calls, totalNs: r.totalNs, buckets: Array.from(r.buckets), functions };
  });
}

export function traceSnapshot(): TraceSnapshot {
  const raw = native.traceSnapshotRaw();
  const width = 3 + raw.boundsNs.length + 1;
  return {
    boundsNs: raw.boundsNs,
    modules: raw.modules.map((m) => {
      const functions: FunctionSnapshot[] = [];
      for (let off = 0; off < m.rows.length; off += width) {
        functions.push({
          id: m.rows[off],
          calls: m.rows[off + 1],
          sumNs: m.rows[off + 2],
          buckets: Array.from(m.rows.subarray(off + 3, off + width)),
        });
      }
      return { name: m.name, path: m.path, startTimeMs: m.startTimeMs, functions };
    }),
  };
}
