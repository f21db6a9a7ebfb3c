// prom-client, the most used metrics library in Node.js: hpy-node's series
// in its registry, so the application serves one endpoint.
//
//   npm install prom-client
//   npm run seed
//   node examples/otel/prom-client.mjs   # then: curl http://127.0.0.1:8080/metrics
import { createServer } from 'node:http';
import { Counter, register } from 'prom-client';
import { load } from 'hpy-node';
import { registerHpyCollector } from 'hpy-node/prom-client';

registerHpyCollector(register);
const requests = new Counter({ name: 'app_requests_total', help: 'Requests served' });

const snippets = load(process.argv[2] ?? 'build/snippets.hpy.so', { mode: 'trace' });
const server = createServer(async (req, res) => {
  if (req.url === '/metrics') {
    res.setHeader('content-type', register.contentType);
    return res.end(await register.metrics());
  }
  requests.inc();
  res.end(`1 + 2 = ${snippets.add(1, 2)}\n`);
});
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
