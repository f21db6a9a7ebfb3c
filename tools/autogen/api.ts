// The one description of the HPy API: native/api/*.tsv, parsed and checked.
// Every generated artifact (C struct, public inline functions, universal
// table, trace wrappers, name tables, TypeScript names) is derived from here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Param {
  /** C type as written, without the name (`const HPy *`, `HPy_ssize_t`). */
  type: string;
  name: string;
}

export interface CtxFunction {
  /** Position in HPy 0.9's context struct (shared with handles). */
  slot: number;
  /** Dense id 0..N-1 in slot order: the index used by the trace store. */
  id: number;
  /** `ctx_Add` */
  ctxName: string;
  /** `Add`: ctxName without the `ctx_` prefix. */
  shortName: string;
  /** `HPy_Add`: the public function extension authors call. */
  publicName: string;
  returnType: string;
  /** Parameters after `HPyContext *ctx`. */
  params: Param[];
  /** How hpy-node provides it (the `provided_by` column): a hand-written
   * `hpy_u_X` in native/src/universal, a generated body that forwards to a
   * JavaScript helper, or a generated stub that raises NotImplementedError. */
  provider: Provider;
}

export type Provider = { kind: 'native' } | { kind: 'js'; helper: string } | { kind: 'unsupported' };

/** A JavaScript helper of the universal context (native/api/js-helpers.tsv). */
export interface JsHelper {
  /** Dense id 0..N-1 in table order: HelperId on the C side. */
  id: number;
  name: string;
  /** The native/src/universal file that calls it; the TypeScript side lives
   * in src/universal/helpers/<area>.ts. */
  area: string;
  /** TypeScript parameter list, as the native side passes them. */
  params: Param[];
  returns: string;
}

export interface CtxHandle {
  slot: number;
  /** `h_None` */
  name: string;
}

export interface HpyApi {
  functions: CtxFunction[];
  handles: CtxHandle[];
  helpers: JsHelper[];
  /** Highest slot + 1. */
  slotCount: number;
}

export const API_DIR = join(__dirname, '..', '..', 'native', 'api');

function readTsv(file: string): string[][] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => l.split('\t'));
}

const DECL = /^(.*?[\s*])([A-Za-z_][A-Za-z_0-9]*)\((.*)\)$/;

export function parseDeclaration(decl: string): { returnType: string; publicName: string; params: Param[] } {
  const m = DECL.exec(decl.trim());
  if (!m) throw new Error(`cannot parse C declaration: ${decl}`);
  const [, ret, publicName, paramText] = m;
  const raw = paramText.split(',').map((p) => p.trim());
  if (raw[0] !== 'HPyContext *ctx') throw new Error(`${publicName}: first parameter must be 'HPyContext *ctx', got '${raw[0]}'`);
  const params = raw.slice(1).map((p) => {
    const pm = /^(.*?[\s*])([A-Za-z_][A-Za-z_0-9]*)(\[\])?$/.exec(p);
    if (!pm) throw new Error(`${publicName}: cannot parse parameter '${p}'`);
    const type = (pm[1] + (pm[3] ? '*' : '')).replace(/\s+/g, ' ').replace(/ \*/g, ' *').trim();
    return { type, name: pm[2] };
  });
  return { returnType: ret.trim(), publicName, params };
}

export function parseProvider(ctxName: string, text: string | undefined): Provider {
  if (text === 'native' || text === 'unsupported') return { kind: text };
  const js = /^js:([A-Za-z_][A-Za-z0-9_]*)$/.exec(text ?? '');
  if (js) return { kind: 'js', helper: js[1] };
  throw new Error(`${ctxName}: provided_by must be native, js:<helper> or unsupported, got '${text ?? ''}'`);
}

function parseHelperParams(name: string, text: string): Param[] {
  if (text.trim() === '') return [];
  return text.split(',').map((p) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.+?)\s*$/.exec(p);
    if (!m) throw new Error(`js helper ${name}: cannot parse parameter '${p}' (write 'name: type')`);
    return { name: m[1], type: m[2] };
  });
}

