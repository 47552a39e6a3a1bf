// A target's command prompt as `driverlab play` and the tests drive it: the machine's console stream collected,
// a typed line sent as keystrokes, and the answer read up to the next prompt cmd prints. A line that takes the
// machine down (shutdown /r, a bugcheck) ends when the machine leaves the running state.
import type { LabEngine } from '../engine/lab-engine.ts';
import type { MachineStatus } from '../machine/machine.ts';

const PROMPT_AT_END = /(?:^|\r\n)([A-Za-z]:\\[^\r\n>]*>)$/;

export class TargetConsole {
  /** Everything the machine's console showed, in order. */
  text = '';
  private lastPrompt = 'C:\\>';
  private readonly waiters = new Set<() => void>();
  private status: MachineStatus = { state: 'off' };

  constructor(private readonly lab: LabEngine, readonly machine: string) {
    lab.onEvent((e) => {
      if (e.machine.toLowerCase() !== machine.toLowerCase()) return;
      if (e.kind === 'console') {
        this.text += e.text;
        const m = PROMPT_AT_END.exec(this.text);
        if (m) this.lastPrompt = m[1]!;
      } else if (e.kind === 'status') this.status = e.status;
      for (const w of [...this.waiters]) w();
    });
  }

  get prompt(): string { return this.lastPrompt; }

  /** Wait until `test` holds on the console text (checked on every console or status event). */
  waitFor<T>(test: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const r = test();
        if (r === undefined) return;
        this.waiters.delete(check); clearTimeout(timer); resolve(r);
      };
      const timer = setTimeout(() => { this.waiters.delete(check); reject(new Error(`${this.machine}: ${what} did not happen within ${timeoutMs / 1000} s`)); }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Wait for cmd's prompt at the end of the console (the session is up and idle). */
  ready(timeoutMs = 60_000): Promise<string> {
    return this.waitFor(() => (PROMPT_AT_END.test(this.text) ? this.lastPrompt : undefined), timeoutMs, 'the command prompt');
  }

  /** Right after `g` at kd> the machine's status can still say broken-in for a while (longer on a loaded host):
   *  give it time to run again; a machine that restarted by itself (a bugcheck's AutoReboot) is waited for up to its
   *  prompt, as a person waits for the desktop. The state then. */
  private async runningAgain(): Promise<MachineStatus['state']> {
    const until = (states: MachineStatus['state'][], ms: number) =>
      this.lab.waitFor(this.machine, states, ms).catch(() => this.lab.status(this.machine)).then((st) => st.state);
    let state = this.lab.status(this.machine).state;
    if (state === 'broken-in') state = await until(['running', 'booting', 'halted', 'bugchecked', 'off'], 30_000);
    if (state === 'booting') {
      state = await until(['running', 'halted', 'bugchecked', 'off'], 120_000);
      if (state === 'running') await this.ready().catch(() => undefined);
    }
    return state;
  }

  /** Type a line; what it printed (the echo and the next prompt left out, CR LF as LF). */
  async run(line: string, timeoutMs = 120_000): Promise<string> {
    const state = await this.runningAgain();
    if (state !== 'running') throw new Error(`${this.machine} is ${state === 'off' ? 'off' : state === 'broken-in' ? 'broken into by the debugger (type g at kd> first)' : state}; its command prompt cannot take input.`);
    const from = this.text.length;
    this.unfinished = undefined;
    this.lab.machineHost(this.machine).post({ t: 'console-in', text: `${line}\r\n` });
    const out = await this.waitFor(() => {
      const t = this.text.slice(from);
      // The line is echoed when cmd reads it (later, if a program it started before is still running: what that
      // program printed first comes before the echo, and goes first).
      const at = t.indexOf(`${line}\r\n`);
      const echo = at < 0 ? -1 : at + line.length;
      const before = at < 0 ? '' : t.slice(0, at).replace(PROMPT_AT_END, '');
      const body = echo < 0 ? '' : t.slice(echo + 2);
      const m = echo < 0 ? null : PROMPT_AT_END.exec(body);
      if (m) return before + body.slice(0, body.length - m[1]!.length);
      if (this.status.state !== 'running') {
        // Held by the debugger mid-command: what the command prints once it goes on belongs to it (see late()).
        if (this.status.state === 'broken-in') this.unfinished = { from: this.text.length, line: at < 0 ? line : undefined };
        return `${before}${body}${body && !body.endsWith('\r\n') ? '\r\n' : ''}[${this.machine} is ${this.status.state}${this.status.detail ? `: ${this.status.detail}` : ''}]\r\n`;
      }
      return undefined;
    }, timeoutMs, `"${line}"`);
    return out.replace(/\r\n/g, '\n').replace(/\n$/, '');
  }

  /** Where a command the debugger stopped mid-way left off (its answer comes after `g`), and its line if cmd had
   *  not echoed it yet. */
  private unfinished: { from: number; line?: string } | undefined;

  /** What a command that was stopped by the debugger printed once it went on, up to the prompt after it (waited
   *  for while the machine runs): the transcript shows it before the next line typed here, as the screen has it. */
  async late(timeoutMs = 120_000): Promise<string> {
    const u = this.unfinished;
    if (!u) return '';
    this.unfinished = undefined;
    await this.runningAgain();
    const t = await this.waitFor(() => {
      const t = this.text.slice(u.from);
      const m = PROMPT_AT_END.exec(t);
      if (m) return t.slice(0, t.length - m[1]!.length);
      return this.status.state === 'running' ? undefined : t;
    }, timeoutMs, 'the answer of the command the debugger held').catch(() => this.text.slice(u.from));
    const answer = u.line && t.startsWith(`${u.line}\r\n`) ? t.slice(u.line.length + 2) : t; // the late echo is not news
    return answer.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  }
}
