// bufferOf(obj): the buffer an instance of a type defined in C exports
// through HPy_bf_getbuffer, as a typed array over the exported memory
// (native/src/universal/type_buffer.cc). The memory stays valid until the
// buffer is released: release(), [Symbol.dispose](), or when `data` is
// collected; bf_releasebuffer runs once, whichever comes first, and the
// typed array is detached then (its length becomes 0).
// Kept in the emitted .d.ts (preserve): its types name Node's, and a
// consumer's tsc may not load Node's types by itself (TypeScript 7's default).
/// <reference types="node" preserve="true" />
import { constants } from 'node:buffer';
import { accepts, check, checkOptions } from '../args';
import { native } from '../native';

// The longest ArrayBuffer this Node.js makes; the addon refuses a longer
// export with a BufferError before asking Node-API for it.
const MAX_LENGTH = constants.MAX_LENGTH;

type TypedArray =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
type TypedArrayClass = new (buffer: ArrayBuffer, byteOffset?: number, length?: number) => TypedArray;

/** What the addon's exportBuffer returns (src/native.ts): data, format,
 * itemsize, ndim, readonly, shape, strides. */
export type RawBuffer = [ArrayBuffer, string, number, number, boolean, number[] | null, number[] | null];

// struct-module format characters with the typed array of the same layout,
// by item size (C long is 8 bytes on LP64 systems, 4 on Windows).
const BY_CODE: Record<string, Record<number, TypedArrayClass>> = {
  b: { 1: Int8Array }, B: { 1: Uint8Array }, c: { 1: Uint8Array }, '?': { 1: Uint8Array },
  h: { 2: Int16Array }, H: { 2: Uint16Array },
  i: { 4: Int32Array }, I: { 4: Uint32Array },
  l: { 4: Int32Array, 8: BigInt64Array }, L: { 4: Uint32Array, 8: BigUint64Array },
  q: { 8: BigInt64Array }, Q: { 8: BigUint64Array }, n: { 8: BigInt64Array }, N: { 8: BigUint64Array },
  f: { 4: Float32Array }, d: { 8: Float64Array },
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The typed array class for one item of `format` (`itemsize` bytes), or
 * Uint8Array when none has its layout (structs, big-endian data, ...). */
export function typedArrayFor(format: string, itemsize: number, byteLength: number): TypedArrayClass {
  let code = format;
  if (code.length === 2 && (code[0] === '@' || code[0] === '=' || (code[0] === '<' && LITTLE_ENDIAN) || ((code[0] === '>' || code[0] === '!') && !LITTLE_ENDIAN)))
    code = code[1];
  const cls = code.length === 1 ? BY_CODE[code]?.[itemsize] : undefined;
  return cls && byteLength % itemsize === 0 ? cls : Uint8Array;
}

const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose');

/** A buffer exported by an instance of a type defined in C. */
export class HpyBuffer {
  /** The exported memory, as the typed array matching `format` and
   * `itemsize` (a Uint8Array when none does). Read-only buffers are a copy. */
  readonly data: TypedArray;
  /** The exporter's struct-module format ("B" when it gave none). */
  readonly format: string;
  readonly itemsize: number;
  readonly ndim: number;
  /** Items per dimension, or null when the exporter gave none (one dimension). */
  readonly shape: readonly number[] | null;
  /** Bytes between items per dimension, or null (C-contiguous). */
  readonly strides: readonly number[] | null;
  /** True when the exporter's memory is read-only: `data` is then a copy,
   * and writing it never reaches the exporter. */
  readonly readonly: boolean;
  readonly #arrayBuffer: ArrayBuffer;
  #released = false;

  constructor(raw: RawBuffer) {
    const [data, format, itemsize, ndim, readonly, shape, strides] = raw;
    this.#arrayBuffer = data;
    const cls = typedArrayFor(format, itemsize, data.byteLength);
    this.data = new cls(data, 0, data.byteLength / (cls as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT);
    this.format = format;
    this.itemsize = itemsize;
    this.ndim = ndim;
    this.shape = shape && Object.freeze(shape);
    this.strides = strides && Object.freeze(strides);
    this.readonly = readonly;
  }

  /** Whether release() (or teardown, or disposal) has released it. */
  get released(): boolean {
    return this.#released;
  }

  /** Calls the exporter's bf_releasebuffer (the first time only) and
   * detaches `data`. True if this call released it. */
  release(): boolean {
    if (this.#released) return false;
    this.#released = true;
    return native.releaseBuffer(this.#arrayBuffer);
  }
}
Object.defineProperty(HpyBuffer.prototype, DISPOSE, {
  value(this: HpyBuffer) {
    this.release();
  },
  writable: true,
  configurable: true,
});

export interface BufferOfOptions {
  /** Ask for a writable buffer (CPython's PyBUF_WRITABLE): an exporter whose
   * memory is read-only refuses with BufferError. */
  writable?: boolean;
}

/** The buffer `obj` exports (its type's HPy_bf_getbuffer), as a typed array
 * over the memory until released. TypeError when its type has none. */
export function bufferOf(obj: object, options?: BufferOfOptions): HpyBuffer {
  check('bufferOf', 'obj', obj, isObjectArg);
  const { writable } = checkOptions<BufferOfOptions>('bufferOf', options, { writable: accepts.boolean }, '{ writable: true }');
  return new HpyBuffer(native.exportBuffer(obj, writable === true, false, MAX_LENGTH));
}

const isObjectArg = {
  what: 'an instance of a type defined in C with HPy_bf_getbuffer',
  test: (v: unknown) => typeof v === 'object' && v !== null,
};

/** The bytes of `obj`'s buffer, copied (the buffer is released at once), or
 * undefined when `obj` exports none. */
export function bufferBytes(obj: object): Buffer | undefined {
  const raw = native.exportBuffer(obj, false, true, MAX_LENGTH);
  if (raw === null) return undefined;
  try {
    return Buffer.from(new Uint8Array(raw[0]));
  } finally {
    native.releaseBuffer(raw[0]);
  }
}
