// The number protocol where the native fast path (two numbers) does not
// apply: BigInts, strings, objects with valueOf. JavaScript's own operators
// decide, as `a + b` in JavaScript would.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { Num, exceptions, isInt, typeName } from './common';
import { inspect } from 'node:util';

// JavaScript's operators take any values and apply the language's rules;
// TypeScript types them on numbers only. Each operator is written once on
// numbers and widened here, the one place that says so.
type Binary = (a: unknown, b: unknown) => unknown;
type Unary = (a: unknown) => unknown;
const binary = (f: (a: number, b: number) => number): Binary => f as unknown as Binary;
const unary = (f: (a: number) => number): Unary => f as unknown as Unary;

const add = binary((a, b) => a + b);
const subtract = binary((a, b) => a - b);
const multiply = binary((a, b) => a * b);
const jsRemainder = binary((a, b) => a % b);
const jsPower = binary((a, b) => a ** b);

function floorDivide(a: unknown, b: unknown): Num {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b === 0n) throw new exceptions.ZeroDivisionError('integer division by zero');
    const q = a / b;
    return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
  }
  return Math.floor(Number(a) / Number(b));
}

function modPow(base: Num, exp: Num, mod: Num): Num {
  if (typeof base === 'bigint' || typeof exp === 'bigint' || typeof mod === 'bigint') {
    let b = BigInt(base),
      e = BigInt(exp),
      r = 1n;
    const m = BigInt(mod);
    if (e < 0n) throw new exceptions.ValueError('pow() with a modulus needs a non-negative exponent');
    b %= m;
    for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
    return r;
  }
  return Number(modPow(BigInt(base), BigInt(exp), BigInt(mod)));
}

export const numberProtocolHelpers = {
  add,
  subtract,
  multiply,
  matrixMultiply: (a, b) => {
    throw new exceptions.TypeError(`unsupported operand types for @: '${typeName(a)}' and '${typeName(b)}' (JavaScript has no matrix multiplication)`);
  },
  floorDivide,
  trueDivide: (a, b) => {
    // A number divisor of 0 gives Infinity/NaN as in JavaScript; a BigInt 0
    // is what FloorDivide, Remainder and Divmod raise for it (JS itself
    // throws RangeError for 1n / 0n).
    if (b === 0n && typeof a === 'bigint') throw new exceptions.ZeroDivisionError('division by zero');
    return Number(a) / Number(b);
  },
  remainder: (a, b) => {
    // JS throws RangeError for a BigInt zero divisor; HPy code expects what
    // FloorDivide and Divmod raise.
    if (b === 0n && typeof a === 'bigint') throw new exceptions.ZeroDivisionError('integer modulo by zero');
    return jsRemainder(a, b);
  },
  divmod: (a, b) => {
    const q = floorDivide(a, b);
    return Object.freeze([q, subtract(a, multiply(q, b))]);
  },
  power: (a, b, mod) => (mod === undefined || mod === null ? jsPower(a, b) : modPow(a as Num, b as Num, mod as Num)),
  negative: unary((a) => -a),
  positive: (a) => (typeof a === 'bigint' ? a : +(a as number)),
  absolute: (a) => (typeof a === 'bigint' ? (a < 0n ? -a : a) : Math.abs(a as number)),
  invert: unary((a) => ~a),
  lshift: binary((a, b) => a << b),
  rshift: binary((a, b) => a >> b),
  bitAnd: binary((a, b) => a & b),
  bitXor: binary((a, b) => a ^ b),
  bitOr: binary((a, b) => a | b),
  index: (a) => {
    if (typeof a === 'boolean') return Number(a);
    if (isInt(a)) return a;
    throw new exceptions.TypeError(`'${typeName(a)}' object cannot be interpreted as an integer`);
  },
  long: (a) => {
    if (typeof a === 'bigint') return a;
    if (typeof a === 'boolean') return Number(a);
    if (typeof a === 'number') {
      if (!Number.isFinite(a)) throw new (Number.isNaN(a) ? exceptions.ValueError : exceptions.OverflowError)(`cannot convert ${a} to integer`);
      const t = Math.trunc(a) + 0; // + 0: an int has no -0 (Math.trunc(-0.5) is -0)
      return Number.isSafeInteger(t) ? t : BigInt(t);
    }
    if (typeof a === 'string' && /^\s*[+-]?\d+\s*$/.test(a)) {
      const big = BigInt(a.trim());
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    throw new (typeof a === 'string' ? exceptions.ValueError : exceptions.TypeError)(`invalid value for int(): ${inspect(a)}`);
  },
} satisfies Partial<RuntimeHelpers>;
