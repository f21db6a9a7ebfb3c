// HPy_Compile_s and HPy_EvalCode on the Code class (../code.ts).
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { Code, SOURCE_KINDS, evaluate } from '../code';

export const evalHelpers = {
  // The native side has checked the kind (SystemError, as HPy raises).
  compile: (source: string, filename: string, kind: number) => new Code(source, filename, SOURCE_KINDS[kind]),
  evalCode: (code: unknown, globals: unknown, locals: unknown) => evaluate('ctx_EvalCode', code, globals, locals),
} satisfies Partial<RuntimeHelpers>;
