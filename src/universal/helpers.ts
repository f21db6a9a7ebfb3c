// JavaScript semantics for the universal context. The addon does the common
// cases natively (numbers, handles, strings); everything that needs the
// language's own rules calls one of these. The names are the contract with
// HPY_HELPERS in native/src/core/runtime.h; init fails naming a missing one.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { PYTHON_EXCEPTIONS, ExceptionClass } from './exceptions';
import { Capsule, Int, Slice, Tuple, isPlainObject } from './values';

const E = PYTHON_EXCEPTIONS;
type Num = number | bigint;
type Obj = Record<PropertyKey, unknown>;

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'function') return 'function';
  const ctor = (Object(x) as { constructor?: { name?: string } }).constructor;
  return ctor?.name || typeof x;
}

const isInt = (x: unknown): x is Num => x instanceof Int;

function floorDiv(a: Num, b: Num): Num {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b === 0n) throw new E.ZeroDivisionError('integer division by zero');
    const q = a / b;
    return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
  }
  return Math.floor(Number(a) / Number(b));
}

function modPow(base: Num, exp: Num, mod: Num): Num {
  if (typeof base === 'bigint' || typeof exp === 'bigint' || typeof mod === 'bigint') {
    let b = BigInt(base), e = BigInt(exp), r = 1n;
    const m = BigInt(mod);
    if (e < 0n) throw new E.ValueError('pow() with a modulus needs a non-negative exponent');
    b %= m;
    for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
    return r;
  }
  return Number(modPow(BigInt(base), BigInt(exp), BigInt(mod)));
}

function normIndex(len: number, i: number, what: string): number {
  const j = i < 0 ? len + i : i;
  if (!Number.isInteger(j) || j < 0 || j >= len) throw new E.IndexError(`${what} index ${i} out of range (length ${len})`);
  return j;
}

const isIndexable = (o: unknown): o is ArrayLike<unknown> =>
  Array.isArray(o) || ArrayBuffer.isView(o) || typeof o === 'string';

function keyText(k: unknown): string {
  return typeof k === 'string' ? `'${k}'` : inspect(k);
}

const objectHashes = new WeakMap<object, number>();
let nextObjectHash = 1;

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** HPy_Call's keyword convention: the last `kwnames.length` arguments are
 * keyword values; JavaScript receives them as one trailing options object. */
function withKeywords(args: unknown[], kwnames: unknown): unknown[] {
  if (!Array.isArray(kwnames) || kwnames.length === 0) return args;
  const n = args.length - kwnames.length;
  const kw: Obj = {};
  kwnames.forEach((name, i) => (kw[String(name)] = args[n + i]));
  return [...args.slice(0, n), kw];
}

function iterResult(r: unknown): IteratorResult<unknown> {
  if (r === null || typeof r !== 'object') throw new E.TypeError(`iterator.next() returned ${typeName(r)}, not an object`);
  return r as IteratorResult<unknown>;
}

let requireFromCwd: NodeJS.Require | undefined;

