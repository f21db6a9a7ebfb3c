// The metrics on a path of the application's own HTTP server.
//
//   npm run seed
//   node examples/otel/own-server.mjs   # then: curl http://127.0.0.1:8080/metrics
import { createServer } from 'node:http';
import { load } from 'hpy-node';
import { createPrometheusHandler } from 'hpy-node/otel';

const snippets = load(process.argv[2] ?? 'build/snippets.hpy.so', { mode: 'trace' });
const metrics = createPrometheusHandler();

const server = createServer((req, res) => {
  if (req.url === '/metrics') return metrics.handler(req, res);
  res.end(`1 + 2 = ${snippets.add(1, 2)}\n`);
});
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
