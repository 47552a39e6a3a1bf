// The target's console (one per machine, the command prompt's window): text out to whoever shows it (the lab
// engine's terminal, `driverlab play`'s `<TargetName>>` console, tests) and lines in from the keyboard. A line
// goes to a program that is reading the console (ReadConsole, ReadFile on stdin, getchar), else to the shell
// when it is ready for a command; lines typed while neither is ready wait, as a real console's input buffer does.
export type ConsoleListener = (text: string) => void;

export class Console {
  /** Everything written since the last `cls`, with CR LF line ends (scrollback; tests read it). */
  text = '';
  private readonly listeners: ConsoleListener[] = [];
  private readonly typed: string[] = [];
  private readonly readers: { alive(): boolean; take(line: string): void }[] = [];
  /** The shell: asked whether it takes a command now, given the command, and told of Ctrl+C. */
  shell?: { ready(): boolean; command(line: string): void; interrupt?(): void };

  /** Subscribe to output; returns the unsubscribe function. */
  onOutput(fn: ConsoleListener): () => void {
    this.listeners.push(fn);
    return () => { const i = this.listeners.indexOf(fn); if (i >= 0) this.listeners.splice(i, 1); };
  }

  /** Text a program or the shell writes; a bare LF becomes CR LF as the console shows it. */
  write(text: string): void {
    if (!text) return;
    const out = text.replace(/\r?\n/g, '\r\n');
    this.text += out;
    for (const l of this.listeners) l(out);
  }

  /** cls: the screen clears (an ANSI clear + home for terminals). */
  clear(): void {
    this.text = '';
    for (const l of this.listeners) l('\x1b[2J\x1b[H');
  }

  /** A line typed at the keyboard (without its line end). Call between processor slices, never from a routine. */
  input(line: string): void {
    this.typed.push(line);
    this.pump();
  }

  /** Ctrl+C: lines typed ahead are dropped and the shell stops what runs (call between processor slices). */
  interrupt(): void {
    this.typed.length = 0;
    this.shell?.interrupt?.();
  }

  /** A program waits for the next line (cooked mode: the line is echoed when it is taken). */
  readLine(reader: { alive(): boolean; take(line: string): void }): void {
    this.readers.push(reader);
    this.pump();
  }

  /** Deliver typed lines to readers first, then to a ready shell. */
  pump(): void {
    while (this.typed.length) {
      while (this.readers.length && !this.readers[0]!.alive()) this.readers.shift();
      const reader = this.readers.shift();
      if (reader) { const line = this.typed.shift()!; this.write(line + '\n'); reader.take(line); continue; }
      if (this.shell?.ready()) { const line = this.typed.shift()!; this.write(line + '\n'); this.shell.command(line); continue; }
      break;
    }
  }

  /** Whether a program is blocked reading the console. */
  get reading(): boolean { return this.readers.some((r) => r.alive()); }
}
