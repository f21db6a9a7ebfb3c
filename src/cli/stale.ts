// Whether a built extension must be rebuilt: it is missing, or older than its
// sources or than hpy-node's headers (an extension built against an older
// hpy.h may not match the host it is loaded into).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INCLUDE_DIR } from './build';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function needsBuild(output: string, sources: readonly string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return built < newestMtime(INCLUDE_DIR) || sources.some((s) => built < statSync(s).mtimeMs);
}
