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

const isPlainRecord = {
  what: 'a plain object of keyword arguments, such as { sep: ", " }',
  test: (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/** `m.f(1, 2, kwargs({ sep: ', ' }))` calls an HPyFunc_KEYWORDS method with
 * one keyword argument. Methods of other kinds refuse keywords with a
 * TypeError, as in Python. */
export function kwargs(values: Record<string, unknown>): Kwargs {
  check('kwargs', 'values', values, isPlainRecord);
  const copy = Object.assign(Object.create(null) as Record<string, unknown>, values);
  return Object.freeze(native.tagKwargs(copy));
}
