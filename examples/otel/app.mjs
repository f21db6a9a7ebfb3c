// An application with no metrics code at all, for the zero-code recipes:
//
//   npm run seed
//   HPY=trace node --import hpy-node/register examples/otel/app.mjs
//   HPY=trace OTEL_METRICS_EXPORTER=prometheus node --import ./examples/otel/instrumentation.mjs --import hpy-node/register examples/otel/app.mjs
import { load } from 'hpy-node';

const snippets = load(process.argv[2] ?? 'build/snippets.hpy.so');
setInterval(() => snippets.add(1, 2), 100);
