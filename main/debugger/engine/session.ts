// A kernel debugging session: the host side of KD. It connects over a KdLink (KDNET or KDCOM), keeps what the
// debugger knows about the target (modules, symbols, breakpoints, the stopped thread's context) and runs WinDbg
// commands, returning exactly the text WinDbg prints (the prompt is not included). Asynchronous output (DbgPrint
// text, breakpoint hits, bugcheck banners) is emitted as 'output' events.
import { EventEmitter } from 'node:events';
import { Api, KdStatus, StateChange } from '../../formats/kd/constants.ts';
import type { KdLink } from '../../formats/kd/link.ts';
import type { PortOptions } from '../../formats/kd/port.ts';
import { StopKind, type StateChangePacket, type VersionInfo, type ManipulateResponse } from '../../formats/kd/payload.ts';
import { decodeContext, type ContextFrame, type ThreadContext } from '../../formats/kd/context.ts';
import { decodeExports, decodeModuleRecords, moduleCount, EXPORT_RECORD_SIZE, MODULE_RECORD_SIZE } from '../../formats/kd/ntdata.ts';
import { evaluateLocation, type FrameAccessor } from '../../formats/dwarf/expr.ts';
import { fromVA, toVA } from '../../machine/memory.ts';
import { formatAddress } from '../symbols/format.ts';
import { HostChannel, type KdChannel } from './channel.ts';
import { RemoteMemory } from './memory.ts';
import { entryOf, fromRecord, formatSymbolAt, loadModuleSymbols, symbolAt, type DebugModule, type SymbolAt } from './modules.ts';
import { evaluate, type ExprEnv } from './expr.ts';
import { decodeAt } from './disasm.ts';
import { runCommand } from './commands/index.ts';
import { firstChanceHandling } from './commands/misc.ts';
import { runPrologue, type PrologueResult } from './prologue.ts';
import { promptSourceLine, type SourceOptions } from './commands/source.ts';
import type { FunctionSymbol } from '../symbols/module.ts';

export interface ConnectOptions {
  transport: 'net' | 'com';
  port?: number; key?: string; targetIp?: string; targetPort?: number; hostIp?: string;
  comPort?: string; baud?: number;
  /** Give up waiting for the target after this long (ms); the session stays 'waiting'. */
  timeoutMs?: number;
  sympath?: string[];
  srcpath?: string[];
  link?: PortOptions & { requestTimeoutMs?: number };
}

export interface Breakpoint {
  id: number;
  kind: 'bp' | 'bu' | 'bm' | 'ba';
  /** What the user typed for the location (deferred breakpoints resolve it on each load). */
  expr: string;
  address?: bigint;
  enabled: boolean;
  handle?: number;
  access?: { kind: 'e' | 'r' | 'w'; size: number };
}

export type SessionState = 'disconnected' | 'waiting' | 'running' | 'broken';

/** WinDbg's names for the exceptions it reports (its event filters' descriptions), by code. */
const EXCEPTION_NAMES: Record<number, string> = {
  0xc0000005: 'Access violation', 0xc0000420: 'Assertion failure', 0x80000003: 'Break instruction exception',
  0x80000004: 'Single step exception', 0x80000002: 'Data misaligned', 0xc0000094: 'Integer divide-by-zero',
  0xc0000095: 'Integer overflow', 0xc000001d: 'Illegal instruction', 0xc00000fd: 'Stack overflow',
  0xc0000409: 'Stack buffer overflow', 0xc0000006: 'In-page I/O error',
};

/** `Access violation - code c0000005 (first chance)`. */
function exceptionLine(code: number, firstChance: boolean): string {
  const c = code >>> 0;
  return `${EXCEPTION_NAMES[c] ?? 'Unknown exception'} - code ${c.toString(16).padStart(8, '0')} (${firstChance ? 'first chance' : '!!! second chance !!!'})`;
}

