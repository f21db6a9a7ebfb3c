// The exact /metrics text for a small fixed store, pinned as prom-client pins
// its output: any change of the serializer, the metric names, units, help
// texts, label order or number formatting shows here as a diff to review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrometheusHandler } from '../../src/otel/prometheus';
import { hpyMetricProducer } from '../../src/otel/producer';
import { TEST_RESOURCE, close, fn, get, mod, snap } from './helpers';

const STORE = snap(
  [10, 100],
  mod('alpha', [fn('ctx_Add', 150, [1, 2, 0]), fn('ctx_Close', 5, [3, 0, 0])]),
  mod('beta', [fn('ctx_Dup', 1200, [0, 0, 1])]),
);

const EXPECTED = `# HELP target_info Target metadata
# TYPE target_info gauge
target_info{service_name="otel-test"} 1
# HELP hpy_api_calls_total HPy API (context) function calls made by an extension module, counted natively in trace mode
# UNIT hpy_api_calls_total {call}
# TYPE hpy_api_calls_total counter
hpy_api_calls_total{hpy_function="ctx_Close",hpy_module="alpha"} 3
hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="alpha"} 3
hpy_api_calls_total{hpy_function="ctx_Dup",hpy_module="beta"} 1
# HELP hpy_api_duration Duration of completed HPy API (context) function calls, measured natively in trace mode
# UNIT hpy_api_duration s
# TYPE hpy_api_duration histogram
hpy_api_duration_count{hpy_function="ctx_Close",hpy_module="alpha"} 3
hpy_api_duration_sum{hpy_function="ctx_Close",hpy_module="alpha"} 5e-9
hpy_api_duration_bucket{hpy_function="ctx_Close",hpy_module="alpha",le="1e-8"} 3
hpy_api_duration_bucket{hpy_function="ctx_Close",hpy_module="alpha",le="1e-7"} 3
hpy_api_duration_bucket{hpy_function="ctx_Close",hpy_module="alpha",le="+Inf"} 3
hpy_api_duration_count{hpy_function="ctx_Add",hpy_module="alpha"} 3
hpy_api_duration_sum{hpy_function="ctx_Add",hpy_module="alpha"} 1.5e-7
hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="alpha",le="1e-8"} 1
hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="alpha",le="1e-7"} 3
hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="alpha",le="+Inf"} 3
hpy_api_duration_count{hpy_function="ctx_Dup",hpy_module="beta"} 1
hpy_api_duration_sum{hpy_function="ctx_Dup",hpy_module="beta"} 0.0000012
hpy_api_duration_bucket{hpy_function="ctx_Dup",hpy_module="beta",le="1e-8"} 0
hpy_api_duration_bucket{hpy_function="ctx_Dup",hpy_module="beta",le="1e-7"} 0
hpy_api_duration_bucket{hpy_function="ctx_Dup",hpy_module="beta",le="+Inf"} 1
# HELP hpy_otel_collection_errors_total Trace store entries hpy-node could not export (a module skipped, or the whole store unreadable); details are logged once
# UNIT hpy_otel_collection_errors_total {error}
# TYPE hpy_otel_collection_errors_total counter
hpy_otel_collection_errors_total 0
`;

test('/metrics serves exactly the pinned exposition text for a fixed store', async () => {
  const handler = createPrometheusHandler({ producer: hpyMetricProducer({ snapshot: () => STORE }), resource: TEST_RESOURCE });
  const server = createServer(handler.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(res.text, EXPECTED);
  } finally {
    await handler.shutdown();
    await close(server);
  }
});
