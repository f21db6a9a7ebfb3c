// hpy-node's built-in `collections` module: what HPyImport_ImportModule
// ("collections") returns. HPy 0.9.0's own struct-sequence helper, compiled
// into every binary built with HPy's toolchain, makes its types with
// Python's collections.namedtuple on the universal ABI; this namedtuple makes
// the same kind of class hpy-node's HPyStructSequence_NewType makes: a
// subclass of Array whose instances are frozen (tuples, for HPy), with a
// getter per field.

import { accepts, check, checkOptions } from '../args';
import { PYTHON_EXCEPTIONS as exceptions } from './exceptions';

/** The options of namedtuple(), as Python's keyword arguments. */
export interface NamedTupleOptions {
  /** Replace invalid or duplicate field names by `_<index>` instead of failing. */
  rename?: boolean;
  /** Defaults of the rightmost fields (an iterable). */
  defaults?: Iterable<unknown> | null;
  /** The class's `__module__`. */
  module?: string | null;
}

/** A class made by namedtuple(): `new Point(1, 2)` is a frozen array [1, 2]
 * with `x` and `y` getters. */
export interface NamedTupleClass {
  new (...values: unknown[]): readonly unknown[] & Record<string, unknown>;
  readonly _fields: readonly string[];
  readonly _field_defaults: Readonly<Record<string, unknown>>;
  _make(iterable: Iterable<unknown>): readonly unknown[];
  __name__: string;
  __qualname__: string;
  __module__: string | undefined;
  __doc__: string | undefined;
}

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
// Python's keywords (a field cannot be named after one).
const KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except ' +
  'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '));

const isIterable = (v: unknown): v is Iterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
const FIELD_NAMES = { what: 'a string of names ("x, y") or an iterable of strings', test: (v: unknown) => typeof v === 'string' || isIterable(v) };
const OPTIONS = {
  rename: accepts.boolean,
  defaults: { what: 'an iterable of values or null', test: (v: unknown) => v === null || isIterable(v) },
  module: { what: 'a string or null', test: (v: unknown) => v === null || typeof v === 'string' },
};

function fieldNamesOf(fieldNames: string | Iterable<unknown>): string[] {
  if (typeof fieldNames === 'string') return fieldNames.replace(/,/g, ' ').split(/\s+/).filter((s) => s !== '');
  return [...fieldNames].map((n) => {
    check('namedtuple', 'each field name', n, accepts.string);
    return n as string;
  });
}

/** Python's collections.namedtuple, making a JavaScript class (see above).
 * `options` may also come as the trailing keywords object HPy_Call passes. */
export function namedtuple(typename: string, fieldNames: string | Iterable<string>, options?: NamedTupleOptions): NamedTupleClass {
  check('namedtuple', 'typename', typename, accepts.string);
  check('namedtuple', 'fieldNames', fieldNames, FIELD_NAMES);
  options = checkOptions<NamedTupleOptions>('namedtuple', options, OPTIONS, '{ rename: true, defaults: [0] }');
  if (!IDENTIFIER.test(typename) || KEYWORDS.has(typename))
    throw new exceptions.ValueError(`Type names and field names must be valid identifiers: ${JSON.stringify(typename)}`);
  const names = fieldNamesOf(fieldNames);
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (options.rename && (!IDENTIFIER.test(name) || KEYWORDS.has(name) || name.startsWith('_') || seen.has(name))) names[i] = `_${i}`;
    seen.add(names[i]);
  });
  seen.clear();
  for (const name of names) {
    if (!IDENTIFIER.test(name) || KEYWORDS.has(name)) throw new exceptions.ValueError(`Type names and field names must be valid identifiers: ${JSON.stringify(name)}`);
    if (name.startsWith('_') && !options.rename) throw new exceptions.ValueError(`Field names cannot start with an underscore: ${JSON.stringify(name)}`);
    if (seen.has(name)) throw new exceptions.ValueError(`Encountered duplicate field name: ${JSON.stringify(name)}`);
    seen.add(name);
  }
  const defaults = options.defaults === undefined || options.defaults === null ? [] : [...options.defaults];
  if (defaults.length > names.length) throw new exceptions.TypeError('Got more default values than field names');
  const required = names.length - defaults.length;
  const fieldDefaults: Record<string, unknown> = {};
  defaults.forEach((v, i) => (fieldDefaults[names[required + i]] = v));

  // Made anonymous (in an array literal, which infers no name): V8 names a
  // class in its error messages after its name at creation, and calling one
  // without `new` must give the message HPy_Call recognises whatever the
  // class is later renamed to.
  const [cls] = [class extends Array {
    constructor(...values: unknown[]) {
      super();
      if (values.length > names.length)
        throw new exceptions.TypeError(`${typename}() takes ${names.length} positional argument${names.length === 1 ? '' : 's'} but ${values.length} were given`);
      if (values.length < required) {
        const missing = names.slice(values.length, required).map((n) => `'${n}'`);
        throw new exceptions.TypeError(`${typename}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`);
      }
      this.push(...values, ...defaults.slice(values.length - required));
      Object.freeze(this);
    }
    static _make(iterable: Iterable<unknown>) {
      return new cls(...iterable);
    }
    _asdict(): Record<string, unknown> {
      return Object.fromEntries(names.map((n, i) => [n, this[i]]));
    }
    _replace(changes: Record<string, unknown>) {
      return new cls(...names.map((n, i) => (Object.hasOwn(changes, n) ? changes[n] : this[i])));
    }
  }];
  Object.defineProperty(cls, 'name', { value: typename });
  const statics: PropertyDescriptorMap = {
    _fields: { value: Object.freeze([...names]) },
    _field_defaults: { value: Object.freeze(fieldDefaults) },
    [Symbol.species]: { value: Array },
    // A tuple shape, as HPyType_FromSpec marks its tuple-shaped classes (for
    // HPyType_IsSubtype with tuple).
    [Symbol.for('hpy.builtinShape')]: { value: 5 },
    // Python code renames the class by setting __name__ (HPy's struct
    // sequence helper does): the JavaScript name follows.
    __name__: {
      get(this: Function) { return this.name; },
      set(this: Function, v: string) { Object.defineProperty(this, 'name', { value: String(v), configurable: true }); },
      configurable: true,
    },
    __qualname__: { value: typename, writable: true, configurable: true },
    __module__: { value: options.module ?? undefined, writable: true, configurable: true },
    __doc__: { value: `${typename}(${names.join(', ')})`, writable: true, configurable: true },
  };
  Object.defineProperties(cls, statics);
  names.forEach((name, i) => {
    Object.defineProperty(cls.prototype, name, { get(this: unknown[]) { return this[i]; }, configurable: true });
  });
  return cls as unknown as NamedTupleClass;
}

/** The module HPyImport_ImportModule("collections") returns. */
export const collections = Object.freeze({ namedtuple });
