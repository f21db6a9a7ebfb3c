// Reading `hpy-node top`'s tables back: frames split at their header line,
// rows split into columns (columns are at least two spaces apart; values
// such as "353 ns" have one).

export interface TopFrame {
  header: string;
  /** Lines between the header and the table. */
  status: string[];
  /** Rows by their first column (entry or function name; for functions,
   * module-qualified as `module:function`). */
  rows: Map<string, string[]>;
  titles: string[];
}

export function topFrames(text: string): TopFrame[] {
  const frames: TopFrame[] = [];
  let current: TopFrame | undefined;
  let inTable = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('hpy-node top  ')) {
      frames.push((current = { header: line, status: [], rows: new Map(), titles: [] }));
      inTable = false;
      continue;
    }
    if (!current) continue;
    const cells = line.trim().split(/\s{2,}/);
    if (/^(ENTRY|FUNCTION)\s/.test(line)) {
      current.titles = cells;
      inTable = true;
    } else if (inTable && line.trim() !== '') {
      current.rows.set(current.titles[0] === 'FUNCTION' ? `${cells[1]}:${cells[0]}` : cells[0], cells);
    } else if (!inTable && line.trim() !== '') {
      current.status.push(line);
    }
  }
  return frames;
}

/** A row's cell by its column title. */
export function cell(frame: TopFrame, row: string, title: string): string {
  const cells = frame.rows.get(row);
  if (!cells) throw new Error(`no row ${row} in the frame: ${[...frame.rows.keys()].join(', ')}`);
  const i = frame.titles.indexOf(title);
  if (i < 0) throw new Error(`no column ${title}: ${frame.titles.join(', ')}`);
  return cells[i];
}
