// JavaScript stand-ins for Python values and types that JavaScript lacks.
// Type "classes" here are markers: `instanceof` on them answers HPy's type
// checks (a tuple is a frozen array, a dict a plain object or a Map, ...).

/** Python's NotImplemented. */
export const NotImplemented: unique symbol = Symbol.for('hpy.NotImplemented');
/** Python's Ellipsis (`...`). */
export const Ellipsis: unique symbol = Symbol.for('hpy.Ellipsis');

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null || isObjectPrototypeOfOtherRealm(proto);
}

// Object.prototype of another realm (a node:vm context, which HPy_EvalCode
// runs code in): the objects its code makes are plain objects too.
function isObjectPrototypeOfOtherRealm(proto: { constructor?: unknown }): boolean {
  if (Object.getPrototypeOf(proto) !== null || !Object.hasOwn(proto, 'constructor')) return false;
  const ctor = proto.constructor;
  return typeof ctor === 'function' && ctor.name === 'Object' && ctor.prototype === proto && ctor !== Object;
}

/** A tuple: a frozen array (what HPyTuple_FromArray and tuple builders make). */
export class Tuple {
  static [Symbol.hasInstance](x: unknown): boolean {
    return Array.isArray(x) && Object.isFrozen(x);
  }
}

/** A dict: a plain object (what HPyDict_New makes) or a Map. */
export class Dict {
  static [Symbol.hasInstance](x: unknown): boolean {
    return isPlainObject(x) || x instanceof Map;
  }
}

/** An int: an integral number or a BigInt (or an instance of a Long-shaped
 * type defined in C, a Number object holding an integer). */
export class Int {
  static [Symbol.hasInstance](x: unknown): boolean {
    if (typeof x === 'number') return Number.isInteger(x);
    return typeof x === 'bigint' || (x instanceof Number && (x as unknown as Record<symbol, unknown>)[BUILTIN_SHAPE] === LONG_SHAPE);
  }
}

// Set by HPyType_FromSpec on classes of a builtin shape (native
// type_shapes.cc), inherited by their instances through the prototype.
const BUILTIN_SHAPE = Symbol.for('hpy.builtinShape');
const LONG_SHAPE = 2; // HPyType_BuiltinShape_Long

/** Python's complex has no JavaScript counterpart; nothing is an instance. */
export class Complex {
  static [Symbol.hasInstance](): boolean {
    return false;
  }
}

/** A slice (HPySlice_New); `undefined` stands for None. */
export class Slice {
  constructor(
    readonly start: number | undefined,
    readonly stop: number | undefined,
    readonly step: number | undefined,
  ) {}
}

/** A capsule: an opaque native pointer with a name, made by HPyCapsule_New. */
export class Capsule {
  /** The name given in C, if any (read-only view for debugging). */
  declare readonly name: string | undefined;
}

export { isPlainObject };
