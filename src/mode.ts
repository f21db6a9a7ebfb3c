// Which context a module gets: the `mode` option, else the HPY environment
// variable, read at load time with HPy's grammar:
//   HPY := MODE | NAME (':' | '=') MODE { ',' NAME (':' | '=') MODE }
//   MODE := 'universal' | 'debug' | 'trace'
// Names match whole module names (HPy matches prefixes). A module the value
// does not name loads in universal mode (HPy would fail its import).
import { accepts, check } from './args';

export type Mode = 'universal' | 'debug' | 'trace';
export const MODES: readonly Mode[] = ['universal', 'debug', 'trace'];

export interface HpyEnv {
  /** Mode for every module, when HPY is a bare mode. */
  all?: Mode;
  /** Per-module modes. */
  modules: Map<string, Mode>;
}

function parseModeWord(word: string, entry: string, value: string): Mode {
  if ((MODES as readonly string[]).includes(word)) return word as Mode;
  throw new Error(
    `invalid HPY=${JSON.stringify(value)}: entry ${JSON.stringify(entry)} has mode ${JSON.stringify(word)}; ` +
      `the mode must be one of ${MODES.join(', ')} (for example HPY=trace or HPY=mymodule:trace,other:universal)`,
  );
}

/** Parses the value of HPY. Throws an Error naming the bad entry. */
export function parseHpyEnv(value: string | undefined): HpyEnv {
  if (value !== undefined) check('parseHpyEnv', 'value', value, { what: 'the value of HPY (a string) or undefined', test: accepts.string.test });
  const modules = new Map<string, Mode>();
  const text = (value ?? '').trim();
  if (text === '') return { modules };
  if (!/[:=,]/.test(text)) return { all: parseModeWord(text, text, text), modules };
  const entries = new Map<string, string>();
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const m = /^([^:=\s]+)\s*[:=]\s*(\S+)$/.exec(entry);
    if (!m) {
      throw new Error(
        `invalid HPY=${JSON.stringify(text)}: entry ${JSON.stringify(entry)} is not NAME:MODE; ` +
          `write a bare mode (HPY=trace) or a comma-separated list of module:mode pairs (HPY=snippets:trace,other:universal)`,
      );
    }
    const [, name, word] = m;
    const mode = parseModeWord(word, entry, text);
    // Two different modes for one module: which one was meant is not ours to guess.
    const earlier = entries.get(name);
    if (earlier !== undefined && modules.get(name) !== mode) {
      throw new Error(
        `invalid HPY=${JSON.stringify(text)}: entries ${JSON.stringify(earlier)} and ${JSON.stringify(entry)} give module ${JSON.stringify(name)} ` +
          `two modes; keep one of them (the mode must be one of ${MODES.join(', ')})`,
      );
    }
    entries.set(name, entry);
    modules.set(name, mode);
  }
  return { modules };
}

/** The mode for module `name` under HPY=`value`. */
export function modeFromEnv(name: string, value: string | undefined): Mode {
  const env = parseHpyEnv(value);
  return env.all ?? env.modules.get(name) ?? 'universal';
}
