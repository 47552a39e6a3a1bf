// cmd.exe: the target's command prompt. It runs as a process of its own (tasklist shows cmd.exe) whose logic is
// written in TypeScript: it takes a line from the console, expands %VARIABLES%, parses it (parse.ts: `&`, `&&`,
// `||`, `|`, redirections), runs each built-in command (one file per command in this folder) or starts a program
// found in the current directory or on PATH, waits for it and keeps its exit code in %ERRORLEVEL%, then prints the prompt again.
// A built-in that waits on the machine (ping's echo requests) returns a promise: cmd takes no new line until it
// settles, exactly as while a program runs.
// Input must be given between processor slices (Console.input), never from inside a running routine.
import { FsError, type Disk } from '../../../main/machine/devices/disk.ts';
import type { Console } from '../console.ts';
import type { UserMode } from '../usermode.ts';
import type { UserProcess } from '../process.ts';
import { splitCommandLine } from '../usermode.ts';
import { commands } from './commands.ts';
import { parseCommandLine, type Step } from './parse.ts';

/** What a command gets: the shell's state and a way to print. */
export interface Shell {
  readonly um: UserMode;
  readonly console: Console;
  readonly disk?: Disk;
  cwd: string;
  readonly env: Map<string, string>;
  readonly pid: number;
  out(text: string): void;
  /** Aborted when Ctrl+C stops the running command (a built-in that finishes later watches it). */
  readonly signal: AbortSignal;
  /** A path made absolute against the current directory (C:\... form). */
  full(path: string): string;
  /** The system message text for a Win32 error. */
  message(error: number): string;
}

/**
 * A built-in command: its exit code (what %ERRORLEVEL% becomes), or a promise of it for a command that finishes
 * later (its output may come in pieces meanwhile). `raw` is the argument text as typed.
 */
export type Command = (sh: Shell, args: string[], raw: string) => number | Promise<number>;

export class CommandPrompt implements Shell {
  readonly console: Console;
  readonly disk?: Disk;
  cwd: string;
  readonly env: Map<string, string>;
  readonly pid: number;
  errorLevel = 0;
  /** The program cmd is waiting for, if any. */
  child?: UserProcess;
  /** A built-in still running (it returned a promise). */
  private pending?: Promise<number>;
  private abort = new AbortController();
  /** Where a built-in's output goes instead of the console: a file, or nowhere (path unset) for a pipe. */
  private sink?: { path?: string; text: string };

  constructor(readonly um: UserMode, o: { console?: Console } = {}) {
    this.console = o.console ?? um.console;
    this.disk = um.disk;
    this.cwd = `C:\\Users\\${um.userName}`;
    this.env = new Map(um.defaultEnvironment());
    this.pid = um.k.ps.createProcess('cmd.exe', 4).record.pid;
    this.console.shell = { ready: () => !this.busy, command: (line) => this.command(line), interrupt: () => this.interrupt() };
  }

  get signal(): AbortSignal { return this.abort.signal; }

  /**
   * Ctrl+C: a waiting built-in is told (it prints what it prints and finishes); a program ends with
   * STATUS_CONTROL_C_EXIT; at an idle prompt cmd shows ^C and a new prompt.
   */
  interrupt(): void {
    if (this.pending) { this.abort.abort(); return; }
    if (this.child) { this.console.write('^C'); this.um.terminate(this.child, this.um.c('STATUS_CONTROL_C_EXIT')); return; }
    this.console.write('^C\n');
    this.prompt();
  }

  /** A program or a built-in is still running: the next line waits. */
  get busy(): boolean { return !!this.child || !!this.pending; }

  /** The banner and the first prompt, as a new console window shows them. */
  start(): void {
    const v = this.um.osVersion;
    this.console.write(`Microsoft Windows [Version ${v.major}.${v.minor}.${v.build}.${v.revision}]\n(c) Microsoft Corporation. All rights reserved.\n\n`);
    this.prompt();
  }

  prompt(): void { this.console.write(`${this.cwd}>`); }

  out(text: string): void {
    if (this.sink) this.sink.text += text;
    else this.console.write(text);
  }