export class KdSession extends EventEmitter {
  state: SessionState = 'disconnected';
  sympath: string[] = [];
  srcpath: string[] = [];
  /** Where relative .sympath/.srcpath folders start (the learner's work folder). */
  workDir = process.cwd();
  modules: DebugModule[] = [];
  unloaded: DebugModule[] = [];
  breakpoints: Breakpoint[] = [];
  version?: VersionInfo;
  stop?: StateChangePacket;
  preferDml = false;
  /** `.thread <addr>` set an implicit thread (the next `k` says so). */
  implicitThreadSet = false;
  /** The ETHREAD `.thread <addr>` chose: register context and stacks come from it until the target runs. */
  implicitThread?: bigint;
  /** l+/l- source options (WinDbg's source mode: p and t step by source line) and .lines. */
  sourceOptions: SourceOptions = { t: true, l: false, s: false, o: false };
  linesEnabled = true;
  /** The frame `.frame n` selected (dv, dt of locals use it). */
  frame = 0;
  /** sxe ld:module filters: module name (lower case) → break. */
  readonly loadFilters = new Map<string, boolean>();
  /** sxe/sxd/sxn/sxi: each event filter's break state as `sx` lists it (commands/misc.ts). */
  readonly eventFilters = new Map<string, string>();
  readonly memory = new RemoteMemory(() => this.channel);
  channel?: KdChannel;
  /** A crash dump session (`windbg -z`): the file opened; nothing runs. */
  dumpFile?: string;
  /** When the debugged system's time stood (a dump: when it crashed); live sessions show the time now. */
  sessionTime?: Date;
  private context?: ThreadContext;
  private stateChain: Promise<void> = Promise.resolve();
  private breakWaiters: ((text: string) => void)[] = [];
  private lastStopText = '';
  private connectBanner?: (v: string) => void;
  /** Stops a running command (p, t, gu, g <addr>) waits for: it returns the banner itself, so it is not also emitted. */
  quietStops = 0;
  private breakOnConnect = false;
  private cmdChain: Promise<unknown> = Promise.resolve();
  /** The target asked a DbgPrompt question (RtlAssert's boipt) and waits for the next line as its answer. */
  promptPending = false;
  /** That question's text (the end of the output so far): the answer is typed on its line. */
  question = '';
  private promptWaiters: (() => void)[] = [];
  private opts?: ConnectOptions;
  /** How this session was started, as `version` prints it (`windbg -k net:port=50000,key=1.2.3.4`). */
  commandLine(): string {
    const o = this.opts;
    if (this.dumpFile) return `windbg -z ${this.dumpFile}`;
    if (!o) return 'windbg -k';
    return o.transport === 'net' ? `windbg -k net:port=${o.port ?? 50000}${o.key ? `,key=${o.key}` : ''}` : `windbg -k com:port=${o.comPort ?? 'com1'},baud=${o.baud ?? 115200}`;
  }

  /** `0: kd> `, or nothing while a DbgPrompt question waits: kd.exe takes the answer on the question's own line. */
  get prompt(): string { return this.promptPending ? '' : `${this.stop?.processor ?? 0}: kd> `; }

  // ---------------------------------------------------------------- connection

  /** Connect and return the banner WinDbg prints (through `Kernel Debugger connection established.` and the version lines). */
  async connect(link: KdLink, o: ConnectOptions): Promise<string> {
    this.opts = o;
    this.sympath = o.sympath ?? this.sympath;
    this.srcpath = o.srcpath ?? this.srcpath;
    const head: string[] = [];
    if (o.transport === 'net') head.push('Using NET for debugging', 'Opened WinSock 2.0');
    else head.push(`Opened \\\\.\\${(o.comPort ?? 'com1').toUpperCase()}`);
    head.push('Waiting to reconnect...');
    this.emit('output', head.join('\n') + '\n');
    this.state = 'waiting';
    const ch = new HostChannel(link, o.link ?? {}, {
      state: (s) => { this.stateChain = this.stateChain.then(() => this.onState(s)).catch((e) => { this.emit('output', `${(e as Error).message}\n`); }); },
      print: (text) => this.emit('output', text),
      // DbgPrompt: the question shows with no newline after it, as WinDbg's; the next line typed is the answer.
      prompt: (text) => {
        this.promptPending = true;
        this.question = text;
        this.emit('output', text);
        const w = this.promptWaiters; this.promptWaiters = [];
        for (const f of w) f();
      },
    });
    this.channel = ch;
    const banner = new Promise<string>((resolve) => { this.connectBanner = resolve; });
    void ch.port.reset();
    const timeout = o.timeoutMs ? new Promise<undefined>((r) => setTimeout(() => r(undefined), o.timeoutMs)) : undefined;
    const got = await (timeout ? Promise.race([banner, timeout]) : banner);
    if (got === undefined) return head.join('\n');
    return `${head.join('\n')}\n${got}`;
  }

  disconnect(): void { this.channel?.close(); this.channel = undefined; this.state = 'disconnected'; }

  /** `.detach`/`qd`: the target's breakpoints are taken out and it runs on; the session ends. A running target
   *  with breakpoints is broken into first (quietly), so none is left behind to stop it with nobody listening. */
  async detach(): Promise<void> {
    if (!this.dumpFile && this.state === 'running' && this.breakpoints.some((b) => b.handle !== undefined || b.kind === 'ba')) {
      const stopped = this.waitForBreak(5_000).catch(() => undefined);
      this.quietStops++;
      this.channel?.breakIn();
      await stopped;
      await this.stateChain;
    }
    if (!this.dumpFile && this.state === 'broken') {
      const bps = this.breakpoints;
      this.breakpoints = [];
      for (const b of bps) await this.disarmBreakpoint(b).catch(() => undefined);
      await this.continueTarget().catch(() => undefined);
    }
    this.disconnect();
  }

