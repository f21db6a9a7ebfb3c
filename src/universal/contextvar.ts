// Python's context variables (PEP 567) on JavaScript: the ContextVar and
// Token classes behind HPyContextVar_New/Get/Set, which JavaScript code uses
// for the same variables.
//
// The context follows JavaScript's asynchronous context: it is the store of
// one AsyncLocalStorage per JavaScript environment, an immutable map from
// variable to value. `set` makes a new map and enters it for the rest of the
// current synchronous execution (AsyncLocalStorage.enterWith); every
// asynchronous operation started after that (promise continuations, timers,
// I/O callbacks, events) carries the map that was current when it started.
// So a value set while serving one request is not seen by another request
// served concurrently, as Python's asyncio tasks each run in a copy of the
// context. The AsyncLocalStorage is made by the first `set`: until then
// nothing costs anything (on Node 20 an AsyncLocalStorage enables promise
// hooks for the whole process).
import { AsyncLocalStorage } from 'node:async_hooks';
import { accepts, check, describe } from '../args';
import { PYTHON_EXCEPTIONS } from './exceptions';

type Snapshot = ReadonlyMap<ContextVar<unknown>, unknown>;

const EMPTY: Snapshot = new Map();
let storage: AsyncLocalStorage<Snapshot> | undefined;

const current = (): Snapshot => storage?.getStore() ?? EMPTY;

function enter(next: Snapshot): void {
  (storage ??= new AsyncLocalStorage<Snapshot>()).enterWith(next);
}

const MISSING: unique symbol = Symbol('Token.MISSING');
const TOKEN_KEY = Symbol('hpy-node token');

// Module-private access to the classes' private state (set by their static
// blocks), so that neither class needs a public method for it.
let useToken: (token: Token<unknown>) => boolean;
let defaultOf: (v: ContextVar<unknown>) => [] | [unknown];

/** What `ContextVar.set` returns: the variable and the value it had before,
 * for `ContextVar.reset`. Only `set` makes tokens. */
export class Token<T = unknown> {
  /** `oldValue` of a token whose variable had no value before the set. */
  static readonly MISSING: typeof MISSING = MISSING;
  /** The variable that made the token. */
  readonly var: ContextVar<T>;
  /** The value the variable had before the set, or `Token.MISSING`. */
  readonly oldValue: T | typeof MISSING;
  #used = false;

  /** @internal Tokens are made by ContextVar.prototype.set. */
  constructor(key: symbol, variable: ContextVar<T>, oldValue: T | typeof MISSING) {
    if (key !== TOKEN_KEY) throw new TypeError('Token: tokens are made only by ContextVar.prototype.set');
    this.var = variable;
    this.oldValue = oldValue;
  }

  static {
    useToken = (token) => {
      if (token.#used) return false;
      token.#used = true;
      return true;
    };
  }
}

/** A context variable, as Python's `contextvars.ContextVar`: its value
 * belongs to the current asynchronous context. */
export class ContextVar<T = unknown> {
  /** The name given when it was made (for messages and debugging). */
  readonly name: string;
  readonly #hasDefault: boolean;
  readonly #default: T | undefined;

  /** `new ContextVar('request_id')`, or with a default value returned when
   * the variable has no value: `new ContextVar('depth', { default: 0 })`
   * (`{ default: undefined }` is a default too: HPy's None). */
  constructor(name: string, options?: { default?: T }) {
    check('ContextVar', 'name', name, accepts.string);
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
      throw new TypeError(`ContextVar: options must be an object such as { default: 0 }, or omitted, got ${describe(options)}`);
    for (const key of Object.keys(options ?? {})) {
      if (key !== 'default') throw new TypeError(`ContextVar: unknown option ${JSON.stringify(key)} in options; the option is default`);
    }
    this.name = name;
    this.#hasDefault = options !== undefined && Object.hasOwn(options, 'default');
    this.#default = options?.default;
    Object.freeze(this);
  }

  static {
    defaultOf = (v) => (v.#hasDefault ? [v.#default] : []);
  }

  /** The value in the current context; else `defaultValue` if given; else
   * the variable's default; else a `LookupError`. */
  get(...defaultValue: [] | [T]): T {
    const found = lookup(this, defaultValue.length > 0, defaultValue[0]);
    if (found.length === 0) throw new PYTHON_EXCEPTIONS.LookupError(`ContextVar '${this.name}' has no value in this context and no default`);
    return found[0] as T;
  }

  /** Sets the value for the current context, and returns a token that
   * `reset` takes to restore the previous one. */
  set(value: T): Token<T> {
    const before = current();
    const old = before.has(this) ? (before.get(this) as T) : MISSING;
    const next = new Map(before);
    next.set(this, value);
    enter(next);
    return new Token(TOKEN_KEY, this, old);
  }

  /** Restores the value the variable had before the `set` that returned
   * `token` (no value, if it had none). A token works once. */
  reset(token: Token<T>): void {
    if (!(token instanceof Token)) throw new TypeError(`ContextVar.reset: token must be a Token returned by set(), got ${describe(token)}`);
    if (token.var !== this) throw new PYTHON_EXCEPTIONS.ValueError(`ContextVar.reset: the token was made by another ContextVar ('${token.var.name}', not '${this.name}')`);
    if (!useToken(token)) throw new PYTHON_EXCEPTIONS.RuntimeError(`ContextVar.reset: the token of '${this.name}' has already been used once`);
    const next = new Map(current());
    if (token.oldValue === MISSING) next.delete(this);
    else next.set(this, token.oldValue);
    enter(next);
  }
}

/** HPyContextVar_Get's lookup, in CPython's order: the value in the current
 * context, else `defaultValue` if `hasDefault`, else the variable's default.
 * `[]` when there is none (not an error in HPy: the result is HPy_NULL). */
export function lookup(v: ContextVar<unknown>, hasDefault: boolean, defaultValue: unknown): [] | [unknown] {
  const snapshot = current();
  if (snapshot.has(v)) return [snapshot.get(v)];
  if (hasDefault) return [defaultValue];
  return defaultOf(v);
}
