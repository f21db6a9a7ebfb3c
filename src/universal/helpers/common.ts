// What several helper areas share: names of values for messages, index
// arithmetic, the exception classes.
import { inspect } from 'node:util';
import { PYTHON_EXCEPTIONS } from '../exceptions';
import { Int } from '../values';

/** Python's exception classes by name (`exceptions.TypeError`, ...). */
export const exceptions = PYTHON_EXCEPTIONS;

export type Num = number | bigint;
export type Obj = Record<PropertyKey, unknown>;

/** The name a message gives a value's type: its constructor's name. */
export function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'function') return 'function';
  const ctor = (Object(x) as { constructor?: { name?: string } }).constructor;
  return ctor?.name || typeof x;
}

export const isInt = (x: unknown): x is Num => x instanceof Int;

/** i as an index into a sequence of `len` (negative counts from the end);
 * IndexError when out of range. */
export function normIndex(len: number, i: number, what: string): number {
  const j = i < 0 ? len + i : i;
  if (!Number.isInteger(j) || j < 0 || j >= len) throw new exceptions.IndexError(`${what} index ${i} out of range (length ${len})`);
  return j;
}

export const isIndexable = (o: unknown): o is ArrayLike<unknown> =>
  Array.isArray(o) || ArrayBuffer.isView(o) || typeof o === 'string';

/** o[key] = value as an entry of o: "__proto__" is defined as an own
 * property rather than set, since its setter would replace o's prototype and
 * lose the entry. False when o refuses (frozen, read-only). */
export function setEntry(o: Obj, key: PropertyKey, value: unknown): boolean {
  if (key === '__proto__' && !Object.prototype.hasOwnProperty.call(o, key)) {
    return Reflect.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return Reflect.set(o, key, value);
}

/** A key as a message shows it: strings quoted, anything else inspected. */
export function keyText(k: unknown): string {
  return typeof k === 'string' ? `'${k}'` : inspect(k);
}
