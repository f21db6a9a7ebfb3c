// `hpy-node top`: a live view of where traced HPy extensions spend their
// calls, from a command it starts (`-- node app.js`) or from a running
// process's endpoint (`--url`).
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCommandArgs, secondsOption, UsageError } from '../cli/command-args';
import { startTracedChild, type TracedChild } from '../cli/traced-child';
import { entryLines, functionLines } from './rates';
import { renderFrame, type SortKey, type View } from './render';
import type { Snapshot } from './snapshot';
import { keyAction, PlainDisplay, TerminalDisplay, type Display, type KeyAction } from './terminal';
import { metricsUrl, scrape } from './url-source';

export const TOP_USAGE = `usage: hpy-node top [options] -- COMMAND [ARGS...]
       hpy-node top [options] --url http://HOST:PORT/metrics

Shows, every interval, where traced HPy extensions spend their calls: per
entry (the extension's C function: mod.Type.nb_add, mod.func) its calls/s,
mean time, the share of it spent in HPy context calls and the context calls
it makes per call; or per context function. On a terminal the view is redrawn
in place and keys switch it; otherwise one plain table is printed per interval.

With -- COMMAND, top runs the command with HPY=trace (unless HPY is set) and
reads the Node processes it starts (they must load hpy-node from this
install). On a terminal the command's output goes to a log file (--log);
otherwise it is passed through. With --url, top reads the Prometheus endpoint
of a process started with hpy-node run or hpy-node/register: per context
function now, per entry when the endpoint exports hpy_extension_calls_total.

options:
  --url URL              watch a running process's metrics endpoint
  --interval SECONDS     time between frames (default 1)
  --view entries|functions
                         the first view (default: entries; with --url, entries
                         when the endpoint has them, else functions)
  --log FILE             on a terminal, where the command's output goes
                         (default: a file in the temp folder, named on screen)
  -n, --iterations N     stop after N frames (with --, stops the command too)
  -h, --help             this help

keys: e entries, f context functions, Tab switch, s sort by time or calls, q quit`;

interface TopValues {
  url?: string;
  interval?: string;
  view?: string;
  log?: string;
  iterations?: string;
  help?: boolean;
}

interface TopOptions {
  intervalMs: number;
  view?: View;
  log?: string;
  iterations?: number;
}

