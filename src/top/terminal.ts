// Where top draws. A terminal: the alternate screen, each frame drawn from
// the top-left corner over the last (no flicker, no scroll-back filled), and
// keys read one by one; the terminal is restored however top ends. Anything
// else (a pipe, a file): each frame appended as plain text, keys not read.

export interface Display {
  readonly tty: boolean;
  readonly width: number;
  readonly height: number | undefined;
  draw(lines: string[]): void;
  stop(): void;
}

const ENTER = '\x1b[?1049h\x1b[?25l'; // alternate screen, cursor hidden
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

export class TerminalDisplay implements Display {
  readonly tty = true;
  private last: string[] = [];
  private stopped = false;
  private readonly onData = (data: Buffer) => {
    for (const ch of data.toString('utf8')) this.onKey(ch);
  };
  private readonly onResize = () => this.draw(this.last);
  private readonly restore = () => this.stop();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly input: NodeJS.ReadStream,
    private readonly onKey: (key: string) => void,
  ) {
    out.write(ENTER);
    if (input.isTTY) input.setRawMode(true);
    input.on('data', this.onData);
    input.resume();
    out.on('resize', this.onResize);
    process.on('exit', this.restore);
  }

  get width(): number {
    return this.out.columns || 80;
  }

  get height(): number {
    return this.out.rows || 24;
  }

  draw(lines: string[]): void {
    this.last = lines;
    if (!this.stopped) this.out.write(HOME + lines.map((l) => l + CLEAR_LINE_END).join('\r\n') + CLEAR_BELOW);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.input.off('data', this.onData);
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
    this.out.off('resize', this.onResize);
    this.out.write(LEAVE);
  }
}

export class PlainDisplay implements Display {
  readonly tty = false;
  readonly height = undefined;
  private frames = 0;

  constructor(private readonly out: NodeJS.WritableStream) {}

  get width(): number {
    return 200;
  }

  draw(lines: string[]): void {
    this.out.write(`${this.frames++ > 0 ? '\n' : ''}${lines.join('\n')}\n`);
  }

  stop(): void {}
}

/** What a key does in top. */
export type KeyAction = 'quit' | 'entries' | 'functions' | 'switch' | 'sort';

const KEYS: Record<string, KeyAction> = {
  q: 'quit',
  Q: 'quit',
  '\x03': 'quit', // Ctrl-C in raw mode
  e: 'entries',
  f: 'functions',
  '\t': 'switch',
  s: 'sort',
};

export const keyAction = (key: string): KeyAction | undefined => KEYS[key];
