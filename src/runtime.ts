// Hands the addon what it needs from JavaScript, once per environment (the
// main thread and every worker load this module separately).
import { CTX_NAMES } from './generated/ctx-names';
import { native } from './native';
import { constantsBySlot } from './universal/constants';
import { helpers } from './universal/helpers';

let initialised = false;

export function ensureRuntime(): void {
  if (initialised) return;
  native.init({ constants: constantsBySlot(), helpers: helpers as never, ctxNames: CTX_NAMES });
  initialised = true;
}
