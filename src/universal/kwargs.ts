// Keyword arguments for HPy methods. JavaScript calls have none, so a method
// of an HPy module takes them as a trailing `kwargs({ name: value })`, which
// the addon recognises by a type tag (one check per call) and passes to
// HPyFunc_KEYWORDS methods the way HPy does: values after the positional
// arguments and a tuple of their names (`kwnames`).
import { check } from '../args';
import { native } from '../native';

/** Keyword arguments made by kwargs(): a frozen object without prototype. */
export interface Kwargs {
  readonly [name: string]: unknown;
}

// A plain object only: a Map, or an instance of a class, has no own
// enumerable entries to copy, and its keywords were silently dropped.
const isPlainRecord = {
  what: 'a plain object of keyword arguments, such as { sep: ", " } (for a Map, kwargs(Object.fromEntries(map)))',
  test: (v: unknown) => {
    if (typeof v !== 'object' || v === null) return false;
    const proto = Object.getPrototypeOf(v) as unknown;
    return proto === Object.prototype || proto === null;
  },
};

/** `m.f(1, 2, kwargs({ sep: ', ' }))` calls an HPyFunc_KEYWORDS method with
 * one keyword argument. Methods of other kinds refuse keywords with a
 * TypeError, as in Python. */
export function kwargs(values: Record<string, unknown>): Kwargs {
  check('kwargs', 'values', values, isPlainRecord);
  // Keyword names are strings (HPy passes them as str); a symbol key would be
  // dropped by the copy below.
  const symbol = Object.getOwnPropertySymbols(values)[0];
  if (symbol !== undefined) throw new TypeError(`kwargs: keyword names must be strings, got ${String(symbol)}`);
  const copy = Object.assign(Object.create(null) as Record<string, unknown>, values);
  return Object.freeze(native.tagKwargs(copy));
}
