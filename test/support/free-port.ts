// A loopback port free right now: bind port 0, read it, release it. (Not 0
// itself: NodeSDK's PrometheusExporter and Prometheus's config take 0 as
// "unset".)
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