  full(path: string): string {
    let p = path.replace(/\//g, '\\').replace(/^"(.*)"$/, '$1');
    if (/^[a-zA-Z]:$/.test(p)) p = this.cwd;
    else if (/^[a-zA-Z]:\\/.test(p)) { /* absolute */ }
    else if (p.startsWith('\\')) p = 'C:' + p;
    else p = `${this.cwd.replace(/\\$/, '')}\\${p}`;
    // Fold . and .. as Win32 path normalization does.
    const parts: string[] = [];
    for (const s of p.split('\\')) {
      if (s === '' || s === '.') continue;
      if (s === '..') { if (parts.length > 1) parts.pop(); continue; }
      parts.push(s);
    }
    return parts.length <= 1 ? `${parts[0] ?? 'C:'}\\` : parts.join('\\');
  }

  message(error: number): string { return this.um.errors.message(error); }

  /** One typed line. */
  command(line: string): void {
    const code = this.execute(line);
    if (code === undefined) return; // a program runs; the prompt comes when it exits
    this.errorLevel = code;
    this.finishCommand(line);
  }

  private finishCommand(line: string): void {
    // cmd's blank line before the next prompt; not on a screen cls just cleared (the prompt takes its top line).
    if (line.trim() && this.console.text !== '') this.console.write('\n');
    this.prompt();
  }

  /** Runs a line; its exit code, or undefined while a started program or a waiting built-in runs. */
  execute(line: string): number | undefined {
    const expanded = this.expand(line).trim();
    if (!expanded) return this.errorLevel;
    const parsed = parseCommandLine(expanded);
    if (!parsed.ok) { this.out(`${parsed.message}\n`); return parsed.exitCode; }
    return this.runSteps(parsed.steps, 0, line, this.errorLevel);
  }

  /**
   * Runs the line's commands from `from` on: `&&` skips a command after a failure, `||` after a success (the
   * code that decides is the last one that ran). A command that finishes later continues the rest when it does.
   */
  private runSteps(steps: Step[], from: number, line: string, last: number): number | undefined {
    for (let i = from; i < steps.length; i++) {
      const s = steps[i]!;
      if ((s.after === '&&' && last !== 0) || (s.after === '||' && last === 0)) continue;
      const r = this.runStep(s, steps[i + 1]?.after === '|', (code) => {
        this.errorLevel = code | 0;
        const rest = this.runSteps(steps, i + 1, line, code | 0);
        if (rest === undefined) return;
        this.errorLevel = rest;
        this.finishCommand(line);
        this.console.pump();
      });
      if (r === undefined) return undefined;
      last = r;
      this.errorLevel = r;
    }
    return last;
  }

  /**
   * One command with its redirections. Its output goes to a file (`>`, `>>`), or nowhere when it feeds a pipe (no
   * built-in reads standard input, as `echo hi | ver` shows only the version). Its exit code, or undefined when it
   * finishes later, then `later` gets the code.
   */
  private runStep(step: Step, piped: boolean, later: (code: number) => void): number | undefined {
    for (const r of step.redirects) {
      if (r.handle === 0 && !this.disk?.stat(this.full(r.target))) { this.out('The system cannot find the file specified.\n'); return 1; }
    }
    const out = step.redirects.filter((r) => r.handle === 1 && !r.target.startsWith('&')).pop();
    let before = '';
    for (const r of step.redirects) {
      // Every output file is opened (created, or kept for >>) before the command runs, as cmd opens them: a
      // directory or a missing folder fails the command with the system's message.
      if (r.handle === 0 || r.target.startsWith('&')) continue;
      const path = this.full(r.target);
      try {
        const kept = r.append && this.disk?.stat(path) ? this.disk.readText(path) : undefined;
        if (kept === undefined) this.disk?.writeFile(path, '');
        if (r === out) before = kept ?? '';
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        this.out(`${this.message(e.code)}\n`);
        return 1;
      }
    }
    if (out) this.sink = { path: this.full(out.target), text: before };
    else if (piped) this.sink = { text: '' };
    let pendingLater = false;
    this.abort = new AbortController();
    try {
      const text = step.text;
      const m = /^("[^"]*"|[^\s/]+)(.*)$/.exec(text.replace(/^@/, ''));
      const name = (m?.[1] ?? text).replace(/"/g, '');
      const raw = (m?.[2] ?? '').replace(/^\s/, '');
      const builtin = commands[name.toLowerCase()] ?? (/^[a-zA-Z]:$/.test(name) ? commands['cd'] : undefined);
      const r = !text ? 0 : builtin ? builtin(this, splitCommandLine(raw), /^[a-zA-Z]:$/.test(name) ? name : raw)
        : name.toLowerCase().startsWith('echo.') ? commands['echo']!(this, [], name.slice(5) + raw)
          : this.run(name, text.replace(/^@/, ''), later);
      if (r === undefined) return undefined; // a program: its output goes to the console
      if (!(r instanceof Promise)) return r;
      pendingLater = true;
      this.finishLater(r, later);
      return undefined;
    } finally {
      if (!pendingLater) this.closeSink();
    }
  }

  /** A built-in that settles later: its output keeps going where it went; then the rest of the line. */
  private finishLater(p: Promise<number>, later: (code: number) => void): void {
    this.pending = p;
    const done = (code: number): void => {
      if (this.pending !== p) return;
      this.closeSink();
      this.pending = undefined;
      later(code | 0);
    };
    p.then(done, (e: unknown) => { this.out(`${e instanceof Error ? e.message : String(e)}\n`); done(1); });
  }

  private closeSink(): void {
    if (!this.sink) return;
    const s = this.sink;
    this.sink = undefined;
    if (s.path === undefined) return;
    try { this.disk?.writeFile(s.path, s.text.replace(/\r?\n/g, '\r\n')); } catch { this.console.write('The system cannot find the path specified.\n'); }
  }

  /** %NAME% from the environment; %ERRORLEVEL%, %CD% as cmd computes them. */
  expand(line: string): string {
    return line.replace(/%([^%\s]+)%/g, (all, name: string) => {
      const n = name.toLowerCase();
      if (n === 'errorlevel') return String(this.errorLevel | 0);
      if (n === 'cd') return this.cwd;
      const key = [...this.env.keys()].find((k) => k.toLowerCase() === n);
      return key !== undefined ? this.env.get(key)! : all;
    });
  }

  /** The program a command name refers to: the current directory, then PATH, trying PATHEXT. */
  findProgram(name: string): string | undefined {
    const disk = this.disk;
    if (!disk) return undefined;
    const exts = /\.[a-z0-9]+$/i.test(name) ? [''] : ['.exe', '.com', ''];
    const hasDir = /[\\/]/.test(name) || /^[a-zA-Z]:/.test(name);
    const dirs = hasDir ? [''] : [this.cwd, ...(this.env.get('Path') ?? '').split(';').filter(Boolean)];
    for (const d of dirs) {
      for (const e of exts) {
        const p = hasDir ? this.full(name + e) : this.full(`${d.replace(/\\$/, '')}\\${name}${e}`);
        const st = disk.stat(p);
        if (st && !st.dir) return p;
      }
    }
    return undefined;
  }

  private run(name: string, commandLine: string, later: (code: number) => void): number | undefined {
    const path = this.findProgram(name);
    if (!path) {
      this.out(`'${name}' is not recognized as an internal or external command,\noperable program or batch file.\n`);
      return 9009;
    }
    const bytes = this.disk!.readFile(path);
    const file = path.slice(path.lastIndexOf('\\') + 1);
    const r = this.um.createProcess(bytes, { name: file, path, commandLine, parentPid: this.pid, console: this.console, env: this.env, cwd: this.cwd });
    if (!r.ok) {
      this.out(`${r.message}\n`);
      return r.error === this.um.c('ERROR_BAD_EXE_FORMAT') ? 9009 : r.status | 0;
    }
    this.child = r.process;
    r.process.onExit.push((p) => {
      this.child = undefined;
      later((p.exitCode ?? 0) | 0);
    });
    return undefined;
  }
}
