// Handlers for the kernel debugger window: WinDbg -k net:port=P,key=K (KDNET over the lab network, the host's UDP
// port) or -k com:port=COM1,baud=B (KDCOM over the host's COM port and a serial cable) — the same session the CLI's
// `windbg -k` opens (main/debugger/lab) — then command lines at `kd>`, Break, completion, and state events with the
// source location the editor marks.
import { ApiError, type DebugSettings, type KdStatus, type SourceLocation } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { LabEngine } from '../../../engine/lab-engine.ts';
import { KdSession } from '../../../debugger/engine/session.ts';
import { commandNames } from '../../../debugger/engine/commands/index.ts';
import { openLabDebugger } from '../../../debugger/lab/debugger.ts';
import type { LabHost } from './lab-host.ts';

type KdHandlers = Pick<Handlers, 'kd.connect' | 'kd.disconnect' | 'kd.command' | 'kd.break' | 'kd.status' | 'kd.complete'>;

export class KdHost {
  session?: KdSession;
  target?: string;
  /** `workDir`: the workspace folder, where relative .sympath/.srcpath folders start. */
  constructor(private readonly h: LabHost, private readonly workDir?: string) {}

  status(): KdStatus {
    const s = this.session;
    const state = s?.state ?? 'disconnected';
    const location = state === 'broken' ? this.location() : undefined;
    return { state, prompt: s?.prompt ?? '0: kd> ', ...(this.target ? { target: this.target } : {}), ...(location ? { location } : {}) };
  }

  /** The source line of the stopped instruction, when the module has line information. */
  private location(): SourceLocation | undefined {
    const s = this.session;
    const pc = s?.stop?.pc;
    if (!s || pc === undefined) return undefined;
    try {
      const at = s.symbolAt(pc);
      const m = at?.module;
      if (!m) return undefined;
      if (m.state === 'deferred') s.ensureSymbols(m);
      const li = m.symbols?.lineForAddress(Number(pc - m.base));
      if (!li || !li.line) return undefined;
      return { file: li.file, line: li.line, module: m.name, function: at.name };
    } catch { return undefined; }
  }

  private publish(): void { this.h.emit('kd.state', this.status()); }

  async connect(target: string, c: DebugSettings, breakpoints: string[] = []): Promise<string> {
    const t = await this.h.target(target);
    this.disconnect();
    const s = new KdSession();
    const settle = this.adopt(s, t.name);
    // Deferred until the target answers: the connection's stop (or the module's load) resolves and arms them.
    for (const b of breakpoints) await s.execute(`bu ${b}`);
    let d;
    try {
      d = openLabDebugger(t.lab, c.kind === 'net' ? { transport: 'net', port: c.port, key: c.key } : { transport: 'com', comPort: c.port.toLowerCase(), baud: c.baud }, { workDir: this.workDir }, s);
    } catch (e) { this.session = undefined; this.target = undefined; throw new ApiError('FAILED', (e as Error).message); }
    this.publish();
    // A target that is not listening yet leaves the session waiting, as WinDbg does; the banner comes later as output.
    const banner = await Promise.race([d.connected, new Promise<string>((r) => setTimeout(() => r(''), 3000))]);
    settle();
    return banner;
  }

  /** Make `s` the window's session. Output and stops come as events; the state they leave (connected then let go,
   *  broken in, running, a DbgPrompt question waiting) is published once the session settled, so the window never
   *  stays at "Waiting to reconnect...". Returns the check that publishes a change. */
  adopt(s: KdSession, target: string): () => void {
    this.session = s;
    this.target = target;
    this.asked = '';
    const seen = () => `${s.state}\n${s.prompt}`;
    let shown = seen();
    const settle = () => setImmediate(() => { if (this.session === s && seen() !== shown) { shown = seen(); this.publish(); } });
    s.on('output', (text: string) => {
      if (this.session !== s) return;
      // A question goes into the transcript with its answer, on one line as kd.exe shows it.
      const q = s.promptPending && s.question && text.endsWith(s.question) ? s.question : '';
      if (text.length > q.length) this.h.note('kd', text.slice(0, text.length - q.length));
      if (q) this.asked = q;
      this.h.emit('kd.output', { text });
      settle();
    });
    s.on('break', () => { if (this.session === s) { shown = seen(); this.publish(); } });
    return settle;
  }
  /** The DbgPrompt question the next line answers (noted with it). */
  asked = '';

  /** Stop Debugging: the session's breakpoints are taken out and a broken-in target runs on (`.detach`). */
  async detach(): Promise<void> {
    const s = this.session;
    if (!s) return;
    await Promise.race([s.detach().catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
    if (this.session === s) this.disconnect();
  }

  disconnect(): void {
    this.session?.disconnect();
    this.session = undefined;
    this.target = undefined;
    this.publish();
  }

  connected(): KdSession {
    if (!this.session) throw new ApiError('FAILED', 'The debugger is not connected to a target (File > Kernel Debug...).');
    return this.session;
  }
}

export function kdHandlers(h: LabHost, kd: KdHost): KdHandlers {
  return {
    'kd.connect': async ({ target, connection, breakpoints }) => ({ banner: await kd.connect(target, connection, breakpoints) }),
    'kd.disconnect': async () => { await kd.detach(); return {}; },
    'kd.command': async ({ text }) => {
      const s = kd.connected();
      if (s.state === 'waiting') throw new ApiError('FAILED', 'The debugger is still waiting for the target to connect (Debuggee not connected).');
      const before = JSON.stringify(kd.status());
      h.note('kd', `${s.promptPending ? kd.asked : s.prompt}${text}`);
      kd.asked = '';
      const output = await s.execute(text);
      h.note('kd', output);
      const status = kd.status();
      // A step (p, t) stops again at once: the state is the same but the place moved, and the editor follows it.
      if (JSON.stringify(status) !== before) h.emit('kd.state', status);
      return { output, status };
    },
    'kd.break': async () => {
      const s = kd.connected();
      if (s.state !== 'running') return { output: '' };
      const output = await Promise.race([s.breakIn(), new Promise<string>((r) => setTimeout(() => r(''), 10_000))]);
      return { output };
    },
    'kd.status': () => kd.status(),
    'kd.complete': ({ text }) => {
      const word = /[^\s]*$/.exec(text)?.[0] ?? '';
      const first = !/\s/.test(text.trimStart());
      const items = new Set<string>();
      if (first) {
        for (const c of commandNames()) if (c.toLowerCase().startsWith(word.toLowerCase())) items.add(c);
      } else for (const m of kd.session?.modules ?? []) {
        const bang = word.indexOf('!');
        const mod = bang < 0 ? word : word.slice(0, bang);
        if (!m.name.toLowerCase().startsWith(mod.toLowerCase())) continue;
        if (bang < 0) { items.add(`${m.name}!`); continue; }
        if (m.name.toLowerCase() !== mod.toLowerCase()) continue;
        const rest = word.slice(bang + 1).toLowerCase();
        for (const e of m.exports ?? []) if (e.name.toLowerCase().startsWith(rest)) items.add(`${m.name}!${e.name}`);
        for (const f of m.symbols?.lookupName(`${rest}*`) ?? []) items.add(`${m.name}!${f.name}`);
      }
      return { items: [...items].sort().slice(0, 200) };
    },
  };
}
