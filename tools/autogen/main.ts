// Regenerates every file derived from native/api/*.tsv (generated sources,
// name tables, the helper contract, the slot lists, and the support list in
// docs/compatibility.md).
//   tsx tools/autogen/main.ts            write into the repository
//   tsx tools/autogen/main.ts --out DIR  write into DIR (the staleness test)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadApi } from './api';
import { Generator, clangFormatOff } from './banner';
import { ctxStruct } from './gen-ctx-struct';
import { publicFunctions } from './gen-public-functions';
import { universalDecls, universalTable } from './gen-universal-table';
import { traceWrappers } from './gen-trace-wrappers';
import { debugOverrideDecls, debugWrappers } from './gen-debug-wrappers';
import { cNames, tsNames } from './gen-names';
import { cHelperIds, cHelperTables, tsHelperContract } from './gen-js-helpers';
import { handleConstants } from './gen-handle-constants';
import { supportedList } from './gen-supported-list';
import { loadSlots } from './slots';
import { hpySlotHeader, numberOperators, slotTable, tsSlotOperators } from './gen-type-slots';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export function allGenerators(): Generator[] {
  const api = loadApi();
  const slots = loadSlots();
  return [
    ctxStruct(api),
    publicFunctions(api),
    universalDecls(api),
    universalTable(api),
    traceWrappers(api),
    debugWrappers(api),
    debugOverrideDecls(api),
    cNames(api),
    tsNames(api),
    cHelperIds(api),
    cHelperTables(api),
    tsHelperContract(api),
    handleConstants(api),
    supportedList(api, REPO_ROOT),
    hpySlotHeader(slots),
    slotTable(slots),
    numberOperators(slots, api.functions),
    tsSlotOperators(slots),
  ].map(clangFormatOff);
}

function main(argv: string[]): void {
  const outIdx = argv.indexOf('--out');
  const root = outIdx >= 0 ? resolve(argv[outIdx + 1]) : REPO_ROOT;
  for (const g of allGenerators()) {
    const file = join(root, g.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, g.generate());
    console.log(`wrote ${g.path}`);
  }
}

if (require.main === module) main(process.argv.slice(2));
