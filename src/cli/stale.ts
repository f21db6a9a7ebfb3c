// Whether a built extension must be rebuilt: it is missing, or older than its
// sources or than anything its build reads from hpy-node (the headers and the
// helper library): an extension built against an older hpy.h may not match
// the host it is loaded into.
import { existsSync, statSync } from 'node:fs';
import { INCLUDE_DIR, filesUnder, runtimeSources } from './runtime-objects';

export function needsBuild(output: string, sources: readonly string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return [...sources, ...runtimeSources(), ...filesUnder(INCLUDE_DIR)].some((f) => built < statSync(f).mtimeMs);
}
