// Trace counts compared as snapshots, as HPy's own tests do: which context
// functions a piece of code called, and how often.
import { CTX_NAMES, CallTable } from '../../src/trace/index';

/** The functions whose count changed from `before` to `after`, by how much. */
export function diff(before: CallTable, after: CallTable): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of CTX_NAMES) if (after[name] !== before[name]) out[name] = after[name] - before[name];
  return out;
}
