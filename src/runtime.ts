// Hands the addon what it needs from JavaScript, once per environment (the
// main thread and every worker load this module separately).
import { native } from './native';
import { constantsBySlot } from './universal/constants';
import { helpers } from './universal/helpers/index';

let initialised = false;

export function ensureRuntime(): void {
  if (initialised) return;
  native.init({ constants: constantsBySlot(), helpers });
  initialised = true;
}
