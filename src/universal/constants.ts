// The value behind each context handle (ctx->h_None, ctx->h_TypeError, ...),
// as an array indexed by slot for the addon.
import { HANDLE_SLOTS, HandleName } from '../generated/ctx-names';
import { PYTHON_EXCEPTIONS } from './exceptions';
import { Capsule, Complex, Dict, Ellipsis, Int, NotImplemented, Slice, Tuple } from './values';

const NON_EXCEPTIONS: Partial<Record<HandleName, unknown>> = {
  h_None: undefined,
  h_True: true,
  h_False: false,
  h_NotImplemented: NotImplemented,
  h_Ellipsis: Ellipsis,
  h_BaseObjectType: Object,
  h_TypeType: Function,
  h_BoolType: Boolean,
  h_LongType: Int,
  h_FloatType: Number,
  h_UnicodeType: String,
  h_TupleType: Tuple,
  h_ListType: Array,
  h_ComplexType: Complex,
  h_BytesType: Uint8Array,
  h_MemoryViewType: DataView,
  h_CapsuleType: Capsule,
  h_SliceType: Slice,
  h_Builtins: globalThis,
  h_DictType: Dict,
};

/** The JavaScript value of a context handle. */
export function handleValue(name: HandleName): unknown {
  if (name in NON_EXCEPTIONS) return NON_EXCEPTIONS[name];
  const cls = PYTHON_EXCEPTIONS[name.slice(2)];
  if (!cls) throw new Error(`hpy-node: no JavaScript value for context handle ${name}`);
  return cls;
}

export function constantsBySlot(): unknown[] {
  const out: unknown[] = [];
  for (const [name, slot] of Object.entries(HANDLE_SLOTS)) out[slot] = handleValue(name as HandleName);
  return out;
}
