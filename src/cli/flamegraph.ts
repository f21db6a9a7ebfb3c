// A flame graph of a pprof file as a standalone SVG: the stacks folded
// (one line per distinct stack, as Brendan Gregg's flamegraph.pl reads them)
// and drawn bottom-up, roots at the bottom, each frame as wide as its value.
// The pprof is decoded with pprof-format; nothing here knows hpy-node's
// stacks except the colours (by depth: module, entry, context function).
import { gunzipSync } from 'node:zlib';
import { requirePeer } from '../optional-peer';

/** Stack (root first, `;`-joined) to its value for one sample type. */
export function foldedStacks(pprof: Uint8Array, sampleType: string): Map<string, number> {
  const p = requirePeer('hpy-node profile --svg', 'pprof-format').Profile.decode(pprof[0] === 0x1f && pprof[1] === 0x8b ? gunzipSync(pprof) : pprof);
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)];
  const index = p.sampleType.findIndex((t) => str(t.type) === sampleType);
  if (index < 0) throw new Error(`the profile has no sample type ${sampleType} (it has ${p.sampleType.map((t) => str(t.type)).join(', ')})`);
  const fnName = new Map(p.function.map((f) => [Number(f.id), str(f.name)]));
  const locName = new Map(p.location.map((l) => [Number(l.id), l.line.map((line) => fnName.get(Number(line.functionId))).join(';')]));
  const out = new Map<string, number>();
  for (const s of p.sample) {
    const stack = s.locationId.map((id) => locName.get(Number(id))).reverse().join(';');
    out.set(stack, (out.get(stack) ?? 0) + Number(s.value[index]));
  }
  return out;
}

interface Node {
  name: string;
  value: number;
  children: Map<string, Node>;
}

function tree(folded: Map<string, number>): Node {
  const root: Node = { name: 'all', value: 0, children: new Map() };
  for (const [stack, value] of folded) {
    if (value <= 0) continue;
    root.value += value;
    let node = root;
    for (const name of stack.split(';')) {
      let child = node.children.get(name);
      if (!child) node.children.set(name, (child = { name, value: 0, children: new Map() }));
      child.value += value;
      node = child;
    }
  }
  return root;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Warm colours for the frames, cooler for the module below them; the hue
// varies with the name so neighbours differ, the same name the same colour.
function colour(name: string, depth: number): string {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const jitter = (h % 1000) / 1000;
  if (depth <= 1) return `hsl(${210 + jitter * 20}, 55%, ${62 + jitter * 10}%)`;
  if (depth === 2) return `hsl(${25 + jitter * 20}, 85%, ${58 + jitter * 10}%)`;
  return `hsl(${jitter * 15}, 80%, ${62 + jitter * 10}%)`;
}

export interface FlameGraphOptions {
  title: string;
  /** How a value reads in the tooltips: `ns` or `calls`. */
  unit: string;
  width?: number;
}

export function flameGraphSvg(folded: Map<string, number>, options: FlameGraphOptions): string {
  const width = options.width ?? 1200;
  const frameHeight = 18;
  const top = 34;
  const root = tree(folded);
  const depthOf = (n: Node): number => 1 + Math.max(0, ...[...n.children.values()].map(depthOf));
  const depth = depthOf(root);
  const height = top + depth * frameHeight + 10;
  const scale = root.value > 0 ? (width - 20) / root.value : 0;
  const rects: string[] = [];
  const draw = (node: Node, x: number, level: number) => {
    const w = node.value * scale;
    if (w < 0.3) return;
    const y = height - 10 - (level + 1) * frameHeight;
    const share = root.value > 0 ? ((100 * node.value) / root.value).toFixed(2) : '0';
    const label = w > 30 ? escape(node.name.slice(0, Math.floor((w - 6) / 7))) : '';
    rects.push(
      `<g><title>${escape(node.name)}: ${node.value.toLocaleString('en-US')} ${options.unit} (${share}%)</title>` +
        `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${frameHeight - 1}" rx="2" fill="${colour(node.name, level)}"/>` +
        (label ? `<text x="${(x + 3).toFixed(1)}" y="${y + 12.5}">${label}</text>` : '') +
        '</g>',
    );
    let cx = x;
    for (const child of [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      draw(child, cx, level + 1);
      cx += child.value * scale;
    }
  };
  draw(root, 10, 0);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Verdana, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fdfdf6"/>`,
    `<text x="${width / 2}" y="20" font-size="15" text-anchor="middle">${escape(options.title)}</text>`,
    ...rects,
    '</svg>',
    '',
  ].join('\n');
}
