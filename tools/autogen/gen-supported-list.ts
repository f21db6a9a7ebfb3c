// docs/compatibility.md, the part of "What is supported" between the autogen
// markers: which context functions hpy-node implements, from the provided_by
// column, so the documentation cannot drift from the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HpyApi, Generator, CtxFunction } from './index-types';

const BEGIN = '<!-- autogen:supported (tools/autogen/gen-supported-list.ts; npm run autogen) -->';
const END = '<!-- /autogen:supported -->';
const PAGE = 'docs/compatibility.md';

function names(fns: CtxFunction[]): string {
  return fns.map((f) => `\`${f.publicName}\``).join(', ');
}

export function supportedList(api: HpyApi, root: string): Generator {
  return {
    path: PAGE,
    generate() {
      const readme = readFileSync(join(root, PAGE), 'utf8');
      const start = readme.indexOf(BEGIN);
      const end = readme.indexOf(END);
      if (start < 0 || end < start) throw new Error(`${PAGE} lacks the markers ${BEGIN} ... ${END}`);
      const by = (kind: string) => api.functions.filter((f) => f.provider.kind === kind);
      const unsupported = by('unsupported');
      const implemented = api.functions.length - unsupported.length;
      const text = `${BEGIN}
${implemented} of the ${api.functions.length} context functions are implemented:
${by('native').length} natively in \`native/src/universal/\` and ${by('js').length} by forwarding
to a JavaScript helper. Not implemented yet (${unsupported.length}): ${names(unsupported)}.

<details><summary>Every implemented function</summary>

${names(api.functions.filter((f) => f.provider.kind !== 'unsupported'))}

</details>
${END}`;
      return readme.slice(0, start) + text + readme.slice(end + END.length);
    },
  };
}
