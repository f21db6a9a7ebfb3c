// Serving the scrape: our own server, a handler in someone else's, and the
// errors an operator meets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrometheusHandler, hpyMetricProducer, startPrometheusExporter } from '../../src/otel';
import { TEST_RESOURCE, close, fn, get, listen, mod, sample, snap } from './helpers';

const producer = () => hpyMetricProducer({ snapshot: () => snap([100], mod('snippets', [fn('ctx_Add', 10, [4, 0])])) });

test('port 0 picks a free port on loopback; other paths are 404 and name the endpoint', async () => {
  const endpoint = await startPrometheusExporter({ host: '127.0.0.1', port: 0, endpoint: '/hpy', producer: producer(), resource: TEST_RESOURCE });
  try {
    assert.ok(endpoint.port > 0);
    assert.equal(endpoint.url, `http://127.0.0.1:${endpoint.port}/hpy`);
    assert.equal(sample((await get(`${endpoint.url}?x=1`)).text, 'hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="snippets"}'), 4);
    const other = await get(`http://127.0.0.1:${endpoint.port}/metrics`);
    assert.deepEqual([other.status, other.text], [404, 'not found: hpy-node serves metrics at /hpy\n']);
    const head = await get(endpoint.url, 'HEAD');
    assert.deepEqual([head.status, head.text], [200, '']);
  } finally {
    await endpoint.shutdown();
  }
});

test('a port in use rejects with an error naming host:port and what to do', async () => {
  const { server, port } = await listen((_req, _body, res) => res.end());
  try {
    await assert.rejects(startPrometheusExporter({ host: '127.0.0.1', port, producer: producer() }), {
      message:
        `hpy-node: cannot serve Prometheus metrics on 127.0.0.1:${port}: the port is in use (another process, or another exporter in this one). ` +
        'Set OTEL_EXPORTER_PROMETHEUS_PORT (or pass { port }) to a free port, or 0 for any free port',
    });
  } finally {
    await close(server);
  }
});

test('a host that is not on this machine is named too', async () => {
  // 192.0.2.1 is TEST-NET-1: never assigned to a local interface.
  await assert.rejects(startPrometheusExporter({ host: '192.0.2.1', port: 0, producer: producer() }), /on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine/);
});

test('the handler mounts in an existing server, and answers 503 once shut down', async () => {
  const scrape = createPrometheusHandler({ producer: producer(), resource: TEST_RESOURCE });
  const { server, port } = await listen((req, _body, res) => {
    if (req.url === '/internal/metrics') scrape.handler(req, res);
    else res.end('app');
  });
  try {
    const ok = await get(`http://127.0.0.1:${port}/internal/metrics`);
    assert.equal(ok.status, 200);
    assert.equal(sample(ok.text, 'hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="snippets",le="+Inf"}'), 4);
    assert.equal((await get(`http://127.0.0.1:${port}/`)).text, 'app');
    await scrape.shutdown();
    const down = await get(`http://127.0.0.1:${port}/internal/metrics`);
    assert.equal(down.status, 503);
    assert.match(down.text, /^hpy-node: metrics collection failed: MetricReader is shutdown/);
  } finally {
    await close(server);
  }
});

test('scope labels are left out unless asked for', async () => {
  for (const withScopeInfo of [false, true]) {
    const scrape = createPrometheusHandler({ producer: producer(), resource: TEST_RESOURCE, withScopeInfo });
    const { server, port } = await listen((req, _body, res) => scrape.handler(req, res));
    try {
      const { text } = await get(`http://127.0.0.1:${port}/`);
      assert.equal(text.includes('otel_scope_name="hpy-node"'), withScopeInfo);
    } finally {
      await close(server);
      await scrape.shutdown();
    }
  }
});

test('shutdown closes the listening socket, even with a kept-alive scrape connection', async () => {
  const endpoint = await startPrometheusExporter({ port: 0, producer: producer(), resource: TEST_RESOURCE });
  await get(endpoint.url); // fetch keeps the connection alive
  await endpoint.shutdown();
  await endpoint.shutdown(); // twice is fine
  assert.equal(endpoint.server.listening, false);
  await assert.rejects(get(endpoint.url));
});
