// hpy-node/debug: HPy's debug-mode API (hpy.debug), with HPy's names and
// camelCase twins. Everything applies to the calling environment (the main
// thread or one worker): its debug handles, its settings, its callbacks.
// Kept in the emitted .d.ts (preserve): Symbol.dispose is declared by Node's
// types, and a consumer's tsc may not load them by itself (TypeScript 7).
/// <reference types="node" preserve="true" />
import { native, RawDebugHandle } from '../native';
import { accepts, check } from '../args';

/** One debug handle the extension was given, as it was when listed. */
export class DebugHandle {
  /** The handle's value, as the extension saw it. */
  readonly id: number;
  /** The module whose context made it. */
  readonly module: string;
  readonly generation: number;
  readonly is_closed: boolean;
  /** The value it names (open handles only). */
  readonly obj: unknown;
  /** Bytes of raw data (HPyUnicode_AsUTF8AndSize, ...) protected with it, -1 if none. */
  readonly raw_data_size: number;
  /** Where it was made, if set_handle_stack_trace_limit asked for it. */
  readonly allocation_stacktrace: string | undefined;

  constructor(raw: RawDebugHandle) {
    this.id = raw.id;
    this.module = raw.module;
    this.generation = raw.generation;
    this.is_closed = raw.closed;
    this.obj = raw.obj;
    this.raw_data_size = raw.rawDataSize;
    this.allocation_stacktrace = raw.stack;
  }

  get isClosed(): boolean {
    return this.is_closed;
  }
  get rawDataSize(): number {
    return this.raw_data_size;
  }
  get allocationStacktrace(): string | undefined {
    return this.allocation_stacktrace;
  }

  toString(): string {
    const id = `0x${this.id.toString(16)}`;
    if (this.is_closed) return `<DebugHandle ${id} CLOSED>`;
    let shown: string;
    try {
      shown = typeof this.obj === 'string' ? `'${this.obj}'` : String(this.obj);
    } catch {
      shown = Object.prototype.toString.call(this.obj);
    }
    return `<DebugHandle ${id} for ${shown}>`;
  }
}

const count = accepts.integer(0, Number.MAX_SAFE_INTEGER);

/** Starts a new generation: handles made from now on carry its number. */
export function new_generation(): number {
  return native.debugNewGeneration();
}

/** The open debug handles made at or after generation `gen`, oldest first. */
export function get_open_handles(gen = 0): DebugHandle[] {
  check('get_open_handles', 'gen', gen, count);
  return native.debugOpenHandles(gen).map((h) => new DebugHandle(h));
}

/** The closed handles still in the queue (never reused while there), oldest first. */
export function get_closed_handles(): DebugHandle[] {
  return native.debugClosedHandles().map((h) => new DebugHandle(h));
}

export function get_closed_handles_queue_max_size(): number {
  return native.debugSetting('closedHandlesQueueMaxSize');
}

export function set_closed_handles_queue_max_size(size: number): void {
  check('set_closed_handles_queue_max_size', 'size', size, count);
  native.debugSetting('closedHandlesQueueMaxSize', size);
}

export function get_protected_raw_data_max_size(): number {
  return native.debugSetting('protectedRawDataMaxSize');
}

export function set_protected_raw_data_max_size(size: number): void {
  check('set_protected_raw_data_max_size', 'size', size, count);
  native.debugSetting('protectedRawDataMaxSize', size);
}

/** Frames of C stack recorded for each handle made from now on (0: none, the
 * default; at most 256). */
export function set_handle_stack_trace_limit(limit: number): void {
  check('set_handle_stack_trace_limit', 'limit', limit, accepts.integer(0, 256));
  native.debugSetting('handleStackTraceLimit', limit);
}

const callbackOrNull = accepts.either(accepts.function, { what: 'null', test: (v) => v === null });

/** Called (with no arguments) on each invalid use of a handle instead of
 * failing the call; null restores failing it. */
export function set_on_invalid_handle(callback: (() => unknown) | null): void {
  check('set_on_invalid_handle', 'callback', callback, callbackOrNull);
  native.debugSetOnInvalid(false, callback);
}

/** The same for builders and trackers used after build, cancel or close. */
export function set_on_invalid_builder_handle(callback: (() => unknown) | null): void {
  check('set_on_invalid_builder_handle', 'callback', callback, callbackOrNull);
  native.debugSetOnInvalid(true, callback);
}

/** Thrown by LeakDetector.stop(): the handles left open, with where they were made. */
export class HPyLeakError extends Error {
  readonly leaks: DebugHandle[];
  constructor(leaks: DebugHandle[]) {
    const n = leaks.length;
    const lines = leaks.map((h) => {
      const where = h.allocation_stacktrace ? `\n      made at:\n${h.allocation_stacktrace.replace(/^/gm, '      ')}` : '';
      return `    ${h} (module ${h.module})${where}`;
    });
    super(`${n} unclosed handle${n === 1 ? '' : 's'}:\n${lines.join('\n')}`);
    this.name = 'HPyLeakError';
    this.leaks = leaks;
  }
}

/** Finds the handles made between start() and stop() and still open:
 *
 *   const leaks = new LeakDetector(); leaks.start(); ...; leaks.stop();
 *   { using _ = new LeakDetector().start(); ... }   // where `using` exists
 */
export class LeakDetector {
  private generation: number | undefined;

  start(): this {
    if (this.generation !== undefined) throw new Error('LeakDetector.start(): already started');
    this.generation = new_generation();
    return this;
  }

  /** Throws HPyLeakError if a handle made since start() is still open. */
  stop(): void {
    if (this.generation === undefined) throw new Error('LeakDetector.stop(): start() was not called');
    const gen = this.generation;
    this.generation = undefined;
    // Later handles belong to a new generation, as in HPy.
    new_generation();
    const leaks = get_open_handles(gen);
    if (leaks.length > 0) throw new HPyLeakError(leaks);
  }

  [Symbol.dispose](): void {
    if (this.generation !== undefined) this.stop();
  }
}

/** Every module in debug mode: invalid uses detected (all threads) and the
 * debug handles it has open in this environment (the metrics' source). */
export function debugModules(): Array<{ name: string; path: string; invalidUses: number; openHandles: number }> {
  return native.debugModules();
}

export {
  new_generation as newGeneration,
  get_open_handles as getOpenHandles,
  get_closed_handles as getClosedHandles,
  get_closed_handles_queue_max_size as getClosedHandlesQueueMaxSize,
  set_closed_handles_queue_max_size as setClosedHandlesQueueMaxSize,
  get_protected_raw_data_max_size as getProtectedRawDataMaxSize,
  set_protected_raw_data_max_size as setProtectedRawDataMaxSize,
  set_handle_stack_trace_limit as setHandleStackTraceLimit,
  set_on_invalid_handle as setOnInvalidHandle,
  set_on_invalid_builder_handle as setOnInvalidBuilderHandle,
};
