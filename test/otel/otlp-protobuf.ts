// Decodes an OTLP ExportMetricsServiceRequest in protobuf into the shape of
// its JSON encoding (camelCase fields, 64-bit integers as decimal strings), so
// one set of assertions checks both encodings. Only the fields hpy-node
// sends are described; others are skipped. Field numbers are those of
// opentelemetry/proto/metrics/v1/metrics.proto and its imports.

type MessageName =
  | 'ExportMetricsServiceRequest'
  | 'ResourceMetrics'
  | 'Resource'
  | 'ScopeMetrics'
  | 'InstrumentationScope'
  | 'Metric'
  | 'Sum'
  | 'Histogram'
  | 'NumberDataPoint'
  | 'HistogramDataPoint'
  | 'KeyValue'
  | 'AnyValue';
type Kind = 'string' | 'bool' | 'enum' | 'int64' | 'fixed64' | 'sfixed64' | 'double' | MessageName;
interface FieldSpec {
  name: string;
  kind: Kind;
  repeated?: boolean;
}

const f = (name: string, kind: Kind, repeated = false): FieldSpec => ({ name, kind, repeated });

const SCHEMA: Record<MessageName, Record<number, FieldSpec>> = {
  ExportMetricsServiceRequest: { 1: f('resourceMetrics', 'ResourceMetrics', true) },
  ResourceMetrics: { 1: f('resource', 'Resource'), 2: f('scopeMetrics', 'ScopeMetrics', true) },
  Resource: { 1: f('attributes', 'KeyValue', true) },
  ScopeMetrics: { 1: f('scope', 'InstrumentationScope'), 2: f('metrics', 'Metric', true) },
  InstrumentationScope: { 1: f('name', 'string'), 2: f('version', 'string') },
  Metric: { 1: f('name', 'string'), 2: f('description', 'string'), 3: f('unit', 'string'), 7: f('sum', 'Sum'), 9: f('histogram', 'Histogram') },
  Sum: { 1: f('dataPoints', 'NumberDataPoint', true), 2: f('aggregationTemporality', 'enum'), 3: f('isMonotonic', 'bool') },
  Histogram: { 1: f('dataPoints', 'HistogramDataPoint', true), 2: f('aggregationTemporality', 'enum') },
  NumberDataPoint: {
    7: f('attributes', 'KeyValue', true),
    2: f('startTimeUnixNano', 'fixed64'),
    3: f('timeUnixNano', 'fixed64'),
    4: f('asDouble', 'double'),
    6: f('asInt', 'sfixed64'),
  },
  HistogramDataPoint: {
    9: f('attributes', 'KeyValue', true),
    2: f('startTimeUnixNano', 'fixed64'),
    3: f('timeUnixNano', 'fixed64'),
    4: f('count', 'fixed64'),
    5: f('sum', 'double'),
    6: f('bucketCounts', 'fixed64', true),
    7: f('explicitBounds', 'double', true),
  },
  KeyValue: { 1: f('key', 'string'), 2: f('value', 'AnyValue') },
  AnyValue: { 1: f('stringValue', 'string'), 2: f('boolValue', 'bool'), 3: f('intValue', 'int64'), 4: f('doubleValue', 'double') },
};

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (this.pos >= this.buf.length) throw new Error('protobuf: truncated varint');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
    }
  }
  bytes(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new Error('protobuf: truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

function scalar(kind: Kind, wire: number, r: Reader): unknown[] {
  const eight = (b: Buffer) => (kind === 'double' ? b.readDoubleLE(0) : String(kind === 'sfixed64' ? b.readBigInt64LE(0) : b.readBigUint64LE(0)));
  if (wire === 0) {
    const v = r.varint();
    return [kind === 'bool' ? v !== 0n : kind === 'int64' ? String(BigInt.asIntN(64, v)) : Number(v)];
  }
  if (wire === 1) return [eight(r.bytes(8))];
  if (wire === 2 && kind === 'string') return [r.bytes(Number(r.varint())).toString('utf8')];
  if (wire === 2) {
    // packed repeated 8-byte values
    const body = r.bytes(Number(r.varint()));
    const out: unknown[] = [];
    for (let i = 0; i < body.length; i += 8) out.push(eight(body.subarray(i, i + 8)));
    return out;
  }
  throw new Error(`protobuf: wire type ${wire} for a ${kind} field`);
}

function skip(wire: number, r: Reader): void {
  if (wire === 0) r.varint();
  else if (wire === 1) r.bytes(8);
  else if (wire === 2) r.bytes(Number(r.varint()));
  else if (wire === 5) r.bytes(4);
  else throw new Error(`protobuf: unsupported wire type ${wire}`);
}

function decodeMessage(name: MessageName, buf: Buffer): Record<string, unknown> {
  const fields: Record<number, FieldSpec> = SCHEMA[name];
  const out: Record<string, unknown> = {};
  const r = new Reader(buf);
  while (!r.done) {
    const key = r.varint();
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    const spec = fields[number];
    if (!spec) {
      skip(wire, r);
      continue;
    }
    const values = spec.kind in SCHEMA ? [decodeMessage(spec.kind as MessageName, r.bytes(Number(r.varint())))] : scalar(spec.kind, wire, r);
    if (spec.repeated) out[spec.name] = [...((out[spec.name] as unknown[]) ?? []), ...values];
    else out[spec.name] = values[0];
  }
  return out;
}

/** The request body, as the JSON encoding would have it. */
export function decodeMetricsRequest(body: Buffer): any {
  return decodeMessage('ExportMetricsServiceRequest', body);
}
