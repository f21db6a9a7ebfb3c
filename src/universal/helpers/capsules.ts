// Capsules: the JavaScript object that carries a capsule's native pointer.
import type { RuntimeHelpers } from '../../generated/helper-contract';
import { Capsule } from '../values';

export const capsuleHelpers = {
  capsuleNew: () => new Capsule(),
} satisfies Partial<RuntimeHelpers>;
