// Argument checks for hpy-node's public functions, in one place so that every
// wrong argument gets the same kind of message: the function, the parameter,
// what it accepts, and what it got ("load: options must be an object such as
// { mode: 'trace' }, or omitted, got null"), instead of whatever the first
// property access happened to throw ("Cannot read properties of null").

/** What a parameter accepts, in words, and the test for it. */
export interface Accepts {
  readonly what: string;
  test(value: unknown): boolean;
}

/** A short description of a value for a message: strings quoted, objects by kind. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default: {
      const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
      return name && name !== 'Object' ? `a ${name}` : 'an object';
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const hasMethods = (v: unknown, ...methods: string[]): boolean =>
  typeof v === 'object' && v !== null && methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function');

/** "a, b or c" */
function alternatives(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export const accepts = {
  string: { what: 'a string', test: (v: unknown) => typeof v === 'string' } as Accepts,
  nonEmptyString: { what: 'a non-empty string', test: (v: unknown) => typeof v === 'string' && v !== '' } as Accepts,
  boolean: { what: 'true or false', test: (v: unknown) => typeof v === 'boolean' } as Accepts,
  function: { what: 'a function', test: (v: unknown) => typeof v === 'function' } as Accepts,
  /** A plain object whose values are all strings (headers, an environment). */
  stringRecord: (what: string): Accepts => ({
    what,
    test: (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string' || x === undefined),
  }),
  oneOf: (values: readonly string[]): Accepts => ({
    what: values.length > 2 ? `one of ${values.join(', ')}` : alternatives(values),
    test: (v) => typeof v === 'string' && values.includes(v),
  }),
  integer: (min: number, max: number, unit = ''): Accepts => ({
    what: `a whole number${unit} from ${min} to ${max}`,
    test: (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
  }),
  number: (min: number, max: number): Accepts => ({
    what: `a number from ${min} to ${max}`,
    test: (v) => typeof v === 'number' && v >= min && v <= max,
  }),
  arrayOf: (what: string, item: (v: unknown) => boolean): Accepts => ({ what, test: (v) => Array.isArray(v) && v.every(item) }),
  /** An absolute http(s) URL. */
  httpUrl: { what: 'an http:// or https:// URL', test: (v: unknown) => typeof v === 'string' && /^https?:\/\/[^/]/.test(v) && URL.canParse(v) } as Accepts,
  /** An OpenTelemetry MetricProducer, such as hpyMetricProducer(). */
  metricProducer: { what: 'a MetricProducer (an object with collect(), such as hpyMetricProducer())', test: (v: unknown) => hasMethods(v, 'collect') } as Accepts,
  /** An OpenTelemetry Resource. */
  resource: { what: "an OpenTelemetry Resource (resourceFromAttributes({ 'service.name': ... }))", test: (v: unknown) => hasMethods(v, 'merge') } as Accepts,
  either: (...options: Accepts[]): Accepts => ({
    what: alternatives(options.map((o) => o.what)),
    test: (v) => options.some((o) => o.test(v)),
  }),
};

/** Throws a TypeError unless `value` passes: "`where`: `name` must be ..., got ...". */
export function check(where: string, name: string, value: unknown, accepted: Accepts): void {
  if (!accepted.test(value)) throw new TypeError(`${where}: ${name} must be ${accepted.what}, got ${describe(value)}`);
}

/** Checks an options parameter and returns it: undefined is {}; anything
 * else must be a plain object whose keys are among `fields`, each either
 * undefined or accepted by its check. `example` shows the object's shape. */
export function checkOptions<T extends object>(where: string, value: unknown, fields: { readonly [K in keyof T]-?: Accepts }, example: string, name = 'options'): T {
  if (value === undefined) return {} as T;
  if (!isObject(value)) throw new TypeError(`${where}: ${name} must be an object such as ${example}, or omitted, got ${describe(value)}`);
  const known = Object.keys(fields);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TypeError(`${where}: unknown option ${JSON.stringify(key)} in ${name}; the options are ${alternatives(known)}`);
    }
    if (value[key] !== undefined) check(where, key, value[key], fields[key as keyof T]);
  }
  return value as T;
}
