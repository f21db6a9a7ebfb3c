// What a context function returns when it fails, by C return type. HPy's
// convention: HPy_NULL for handles, -1 for integers, NULL for pointers.
// A return type missing here stops the generator: add it deliberately.
const FAILURE_VALUES: Record<string, string> = {
  HPy: 'HPy_NULL',
  int: '-1',
  int32_t: '-1',
  int64_t: '-1',
  uint32_t: '(uint32_t)-1',
  uint64_t: '(uint64_t)-1',
  size_t: '(size_t)-1',
  HPy_ssize_t: '-1',
  HPy_hash_t: '-1',
  HPy_UCS4: '(HPy_UCS4)-1',
  double: '-1.0',
  HPyListBuilder: 'HPyListBuilder{0}',
  HPyTupleBuilder: 'HPyTupleBuilder{0}',
  HPyTracker: 'HPyTracker{0}',
  HPyThreadState: 'HPyThreadState{0}',
  HPyType_BuiltinShape: 'HPyType_BuiltinShape_Legacy',
};

/** `return X;` statement (C++), or `return;` for void. */
export function failureReturn(returnType: string): string {
  if (returnType === 'void') return 'return;';
  if (returnType.endsWith('*')) return 'return nullptr;';
  const v = FAILURE_VALUES[returnType];
  if (v === undefined) throw new Error(`no failure value for return type '${returnType}': add it to tools/autogen/failure-values.ts`);
  return `return ${v};`;
}
