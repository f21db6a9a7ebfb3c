// Python's exception classes as JavaScript classes. Where JavaScript has the
// same exception (TypeError, SyntaxError, NameError as ReferenceError), the
// context handle maps to JavaScript's own class; the others are classes
// exported by hpy-node that keep Python's hierarchy, rooted at Error.

/** An exception class with Python's name. */
export type ExceptionClass = new (message?: string) => Error;

function define(name: string, base: ExceptionClass): ExceptionClass {
  // A named class expression per exception: `err.name`, stack traces and
  // `instanceof` all read as in Python.
  const cls = { [name]: class extends base {} }[name];
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  return cls;
}

// [handle name without h_, JavaScript name, base] in dependency order. A base
// written as a string is a class defined earlier in this table.
const TABLE: ReadonlyArray<readonly [string, string, string | ExceptionClass]> = [
  ['BaseException', 'Error', Error],
  ['Exception', 'Error', Error],
  ['TypeError', 'TypeError', TypeError],
  ['SyntaxError', 'SyntaxError', SyntaxError],
  ['NameError', 'ReferenceError', ReferenceError],
  ['StopAsyncIteration', 'StopAsyncIteration', Error],
  ['StopIteration', 'StopIteration', Error],
  ['GeneratorExit', 'GeneratorExit', Error],
  ['ArithmeticError', 'ArithmeticError', Error],
  ['LookupError', 'LookupError', Error],
  ['AssertionError', 'AssertionError', Error],
  ['AttributeError', 'AttributeError', Error],
  ['BufferError', 'BufferError', Error],
  ['EOFError', 'EOFError', Error],
  ['FloatingPointError', 'FloatingPointError', 'ArithmeticError'],
  ['OSError', 'OSError', Error],
  ['ImportError', 'ImportError', Error],
  ['ModuleNotFoundError', 'ModuleNotFoundError', 'ImportError'],
  ['IndexError', 'IndexError', 'LookupError'],
  ['KeyError', 'KeyError', 'LookupError'],
  ['KeyboardInterrupt', 'KeyboardInterrupt', Error],
  ['MemoryError', 'MemoryError', Error],
  ['OverflowError', 'OverflowError', 'ArithmeticError'],
  ['RuntimeError', 'RuntimeError', Error],
  ['RecursionError', 'RecursionError', 'RuntimeError'],
  ['NotImplementedError', 'NotImplementedError', 'RuntimeError'],
  ['IndentationError', 'IndentationError', 'SyntaxError'],
  ['TabError', 'TabError', 'IndentationError'],
  ['ReferenceError', 'PyReferenceError', Error],
  ['SystemError', 'SystemError', Error],
  ['SystemExit', 'SystemExit', Error],
  ['UnboundLocalError', 'UnboundLocalError', 'NameError'],
  ['UnicodeError', 'UnicodeError', 'ValueError'],
  ['UnicodeEncodeError', 'UnicodeEncodeError', 'UnicodeError'],
  ['UnicodeDecodeError', 'UnicodeDecodeError', 'UnicodeError'],
  ['UnicodeTranslateError', 'UnicodeTranslateError', 'UnicodeError'],
  ['ValueError', 'ValueError', Error],
  ['ZeroDivisionError', 'ZeroDivisionError', 'ArithmeticError'],
  ['BlockingIOError', 'BlockingIOError', 'OSError'],
  ['BrokenPipeError', 'BrokenPipeError', 'ConnectionError'],
  ['ChildProcessError', 'ChildProcessError', 'OSError'],
  ['ConnectionError', 'ConnectionError', 'OSError'],
  ['ConnectionAbortedError', 'ConnectionAbortedError', 'ConnectionError'],
  ['ConnectionRefusedError', 'ConnectionRefusedError', 'ConnectionError'],
  ['ConnectionResetError', 'ConnectionResetError', 'ConnectionError'],
  ['FileExistsError', 'FileExistsError', 'OSError'],
  ['FileNotFoundError', 'FileNotFoundError', 'OSError'],
  ['InterruptedError', 'InterruptedError', 'OSError'],
  ['IsADirectoryError', 'IsADirectoryError', 'OSError'],
  ['NotADirectoryError', 'NotADirectoryError', 'OSError'],
  ['PermissionError', 'PermissionError', 'OSError'],
  ['ProcessLookupError', 'ProcessLookupError', 'OSError'],
  ['TimeoutError', 'TimeoutError', 'OSError'],
  ['Warning', 'Warning', Error],
  ['UserWarning', 'UserWarning', 'Warning'],
  ['DeprecationWarning', 'DeprecationWarning', 'Warning'],
  ['PendingDeprecationWarning', 'PendingDeprecationWarning', 'Warning'],
  ['SyntaxWarning', 'SyntaxWarning', 'Warning'],
  ['RuntimeWarning', 'RuntimeWarning', 'Warning'],
  ['FutureWarning', 'FutureWarning', 'Warning'],
  ['ImportWarning', 'ImportWarning', 'Warning'],
  ['UnicodeWarning', 'UnicodeWarning', 'Warning'],
  ['BytesWarning', 'BytesWarning', 'Warning'],
  ['ResourceWarning', 'ResourceWarning', 'Warning'],
];

const ROWS = new Map(TABLE.map((row) => [row[0], row] as const));

/** Python exception name (as in `h_<name>`) -> the JavaScript class it maps to. */
export const PYTHON_EXCEPTIONS: Record<string, ExceptionClass> = {};
/** Classes hpy-node defines (not JavaScript's own), by their exported name. */
export const DEFINED_EXCEPTIONS: Record<string, ExceptionClass> = {};

function classFor(py: string): ExceptionClass {
  const known = PYTHON_EXCEPTIONS[py];
  if (known) return known;
  const row = ROWS.get(py);
  if (!row) throw new Error(`exception table: unknown base ${py}`);
  const [, js, base] = row;
  let cls: ExceptionClass;
  if (typeof base !== 'string' && base.name === js) {
    cls = base; // JavaScript has this exception itself
  } else {
    cls = define(js === 'PyReferenceError' ? 'ReferenceError' : js, typeof base === 'string' ? classFor(base) : base);
    DEFINED_EXCEPTIONS[js] = cls;
  }
  PYTHON_EXCEPTIONS[py] = cls;
  return cls;
}

for (const [py] of TABLE) classFor(py);