export const helpers = {
  add: (a: any, b: any) => a + b,
  subtract: (a: any, b: any) => a - b,
  multiply: (a: any, b: any) => a * b,
  matrixMultiply: (a: unknown, b: unknown) => {
    throw new E.TypeError(`unsupported operand types for @: '${typeName(a)}' and '${typeName(b)}' (JavaScript has no matrix multiplication)`);
  },
  floorDivide: floorDiv,
  trueDivide: (a: Num, b: Num) => Number(a) / Number(b),
  remainder: (a: any, b: any) => {
    // JS throws RangeError for a BigInt zero divisor; HPy code expects what
    // FloorDivide and Divmod raise.
    if (b === 0n && typeof a === 'bigint') throw new E.ZeroDivisionError('integer modulo by zero');
    return a % b;
  },
  divmod: (a: Num, b: Num) => {
    const q = floorDiv(a, b);
    return Object.freeze([q, (a as any) - (q as any) * (b as any)]);
  },
  power: (a: any, b: any, mod: unknown) => (mod === undefined || mod === null ? a ** b : modPow(a, b, mod as Num)),
  negative: (a: any) => -a,
  positive: (a: any) => (typeof a === 'bigint' ? a : +a),
  absolute: (a: any) => (typeof a === 'bigint' ? (a < 0n ? -a : a) : Math.abs(a)),
  invert: (a: any) => ~a,
  lshift: (a: any, b: any) => a << b,
  rshift: (a: any, b: any) => a >> b,
  bitAnd: (a: any, b: any) => a & b,
  bitXor: (a: any, b: any) => a ^ b,
  bitOr: (a: any, b: any) => a | b,
  index: (a: unknown) => {
    if (typeof a === 'boolean') return Number(a);
    if (isInt(a)) return a;
    throw new E.TypeError(`'${typeName(a)}' object cannot be interpreted as an integer`);
  },
  long: (a: unknown): Num => {
    if (typeof a === 'bigint') return a;
    if (typeof a === 'boolean') return Number(a);
    if (typeof a === 'number') {
      if (!Number.isFinite(a)) throw new (Number.isNaN(a) ? E.ValueError : E.OverflowError)(`cannot convert ${a} to integer`);
      const t = Math.trunc(a) + 0; // + 0: an int has no -0 (Math.trunc(-0.5) is -0)
      return Number.isSafeInteger(t) ? t : BigInt(t);
    }
    if (typeof a === 'string' && /^\s*[+-]?\d+\s*$/.test(a)) {
      const big = BigInt(a.trim());
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    throw new (typeof a === 'string' ? E.ValueError : E.TypeError)(`invalid value for int(): ${inspect(a)}`);
  },
  float: (a: unknown) => {
    if (typeof a === 'number') return a;
    if (typeof a === 'bigint' || typeof a === 'boolean') return Number(a);
    if (typeof a === 'string') {
      const v = Number(a);
      if (a.trim() === '' || Number.isNaN(v)) throw new E.ValueError(`could not convert string to float: '${a}'`);
      return v;
    }
    throw new E.TypeError(`float() argument must be a string or a number, not '${typeName(a)}'`);
  },
  isTrue: (a: unknown) => Boolean(a),
  callableCheck: (a: unknown) => typeof a === 'function',
  call: (fn: unknown, args: unknown[], kwnames: unknown, kwargs: unknown) => {
    if (typeof fn !== 'function') throw new E.TypeError(`'${typeName(fn)}' object is not callable`);
    let all = withKeywords(args, kwnames);
    // A Map dict has no own keys: its entries become the options object.
    const kw = kwargs instanceof Map ? Object.fromEntries(kwargs) : kwargs;
    if (kw !== undefined && kw !== null && Object.keys(kw as object).length > 0) all = [...all, kw];
    return Reflect.apply(fn, undefined, all);
  },
  callMethod: (name: unknown, args: unknown[], kwnames: unknown) => {
    if (args.length === 0) throw new E.TypeError('HPy_CallMethod needs the receiver as its first argument');
    const [self, ...rest] = args;
    const method = (Object(self) as Obj)[name as PropertyKey];
    if (typeof method !== 'function') throw new E.AttributeError(`'${typeName(self)}' object has no method ${keyText(name)}`);
    return Reflect.apply(method, self, withKeywords(rest, kwnames));
  },
  richCompare: (a: any, b: any, op: number) => {
    switch (op) {
      case 0: return a < b;
      case 1: return a <= b;
      case 2: return a === b;
      case 3: return a !== b;
      case 4: return a > b;
      case 5: return a >= b;
    }
    throw new E.SystemError(`HPy_RichCompare: invalid operator ${op} (expected HPy_LT..HPy_GE)`);
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
  ascii: (a: unknown) => inspect(a, { depth: 4 }).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  }),
  bytes: (a: unknown) => {
    if (a instanceof Uint8Array) return Buffer.from(a);
    if (typeof a === 'string') throw new E.TypeError('cannot convert a string to bytes without an encoding (use HPyUnicode_AsUTF8String)');
    if (Array.isArray(a) || ArrayBuffer.isView(a) || a instanceof ArrayBuffer) return Buffer.from(a as ArrayLike<number>);
    throw new E.TypeError(`cannot convert '${typeName(a)}' object to bytes`);
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
    if (typeof t !== 'function') throw new E.TypeError(`HPy_TypeCheck: the type argument is not a class but '${typeName(t)}'`);
    return a instanceof (t as ExceptionClass);
  },
  length: (a: unknown) => {
    if (typeof a === 'string' || Array.isArray(a) || ArrayBuffer.isView(a)) return (a as ArrayLike<unknown>).length;
    if (a instanceof Map || a instanceof Set) return a.size;
    if (isPlainObject(a)) return Object.keys(a).length;
    throw new E.TypeError(`object of type '${typeName(a)}' has no len()`);
  },
  getAttr: (o: unknown, name: unknown) => {
    if (o === undefined || o === null) throw new E.AttributeError(`'${typeName(o)}' object has no attribute ${keyText(name)}`);
    const box = Object(o) as Obj;
    if (!((name as PropertyKey) in box)) throw new E.AttributeError(`'${typeName(o)}' object has no attribute ${keyText(name)}`);
    return box[name as PropertyKey];
  },
  setAttr: (o: unknown, name: unknown, value: unknown, remove: boolean) => {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function')) throw new E.AttributeError(`'${typeName(o)}' object attributes are read-only`);
    if (remove) {
      if (!((name as PropertyKey) in (o as Obj))) throw new E.AttributeError(`'${typeName(o)}' object has no attribute ${keyText(name)}`);
      if (!Reflect.deleteProperty(o as Obj, name as PropertyKey)) throw new E.AttributeError(`cannot delete attribute ${keyText(name)}`);
    } else if (!Reflect.set(o as Obj, name as PropertyKey, value)) {
      throw new E.AttributeError(`cannot set attribute ${keyText(name)} of '${typeName(o)}' object (read-only or frozen)`);
    }
  },
  hasAttr: (o: unknown, name: unknown) => o !== undefined && o !== null && (name as PropertyKey) in (Object(o) as Obj),
  getItem: (o: unknown, key: unknown) => {
    if (o instanceof Map) {
      if (!o.has(key)) throw new E.KeyError(keyText(key));
      return o.get(key);
    }
    if (isIndexable(o) && typeof key === 'number') return (o as ArrayLike<unknown>)[normIndex(o.length, key, typeName(o))];
    if (o === undefined || o === null) throw new E.TypeError(`'${typeName(o)}' object is not subscriptable`);
    const box = Object(o) as Obj;
    if (!((key as PropertyKey) in box)) throw new E.KeyError(keyText(key));
    return box[key as PropertyKey];
  },
  setItem: (o: unknown, key: unknown, value: unknown) => {
    if (o instanceof Map) {
      o.set(key, value);
      return;
    }
    if ((Array.isArray(o) || ArrayBuffer.isView(o)) && typeof key === 'number') {
      const a = o as unknown as unknown[];
      const i = normIndex(a.length, key, typeName(o));
      if (Object.isFrozen(o)) throw new E.TypeError(`'${typeName(o)}' object does not support item assignment (it is a tuple)`);
      a[i] = value;
      return;
    }
    if (o === null || (typeof o !== 'object' && typeof o !== 'function')) throw new E.TypeError(`'${typeName(o)}' object does not support item assignment`);
    if (!Reflect.set(o as Obj, key as PropertyKey, value)) throw new E.TypeError(`'${typeName(o)}' object does not support item assignment (read-only or frozen)`);
  },
  delItem: (o: unknown, key: unknown) => {
    if (o instanceof Map) {
      if (!o.delete(key)) throw new E.KeyError(keyText(key));
      return;
    }
    if (Array.isArray(o) && typeof key === 'number') {
      if (Object.isFrozen(o)) throw new E.TypeError(`'tuple' object does not support item deletion`);
      o.splice(normIndex(o.length, key, 'Array'), 1);
      return;
    }
    if (o === null || typeof o !== 'object') throw new E.TypeError(`'${typeName(o)}' object does not support item deletion`);
    if (!((key as PropertyKey) in (o as Obj))) throw new E.KeyError(keyText(key));
    if (!Reflect.deleteProperty(o as Obj, key as PropertyKey)) throw new E.TypeError(`cannot delete ${keyText(key)} (read-only or frozen)`);
  },
  contains: (o: unknown, key: unknown) => {
    if (typeof o === 'string') {
      if (typeof key !== 'string') throw new E.TypeError(`'in <string>' requires string as left operand, not ${typeName(key)}`);
      return o.includes(key);
    }
    if (Array.isArray(o)) return o.includes(key);
    if (ArrayBuffer.isView(o)) return Array.prototype.includes.call(o, key);
    if (o instanceof Map || o instanceof Set) return o.has(key);
    if (o !== null && typeof o === 'object') return (key as PropertyKey) in o;
    throw new E.TypeError(`argument of type '${typeName(o)}' is not iterable`);
  },
  newException: (name: string, base: unknown, dict: unknown, doc: unknown) => {
    const dot = name.lastIndexOf('.');
    if (dot < 0) throw new E.SystemError(`HPyErr_NewException: name must be module.ClassName, got '${name}'`);
    const bases = Array.isArray(base) ? base : [base ?? Error];
    const parent = bases[0];
    if (typeof parent !== 'function') throw new E.TypeError('HPyErr_NewException: base must be an exception class');
    const short = name.slice(dot + 1);
    const cls = { [short]: class extends (parent as ExceptionClass) {} }[short];
    Object.defineProperty(cls.prototype, 'name', { value: short, writable: true, configurable: true });
    Object.defineProperty(cls, '__module__', { value: name.slice(0, dot) });
    if (typeof doc === 'string') Object.defineProperty(cls, '__doc__', { value: doc });
    if (dict && typeof dict === 'object') Object.assign(cls.prototype, dict);
    return cls;
  },
  exceptionMatches: (err: unknown, type: unknown): boolean => {
    if (Array.isArray(type)) return type.some((t) => helpers.exceptionMatches(err, t));
    // JavaScript can throw anything: BaseException and Exception match it all.
    if (type === Error) return true;
    return typeof type === 'function' && err instanceof (type as ExceptionClass);
  },
  makeException: (type: unknown, value: unknown) => {
    if (typeof type !== 'function') throw new E.SystemError('HPyErr_SetObject: exception type must be a class');
    if (value instanceof (type as ExceptionClass)) return value;
    const err = Reflect.construct(type, value === undefined ? [] : [typeof value === 'string' ? value : inspect(value)]) as Error;
    if (value !== undefined && typeof value !== 'string') Object.defineProperty(err, 'value', { value, enumerable: false });
    return err;
  },
  makeErrnoException: (type: unknown, errno: number, message: string, filename1: unknown, filename2: unknown) => {
    const ctor = typeof type === 'function' ? (type as ExceptionClass) : E.OSError;
    const files = [filename1, filename2].filter((f) => f !== undefined && f !== null).map((f) => `'${String(f)}'`);
    const err = new ctor(`[Errno ${errno}] ${message}${files.length ? ': ' + files.join(' -> ') : ''}`) as Error & Obj;
    err.errno = errno;
    err.strerror = message;
    if (filename1 !== undefined && filename1 !== null) err.filename = filename1;
    if (filename2 !== undefined && filename2 !== null) err.filename2 = filename2;
    return err;
  },
  warn: (category: unknown, message: string, _stackLevel: number) => {
    // Python: no category means RuntimeWarning; anything else must be a
    // Warning subclass.
    const cls = category === undefined || category === null ? E.RuntimeWarning : category;
    if (typeof cls !== 'function' || (cls !== E.Warning && !(cls.prototype instanceof E.Warning)))
      throw new E.TypeError(`HPyErr_WarnEx: category must be a Warning subclass, not '${typeName(category)}'`);
    process.emitWarning(message, { type: cls.name });
  },
  writeUnraisable: (obj: unknown, err: unknown) => {
    process.stderr.write(`hpy-node: exception ignored in: ${inspect(obj)}\n${err instanceof Error ? err.stack : inspect(err)}\n`);
  },
  importModule: (name: string) => {
    requireFromCwd ??= createRequire(join(process.cwd(), '[hpy-node import]'));
    try {
      return requireFromCwd(name);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'MODULE_NOT_FOUND') throw new E.ModuleNotFoundError(`No module named '${name}' (resolved like require() from ${process.cwd()})`);
      throw err;
    }
  },
  getIter: (o: unknown) => {
    const it = o !== null && o !== undefined ? (Object(o) as Obj)[Symbol.iterator] : undefined;
    if (typeof it !== 'function') throw new E.TypeError(`'${typeName(o)}' object is not iterable`);
    return Reflect.apply(it, o, []);
  },
  iterNext: (it: unknown) => {
    const next = it !== null && it !== undefined ? (Object(it) as Obj).next : undefined;
    if (typeof next !== 'function') throw new E.TypeError(`'${typeName(it)}' object is not an iterator`);
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
    throw new E.TypeError(`'${typeName(o)}' object is not sliceable`);
  },
  setSlice: (o: unknown, start: number, end: number, value: unknown) => {
    if (!Array.isArray(o) || Object.isFrozen(o)) throw new E.TypeError(`'${typeName(o)}' object does not support slice assignment`);
    const iter = value !== null && value !== undefined ? (Object(value) as Obj)[Symbol.iterator] : undefined;
    if (typeof iter !== 'function') throw new E.TypeError(`can only assign an iterable to a slice, not '${typeName(value)}'`);
    const items = Array.from(value as Iterable<unknown>);
    const [s, e] = clampRange(o.length, start, end);
    o.splice(s, Math.max(0, e - s), ...items);
  },
  delSlice: (o: unknown, start: number, end: number) => {
    if (!Array.isArray(o) || Object.isFrozen(o)) throw new E.TypeError(`'${typeName(o)}' object does not support slice deletion`);
    const [s, e] = clampRange(o.length, start, end);
    o.splice(s, Math.max(0, e - s));
  },
  sliceNew: (start: unknown, stop: unknown, step: unknown) => new Slice(start as number | undefined, stop as number | undefined, step as number | undefined),
  // Validates the bounds; the addon applies the defaults and clamps to
  // Py_ssize_t (undefined stands for None).
  sliceUnpack: (s: unknown) => {
    if (!(s instanceof Slice)) throw new E.TypeError(`HPySlice_Unpack: expected a slice, got '${typeName(s)}'`);
    const bound = (v: unknown) => {
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'boolean') return Number(v);
      if (isInt(v)) return v;
      throw new E.TypeError(`slice indices must be integers or None, not '${typeName(v)}' (${inspect(v)})`);
    };
    const [start, stop, step] = [bound(s.start), bound(s.stop), bound(s.step)];
    if (step === 0 || step === 0n) throw new E.ValueError('slice step cannot be zero');
    return [start, stop, step];
  },
  isList: (o: unknown) => Array.isArray(o) && !Object.isFrozen(o),
  isTuple: (o: unknown) => o instanceof Tuple,
  isDict: (o: unknown) => isPlainObject(o) || o instanceof Map,
  isBytes: (o: unknown) => o instanceof Uint8Array,
  // SystemError on a non-dict, as CPython's PyDict_Keys/PyDict_Copy raise.
  dictKeys: (d: unknown) => {
    if (d instanceof Map) return [...d.keys()];
    if (isPlainObject(d)) return Object.keys(d);
    throw new E.SystemError(`HPyDict_Keys: expected a dict (plain object or Map), got '${typeName(d)}'`);
  },
  dictCopy: (d: unknown) => {
    if (d instanceof Map) return new Map(d);
    if (isPlainObject(d)) return { ...d };
    throw new E.SystemError(`HPyDict_Copy: expected a dict (plain object or Map), got '${typeName(d)}'`);
  },
  freezeTuple: (a: unknown[]) => Object.freeze(a),
  capsuleNew: () => new Capsule(),
  typeName: (t: unknown) => (typeof t === 'function' ? t.name : typeName(t)),
  isSubtype: (sub: unknown, type: unknown) => {
    if (typeof sub !== 'function' || typeof type !== 'function') throw new E.TypeError('HPyType_IsSubtype: both arguments must be classes');
    return sub === type || type === Object || sub.prototype instanceof type;
  },
  dump: (a: unknown) => {
    process.stderr.write(`hpy-node dump: ${typeName(a)} ${inspect(a, { depth: 2 })}\n`);
  },
};

function clampRange(len: number, start: number, end: number): [number, number] {
  const clamp = (i: number) => Math.min(len, Math.max(0, i < 0 ? len + i : i));
  return [clamp(start), clamp(end)];
}
