// Code objects: HPy_Compile_s and HPy_EvalCode on JavaScript source, through
// node:vm. A Code is a compiled vm.Script with its source, filename and kind;
// running it makes `globals` the global object of the code (a vm context,
// made once per object and kept, as a Python module's namespace is), and a
// separate `locals` the namespace its top-level names are read from and
// written to, as Python's exec does.
import vm from 'node:vm';
import { accepts, check, describe } from '../args';
import { isPlainObject } from './values';

/** What the source is, as HPy_SourceKind: `expr` (HPy_SourceKind_Expr) is
 * one expression and gives its value; `file` (HPy_SourceKind_File) is a
 * script and gives `undefined`; `single` (HPy_SourceKind_Single) is one
 * input to an interactive prompt and gives its completion value, what
 * Node's REPL would print. */
export type SourceKind = 'expr' | 'file' | 'single';

/** By HPy_SourceKind value. */
export const SOURCE_KINDS: readonly SourceKind[] = ['expr', 'file', 'single'];

/** A namespace for `locals`: a plain object or a Map (string keys). */
type Namespace = Record<string, unknown> | Map<unknown, unknown>;

// The message of a compile error, in Python's form: "invalid syntax
// (hello.py, line 1)". Node puts "filename:line" first in the stack of a
// SyntaxError from vm.Script; the line is taken from there.
function syntaxError(err: unknown, filename: string, note = ''): unknown {
  if (!(err instanceof SyntaxError)) return err;
  const stack = String(err.stack ?? '');
  const at = stack.startsWith(`${filename}:`) ? /^(\d+)/.exec(stack.slice(filename.length + 1)) : null;
  const line = at ? Number(at[1]) : undefined;
  const out = new SyntaxError(`${err.message}${note} (${filename}${line ? `, line ${line}` : ''})`, { cause: err });
  Object.assign(out, { filename, lineno: line });
  return out;
}

function compileScript(source: string, filename: string, kind: SourceKind): vm.Script {
  const compile = (text: string, lineOffset = 0) => new vm.Script(text, { filename, lineOffset });
  if (kind !== 'expr') {
    try {
      return compile(source);
    } catch (err) {
      throw syntaxError(err, filename);
    }
  }
  // One expression: compiled in parentheses, line numbers kept. A source
  // that closes the parenthesis itself ("1), (2") would pass as statements,
  // so it must also be an expression in brackets: the first bracket it left
  // unclosed would have to be both a ")" and a "]".
  if (source.trim() === '') {
    throw Object.assign(new SyntaxError(`an 'expr' source (HPy_SourceKind_Expr) is one expression, and this one is empty (${filename}, line 1)`), { filename, lineno: 1 });
  }
  try {
    const script = compile(`(\n${source}\n)`, -1);
    compile(`[\n${source}\n]`, -1);
    return script;
  } catch (err) {
    // Not JavaScript at all: the error as a script has the right position.
    try {
      compile(source);
    } catch (asScript) {
      throw syntaxError(asScript, filename);
    }
    throw syntaxError(err, filename, ": an 'expr' source (HPy_SourceKind_Expr) is one expression, not statements");
  }
}

// The contexts of (globals, locals) pairs with separate locals: the global
// object is made from `globals` as its prototype, so the code reads locals,
// then globals, then the built-ins, and writes to its own properties, which
// are copied to `locals` when it returns.
interface LocalsSlot {
  sandbox: Record<string, unknown>;
  depth: number;
}
const localContexts = new WeakMap<object, WeakMap<object, LocalsSlot>>();

// The global objects made by the realm of a vm context have intrinsic error
// classes of their own: `e instanceof TypeError` is false outside. Errors of
// those classes thrown out of the code are given this realm's class of the
// same name, so JavaScript callers and HPyErr_ExceptionMatches see a
// TypeError. Errors of classes the code defines itself are left as they are.
const NATIVE_ERRORS: Record<string, ErrorConstructor | AggregateErrorConstructor> = {
  Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError,
};
const isNative = (f: Function): boolean => /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(f));

function adoptError(err: unknown): unknown {
  if (typeof err !== 'object' || err === null || err instanceof Error) return err;
  const proto = Object.getPrototypeOf(err) as { constructor?: unknown } | null;
  const ctor = proto && Object.hasOwn(proto, 'constructor') ? proto.constructor : undefined;
  if (typeof ctor === 'function' && Object.hasOwn(NATIVE_ERRORS, ctor.name) && isNative(ctor)) {
    Object.setPrototypeOf(err, NATIVE_ERRORS[ctor.name].prototype);
  }
  return err;
}

function namespaceEntries(ns: Namespace): Array<[string, unknown]> {
  if (ns instanceof Map) return [...ns].filter((e): e is [string, unknown] => typeof e[0] === 'string');
  return Object.keys(ns).map((k) => [k, ns[k]]);
}

