// The suite's figures: per HPy test file, how many modules build and load,
// and the reasons for the rest, grouped.
import { REFUSED_BY_HPY } from './expected';
import { MODES, ModuleResult } from './load-modules';

// Why a module does not build or load, from the compiler's or loader's words.
// The CPython API first: a module that includes Python.h also names types.
const REASONS: Array<[string, RegExp]> = [
  ['uses the CPython API (refused by design)', /Python\.h|HPy_AsPyObject|HPy_FromPyObject|legacy_methods|legacy slot/i],
  ['a type feature hpy-node lacks (shapes other than Object, ...)', /belong to types|HPyType_|ctx_Type_|ctx_New\b|ctx_Field_|HPy_New\b|HPyField|HPyDef_MEMBER|HPyDef_GET|HPyDef_SET|HPy_TPFLAGS|HPyMember_|AsStruct|HPy_tp_|HPy_nb_|HPy_sq_|HPy_mp_|_HELPERS\b|HPyDef_CALL_FUNCTION/],
  ["imports a Python module (a Python-only concept)", /No module named '[a-z_.]+'/],
];

export function reasonOf(message: string): string {
  for (const [reason, re] of REASONS) if (re.test(message)) return reason;
  const line = message.split('\n').find((l) => /error/.test(l)) ?? message.split('\n')[0];
  return `other: ${line.replace(/^.*?error: /, '').slice(0, 160)}`;
}

// A module works when it builds and loads in every mode, or when HPy refuses
// it on purpose and hpy-node refuses it (to build, or to load in every mode)
// with the same error.
export function works(r: ModuleResult, mode?: (typeof MODES)[number]): boolean {
  const expected = REFUSED_BY_HPY[r.test];
  if (expected && r.buildError) return expected.test(r.buildError);
  const modes = mode ? [mode] : MODES;
  return modes.every((m) => {
    const l = r.load[m];
    if (expected) return l !== undefined && !l.ok && expected.test(l.detail);
    return l?.ok === true;
  });
}

function failures(r: ModuleResult): string | undefined {
  if (works(r)) return undefined;
  if (r.buildError) return reasonOf(r.buildError);
  for (const mode of MODES) {
    const l = r.load[mode];
    if (l && !l.ok) return `${reasonOf(l.detail)}${mode === 'universal' ? '' : ` (in ${mode} mode)`}`;
    if (l && REFUSED_BY_HPY[r.test]) return 'other: loads, but HPy refuses this module';
  }
  return undefined;
}

export function report(results: ModuleResult[]): string {
  const byFile = new Map<string, ModuleResult[]>();
  for (const r of results) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const lines = [
    `| HPy 0.9.0 test file | modules | build | ${MODES.map((m) => `loads (${m})`).join(' | ')} | the rest, and why |`,
    `|---|---|---|${MODES.map(() => '---|').join('')}---|`,
  ];
  const totals = { modules: 0, built: 0, loads: MODES.map(() => 0) };
  const allReasons = new Map<string, number>();
  for (const [file, rs] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const built = rs.filter((r) => r.so).length;
    const loads = MODES.map((m) => rs.filter((r) => works(r, m)).length);
    const reasons = new Map<string, number>();
    for (const r of rs) {
      const why = failures(r);
      if (why) {
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
        allReasons.set(why, (allReasons.get(why) ?? 0) + 1);
      }
    }
    const why = [...reasons].map(([w, n]) => `${n}: ${w}`).join('; ');
    lines.push(`| ${file} | ${rs.length} | ${built} | ${loads.join(' | ')} | ${why} |`);
    totals.modules += rs.length;
    totals.built += built;
    loads.forEach((n, i) => (totals.loads[i] += n));
  }
  lines.push(`| **all** | ${totals.modules} | ${totals.built} | ${totals.loads.join(' | ')} | |`);
  lines.push('', 'A module counts as loading when its HPyInit and exec slots ran, or, for the few modules HPy refuses on purpose (their test checks the error), when hpy-node refuses it with the same error.');
  lines.push('', 'Reasons over all files:');
  for (const [w, n] of [...allReasons].sort((a, b) => b[1] - a[1])) lines.push(`- ${n}: ${w}`);
  return `${lines.join('\n')}\n`;
}
