// Iteration (the iterator protocol) and slices.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { inspect } from 'node:util';
import { Slice } from '../values';
import { Obj, exceptions, isInt, typeName } from './common';

function iterResult(r: unknown): IteratorResult<unknown> {
  if (r === null || typeof r !== 'object') throw new exceptions.TypeError(`iterator.next() returned ${typeName(r)}, not an object`);
  return r as IteratorResult<unknown>;
}

function clampRange(len: number, start: number, end: number): [number, number] {
  const clamp = (i: number) => Math.min(len, Math.max(0, i < 0 ? len + i : i));
  return [clamp(start), clamp(end)];
}

export const iterationHelpers = {
  getIter: (o: unknown) => {
    const it = o !== null && o !== undefined ? (Object(o) as Obj)[Symbol.iterator] : undefined;
    if (typeof it !== 'function') throw new exceptions.TypeError(`'${typeName(o)}' object is not iterable`);
    return Reflect.apply(it, o, []);
  },
  iterNext: (it: unknown) => {
    const next = it !== null && it !== undefined ? (Object(it) as Obj).next : undefined;
    if (typeof next !== 'function') throw new exceptions.TypeError(`'${typeName(it)}' object is not an iterator`);
    return iterResult(Reflect.apply(next, it, []));
  },
  iterCheck: (o: unknown) => o !== null && o !== undefined && typeof (Object(o) as Obj).next === 'function',
  getSlice: (o: unknown, start: number, end: number) => {
    if (typeof o === 'string' || Array.isArray(o)) {
      const s = o.slice(start, end);
      return Array.isArray(o) && Object.isFrozen(o) ? Object.freeze(s) : s;
    }
    // A copy, as Python's slices are: Buffer#slice would share memory, so use
    // the typed-array slice (which still returns a Buffer for a Buffer).
    if (ArrayBuffer.isView(o) && !(o instanceof DataView)) return Uint8Array.prototype.slice.call(o as Uint8Array, start, end);
    throw new exceptions.TypeError(`'${typeName(o)}' object is not sliceable`);
  },
  setSlice: (o: unknown, start: number, end: number, value: unknown) => {
    if (!Array.isArray(o) || Object.isFrozen(o)) throw new exceptions.TypeError(`'${typeName(o)}' object does not support slice assignment`);
    const iter = value !== null && value !== undefined ? (Object(value) as Obj)[Symbol.iterator] : undefined;
    if (typeof iter !== 'function') throw new exceptions.TypeError(`can only assign an iterable to a slice, not '${typeName(value)}'`);
    const items = Array.from(value as Iterable<unknown>);
    const [s, e] = clampRange(o.length, start, end);
    o.splice(s, Math.max(0, e - s), ...items);
  },
  delSlice: (o: unknown, start: number, end: number) => {
    if (!Array.isArray(o) || Object.isFrozen(o)) throw new exceptions.TypeError(`'${typeName(o)}' object does not support slice deletion`);
    const [s, e] = clampRange(o.length, start, end);
    o.splice(s, Math.max(0, e - s));
  },
  sliceNew: (start: unknown, stop: unknown, step: unknown) => new Slice(start as number | undefined, stop as number | undefined, step as number | undefined),
  // Validates the bounds; the addon applies the defaults and clamps to
  // Py_ssize_t (undefined stands for None).
  sliceUnpack: (s: unknown) => {
    if (!(s instanceof Slice)) throw new exceptions.TypeError(`ctx_Slice_Unpack: expected a slice, got '${typeName(s)}'`);
    const bound = (v: unknown) => {
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'boolean') return Number(v);
      if (isInt(v)) return v;
      throw new exceptions.TypeError(`slice indices must be integers or None, not '${typeName(v)}' (${inspect(v)})`);
    };
    const [start, stop, step] = [bound(s.start), bound(s.stop), bound(s.step)];
    if (step === 0 || step === 0n) throw new exceptions.ValueError('slice step cannot be zero');
    return [start, stop, step];
  },
} satisfies Partial<RuntimeHelpers>;