// Makes the own properties of `target` exactly the string entries of `ns`.
function mirrorInto(target: Record<string, unknown>, ns: Namespace): void {
  const wanted = new Map(namespaceEntries(ns));
  for (const key of Object.keys(target)) if (!wanted.has(key)) delete target[key];
  for (const [key, value] of wanted) {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  }
}

// The reverse: the string entries of `ns` become the own properties of `from`.
function mirrorOut(from: Record<string, unknown>, ns: Namespace): void {
  const keys = Object.keys(from);
  const present = new Set(keys);
  if (ns instanceof Map) {
    for (const key of [...ns.keys()]) if (typeof key === 'string' && !present.has(key)) ns.delete(key);
    for (const key of keys) ns.set(key, from[key]);
  } else {
    for (const key of Object.keys(ns)) if (!present.has(key)) delete ns[key];
    for (const key of keys) ns[key] = from[key];
  }
}

function contextWithLocals(globals: Record<string, unknown>, locals: object): LocalsSlot {
  let byLocals = localContexts.get(globals);
  if (!byLocals) localContexts.set(globals, (byLocals = new WeakMap()));
  let slot = byLocals.get(locals);
  if (!slot) {
    const sandbox = vm.createContext(Object.create(globals) as Record<string, unknown>, { name: 'hpy-node EvalCode' });
    byLocals.set(locals, (slot = { sandbox, depth: 0 }));
  }
  return slot;
}

/** Runs `code` with `globals` and `locals` (`where` names the caller in
 * messages: "ctx_EvalCode", "Code.run"). */
export function evaluate(where: string, code: unknown, globals: unknown, locals: unknown): unknown {
  if (!(code instanceof Code))
    throw new TypeError(`${where}: code must be a code object (made by HPy_Compile_s or new Code()), got ${describe(code)}`);
  if (!isPlainObject(globals))
    throw new TypeError(`${where}: globals must be a dict that is a plain object (it becomes the global object of the code), got ${describe(globals)}`);
  const separate = locals !== undefined && locals !== null && locals !== globals;
  if (separate && !(isPlainObject(locals) || locals instanceof Map))
    throw new TypeError(`${where}: locals must be a dict (a plain object or a Map), the same object as globals, or undefined, got ${describe(locals)}`);
  return run(code, globals, separate ? (locals as Namespace) : undefined);
}

// Module-private access to a Code's script (set by its static block).
let runScript: (code: Code, context: vm.Context) => unknown;

/** A compiled piece of JavaScript: what HPy_Compile_s returns and
 * HPy_EvalCode runs (Python's code object). */
export class Code {
  /** The source as given. */
  readonly source: string;
  /** The name syntax errors and stack traces give the source. */
  readonly filename: string;
  /** What the source is: see SourceKind. */
  readonly kind: SourceKind;
  readonly #script: vm.Script;

  /** Compiles `source`: a SyntaxError names the filename and line. */
  constructor(source: string, filename = '<string>', kind: SourceKind = 'file') {
    check('Code', 'source', source, accepts.string);
    check('Code', 'filename', filename, accepts.string);
    check('Code', 'kind', kind, accepts.oneOf(SOURCE_KINDS));
    this.source = source;
    this.filename = filename;
    this.kind = kind;
    this.#script = compileScript(source, filename, kind);
    Object.freeze(this);
  }

  /** Runs the code with `globals` as its global object (a plain object; a
   * new one if omitted) and `locals` as the namespace of its top-level
   * names (a plain object or a Map; `globals` itself if omitted). Returns
   * what the kind gives (see SourceKind). */
  run(globals: Record<string, unknown> = {}, locals?: Record<string, unknown> | Map<string, unknown>): unknown {
    return evaluate('Code.run', this, globals, locals);
  }

  static {
    runScript = (code, context) => code.#script.runInContext(context);
  }
}

// Runs the checked arguments of evaluate().
function run(code: Code, globals: Record<string, unknown>, locals: Namespace | undefined): unknown {
  let result: unknown;
  if (locals === undefined) {
    const context = vm.isContext(globals) ? globals : vm.createContext(globals, { name: 'hpy-node EvalCode' });
    try {
      result = runScript(code, context);
    } catch (err) {
      throw adoptError(err);
    }
  } else {
    const slot = contextWithLocals(globals, locals);
    // A run inside a run of the same pair (the code called back into an
    // extension that evaluates again) shares the outer run's namespace.
    if (slot.depth++ === 0) mirrorInto(slot.sandbox, locals);
    try {
      result = runScript(code, slot.sandbox);
    } catch (err) {
      throw adoptError(err);
    } finally {
      slot.depth--;
      mirrorOut(slot.sandbox, locals);
    }
  }
  return code.kind === 'file' ? undefined : result;
}
