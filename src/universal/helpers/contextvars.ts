// HPyContextVar_New/Get/Set on the ContextVar class (../contextvar.ts).
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { ContextVar, lookup } from '../contextvar';
import { typeName } from './common';

function contextVar(where: string, v: unknown): ContextVar {
  if (v instanceof ContextVar) return v;
  throw new TypeError(`${where}: an instance of ContextVar was expected, got ${typeName(v)}`);
}

export const contextVarHelpers = {
  // HPy_NULL as the default (hasDefault false) is no default.
  contextVarNew: (name: string, defaultValue: unknown, hasDefault: boolean) =>
    hasDefault ? new ContextVar(name, { default: defaultValue }) : new ContextVar(name),
  contextVarGet: (v: unknown, defaultValue: unknown, hasDefault: boolean) => lookup(contextVar('ctx_ContextVar_Get', v), hasDefault, defaultValue),
  contextVarSet: (v: unknown, value: unknown) => contextVar('ctx_ContextVar_Set', v).set(value),
} satisfies Partial<RuntimeHelpers>;