  /** `.reboot`: the target resets (the Reboot request has no answer) and the session waits for it to come back;
   *  the new boot's stub answers the reset and the connect banner comes out again. */
  async reboot(): Promise<void> {
    const ch = this.channel;
    if (!(ch instanceof HostChannel)) return;
    await ch.request({ api: Api.Reboot }, false);
    this.state = 'waiting';
    this.forgetBoot();
    void ch.port.reset();
  }

  /** What KD prints when the target's boot it was debugging ends. */
  shutdownLines(): string {
    return `Shutdown occurred at (${new Date().toString().replace(/ GMT.*/, '')})...unloading all symbol tables.\nWaiting to reconnect...`;
  }

  /** The target's boot ended: nothing read from it holds. Breakpoints stay in the list; each is written again
   *  (and bu/bm resolved again) when the target is back. */
  private forgetBoot(): void {
    this.version = undefined;
    this.promptPending = false;
    this.question = '';
    this.stop = undefined;
    this.context = undefined;
    this.modules = [];
    this.memory.invalidate();
    for (const b of this.breakpoints) { b.handle = undefined; if (b.kind !== 'bp' && b.kind !== 'ba') b.address = undefined; }
  }

  private async onState(s: StateChangePacket): Promise<void> {
    this.memory.invalidate();
    this.context = undefined;
    this.implicitThread = undefined;
    this.implicitThreadSet = false;
    this.frame = 0;
    this.stop = s;
    if (s.state === StateChange.LoadSymbols) return this.onLoad(s);
    if (s.kind === StopKind.Connect) {
      // The target came back from a restart the debugger did not ask for (shutdown /r, a reset, a bugcheck's
      // reboot): KD says the old session's symbols are gone and greets the new boot.
      if (this.version) { this.emit('output', `${this.shutdownLines()}\n`); this.forgetBoot(); }
      const text = await this.connected();
      this.state = 'broken';
      await this.resolveDeferred();
      this.emit('output', text + '\n');
      this.connectBanner?.(text);
      this.connectBanner = undefined;
      await this.continueTarget();
      // Ctrl+Break while waiting to reconnect: stop as soon as the target is there.
      if (this.breakOnConnect) { this.breakOnConnect = false; this.channel?.breakIn(); }
      return;
    }
    this.state = 'broken';
    this.breakOnConnect = false;
    if (!this.version) await this.connected();
    else await this.refreshExports();
    if ((s.kind === StopKind.Exception || s.kind === StopKind.Assertion) && s.firstChance) {
      // sxd/sxn/sxi: no stop at the first chance; the exception goes on unhandled (sxi says nothing of it).
      const handling = firstChanceHandling(this, s.code);
      if (handling !== 'break') {
        if (handling !== 'ignore') this.emit('output', `${exceptionLine(s.code, true)}\n`);
        await this.continueTarget();
        return;
      }
    }
    const text = await this.stopBanner(s);
    this.lastStopText = text;
    if (this.quietStops > 0) this.quietStops--; else this.emit('output', text + '\n');
    this.emit('break', text);
    const w = this.breakWaiters; this.breakWaiters = [];
    for (const f of w) f(text);
  }

  private async connected(): Promise<string> {
    const r = await this.channel!.request({ api: Api.GetVersion });
    if (!('version' in r)) throw new Error('The target did not report its version.');
    const v = (this.version = r.version);
    await this.refreshModules();
    const o = this.opts!;
    const where = o.transport === 'net' ? ` at (${new Date().toString().replace(/ GMT.*/, '')}), ptr64 TRUE` : `, ptr64 TRUE`;
    const lines: string[] = [];
    if (o.transport === 'net' && o.targetIp) lines.push(`Connected to target ${o.targetIp} on port ${o.targetPort ?? o.port ?? 50000} on local IP ${o.hostIp ?? '0.0.0.0'}.`);
    lines.push(`Connected to Windows 10 ${v.minorVersion} x64 target${where}`, 'Kernel Debugger connection established.');
    lines.push(...this.sympathLines(), ...this.vertargetLines());
    return lines.join('\n');
  }

  sympathLines(): string[] {
    const p = this.sympath.join(';');
    return p ? [`Symbol search path is: ${p}`, 'Executable search path is: '] : ['Symbol search path is: <empty>', 'Executable search path is: '];
  }

