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
}

export interface CtxHandle {
  slot: number;
  /** `h_None` */
  name: string;
}

export interface HpyApi {
  functions: CtxFunction[];
  handles: CtxHandle[];
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

export function loadApi(dir: string = API_DIR): HpyApi {
  const fnRows = readTsv(join(dir, 'ctx-functions.tsv'));
  const hRows = readTsv(join(dir, 'ctx-handles.tsv'));
  const handles: CtxHandle[] = hRows.map(([slot, name]) => ({ slot: Number(slot), name }));
  const functions: CtxFunction[] = fnRows
    .map(([slot, ctxName, decl]) => {
      if (!ctxName.startsWith('ctx_')) throw new Error(`function name must start with ctx_: ${ctxName}`);
      return { slot: Number(slot), id: 0, ctxName, shortName: ctxName.slice(4), ...parseDeclaration(decl) };
    })
    .sort((a, b) => a.slot - b.slot);
  functions.forEach((f, i) => (f.id = i));
  const api: HpyApi = { functions, handles, slotCount: functions.length + handles.length };
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
