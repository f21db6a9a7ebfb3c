// The object protocol on JavaScript values: attributes are properties, items
// are array elements, Map entries or properties, types are constructors.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { inspect } from 'node:util';
import { ExceptionClass } from '../exceptions';
import { Int, Tuple, isPlainObject } from '../values';
import { bufferBytes } from '../buffer';

// Set by HPyType_FromSpec on classes of a builtin shape (type_shapes.cc).
const BUILTIN_SHAPE = Symbol.for('hpy.builtinShape');
const TUPLE_SHAPE = 5; // HPyType_BuiltinShape_Tuple
const LONG_SHAPE = 2; // HPyType_BuiltinShape_Long: its prototype is Number's
// Set by HPyType_FromSpec on a class given more than one base: all of them
// (the first is its prototype parent).
const BASES = Symbol.for('hpy.bases');

function isSubtype(sub: Function, type: Function): boolean {
  // Tuple- and Long-shaped classes' prototypes are no frozen array or integer: their shape says it.
  const shape = (sub as unknown as Record<symbol, unknown>)[BUILTIN_SHAPE];
  if ((type === Tuple && shape === TUPLE_SHAPE) || (type === Int && shape === LONG_SHAPE)) return true;
  if (sub === type || type === Object || sub.prototype instanceof type) return true;
  // A class extending a marker class (Int, Tuple, Dict: their instanceof
  // tests values, not prototypes) has it in its static chain.
  for (let c: unknown = Object.getPrototypeOf(sub); typeof c === 'function'; c = Object.getPrototypeOf(c)) if (c === type) return true;
  const bases = (sub as unknown as Record<symbol, unknown>)[BASES];
  return Array.isArray(bases) && bases.some((b) => typeof b === 'function' && isSubtype(b, type));
}
import { Obj, exceptions, isIndexable, keyText, normIndex, setEntry, typeName } from './common';

// JavaScript's comparison operators take any values; TypeScript types them on
// numbers only, so they are written on numbers and widened once, here.
type Compare = (a: unknown, b: unknown) => boolean;
const comparison = (f: (a: number, b: number) => boolean): Compare => f as unknown as Compare;
// By HPy_RichCmpOp: HPy_LT, HPy_LE, HPy_EQ, HPy_NE, HPy_GT, HPy_GE.
const COMPARISONS: readonly Compare[] = [
  comparison((a, b) => a < b),
  comparison((a, b) => a <= b),
  (a, b) => a === b,
  (a, b) => a !== b,
  comparison((a, b) => a > b),
  comparison((a, b) => a >= b),
];

const objectHashes = new WeakMap<object, number>();
let nextObjectHash = 1;

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The index `key` gives into the sequence `o`: an integer (number or
 * BigInt); anything else is a TypeError, as in Python (`[]['a']`), rather
 * than a property of the array or string. */
function sequenceIndex(o: unknown, key: unknown): number {
  if (typeof key === 'number') return key;
  if (typeof key === 'bigint') return Number(key);
  throw new exceptions.TypeError(`${typeName(o)} indices must be integers, not ${typeName(key)}`);
}

/** Whether `key` is an item of the object `o`: a dict (plain object) holds
 * its own properties only (`toString` is no key of `{}`); any other object
 * answers with `in`. */
function hasKey(o: Obj, key: unknown): boolean {
  return isPlainObject(o) ? Object.prototype.hasOwnProperty.call(o, key as PropertyKey) : (key as PropertyKey) in o;
}