  vertargetLines(): string[] {
    const v = this.version;
    if (!v) return [];
    const up = Math.floor(v.uptimeMs);
    const d = Math.floor(up / 86_400_000), h = Math.floor(up / 3_600_000) % 24, m = Math.floor(up / 60_000) % 60, s = Math.floor(up / 1000) % 60, ms = up % 1000;
    return [
      `Windows 10 Kernel Version ${v.minorVersion} MP (${v.processors} procs) Free x64`,
      'Product: WinNt, suite: TerminalServer SingleUserTS',
      `Edition build lab: ${v.buildLab}`,
      'Machine Name:',
      `Kernel base = 0x${formatAddress(v.kernBase)} PsLoadedModuleList = 0x${formatAddress(v.psLoadedModuleList)}`,
      `Debug session time: ${(this.sessionTime ?? new Date()).toString().replace(/ GMT.*/, '')}`,
      `System Uptime: ${d} days ${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`,
    ];
  }

  /** Read PsLoadedModuleList and the export directories of host images. */
  async refreshModules(): Promise<void> {
    const v = this.version!;
    const head = await this.memory.read(v.psLoadedModuleList, 8);
    if (!head || head.length < 8) return;
    const n = moduleCount(head);
    const body = await this.memory.read(v.psLoadedModuleList + 8n, n * MODULE_RECORD_SIZE);
    if (!body) return;
    const recs = decodeModuleRecords(body, n);
    const next: DebugModule[] = [];
    for (const r of recs) {
      const old = this.modules.find((m) => m.base === r.base && m.timestamp === r.timestamp);
      const m = old ?? fromRecord(r);
      if (m.exportDirectory && !m.exports) await this.readExports(m);
      next.push(m);
    }
    this.modules = next;
  }

  /** The kernel's own images name internal routines in their export directories as they first show on a stack:
   *  read a directory again when its count grew. */
  private async refreshExports(): Promise<void> {
    for (const m of this.modules) {
      if (!m.exportDirectory || !m.exports) continue;
      const head = await this.memory.read(m.base, 8);
      if (head && new DataView(head.buffer, head.byteOffset).getUint32(0, true) !== m.exports.length) await this.readExports(m);
    }
  }

  private async readExports(m: DebugModule): Promise<void> {
    const head = await this.memory.read(m.base, 8);
    if (!head) return;
    const n = new DataView(head.buffer, head.byteOffset).getUint32(0, true);
    const body = await this.memory.read(m.base + 8n, n * EXPORT_RECORD_SIZE);
    m.exports = body ? decodeExports(body, n) : [];
    m.state = 'export';
  }

  private async onLoad(s: Extract<StateChangePacket, { state: typeof StateChange.LoadSymbols }>): Promise<void> {
    this.state = 'broken';
    this.loadNotice = true;
    try { await this.handleLoad(s); } finally { this.loadNotice = false; }
  }
  /** A driver-load notice is being handled: the target is held only until it is continued, not broken in. */
  private loadNotice = false;

  private async handleLoad(s: Extract<StateChangePacket, { state: typeof StateChange.LoadSymbols }>): Promise<void> {
    if (!this.version) await this.connected();
    await this.refreshModules();
    const file = s.path.split('\\').pop() ?? s.path;
    if (s.unload) {
      const gone = this.modules.find((m) => m.base === s.base) ?? fromRecord({ base: s.base, size: s.size, timestamp: s.timestamp, hasDebugInfo: false, exportDirectory: false, dataOffset: 0, name: file, path: s.path });
      this.unloaded.push(gone);
      for (const b of this.breakpoints) if (b.address !== undefined && b.address >= s.base && b.address < s.base + BigInt(s.size)) { b.address = undefined; b.handle = undefined; }
    }
    await this.resolveDeferred();
    const name = file.replace(/\.[^.]*$/, '').toLowerCase();
    const brk = [...this.loadFilters].find(([pat, on]) => on && wildcard(pat, name));
    if (brk && !s.unload) {
      // As WinDbg after `sxe ld:`: the ModLoad line, then where the target stopped (the loader's frame).
      const where = s.pc ? await this.whereLines(s.pc) : [];
      const text = [`ModLoad: ${formatAddress(s.base)} ${formatAddress(s.base + BigInt(s.size))}   ${s.path}`, ...where].join('\n');
      this.lastStopText = text;
      this.emit('output', text + '\n');
      const w = this.breakWaiters; this.breakWaiters = [];
      for (const f of w) f(text);
      return;
    }
    await this.continueTarget();
  }

  // ---------------------------------------------------------------- running

  /** Ctrl+Break: ask the target to stop; resolves with what WinDbg prints when it does. */
  breakIn(): Promise<string> {
    if (this.state === 'broken' && !this.loadNotice) return Promise.resolve('');
    if (this.state === 'waiting') { this.breakOnConnect = true; return this.waitForBreak(); }
    // A target on its way down (g after a bugcheck: the dump, then the restart) does not answer: the break stays
    // pending and the next boot takes it as soon as it connects, as KD's does.
    this.breakOnConnect = true;
    const p = this.waitForBreak();
    this.channel?.breakIn();
    return p;
  }