export function loadApi(dir: string = API_DIR): HpyApi {
  const fnRows = readTsv(join(dir, 'ctx-functions.tsv'));
  const hRows = readTsv(join(dir, 'ctx-handles.tsv'));
  const helperRows = readTsv(join(dir, 'js-helpers.tsv'));
  const handles: CtxHandle[] = hRows.map(([slot, name]) => ({ slot: Number(slot), name }));
  const functions: CtxFunction[] = fnRows
    .map(([slot, ctxName, decl, provided]) => {
      if (!ctxName.startsWith('ctx_')) throw new Error(`function name must start with ctx_: ${ctxName}`);
      return { slot: Number(slot), id: 0, ctxName, shortName: ctxName.slice(4), ...parseDeclaration(decl), provider: parseProvider(ctxName, provided) };
    })
    .sort((a, b) => a.slot - b.slot);
  functions.forEach((f, i) => (f.id = i));
  const helpers: JsHelper[] = helperRows.map(([name, area, params = '', returns], id) => ({
    id,
    name,
    area,
    params: parseHelperParams(name, params),
    returns,
  }));
  const api: HpyApi = { functions, handles, helpers, slotCount: functions.length + handles.length };
  checkApi(api);
  return api;
}

/** Slots must be 0..N-1 without gaps or repeats, names unique. */
function checkApi(api: HpyApi): void {
  const seen = new Map<number, string>();
  const names = new Set<string>();
  for (const { slot, name } of [
    ...api.functions.map((f) => ({ slot: f.slot, name: f.ctxName })),
    ...api.handles.map((h) => ({ slot: h.slot, name: h.name })),
  ]) {
    if (!Number.isInteger(slot)) throw new Error(`${name}: slot is not an integer`);
    const other = seen.get(slot);
    if (other) throw new Error(`slot ${slot} is used by both ${other} and ${name}`);
    if (names.has(name)) throw new Error(`name ${name} appears twice`);
    seen.set(slot, name);
    names.add(name);
  }
  for (let s = 0; s < api.slotCount; s++) {
    if (!seen.has(s)) throw new Error(`slot ${s} is missing: the context would have a gap`);
  }
  checkHelpers(api);
}

/** Helper names unique and well-formed; every js:<helper> names one that
 * exists and whose forwarding body can be generated. */
function checkHelpers(api: HpyApi): void {
  const byName = new Map<string, JsHelper>();
  for (const h of api.helpers) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(h.name)) throw new Error(`js helper name '${h.name}' must be camelCase`);
    if (!/^[a-z_]+$/.test(h.area)) throw new Error(`js helper ${h.name}: area '${h.area}' must name a native/src/universal file`);
    if (!h.returns) throw new Error(`js helper ${h.name}: the returns column is empty`);
    if (byName.has(h.name)) throw new Error(`js helper ${h.name} appears twice`);
    byName.set(h.name, h);
  }
  for (const fn of api.functions) {
    if (fn.provider.kind !== 'js') continue;
    const helper = byName.get(fn.provider.helper);
    if (!helper) throw new Error(`${fn.ctxName}: provided_by names js:${fn.provider.helper}, which is not in js-helpers.tsv`);
    const handleParams = fn.params.every((p) => p.type === 'HPy');
    if (!handleParams || helper.params.length !== fn.params.length)
      throw new Error(`${fn.ctxName}: a js: body passes the function's handles to the helper, so it needs only HPy parameters and a helper taking as many (${helper.name} takes ${helper.params.length})`);
    if (!['HPy', 'int', 'void'].includes(fn.returnType)) throw new Error(`${fn.ctxName}: a js: body can return HPy, int or void, not ${fn.returnType}`);
  }
}

/** Every slot in context order, functions and handles interleaved. */
export function slotsInOrder(api: HpyApi): Array<{ kind: 'function'; fn: CtxFunction } | { kind: 'handle'; handle: CtxHandle }> {
  const out: Array<{ kind: 'function'; fn: CtxFunction } | { kind: 'handle'; handle: CtxHandle }> = [];
  for (const fn of api.functions) out[fn.slot] = { kind: 'function', fn };
  for (const handle of api.handles) out[handle.slot] = { kind: 'handle', handle };
  return out;
}

export function cParams(fn: CtxFunction): string {
  return ['HPyContext *ctx', ...fn.params.map((p) => `${p.type.endsWith('*') ? p.type : p.type + ' '}${p.name}`)].join(', ');
}

export function cArgs(fn: CtxFunction): string {
  return ['ctx', ...fn.params.map((p) => p.name)].join(', ');
}

export function cReturn(fn: CtxFunction): string {
  return fn.returnType.endsWith('*') ? fn.returnType : fn.returnType + ' ';
}
