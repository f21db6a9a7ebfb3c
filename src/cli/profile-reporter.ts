// Preloaded (NODE_OPTIONS=--require) into the processes `hpy-node top --`
// and `hpy-node profile --` start: writes get_profile() to
// $HPY_NODE_REPORT_DIR/<pid>.json every $HPY_NODE_REPORT_INTERVAL_MS and at
// exit. A file, not a pipe or IPC: the exit handler must finish
// synchronously, and every Node process of the command (npm, its script,
// the children of either) reports without being the direct child.
// It reads only this copy of hpy-node's store, and only once the
// application has loaded hpy-node: a process that never does (npm itself)
// does not load the addon because of us.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.HPY_NODE_REPORT_DIR;
const intervalMs = Number(process.env.HPY_NODE_REPORT_INTERVAL_MS) || 1000;
const NATIVE = require.resolve('../native');

/** What one process reports. */
export interface Report {
  pid: number;
  atMs: number;
  rows: import('../trace/profile').ProfileRow[];
}

function report(): void {
  if (!dir || !require.cache[NATIVE]) return;
  try {
    const { get_profile } = require('../trace/profile') as typeof import('../trace/profile');
    const body: Report = { pid: process.pid, atMs: Date.now(), rows: get_profile() };
    const file = join(dir, `${process.pid}.json`);
    // Written whole, then renamed: the reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(body));
    renameSync(`${file}.tmp`, file);
  } catch {
    // The command went away (its folder removed) or the store is not
    // readable: the application must not fail because it is watched.
  }
}

// Workers share the process's store: the main thread reports for them.
if (dir && isMainThread) {
  setInterval(report, intervalMs).unref();
  process.on('exit', report);
}
