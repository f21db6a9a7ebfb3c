// native/src/debug/autogen_debug_wrappers.cc: debug mode's wrapper for every
// context function, from the same table as everything else. A wrapper checks
// that the context is the one of the running call, turns each debug handle
// argument into its universal handle (a closed, stale or foreign one is
// reported), calls the universal implementation and gives every handle it
// returns a fresh debug handle. Functions whose handles hide in arrays,
// builders, trackers or raw data get a hand-written body instead: they are
// listed in native/api/debug-overrides.tsv (a table of its own, so the
// function table keeps one column per fact about the API).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_DIR, CtxFunction, HpyApi, Generator, cParams, cReturn } from './index-types';
import { banner } from './banner';

/** Types that carry handles the generic wrapper could not see: a function
 * taking or returning one needs a hand-written body. */
const HIDDEN_HANDLES = new Set(['const HPy *', 'HPy *', 'HPyListBuilder', 'HPyTupleBuilder', 'HPyTracker', 'HPyType_SpecParam *']);
/** Raw data whose life is its handle's (protected copies in debug mode). */
const RAW_DATA_RETURN = 'const char*';

export interface DebugOverride {
  ctxName: string;
  why: string;
}

export function loadDebugOverrides(dir: string = API_DIR): DebugOverride[] {
  const lines = readFileSync(join(dir, 'debug-overrides.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.slice(1).map((l) => {
    const [ctxName, why] = l.split('\t');
    if (!why) throw new Error(`debug-overrides.tsv: ${ctxName} needs a reason in its second column`);
    return { ctxName, why };
  });
}

/** Why fn cannot have a generated debug wrapper, or undefined if it can. */
export function needsOverride(fn: CtxFunction): string | undefined {
  const hidden = fn.params.find((p) => HIDDEN_HANDLES.has(p.type));
  if (hidden) return `its parameter ${hidden.name} (${hidden.type}) can hold handles`;
  if (HIDDEN_HANDLES.has(fn.returnType)) return `it returns ${fn.returnType}`;
  if (fn.returnType.replace(/\s+/g, '') === RAW_DATA_RETURN) return 'it returns raw data whose life is a handle\'s';
  return undefined;
}

function wrapper(fn: CtxFunction): string {
  const unwraps = fn.params
    .filter((p) => p.type === 'HPy')
    .map((p) => `    const HPy u_${p.name} = hpy_debug_unwrap(dt, dm, ${p.name}, ${fn.id});`);
  const args = ['ctx', ...fn.params.map((p) => (p.type === 'HPy' ? `u_${p.name}` : p.name))].join(', ');
  const call = `hpy_u_${fn.shortName}(${args})`;
  let body: string;
  if (fn.returnType === 'void') body = `    ${call};`;
  else if (fn.returnType === 'HPy') body = `    return hpy_debug_open(dt, dm, ${call});`;
  else body = `    return ${call};`;
  return `static ${cReturn(fn)}debug_${fn.shortName}(${cParams(fn)}) {
    [[maybe_unused]] DebugThread *dt = hpy_debug_enter(ctx, ${fn.id});
    [[maybe_unused]] const DebugModule *dm = hpy_debug_module(ctx);
${[...unwraps, body].join('\n')}
}`;
}

function overriddenNames(api: HpyApi, overrides: DebugOverride[]): Set<string> {
  const known = new Set(api.functions.map((f) => f.ctxName));
  const overridden = new Set<string>();
  for (const o of overrides) {
    if (!known.has(o.ctxName)) throw new Error(`debug-overrides.tsv names ${o.ctxName}, which is not in ctx-functions.tsv`);
    if (overridden.has(o.ctxName)) throw new Error(`debug-overrides.tsv lists ${o.ctxName} twice`);
    overridden.add(o.ctxName);
  }
  return overridden;
}

/** Declarations of the hand-written bodies, so the compiler checks them
 * against the table. */
export function debugOverrideDecls(api: HpyApi, overrides: DebugOverride[] = loadDebugOverrides()): Generator {
  return {
    path: 'native/src/debug/autogen_debug_overrides.h',
    generate() {
      const overridden = overriddenNames(api, overrides);
      const listed = api.functions.filter((fn) => overridden.has(fn.ctxName));
      const decls = listed.map((fn) => `${cReturn(fn)}hpy_debug_${fn.shortName}(${cParams(fn)});`);
      const ids = listed.map((fn) => `constexpr int kDebugFn_${fn.shortName} = ${fn.id};`);
      return `${banner('gen-debug-wrappers.ts', 'native/api/ctx-functions.tsv and debug-overrides.tsv')}
#pragma once
#include "hpy.h"

/* Hand-written debug bodies (debug_overrides.cc), one per row of native/api/debug-overrides.tsv. */
${decls.join('\n')}

/* Their function ids, for messages. */
${ids.join('\n')}
`;
    },
  };
}

export function debugWrappers(api: HpyApi, overrides: DebugOverride[] = loadDebugOverrides()): Generator {
  return {
    path: 'native/src/debug/autogen_debug_wrappers.cc',
    generate() {
      const overridden = overriddenNames(api, overrides);
      const bodies: string[] = [];
      for (const fn of api.functions) {
        if (overridden.has(fn.ctxName)) continue;
        const why = needsOverride(fn);
        if (why) throw new Error(`${fn.ctxName}: ${why}; write its debug body by hand and list it in native/api/debug-overrides.tsv`);
        bodies.push(wrapper(fn));
      }
      const install = api.functions.map(
        (fn) => `    ctx->${fn.ctxName} = ${overridden.has(fn.ctxName) ? 'hpy_debug_' : 'debug_'}${fn.shortName};`,
      );
      return `${banner('gen-debug-wrappers.ts', 'native/api/ctx-functions.tsv and debug-overrides.tsv')}
#include "../universal/autogen_universal.h"
#include "autogen_debug_overrides.h"
#include "debug_hot.h"

void hpy_debug_install_wrappers(HPyContext *ctx);

${bodies.join('\n\n')}

void hpy_debug_install_wrappers(HPyContext *ctx) {
${install.join('\n')}
}
`;
    },
  };
}
