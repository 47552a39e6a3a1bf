// An xterm.js terminal in the console colours of Windows (cmd.exe's grey on black; WinDbg's Command window uses
// the same component), sized to its element.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';

export function createTerminal(el: HTMLElement, opts: { background?: string; foreground?: string } = {}): { term: Terminal; dispose(): void } {
  const term = new Terminal({
    fontFamily: "Consolas, 'Cascadia Mono', 'DejaVu Sans Mono', monospace", fontSize: 13, cursorBlink: true, convertEol: false,
    scrollback: 5000, theme: { background: opts.background ?? '#0c0c0c', foreground: opts.foreground ?? '#cccccc', cursor: '#cccccc' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(el);
  const refit = () => { try { fit.fit(); } catch { /* hidden: no size yet */ } };
  refit();
  const ro = new ResizeObserver(refit);
  ro.observe(el);
  return { term, dispose: () => { ro.disconnect(); term.dispose(); } };
}

/**
 * A line editor over a terminal for programs that read whole lines (cmd.exe's console, kd>): typed characters are
 * shown here, Backspace edits, Up/Down walk the history, Tab asks for completions; Enter hands the line over.
 */
export class LineEditor {
  line = '';
  private history: string[] = [];
  private at = 0;
  constructor(private readonly term: Terminal, private readonly submit: (line: string) => void,
    private readonly complete?: (line: string) => Promise<string[]>) {
    term.onData((d) => this.input(d));
  }
  private replace(text: string): void {
    this.term.write('\b \b'.repeat(this.line.length));
    this.line = text;
    this.term.write(text);
  }
  /** A whole line handed over as if typed and entered (it goes to the history too). */
  submitLine(l: string): void {
    if (l.trim() && this.history.at(-1) !== l) this.history.push(l);
    this.at = this.history.length;
    this.submit(l);
  }
  private input(d: string): void {
    if (d === '\r') {
      const l = this.line;
      this.term.write('\b \b'.repeat(l.length)); // the program echoes the line it reads
      this.line = '';
      if (l.trim() && this.history.at(-1) !== l) this.history.push(l);
      this.at = this.history.length;
      this.submit(l);
      return;
    }
    // Ctrl+C: the line being typed is dropped and the program is told (cmd.exe stops what runs).
    if (d === '\x03' && this.onInterrupt) { this.term.write('\b \b'.repeat(this.line.length)); this.line = ''; this.onInterrupt(); return; }
    if (d === '\x7f' || d === '\b') { if (this.line) { this.line = this.line.slice(0, -1); this.term.write('\b \b'); } return; }
    if (d === '\x1b[A') { if (this.at > 0) this.replace(this.history[--this.at]!); return; }
    if (d === '\x1b[B') { if (this.at < this.history.length) { this.at++; this.replace(this.history[this.at] ?? ''); } return; }
    if (d === '\t' && this.complete) {
      void this.complete(this.line).then((items) => {
        if (!items.length) return;
        const word = /[^\s]*$/.exec(this.line)?.[0] ?? '';
        const prefix = items.reduce((p, x) => { let i = 0; while (i < p.length && i < x.length && p[i]!.toLowerCase() === x[i]!.toLowerCase()) i++; return p.slice(0, i); });
        if (items.length === 1 || prefix.length > word.length) this.replace(this.line.slice(0, this.line.length - word.length) + (items.length === 1 ? items[0]! + (items[0]!.endsWith('!') ? '' : ' ') : prefix));
        else { const keep = this.line; this.term.write(`\r\n${items.slice(0, 60).join('  ')}\r\n`); this.line = ''; this.onReprompt?.(); this.replace(keep); }
      });
      return;
    }
    if (d.startsWith('\x1b')) return;
    const text = d.replace(/[\x00-\x1f]/g, '');
    this.line += text;
    this.term.write(text);
  }
  /** Ctrl+C typed (only consoles that take it set this). */
  onInterrupt?: () => void;
  /** Called when a completion list was printed and the prompt must be drawn again. */
  onReprompt?: () => void;
}