  /** Resolves with the stop banner at the next stop. */
  waitForBreak(timeoutMs?: number): Promise<string> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const f = (t: string) => { clearTimeout(timer); resolve(t); };
      this.breakWaiters.push(f);
      if (timeoutMs) timer = setTimeout(() => { this.breakWaiters = this.breakWaiters.filter((x) => x !== f); reject(new Error('the target did not stop')); }, timeoutMs);
    });
  }

  async continueTarget(control?: { traceFlag: number; stepKind: number; rangeStart?: bigint; rangeEnd?: bigint }): Promise<void> {
    if (this.state !== 'broken' || !this.channel) return;
    this.state = 'running';
    this.memory.invalidate();
    this.context = undefined;
    const c = { traceFlag: control?.traceFlag ?? 0, stepKind: control?.stepKind ?? 0, rangeStart: control?.rangeStart ?? 0n, rangeEnd: control?.rangeEnd ?? 0n };
    await this.channel.request({ api: Api.Continue2, status: KdStatus.SUCCESS, control: c });
  }

  /** Run one command line; resolves with its output (no prompt). Commands typed while the target runs wait for the next stop. */
  execute(line: string): Promise<string> {
    const run = async (): Promise<string> => {
      // A report being handled first: a first-chance exception sx lets go leaves the target running again.
      await this.stateChain;
      if (this.state === 'running' && !this.promptPending && !/^\s*(\.cls|\.echo|\.sympath|\.srcpath|\.symfix|\.help|\.prefer_dml|sx[edni]?|qd?|\.detach)(\s|$)/i.test(line)) {
        // A line typed while the target runs waits for its next stop, or answers the question it asks first.
        await Promise.race([this.waitForBreak(), new Promise<void>((r) => this.promptWaiters.push(r))]);
      }
      if (this.promptPending && this.channel instanceof HostChannel) {
        this.promptPending = false;
        this.question = '';
        await this.channel.answerPrompt(line.trim());
        return '';
      }
      await this.stateChain;
      const out = await runCommand(this, line);
      return out;
    };
    const p = this.cmdChain.then(run, run);
    this.cmdChain = p.catch(() => {});
    return p;
  }

  // ---------------------------------------------------------------- stops

  private async stopBanner(s: Extract<StateChangePacket, { state: typeof StateChange.Exception }>): Promise<string> {
    const lines: string[] = [];
    if (s.kind === StopKind.BugCheck) {
      const bc = await this.bugCheckData();
      if (bc) {
        lines.push('', `*** Fatal System Error: 0x${bc.code.toString(16).padStart(8, '0')}`,
          `                       (${bc.params.map((p) => `0x${BigInt.asUintN(64, p).toString(16).toUpperCase().padStart(16, '0')}`).join(',')})`, '');
      }
      lines.push('Break instruction exception - code 80000003 (first chance)', '', 'A fatal system error has occurred.',
        'Debugger entered on first try; Bugcheck callbacks have not been invoked.', '', 'A fatal system error has occurred.', '',
        'For analysis of this file, run !analyze -v');
    } else if (s.kind === StopKind.Breakpoint || s.kind === StopKind.DataBreakpoint) {
      const bp = s.kind === StopKind.DataBreakpoint
        ? this.breakpoints.find((b) => b.kind === 'ba' && b.enabled && b.address !== undefined && s.dataAddress >= b.address && s.dataAddress < b.address + BigInt(b.access!.size))
        : this.breakpoints.find((b) => b.kind !== 'ba' && b.enabled && b.address === s.pc);
      if (bp) lines.push(`Breakpoint ${bp.id} hit`);
      else lines.push('Break instruction exception - code 80000003 (first chance)');
    } else if (s.kind === StopKind.BreakIn) {
      lines.push('Break instruction exception - code 80000003 (first chance)');
    } else if (s.kind === StopKind.Exception || s.kind === StopKind.Assertion) {
      // A first-chance exception (a driver's access violation, NT_ASSERT's assertion), named as WinDbg names it.
      lines.push(exceptionLine(s.code, s.firstChance));
    }
    lines.push(...(await this.whereLines(s.pc)));
    return lines.join('\n');
  }

  /** `module!function+0x1a:` and the instruction line, as after every stop. */
  async whereLines(pc: bigint): Promise<string[]> {
    const sym = this.symbolAt(pc);
    const bytes = (await this.memory.read(pc, 16)) ?? new Uint8Array(0);
    const m = sym?.module;
    if (m && m.state === 'deferred') this.ensureSymbols(m);
    // l+s: the source line first; l+o: only it.
    const src = promptSourceLine(this, pc);
    if (src && this.sourceOptions.o) return [src];
    return [...(src ? [src] : []), `${formatSymbolAt(sym, pc)}:`, decodeAt(m?.wasm, m?.base, pc, bytes).text];
  }

  async bugCheckData(): Promise<{ code: number; params: bigint[] } | undefined> {
    const v = this.version;
    if (!v) return undefined;
    const b = await this.memory.read(v.kiBugCheckData, 40);
    if (!b || b.length < 40) return undefined;
    const dv = new DataView(b.buffer, b.byteOffset, 40);
    const code = Number(dv.getBigUint64(0, true));
    if (code === 0) return undefined;
    return { code, params: [1, 2, 3, 4].map((i) => dv.getBigUint64(8 * i, true)) };
  }

  // ---------------------------------------------------------------- context

  /** The register context: of the implicit thread (.thread) when one is set, else of the thread the target stopped on. */
  async getContext(): Promise<ThreadContext> {
    if (this.implicitThread) return this.threadContext(this.implicitThread);
    if (this.context) return this.context;
    this.context = await this.threadContext(0n);
    return this.context;
  }

  /** A thread's context by its ETHREAD (0n: the thread the target stopped on). */
  async threadContext(thread: bigint): Promise<ThreadContext> {
    const parts: Uint8Array[] = [];
    let total = Infinity, got = 0;
    while (got < total) {
      const r = await this.channel!.request({ api: Api.GetContextEx, offset: got, count: 3900, thread });
      if (!('total' in r) || r.status !== KdStatus.SUCCESS) throw new Error('Unable to get the thread context.');
      total = r.total;
      parts.push(r.data); got += r.data.length;
      if (!r.data.length) break;
    }
    const all = new Uint8Array(got);
    let at = 0; for (const p of parts) { all.set(p, at); at += p.length; }
    const ctx = decodeContext(all);
    this.settlePrologue(ctx);
    return ctx;
  }

  /** Frames as their prologue leaves them, for a frame stopped inside it (prologue.ts). */
  private readonly prologues = new WeakMap<ContextFrame, PrologueResult>();

  /** The innermost frame stopped in its prologue (at a `bu func` hit): what the rest of the prologue will set. */
  private settlePrologue(ctx: ThreadContext): void {
    const f = ctx.frames[0];
    const s = f?.pc ? this.symbolAt(f.pc) : undefined;
    const m = s?.module, fn = s?.fn;
    if (!f || !m?.wasm || !m.symbols || !fn?.hasDebugInfo) return;
    const rel = Number(f.pc - m.base), end = m.symbols.prologueEnd(fn);
    if (rel >= end) return;
    const r = runPrologue(m.wasm, rel, end, f.locals, f.stack, fromVA(ctx.sp) ?? 0);
    if (r) this.prologues.set(f, r);
  }

  /** Bytes of C stack a function's prologue takes (its frame base below the stack pointer it was entered with). */
  private readonly frameSizes = new WeakMap<FunctionSymbol, number>();
  private frameSize(m: DebugModule, fn: FunctionSymbol): number | undefined {
    if (this.frameSizes.has(fn)) return this.frameSizes.get(fn);
    const entry = entryOf(m, fn.lowPc), top = 0x100000;
    const r = m.wasm && fn.frameBase ? runPrologue(m.wasm, entry, m.symbols!.prologueEnd(fn), [], [], top) : undefined;
    let size: number | undefined;
    if (r) {
      try {
        const l = evaluateLocation(fn.frameBase!, { local: (i) => r.locals[i], global: () => undefined, stack: () => undefined, readMemory: (_a, n) => new Uint8Array(n), memoryBase: 0 });
        if (l.kind === 'wasm' || l.kind === 'value') size = top - Number(BigInt.asUintN(32, l.value));
      } catch { /* no frame base */ }
    }
    if (size !== undefined && (size < 0 || size > 0x10000)) size = undefined;
    this.frameSizes.set(fn, size!);
    return size;
  }

  /** `r l3=5`: a register (a wasm local of the selected frame) set on the target through SetContext. */
  async setRegister(frame: number, local: number, value: bigint): Promise<boolean> {
    if (!this.channel) return false;
    const r = await this.channel.request({ api: Api.SetContextEx, frame, local, value });
    this.context = undefined;
    this.memory.invalidate();
    return r.status === KdStatus.SUCCESS;
  }

  /** The FrameAccessor the symbol layer reads a frame through (memory from the cache; see RemoteMemory.sync). */
  frameAccessor(f: ContextFrame, m: DebugModule): FrameAccessor {
    const p = this.prologues.get(f);
    const readMemory = (a: number, n: number): Uint8Array => {
      const b = this.memory.readSync(a, n);
      if (!p?.stores.size) return b;
      const out = new Uint8Array(b);
      for (let k = 0; k < out.length; k++) { const v = p.stores.get(a + k); if (v !== undefined) out[k] = v; }
      return out;
    };
    return {
      local: (i) => (p ? p.locals[i] : f.locals[i]), global: () => undefined, stack: (i) => f.stack[i],
      readMemory, memoryBase: (fromVA(m.base) ?? 0) + m.dataOffset,
    };
  }

  /** A frame's DWARF frame base (its stack pointer after the prologue), as a VA. */
  private frameBaseOf(f: ContextFrame): { va: bigint; m: DebugModule; fn: FunctionSymbol } | undefined {
    const s = f.pc ? this.symbolAt(f.pc) : undefined;
    const fb = s?.fn?.frameBase;
    if (!s || !fb) return undefined;
    try {
      const l = evaluateLocation(fb, this.frameAccessor(f, s.module));
      if (l.kind === 'wasm' || l.kind === 'value') return { va: toVA(Number(BigInt.asUintN(32, l.value))), m: s.module, fn: s.fn! };
    } catch { /* no frame base here */ }
    return undefined;
  }

  /** Child-SP of frame i: a driver frame's DWARF frame base when its symbols are loaded, else the one the target
   *  read from the frame (clang's frame local); a frame the target sent none for (the debugger's break on top) has the
   *  stack pointer the frame it called was entered with; with nothing inside it, the lower of the nearest outer
   *  frame's and the thread's stack pointer. */
  frameSp(ctx: ThreadContext, f: ContextFrame, i: number): bigint {
    const own = this.frameBaseOf(f);
    if (own) return own.va;
    if (f.sp) return f.sp;
    for (let j = i - 1; j >= 0; j--) {
      const inner = this.frameBaseOf(ctx.frames[j]!);
      if (!inner) continue;
      const size = this.frameSize(inner.m, inner.fn);
      return size === undefined ? inner.va : inner.va + BigInt(size);
    }
    // Nothing inside it (the debugger's break on top of a faulting frame): where the nearest outer frame is.
    for (let j = i + 1; j < ctx.frames.length; j++) {
      const outer = ctx.frames[j]!;
      const sp = this.frameBaseOf(outer)?.va ?? outer.sp;
      if (sp) return sp < ctx.sp || !ctx.sp ? sp : ctx.sp;
    }
    return ctx.sp;
  }

  /** RetAddr of frame i: where it returns to in its caller (a kernel routine's frame: the routine's address). */
  retAddr(ctx: ThreadContext, i: number): bigint {
    return ctx.frames[i]?.returnAddress || ctx.frames[i + 1]?.pc || 0n;
  }

  // ---------------------------------------------------------------- symbols

  ensureSymbols(m: DebugModule): void {
    if (m.state === 'deferred' && !m.exportDirectory) loadModuleSymbols(m, this.sympath, this.workDir);
  }

  symbolAt(va: bigint): SymbolAt | undefined {
    const m = this.modules.find((x) => va >= x.base && va < x.base + BigInt(x.size));
    if (m) this.ensureSymbols(m);
    return symbolAt(this.modules, va);
  }

  findModule(name: string): DebugModule | undefined {
    const n = name.toLowerCase();
    return this.modules.find((m) => m.name.toLowerCase() === n || m.file.toLowerCase() === n);
  }

  /** A symbol's address: `module!name` or a bare name searched in every module (functions, globals, exports). */
  resolveName(text: string): bigint | undefined {
    const bang = text.indexOf('!');
    const mods = bang >= 0 ? [this.findModule(text.slice(0, bang))].filter((m): m is DebugModule => !!m) : this.modules;
    const name = bang >= 0 ? text.slice(bang + 1) : text;
    for (const m of mods) {
      this.ensureSymbols(m);
      const sy = m.symbols;
      if (sy) {
        const f = sy.functionByName(name);
        if (f) return m.base + BigInt(entryOf(m, f.lowPc));
        const g = sy.globalByName(name);
        if (g?.offset !== undefined) return m.base + BigInt(m.dataOffset + g.offset);
      }
      const e = m.exports?.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (e) return e.address;
    }
    return undefined;
  }

  /** The address of a local or parameter of the selected frame that lives in memory (`? status`). */
  private localAddress(name: string): bigint | undefined {
    const f = this.context?.frames[this.frame];
    const at = f?.pc && !name.includes('!') ? this.symbolAt(f.pc) : undefined;
    const m = at?.module;
    if (!f || !m?.symbols) return undefined;
    const rel = Number(f.pc - m.base);
    const vars = m.symbols.variablesAt(rel);
    const v = vars && [...vars.params, ...vars.locals].find((x) => x.name === name);
    if (!v) return undefined;
    try {
      // An -O0 variable's location is its frame base plus an offset: worked out from the frame's locals alone.
      const l = m.symbols.locate(v, this.frameAccessor(f, m), rel);
      return l.kind === 'memory' ? toVA(l.address) : undefined;
    } catch { return undefined; }
  }

  /** Addresses of a source line (`file.c:line`), in every module with symbols. */
  resolveLine(file: string, line: number): bigint[] {
    const out: bigint[] = [];
    for (const m of this.modules) {
      this.ensureSymbols(m);
      const r = m.symbols?.resolveLineBreakpoint(file, line);
      if (r) for (const a of r.addresses) out.push(m.base + BigInt(a));
    }
    return out;
  }

  exprEnv(): ExprEnv {
    const ctx = this.context;
    return {
      // MASM: a symbol's value is its address; the current frame's locals and parameters come first.
      symbol: (n) => this.localAddress(n) ?? this.resolveName(n),
      line: (f, l) => this.resolveLine(f, l)[0],
      register: (r) => {
        const f = ctx?.frames[this.frame];
        if (r === 'rip' || r === '$ip' || r === 'eip') return f?.pc ?? this.stop?.pc;
        // The stack pointer `r` shows: the selected frame's Child-SP.
        if (r === 'rsp' || r === '$csp') return ctx && f ? this.frameSp(ctx, f, this.frame) : ctx?.sp;
        if (r === 'irql') return BigInt(ctx?.irql ?? 0);
        if (r === '$thread') return BigInt(ctx?.thread ?? 0);
        const lm = /^l(\d+)$/.exec(r);
        if (lm && f) { const v = f.locals[Number(lm[1])]; return v === undefined ? undefined : BigInt.asUintN(64, BigInt(typeof v === 'number' && !Number.isInteger(v) ? 0 : v)); }
        return undefined;
      },
      readPointer: async (va) => {
        const b = await this.memory.read(va, 4);
        if (!b || b.length < 4) return undefined;
        const v = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
        return v === 0 ? 0n : toVA(v);
      },
    };
  }

  async eval(text: string): Promise<bigint> {
    if (this.state === 'broken' && !this.context) await this.getContext().catch(() => undefined);
    return evaluate(text, this.exprEnv());
  }

  // ---------------------------------------------------------------- breakpoints

  async armBreakpoint(b: Breakpoint): Promise<boolean> {
    if (!this.channel || b.address === undefined || !b.enabled || b.kind === 'ba') return false;
    if (b.handle !== undefined) return true;
    const r = await this.channel.request({ api: Api.WriteBreakPoint, address: b.address }) as ManipulateResponse & { handle?: number };
    if (r.status !== KdStatus.SUCCESS) return false;
    b.handle = r.handle;
    return true;
  }

  async disarmBreakpoint(b: Breakpoint): Promise<void> {
    if (b.kind === 'ba') { await this.programDebugRegisters(); return; }
    if (b.handle === undefined || !this.channel) return;
    await this.channel.request({ api: Api.RestoreBreakPoint, handle: b.handle });
    b.handle = undefined;
  }

  /** DR0..DR3 and DR7 from the enabled `ba` breakpoints. */
  async programDebugRegisters(): Promise<void> {
    const ba = this.breakpoints.filter((b) => b.kind === 'ba' && b.enabled && b.address !== undefined).slice(0, 4);
    const dr: [bigint, bigint, bigint, bigint] = [0n, 0n, 0n, 0n];
    let dr7 = 0n;
    ba.forEach((b, i) => {
      dr[i] = b.address!;
      const rw = b.access!.kind === 'w' ? 1n : b.access!.kind === 'e' ? 0n : 3n;
      const len = ({ 1: 0n, 2: 1n, 4: 3n, 8: 2n } as Record<number, bigint>)[b.access!.size] ?? 0n;
      dr7 |= (1n << BigInt(2 * i)) | (rw << BigInt(16 + 4 * i)) | (len << BigInt(18 + 4 * i));
    });
    await this.channel?.request({ api: Api.WriteControlSpace, regs: { dr, dr6: 0n, dr7 } });
  }

  /** Deferred breakpoints (bu) whose module is now loaded get their address and are written to the target. */
  async resolveDeferred(): Promise<void> {
    for (const b of this.breakpoints) {
      if (b.kind === 'ba') continue;
      if (b.address === undefined) {
        try { b.address = await this.eval(b.expr); } catch { continue; }
      }
      await this.armBreakpoint(b);
    }
  }

  lastStop(): string { return this.lastStopText; }
}

export function wildcard(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(text.toLowerCase());
}