function parseTop(args: string[]): { url?: URL; command?: string[]; options: TopOptions } | 'help' {
  const { values, command } = parseCommandArgs<TopValues>('top', args, {
    url: { type: 'string' },
    interval: { type: 'string' },
    view: { type: 'string' },
    log: { type: 'string' },
    iterations: { type: 'string', short: 'n' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const intervalMs = secondsOption('top', '--interval', values.interval, 1) * 1000;
  if (values.view !== undefined && values.view !== 'entries' && values.view !== 'functions') {
    throw new UsageError(`hpy-node top: --view must be entries or functions, got ${JSON.stringify(values.view)}`);
  }
  let iterations: number | undefined;
  if (values.iterations !== undefined) {
    iterations = Number(values.iterations);
    if (!Number.isInteger(iterations) || iterations < 1) throw new UsageError(`hpy-node top: --iterations needs a whole number of frames (1 or more), got ${JSON.stringify(values.iterations)}`);
  }
  const options = { intervalMs, view: values.view as View | undefined, log: values.log, iterations };
  if (values.url !== undefined && command !== undefined) throw new UsageError('hpy-node top: give either --url or a command after --, not both');
  if (values.url !== undefined) {
    try {
      return { url: metricsUrl(values.url), options };
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  if (command === undefined) throw new UsageError('hpy-node top: give the command to watch after -- (hpy-node top -- node app.js), or a running process\'s endpoint with --url http://127.0.0.1:9464/metrics');
  if (command.length === 0) throw new UsageError('hpy-node top: give the command to run after --, as in: hpy-node top -- node app.js');
  if (values.log !== undefined && values.log === '') throw new UsageError('hpy-node top: --log needs a file name');
  return { command, options };
}

// What a frame is drawn from; the loop around it belongs to each mode.
class TopState {
  view: View;
  sort: SortKey = 'time';
  prev: Snapshot | undefined;
  cur: Snapshot | undefined;
  status: string[] = [];
  frames = 0;

  constructor(
    readonly display: Display,
    readonly source: string,
    view: View | undefined,
  ) {
    this.view = view ?? 'entries';
  }

  push(snapshot: Snapshot): void {
    this.prev = this.cur;
    this.cur = snapshot;
  }

  key(action: KeyAction): void {
    if (action === 'entries' || action === 'functions') this.view = action;
    else if (action === 'switch') this.view = this.view === 'entries' ? 'functions' : 'entries';
    else if (action === 'sort') this.sort = this.sort === 'time' ? 'calls' : 'time';
  }

  draw(): void {
    const cur = this.cur ?? { atMs: Date.now(), functions: [] };
    this.display.draw(
      renderFrame({
        source: this.source,
        view: this.view,
        sort: this.sort,
        entries: entryLines(this.prev, cur),
        functions: functionLines(this.prev, cur),
        status: this.status,
        atMs: cur.atMs,
        keys: this.display.tty,
        width: this.display.width,
        height: this.display.height,
      }),
    );
  }
}

function display(onKey: (action: KeyAction) => void): Display {
  if (!process.stdout.isTTY) return new PlainDisplay(process.stdout);
  return new TerminalDisplay(process.stdout, process.stdin, (key) => {
    const action = keyAction(key);
    if (action) onKey(action);
  });
}

async function watchCommand(command: string[], options: TopOptions): Promise<number> {
  let quit: () => void = () => {};
  let state: TopState | undefined;
  const screen = display((action) => (action === 'quit' ? quit() : (state!.key(action), state!.draw())));
  const log = screen.tty ? resolve(options.log ?? join(tmpdir(), `hpy-node-top-${process.pid}.log`)) : undefined;
  let logFd: number | undefined;
  if (log !== undefined) {
    try {
      logFd = openSync(log, 'a');
    } catch (err) {
      screen.stop();
      throw new UsageError(`hpy-node top: cannot write the command's output to ${log}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; give another file with --log`);
    }
  }
  const child: TracedChild = startTracedChild(command, { stdio: logFd === undefined ? 'inherit' : ['ignore', logFd, logFd], intervalMs: options.intervalMs });
  if (logFd !== undefined) closeSync(logFd); // the command has its own copy
  state = new TopState(screen, command.join(' '), options.view);
  const s = state;
  s.cur = { atMs: child.startMs, entries: [], functions: [] }; // nothing before the start
  let result: { code: number | null; signal: NodeJS.Signals | null; error?: Error } | undefined;
  const describe = () => {
    const lines: string[] = [];
    if (result?.error) lines.push(`cannot start ${command[0]}: ${(result.error as NodeJS.ErrnoException).code ?? result.error.message}`);
    else if (result) lines.push(`the command exited (${result.signal ? `signal ${result.signal}` : `code ${result.code}`})${screen.tty ? ': q quits' : ''}`);
    else lines.push(`pid ${child.child.pid}${log ? `, output in ${log}` : ''}`);
    if (!result?.error && child.processes() === 0) lines.push('no traced HPy module has reported yet (the command must load hpy-node from this install)');
    return lines;
  };
  return new Promise<number>((done) => {
    let finished = false;
    const finish = async (code: number) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      if (!result) {
        child.child.kill('SIGTERM');
        const killer = setTimeout(() => child.child.kill('SIGKILL'), 3000);
        await child.exited;
        clearTimeout(killer);
      }
      screen.stop();
      child.cleanup();
      done(code);
    };
    quit = () => void finish(0);
    const frame = () => {
      s.status = describe();
      s.draw();
      s.frames++;
      if (options.iterations !== undefined && s.frames >= options.iterations) void finish(0);
    };
    // Reports arrive every interval from each process; a frame is drawn when
    // a report newer by (about) an interval is there, so rates divide by the
    // reporter's own clock, not by when top happened to look.
    const timer = setInterval(() => {
      const snap = child.snapshot();
      if (snap.atMs - s.cur!.atMs >= options.intervalMs * 0.9) {
        s.push(snap);
        frame();
      }
    }, Math.min(100, options.intervalMs / 4));
    void child.exited.then((r) => {
      result = r;
      if (finished) return;
      // The exit report is the last word: one more frame with it.
      const snap = child.snapshot();
      if (snap.atMs > s.cur!.atMs) s.push(snap);
      frame();
      if (!screen.tty) void finish(r.error ? 127 : (r.code ?? 1));
    });
    process.once('SIGTERM', quit);
    process.once('SIGHUP', quit);
    // Not on a terminal, Ctrl-C reaches the command too: wait for it to exit.
    process.once('SIGINT', () => (screen.tty ? quit() : undefined));
  });
}

async function watchUrl(url: URL, options: TopOptions): Promise<number> {
  let state: TopState | undefined;
  let quit: () => void = () => {};
  const screen = display((action) => (action === 'quit' ? quit() : (state!.key(action), state!.draw())));
  state = new TopState(screen, url.href, options.view);
  const s = state;
  s.status = [`reading ${url.href} ...`];
  let chosenView = options.view !== undefined;
  let lastFailed = false;
  return new Promise<number>((done) => {
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      screen.stop();
      done(code);
    };
    quit = () => finish(lastFailed ? 1 : 0);
    const tick = async () => {
      try {
        const snap = await scrape(url, Math.max(2000, options.intervalMs));
        if (!chosenView) {
          s.view = snap.entries ? 'entries' : 'functions';
          chosenView = true;
        }
        s.push(snap);
        s.status = s.prev ? [] : ['first scrape: rates from the next one on'];
        lastFailed = false;
      } catch (err) {
        s.status = [(err as Error).message];
        if (!screen.tty) process.stderr.write(`hpy-node top: ${(err as Error).message}\n`);
        lastFailed = true;
      }
      if (finished) return;
      if (screen.tty || !lastFailed) s.draw();
      s.frames++;
      if (options.iterations !== undefined && s.frames >= options.iterations) return quit();
      timer = setTimeout(() => void tick(), options.intervalMs);
    };
    process.once('SIGTERM', quit);
    process.once('SIGINT', quit);
    void tick();
  });
}

export async function top(args: string[]): Promise<number> {
  const parsed = parseTop(args);
  if (parsed === 'help') {
    console.log(TOP_USAGE);
    return 0;
  }
  return parsed.url ? watchUrl(parsed.url, parsed.options) : watchCommand(parsed.command!, parsed.options);
}
