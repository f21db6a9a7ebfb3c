// Scrapes are bounded: only GET and HEAD collect, and scrapes that come
// together share one collection instead of running one each on the
// application's event loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { CollectionResult, MetricProducer } from '@opentelemetry/sdk-metrics';
import { createPrometheusHandler, hpyMetricProducer, startPrometheusExporter } from '../../src/otel';
import { TEST_RESOURCE, close, fn, get, listen, mod, sample, snap } from './helpers';

/** A producer over a hand-made store that counts its reads. */
function countingProducer(): { producer: MetricProducer; reads: () => number } {
  let reads = 0;
  const producer = hpyMetricProducer({
    snapshot: () => {
      reads++;
      return snap([100], mod('snippets', [fn('ctx_Add', 10, [reads, 0])]));
    },
  });
  return { producer, reads: () => reads };
}

/** A raw request (fetch refuses some methods, such as TRACE). */
function send(url: string, method: string): Promise<{ status: number; allow: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('methods other than GET and HEAD get 405 with Allow, and collect nothing', async () => {
  const { producer, reads } = countingProducer();
  const endpoint = await startPrometheusExporter({ host: '127.0.0.1', port: 0, producer, resource: TEST_RESOURCE });
  try {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) {
      const r = await send(endpoint.url, method);
      assert.deepEqual([method, r.status, r.allow], [method, 405, 'GET, HEAD']);
      assert.equal(r.text, `hpy-node: ${method} is not allowed on the metrics endpoint; scrape it with GET or HEAD\n`);
    }
    assert.equal(reads(), 0, 'no collection for a refused method');
    assert.equal((await send(endpoint.url, 'HEAD')).status, 200);
    const ok = await send(endpoint.url, 'GET');
    assert.equal(ok.status, 200);
    assert.equal(sample(ok.text, 'hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="snippets"}'), 2);
  } finally {
    await endpoint.shutdown();
  }
});

test('concurrent scrapes share one collection; a later scrape gets a fresh one', async () => {
  // A collection that lasts until all eight scrapes have arrived, as a large
  // store's takes a while: they surely overlap it, however slowly the
  // machine delivers them (a fixed 200 ms did not promise that).
  let collections = 0;
  let arrived = 0;
  let allArrived: () => void = () => {};
  const eight = new Promise<void>((r) => (allArrived = r));
  const inner = countingProducer().producer;
  const slow: MetricProducer = {
    async collect(): Promise<CollectionResult> {
      collections++;
      await eight;
      return inner.collect();
    },
  };
  const scrape = createPrometheusHandler({ producer: slow, resource: TEST_RESOURCE });
  const { server, port } = await listen((req, _body, res) => {
    scrape.handler(req, res);
    if (++arrived === 8) allArrived();
  });
  const url = `http://127.0.0.1:${port}/metrics`;
  try {
    const results = await Promise.all(Array.from({ length: 8 }, () => send(url, 'GET')));
    assert.deepEqual(results.map((r) => r.status), Array(8).fill(200));
    assert.equal(collections, 1, 'eight overlapping scrapes, one collection');
    assert.equal(new Set(results.map((r) => r.text)).size, 1, 'every scrape got the same text');
    const later = await get(url);
    assert.equal(collections, 2, 'a scrape after the shared one is done collects again');
    assert.equal(sample(later.text, 'hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="snippets"}'), 2);
  } finally {
    await close(server);
    await scrape.shutdown();
  }
});

test('a failed shared collection answers 503 to every scrape that shared it', async () => {
  const failing: MetricProducer = {
    async collect(): Promise<CollectionResult> {
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('store unreadable');
    },
  };
  const scrape = createPrometheusHandler({ producer: failing, resource: TEST_RESOURCE });
  const { server, port } = await listen((req, _body, res) => scrape.handler(req, res));
  try {
    const results = await Promise.all(Array.from({ length: 3 }, () => send(`http://127.0.0.1:${port}/`, 'GET')));
    for (const r of results) assert.deepEqual([r.status, r.text], [503, 'hpy-node: metrics collection failed: store unreadable\n']);
  } finally {
    await close(server);
    await scrape.shutdown();
  }
});
