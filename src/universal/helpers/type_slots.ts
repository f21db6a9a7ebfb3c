// The HPy protocol on instances of types defined in C. Each type slot of
// such a class is a method keyed by Symbol.for('hpy.<slot>') on its prototype
// (native/src/universal/types/describe_class.cc). The helpers that give HPy_Add,
// HPy_GetItem, HPy_Length, HPy_RichCompare, HPy_Hash, ... their meaning first
// look for the slot, as Python looks at the type; values without one keep
// the JavaScript semantics of the wrapped helper.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { SLOT_OPERATORS } from '../../generated/type-slots';
import { NotImplemented } from '../values';
import { exceptions, typeName } from './common';

/** The key of slot `name` ('nb_add', 'tp_hash', ...) on a class's prototype. */
export const slotKey = (name: string): symbol => Symbol.for(`hpy.${name}`);

type SlotFn = (this: unknown, ...args: unknown[]) => unknown;

function slotOf(o: unknown, name: string): SlotFn | undefined {
  if (o === null || typeof o !== 'object') return undefined;
  const f = (o as Record<symbol, unknown>)[slotKey(name)];
  return typeof f === 'function' ? (f as SlotFn) : undefined;
}

// Python's binary operator: the left operand's slot, then the right one's
// (called reflected: the same operand order, the instance on the right),
// skipping NotImplemented.
function binary(name: string, fallback: (...args: unknown[]) => unknown) {
  return (a: unknown, b: unknown, ...rest: unknown[]): unknown => {
    const fa = slotOf(a, name), fb = slotOf(b, name);
    if (!fa && !fb) return fallback(a, b, ...rest);
    if (fa) {
      const r = fa.call(a, b, ...rest);
      if (r !== NotImplemented) return r;
    }
    if (fb && fb !== fa) {
      const r = fb.call(b, a, ...(name === 'nb_power' ? [rest[0]] : []), true);
      if (r !== NotImplemented) return r;
    }
    throw new exceptions.TypeError(`unsupported operand type(s) for ${SLOT_OPERATORS[name] ?? name}: '${typeName(a)}' and '${typeName(b)}'`);
  };
}

function unary(name: string, fallback: (a: unknown) => unknown) {
  return (a: unknown): unknown => {
    const f = slotOf(a, name);
    return f ? f.call(a) : fallback(a);
  };
}

// The operator tp_richcompare is tried with when the left operand's returns
// NotImplemented: a < b is b > a.
const REFLECTED = [4, 5, 2, 3, 0, 1];

export function withTypeSlots(base: RuntimeHelpers): RuntimeHelpers {
  return {
    ...base,
    add: binary('nb_add', (a, b) => {
      const f = slotOf(a, 'sq_concat');
      return f ? f.call(a, b) : base.add(a, b);
    }),
    subtract: binary('nb_subtract', base.subtract),
    multiply: binary('nb_multiply', (a, b) => {
      const fa = slotOf(a, 'sq_repeat'), fb = slotOf(b, 'sq_repeat');
      return fa ? fa.call(a, b) : fb ? fb.call(b, a) : base.multiply(a, b);
    }),
    matrixMultiply: binary('nb_matrix_multiply', base.matrixMultiply) as RuntimeHelpers['matrixMultiply'],
    floorDivide: binary('nb_floor_divide', base.floorDivide),
    trueDivide: binary('nb_true_divide', base.trueDivide),
    remainder: binary('nb_remainder', base.remainder),
    divmod: binary('nb_divmod', base.divmod) as RuntimeHelpers['divmod'],
    power: binary('nb_power', base.power as (...args: unknown[]) => unknown) as RuntimeHelpers['power'],
    lshift: binary('nb_lshift', base.lshift),
    rshift: binary('nb_rshift', base.rshift),
    bitAnd: binary('nb_and', base.bitAnd),
    bitXor: binary('nb_xor', base.bitXor),
    bitOr: binary('nb_or', base.bitOr),
    negative: unary('nb_negative', base.negative),
    positive: unary('nb_positive', base.positive),
    absolute: unary('nb_absolute', base.absolute),
    invert: unary('nb_invert', base.invert),
    index: unary('nb_index', base.index) as RuntimeHelpers['index'],
    long: unary('nb_int', base.long) as RuntimeHelpers['long'],
    float: unary('nb_float', base.float) as RuntimeHelpers['float'],
    hash: unary('tp_hash', base.hash) as RuntimeHelpers['hash'],
    length: (a) => {
      const f = slotOf(a, 'mp_length') ?? slotOf(a, 'sq_length');
      return f ? (f.call(a) as number) : base.length(a);
    },
    getItem: (o, key) => {
      const mp = slotOf(o, 'mp_subscript');
      if (mp) return mp.call(o, key);
      const sq = slotOf(o, 'sq_item');
      if (sq) {
        if (typeof key !== 'number' && typeof key !== 'bigint') throw new exceptions.TypeError(`${typeName(o)} indices must be integers, not ${typeName(key)}`);
        let i = Number(key);
        const len = slotOf(o, 'sq_length');
        if (i < 0 && len) i += len.call(o) as number;
        return sq.call(o, i);
      }
      return base.getItem(o, key);
    },
    setItem: (o, key, value) => {
      const mp = slotOf(o, 'mp_ass_subscript');
      if (mp) return void mp.call(o, key, value);
      const sq = slotOf(o, 'sq_ass_item');
      if (sq) return void sq.call(o, key, value);
      base.setItem(o, key, value);
    },
    delItem: (o, key) => {
      const mp = slotOf(o, 'mp_ass_subscript');
      if (mp) return void mp.call(o, key);
      const sq = slotOf(o, 'sq_ass_item');
      if (sq) return void sq.call(o, key);
      base.delItem(o, key);
    },
    contains: (o, key) => {
      const f = slotOf(o, 'sq_contains');
      return f ? (f.call(o, key) as boolean) : base.contains(o, key);
    },
    richCompare: (a, b, op) => {
      const fa = slotOf(a, 'tp_richcompare'), fb = slotOf(b, 'tp_richcompare');
      if (fa) {
        const r = fa.call(a, b, op);
        if (r !== NotImplemented) return r as boolean;
      }
      if (fb && REFLECTED[op] !== undefined) {
        const r = fb.call(b, a, REFLECTED[op]);
        if (r !== NotImplemented) return r as boolean;
      }
      return base.richCompare(a, b, op);
    },
  };
}
