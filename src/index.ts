// hpy-node: load HPy C extensions into Node.js, in universal, debug or trace mode.
export { load, moduleNameOf } from './load';
export type { LoadOptions, HpyModule, UntypedMethods } from './load';
export { parseHpyEnv } from './mode';
export type { Mode } from './mode';
export { NotImplemented, Ellipsis, Tuple, Dict, Int, Complex, Slice, Capsule } from './universal/values';
export { kwargs } from './universal/kwargs';
export { namedtuple } from './universal/collections';
export type { NamedTupleClass, NamedTupleOptions } from './universal/collections';
export type { Kwargs } from './universal/kwargs';
export { ContextVar, Token } from './universal/contextvar';
export { Code } from './universal/code';
/** typeSlot('nb_add'): the key of a slot on the prototype of a type defined in C. */
export { slotKey as typeSlot } from './universal/helpers/type_slots';
/** bufferOf(obj): the buffer an instance exports (HPy_bf_getbuffer) as a typed array, until released. */
export { bufferOf, HpyBuffer } from './universal/buffer';
export type { BufferOfOptions } from './universal/buffer';
export type { SourceKind } from './universal/code';
export { DEFINED_EXCEPTIONS as exceptions } from './universal/exceptions';
import { DEFINED_EXCEPTIONS } from './universal/exceptions';

/** Python exceptions JavaScript lacks, as classes (TypeError, SyntaxError and
 * NameError map to JavaScript's TypeError, SyntaxError and ReferenceError). */
export const {
  StopAsyncIteration, StopIteration, GeneratorExit, ArithmeticError, LookupError, AssertionError, AttributeError,
  BufferError, EOFError, FloatingPointError, OSError, ImportError, ModuleNotFoundError, IndexError, KeyError,
  KeyboardInterrupt, MemoryError, OverflowError, RuntimeError, RecursionError, NotImplementedError, IndentationError,
  TabError, PyReferenceError, SystemError, SystemExit, UnboundLocalError, UnicodeError, UnicodeEncodeError,
  UnicodeDecodeError, UnicodeTranslateError, ValueError, ZeroDivisionError, BlockingIOError, BrokenPipeError,
  ChildProcessError, ConnectionError, ConnectionAbortedError, ConnectionRefusedError, ConnectionResetError,
  FileExistsError, FileNotFoundError, InterruptedError, IsADirectoryError, NotADirectoryError, PermissionError,
  ProcessLookupError, TimeoutError, Warning, UserWarning, DeprecationWarning, PendingDeprecationWarning,
  SyntaxWarning, RuntimeWarning, FutureWarning, ImportWarning, UnicodeWarning, BytesWarning, ResourceWarning,
} = DEFINED_EXCEPTIONS;
