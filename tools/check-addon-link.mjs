#!/usr/bin/env node
// Build step after linking the addon: fails when the addon needs a symbol of
// its own that no object file defines. A Node addon is linked with undefined
// symbols allowed (napi_* come from the node binary at load time), so a
// context function that native/api/ctx-functions.tsv marks `native` but that
// nobody wrote would otherwise link cleanly and fail only when loaded.
//   node tools/check-addon-link.mjs build/Release/hpy_node.node STAMP
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [addon, stamp] = process.argv.slice(2);
let listing;
try {
  listing = execFileSync('nm', ['-D', '--undefined-only', '-C', addon], { encoding: 'utf8' });
} catch (err) {
  console.error(`check-addon-link: cannot list the symbols of ${addon} with nm (binutils): ${err.message}`);
  process.exit(1);
}
// Our code is all in the addon: any undefined symbol that names hpy is ours.
const missing = listing
  .split('\n')
  .map((line) => line.trim().replace(/^U\s+/, ''))
  .filter((sym) => /hpy/i.test(sym));
if (missing.length > 0) {
  console.error(`check-addon-link: ${addon} uses symbols that no source file defines:`);
  for (const sym of missing) {
    const impl = /^hpy_u_(\w+)\(/.exec(sym);
    console.error(`  ${sym}${impl ? `: native/api/ctx-functions.tsv says ctx_${impl[1]} is provided natively; write it in native/src/universal/ with exactly the declared signature, or change its provided_by` : ''}`);
  }
  process.exit(1);
}
writeFileSync(stamp, 'ok\n');
