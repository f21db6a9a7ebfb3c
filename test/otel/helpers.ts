// Shared by the test/otel tests: hand-made trace snapshots and small HTTP
// helpers. Servers listen on 127.0.0.1, port 0.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { CTX_NAMES } from '../../src/generated/ctx-names';
import type { EntrySnapshot, FunctionSnapshot, ModuleSnapshot, TraceSnapshot } from '../../src/native';

/** A fixed resource, so the expected text does not depend on the SDK version. */
export const TEST_RESOURCE = resourceFromAttributes({ 'service.name': 'otel-test' });

export const id = (name: string): number => {
  const i = (CTX_NAMES as readonly string[]).indexOf(name);
  if (i < 0) throw new Error(`no context function ${name}`);
  return i;
};

export function fn(name: string, sumNs: number, buckets: number[], calls = buckets.reduce((a, b) => a + b, 0)): FunctionSnapshot {
  return { id: id(name), calls, sumNs, buckets };
}

export function mod(name: string, functions: FunctionSnapshot[], startTimeMs = 1_700_000_000_000): ModuleSnapshot {
  return { name, path: `/ext/${name}.hpy.so`, startTimeMs, functions };
}

export function snap(boundsNs: number[], ...modules: ModuleSnapshot[]): TraceSnapshot {
  return { boundsNs, modules };
}

/** A profile entry of `module` named `<module>.<name>`; `api` is the context
 * calls it made, as [function name, calls, ns]. */
export function entry(module: string, name: string, totalNs: number, buckets: number[], api: Array<[string, number, number]> = [], calls = buckets.reduce((a, b) => a + b, 0)): EntrySnapshot {
  return { module, entry: `${module}.${name}`, calls, totalNs, buckets, functions: api.map(([f, n, ns]) => ({ id: id(f), calls: n, ns })) };
}

/** `s` with profile entries. */
export function withEntries(s: TraceSnapshot, ...entries: EntrySnapshot[]): TraceSnapshot {
  return { ...s, entries };
}

export async function get(url: string, method = 'GET'): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url, { method });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** Lines of a Prometheus text exposition that are samples, not comments. */
export function samples(text: string): string[] {
  return text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

/** Value of the one sample line that starts with `series` (name and labels). */
export function sample(text: string, series: string): number {
  const found = samples(text).filter((l) => l.startsWith(`${series} `));
  if (found.length !== 1) throw new Error(`expected one sample ${series}, found ${found.length} in\n${text}`);
  return Number(found[0].slice(series.length + 1));
}

export async function listen(handler: (req: IncomingMessage, body: Buffer, res: import('node:http').ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
