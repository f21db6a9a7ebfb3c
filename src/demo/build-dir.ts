// Where the demo builds its workload extension. In a checkout, build/ as
// every other build there. An installed package is left as installed (npm
// owns it; a global install may not be writable): the workload goes to the
// user's cache, $XDG_CACHE_HOME/hpy-node/<version>/demo (~/.cache/... when
// unset), keyed by version since it is built against that version's headers,
// or to the temporary folder when the cache cannot be made.
import { existsSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function packageVersion(): string {
  return (require(join(ROOT, 'package.json')) as { version: string }).version;
}

function usable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

export function demoBuildDir(): string {
  // A checkout has src/; the package does not ship it.
  if (existsSync(join(ROOT, 'src'))) return join(ROOT, 'build');
  const key = join('hpy-node', packageVersion(), 'demo');
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), key);
  if (usable(cache)) return cache;
  return join(tmpdir(), `hpy-node-${process.getuid?.() ?? 'user'}`, packageVersion(), 'demo');
}
