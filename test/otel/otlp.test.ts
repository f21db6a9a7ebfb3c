// OTLP push against a receiver on loopback that decodes what arrives
// (OTLP/HTTP, protobuf or JSON bodies, checked alike).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hpyMetricProducer, startOtlpExporter } from '../../src/otel';
import { TEST_RESOURCE, close, fn, listen, mod, snap } from './helpers';
import { decodeMetricsRequest } from './otlp-protobuf';
import type { OtlpProtocol } from '../../src/otel';

interface Received {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

async function receiver(status: () => number = () => 200) {
  const received: Received[] = [];
  const { server, port } = await listen((req, body, res) => {
    const protobuf = req.headers['content-type'] === 'application/x-protobuf';
    received.push({ url: req.url ?? '', headers: req.headers, body: protobuf ? decodeMetricsRequest(body) : JSON.parse(body.toString('utf8')) });
    // An empty ExportMetricsServiceResponse in either encoding.
    res.writeHead(status(), { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' });
    res.end(protobuf ? '' : '{}');
  });
  return { received, server, url: `http://127.0.0.1:${port}/v1/metrics` };
}

const attrs = (list: Array<{ key: string; value: { stringValue: string } }>) => Object.fromEntries(list.map((a) => [a.key, a.value.stringValue]));

const CONTENT_TYPES: Record<OtlpProtocol, string> = { 'http/protobuf': 'application/x-protobuf', 'http/json': 'application/json' };

for (const protocol of ['http/protobuf', 'http/json'] as const) test(`a push (${protocol}) carries the resource, the scope, and both instruments with their points`, async () => {
  const r = await receiver();
  const snapshot = snap([100, 1000], mod('snippets', [fn('ctx_Add', 450, [1, 2, 0])], 1_700_000_000_000));
  const push = startOtlpExporter({
    protocol,
    url: r.url,
    headers: { authorization: 'Bearer t0ken' },
    producer: hpyMetricProducer({ snapshot: () => snapshot }),
    resource: TEST_RESOURCE,
  });
  try {
    await push.forceFlush();
    assert.equal(r.received.length, 1);
    const { url, headers, body } = r.received[0];
    assert.equal(url, '/v1/metrics');
    assert.equal(headers['content-type'], CONTENT_TYPES[protocol]);
    assert.equal(push.protocol, protocol);
    assert.equal(headers.authorization, 'Bearer t0ken');
    const [rm] = body.resourceMetrics;
    assert.equal(attrs(rm.resource.attributes)['service.name'], 'otel-test');
    const [sm] = rm.scopeMetrics;
    assert.equal(sm.scope.name, 'hpy-node');
    const byName = Object.fromEntries(sm.metrics.map((m: any) => [m.name, m]));
    assert.deepEqual(Object.keys(byName), ['hpy.api.calls', 'hpy.api.duration', 'hpy.otel.collection.errors']);

    const calls = byName['hpy.api.calls'];
    assert.equal(calls.unit, '{call}');
    assert.equal(calls.sum.isMonotonic, true);
    assert.equal(calls.sum.aggregationTemporality, 2, 'cumulative');
    const [cp] = calls.sum.dataPoints;
    assert.deepEqual(attrs(cp.attributes), { 'hpy.function': 'ctx_Add', 'hpy.module': 'snippets' });
    assert.equal(Number(cp.asInt), 3);
    assert.equal(cp.startTimeUnixNano, '1700000000000000000');

    const duration = byName['hpy.api.duration'];
    assert.equal(duration.unit, 's');
    const [hp] = duration.histogram.dataPoints;
    assert.deepEqual(attrs(hp.attributes), { 'hpy.function': 'ctx_Add', 'hpy.module': 'snippets' });
    assert.deepEqual(hp.explicitBounds, [1e-7, 1e-6]);
    assert.deepEqual(hp.bucketCounts.map(Number), [1, 2, 0]);
    assert.equal(Number(hp.count), 3);
    assert.equal(hp.sum, 4.5e-7);

    assert.equal(Number(byName['hpy.otel.collection.errors'].sum.dataPoints[0].asInt), 0);
  } finally {
    await push.shutdown();
    await close(r.server);
  }
});

test('shutdown pushes the last numbers', async () => {
  const r = await receiver();
  let calls = 1;
  const push = startOtlpExporter({
    url: r.url,
    producer: hpyMetricProducer({ snapshot: () => snap([100], mod('m', [fn('ctx_Add', 1, [calls, 0])])) }),
    resource: TEST_RESOURCE,
  });
  calls = 7;
  await push.shutdown();
  await push.shutdown(); // twice is fine
  await close(r.server);
  assert.equal(r.received.length, 1);
  assert.equal(Number(r.received[0].body.resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].asInt), 7);
});

test('a failing collector is reported once, and its recovery too', async () => {
  let status = 400;
  const r = await receiver(() => status);
  const warnings: string[] = [];
  const push = startOtlpExporter({
    url: r.url,
    producer: hpyMetricProducer({ snapshot: () => snap([100], mod('m', [])) }),
    resource: TEST_RESOURCE,
    warn: (m) => warnings.push(m),
  });
  try {
    await push.forceFlush();
    await push.forceFlush();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], new RegExp(`^hpy-node/otel: OTLP metrics push to ${r.url} failed: HTTP 400 Bad Request`));
    status = 200;
    await push.forceFlush();
    assert.deepEqual(warnings.slice(1), [`hpy-node/otel: OTLP metrics push to ${r.url} works again`]);
    assert.equal(r.received.length, 3);
  } finally {
    await push.shutdown();
    await close(r.server);
  }
});

test('an unknown protocol option is a TypeError naming the two it takes', () => {
  assert.throws(() => startOtlpExporter({ protocol: 'grpc' as OtlpProtocol }), {
    name: 'TypeError',
    message: 'startOtlpExporter: protocol must be http/protobuf or http/json, got "grpc"',
  });
});