export const objectHelpers = {
  richCompare: (a, b, op) => {
    const compare = COMPARISONS[op];
    if (compare) return compare(a, b);
    throw new exceptions.SystemError(`ctx_RichCompare: invalid operator ${op} (expected HPy_LT..HPy_GE)`);
  },
  hash: (a: unknown): number => {
    if (typeof a === 'number') return Number.isInteger(a) && Number.isSafeInteger(a) ? (a === -1 ? -2 : a) : stringHash(String(a));
    if (typeof a === 'bigint') return stringHash(a.toString());
    if (typeof a === 'string') return stringHash(a);
    if (typeof a === 'boolean') return Number(a);
    if (a === undefined || a === null) return a === null ? 0x6e756c6c : 0x756e6466;
    if (typeof a === 'symbol') return stringHash(String(a));
    let h = objectHashes.get(a as object);
    if (h === undefined) objectHashes.set(a as object, (h = nextObjectHash++));
    return h;
  },
  repr: (a: unknown) => inspect(a, { depth: 4 }),
  str: (a: unknown) => String(a),
  // eslint-disable-next-line no-control-regex -- the complement of ASCII, \x00 included
  ascii: (a: unknown) => inspect(a, { depth: 4 }).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  }),
  bytes: (a: unknown) => {
    if (a instanceof Uint8Array) return Buffer.from(a);
    if (typeof a === 'string') throw new exceptions.TypeError('cannot convert a string to bytes without an encoding (use HPyUnicode_AsUTF8String)');
    if (Array.isArray(a) || ArrayBuffer.isView(a) || a instanceof ArrayBuffer) return Buffer.from(a as ArrayLike<number>);
    const exported = typeof a === 'object' && a !== null ? bufferBytes(a) : undefined;  // HPy_bf_getbuffer
    if (exported) return exported;
    throw new exceptions.TypeError(`cannot convert '${typeName(a)}' object to bytes`);
  },
  type: (a: unknown) => (a === undefined || a === null ? Object : (Object(a) as { constructor: unknown }).constructor ?? Object),
  typeCheck: (a: unknown, t: unknown) => {
    switch (t) {
      case Object: return true;
      case String: return typeof a === 'string' || a instanceof String;
      case Number: return typeof a === 'number' || a instanceof Number;
      case Boolean: return typeof a === 'boolean' || a instanceof Boolean;
      case Function: return typeof a === 'function';
    }
    if (typeof t !== 'function') throw new exceptions.TypeError(`ctx_TypeCheck: the type argument is not a class but '${typeName(t)}'`);
    if (a instanceof (t as ExceptionClass)) return true;
    // The bases after the first of a class given several (instanceof follows
    // the first only).
    const ctor = a !== null && typeof a === 'object' ? (a as { constructor?: unknown }).constructor : undefined;
    return typeof ctor === 'function' && BASES in ctor && isSubtype(ctor, t);
  },
  length: (a: unknown) => {
    if (typeof a === 'string' || Array.isArray(a) || ArrayBuffer.isView(a)) return (a as ArrayLike<unknown>).length;
    if (a instanceof Map || a instanceof Set) return a.size;
    if (isPlainObject(a)) return Object.keys(a).length;
    throw new exceptions.TypeError(`object of type '${typeName(a)}' has no len()`);
  },
  getAttr: (o: unknown, name: unknown) => {
    if (o === undefined || o === null) throw new exceptions.AttributeError(`'${typeName(o)}' object has no attribute ${keyText(name)}`);
    const box = Object(o) as Obj;
    if (!((name as PropertyKey) in box)) throw new exceptions.AttributeError(`'${typeName(o)}' object has no attribute ${keyText(name)}`);
    return box[name as PropertyKey];
  },
  setAttr: (o: unknown, name: unknown, value: unknown, remove: boolean) => {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function')) throw new exceptions.AttributeError(`'${typeName(o)}' object attributes are read-only`);
    if (remove) {
      if (!((name as PropertyKey) in (o as Obj))) throw new exceptions.AttributeError(`'${typeName(o)}' object has no attribute ${keyText(name)}`);
      // Deleting an inherited property (a method, a getter of the class) would
      // do nothing and report success; Python refuses it too.
      if (!Object.prototype.hasOwnProperty.call(o, name as PropertyKey)) throw new exceptions.AttributeError(`cannot delete attribute ${keyText(name)} of '${typeName(o)}' object: it is inherited, not its own`);
      if (!Reflect.deleteProperty(o as Obj, name as PropertyKey)) throw new exceptions.AttributeError(`cannot delete attribute ${keyText(name)}`);
    } else if (!Reflect.set(o as Obj, name as PropertyKey, value)) {
      throw new exceptions.AttributeError(`cannot set attribute ${keyText(name)} of '${typeName(o)}' object (read-only or frozen)`);
    }
  },
  hasAttr: (o: unknown, name: unknown) => o !== undefined && o !== null && (name as PropertyKey) in (Object(o) as Obj),
  getItem: (o: unknown, key: unknown) => {
    if (o instanceof Map) {
      if (!o.has(key)) throw new exceptions.KeyError(keyText(key));
      return o.get(key);
    }
    if (isIndexable(o)) return (o as ArrayLike<unknown>)[normIndex(o.length, sequenceIndex(o, key), typeName(o))];
    if (o === undefined || o === null) throw new exceptions.TypeError(`'${typeName(o)}' object is not subscriptable`);
    const box = Object(o) as Obj;
    if (!hasKey(box, key)) throw new exceptions.KeyError(keyText(key));
    return box[key as PropertyKey];
  },
  setItem: (o: unknown, key: unknown, value: unknown) => {
    if (o instanceof Map) {
      o.set(key, value);
      return;
    }
    if (Array.isArray(o) || ArrayBuffer.isView(o)) {
      const a = o as unknown as unknown[];
      const i = normIndex(a.length, sequenceIndex(o, key), typeName(o));
      if (Object.isFrozen(o)) throw new exceptions.TypeError(`'${typeName(o)}' object does not support item assignment (it is a tuple)`);
      a[i] = value;
      return;
    }
    if (o === null || (typeof o !== 'object' && typeof o !== 'function')) throw new exceptions.TypeError(`'${typeName(o)}' object does not support item assignment`);
    if (!setEntry(o as Obj, key as PropertyKey, value)) throw new exceptions.TypeError(`'${typeName(o)}' object does not support item assignment (read-only or frozen)`);
  },
  delItem: (o: unknown, key: unknown) => {
    if (o instanceof Map) {
      if (!o.delete(key)) throw new exceptions.KeyError(keyText(key));
      return;
    }
    if (Array.isArray(o)) {
      if (Object.isFrozen(o)) throw new exceptions.TypeError(`'tuple' object does not support item deletion`);
      o.splice(normIndex(o.length, sequenceIndex(o, key), 'Array'), 1);
      return;
    }
    if (o === null || typeof o !== 'object' || ArrayBuffer.isView(o)) throw new exceptions.TypeError(`'${typeName(o)}' object does not support item deletion`);
    // Only an own property can be deleted; an inherited one would stay.
    if (!Object.prototype.hasOwnProperty.call(o, key as PropertyKey)) throw new exceptions.KeyError(keyText(key));
    if (!Reflect.deleteProperty(o as Obj, key as PropertyKey)) throw new exceptions.TypeError(`cannot delete ${keyText(key)} (read-only or frozen)`);
  },
  contains: (o: unknown, key: unknown) => {
    if (typeof o === 'string') {
      if (typeof key !== 'string') throw new exceptions.TypeError(`'in <string>' requires string as left operand, not ${typeName(key)}`);
      return o.includes(key);
    }
    if (Array.isArray(o)) return o.includes(key);
    if (ArrayBuffer.isView(o)) return Array.prototype.includes.call(o, key);
    if (o instanceof Map || o instanceof Set) return o.has(key);
    if (o !== null && typeof o === 'object') {
      // Any other iterable (a generator, a collection class) is searched as
      // Python searches an object with __iter__; other objects by key.
      if (!isPlainObject(o) && typeof (o as Iterable<unknown>)[Symbol.iterator] === 'function') {
        // next() by hand: for...of would close a generator at the match.
        const it = (o as Iterable<unknown>)[Symbol.iterator]();
        for (let r = it.next(); !r.done; r = it.next()) if (r.value === key || (r.value !== r.value && key !== key)) return true;
        return false;
      }
      return hasKey(o as Obj, key);
    }
    throw new exceptions.TypeError(`argument of type '${typeName(o)}' is not iterable`);
  },
  isSubtype: (sub: unknown, type: unknown) => {
    if (typeof sub !== 'function' || typeof type !== 'function') throw new exceptions.TypeError('ctx_Type_IsSubtype: both arguments must be classes');
    return isSubtype(sub, type);
  },
  dump: (a: unknown) => {
    process.stderr.write(`hpy-node dump: ${typeName(a)} ${inspect(a, { depth: 2 })}\n`);
  },
} satisfies Partial<RuntimeHelpers>;
