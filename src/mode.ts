// Which context a module gets: the `mode` option, else the HPY environment
// variable, read at load time with HPy's grammar:
//   HPY := MODE | NAME (':' | '=') MODE { ',' NAME (':' | '=') MODE }
//   MODE := 'universal' | 'debug' | 'trace' | 'debug+trace'
// Names match whole module names (HPy matches prefixes). A module the value
// does not name loads in universal mode (HPy would fail its import).
// debug+trace (or trace+debug), which HPy does not have, counts and times
// every call of a module in debug mode: trace wraps debug wraps universal.
import { accepts, check } from './args';

export type Mode = 'universal' | 'debug' | 'trace';
export const MODES: readonly Mode[] = ['universal', 'debug', 'trace'];
/** The context a module gets: one mode, or debug and trace together. */
export type ModeChoice = Mode | 'debug+trace';

/** The choice that a list of modes makes; undefined when they do not
 * combine (only debug and trace do). */
export function combineModes(modes: readonly Mode[]): ModeChoice | undefined {
  const set = new Set(modes);
  if (set.size === 1) return modes[0];
  if (set.size === 2 && set.has('debug') && set.has('trace')) return 'debug+trace';
  return undefined;
}

export interface HpyEnv {
  /** Mode for every module, when HPY is a bare mode. */
  all?: ModeChoice;
  /** Per-module modes. */
  modules: Map<string, ModeChoice>;
}

function parseModeWord(word: string, entry: string, value: string): ModeChoice {
  const words = word.split('+');
  const combined = words.every((w) => (MODES as readonly string[]).includes(w)) ? combineModes(words as Mode[]) : undefined;
  if (combined) return combined;
  if (words.length > 1) {
    throw new Error(
      `invalid HPY=${JSON.stringify(value)}: entry ${JSON.stringify(entry)} combines modes ${JSON.stringify(word)}; ` +
        `only debug and trace combine (HPY=debug+trace or HPY=mymodule:debug+trace)`,
    );
  }
  throw new Error(
    `invalid HPY=${JSON.stringify(value)}: entry ${JSON.stringify(entry)} has mode ${JSON.stringify(word)}; ` +
      `the mode must be one of ${MODES.join(', ')} (for example HPY=trace or HPY=mymodule:trace,other:universal)`,
  );
}

/** Parses the value of HPY. Throws an Error naming the bad entry. */
export function parseHpyEnv(value: string | undefined): HpyEnv {
  if (value !== undefined) check('parseHpyEnv', 'value', value, { what: 'the value of HPY (a string) or undefined', test: accepts.string.test });
  const modules = new Map<string, ModeChoice>();
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
export function modeFromEnv(name: string, value: string | undefined): ModeChoice {
  const env = parseHpyEnv(value);
  return env.all ?? env.modules.get(name) ?? 'universal';
}
