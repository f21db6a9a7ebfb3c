// Where the demo's table goes: on a terminal each frame replaces the last in
// place (a live top view); into a pipe or a file frames are appended, so a
// log keeps every one of them.
export interface Output {
  isTTY?: boolean;
  write(text: string): unknown;
}

// ANSI: cursor to the start of the line N lines up; erase to the end of the screen.
const up = (lines: number) => `\x1b[${lines}F`;
const ERASE_BELOW = '\x1b[J';

export class Screen {
  private shownLines = 0;

  constructor(private readonly out: Output) {}

  show(frame: string): void {
    const text = frame.endsWith('\n') ? frame : `${frame}\n`;
    if (!this.out.isTTY) {
      this.out.write(`${this.shownLines > 0 ? '\n' : ''}${text}`);
      this.shownLines = 1;
      return;
    }
    this.out.write(`${this.shownLines > 0 ? up(this.shownLines) + ERASE_BELOW : ''}${text}`);
    this.shownLines = text.split('\n').length - 1;
  }
}
