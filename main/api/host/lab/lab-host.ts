// The app's side of the lab engine: one LabEngine (created on first use, booting our kernel), the cables as the
// network view shows them, each target's console text so far, what Configure Devices set up, and the events the
// renderer follows (machine.state, console.output, bugcheck). Handlers for each area use this one object.
import { ApiError, type Cable, type DebugSettings, type EventName, type MachineInfo, type MachineStatus, type Network, type Payload } from '../../contract.ts';
import type { LabEngine } from '../../../engine/lab-engine.ts';
import { LabSaver, type HostLabState } from './lab-save.ts';

export type Emit = <E extends EventName>(name: E, payload: Payload<E>) => void;
/** Makes the lab engine (tests pass one with `paced: false`; the app's makes one that boots our kernel). */
export type LabFactory = () => Promise<LabEngine>;

/** Console text kept per target for a window opened late (the newest part). */
const BACKLOG = 1_000_000;
const BLUE_START = '\x1b[44;97m', BLUE_END = '\x1b[0m';

export class LabHost {
  private engine?: Promise<LabEngine>;
  private emitter: Emit = () => {};
  private readonly netCables = new Set<string>();
  private readonly consoles = new Map<string, string>();
  /** What the host's tools printed (build and deploy output: the Output window) and what the debugger printed,
   *  as the lab guide's checks read them ('host' and 'kd' transcripts). */
  private readonly notes = new Map<'host' | 'kd', string>();
  private readonly listeners = new Set<(name: EventName) => void>();
  /** The engine once it exists (the guide's checks read it synchronously). */
  current?: LabEngine;
  readonly provisioned = new Map<string, { hostName: string; debug: DebugSettings }>();

  /** Keeps the lab across runs when the app gives a save folder (tests that need no persistence give none). */
  readonly saver?: LabSaver;

  constructor(private readonly make: LabFactory, save?: { dir: string; settleMs?: number }) {
    if (save) {
      this.saver = new LabSaver(save.dir, {
        state: (): HostLabState => ({ netCables: [...this.netCables], provisioned: [...this.provisioned] }),
        load: (st) => { for (const n of st.netCables) this.netCables.add(n); for (const [n, p] of st.provisioned) this.provisioned.set(n, p); },
        note: (text) => this.note('host', text),
      }, save.settleMs);
    }
  }

  /** Where events go (the API server's emit, once it exists). */
  bind(emit: Emit): void { this.emitter = emit; }
  emit: Emit = (name, payload) => {
    try { this.emitter(name, payload); } catch { /* a bad event is dropped, never thrown into the engine */ }
    for (const l of this.listeners) l(name);
  };
  /** Called after every event (the lab guide re-checks its current step when something changed). */
  onEmit(l: (name: EventName) => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  note(to: 'host' | 'kd', text: string): void {
    const all = (this.notes.get(to) ?? '') + text + (text.endsWith('\n') ? '' : '\n');
    this.notes.set(to, all.length > BACKLOG ? all.slice(-BACKLOG) : all);
    for (const l of this.listeners) l(to === 'kd' ? 'kd.output' : 'build.log');
  }
  noted(to: 'host' | 'kd'): string { return this.notes.get(to) ?? ''; }

  lab(): Promise<LabEngine> {
    this.engine ??= this.make().then(async (lab) => {
      this.current = lab;
      lab.onEvent((e) => this.onLabEvent(lab, e));
      await this.saver?.restore(lab);
      return lab;
    });
    return this.engine;
  }

  /** The running engine if one was made (shutdown and tests). */
  async close(): Promise<void> {
    if (!this.engine) return;
    const lab = await this.engine;
    await this.saver?.save(lab);
    await lab.shutdown();
  }

  private onLabEvent(lab: LabEngine, e: Parameters<Parameters<LabEngine['onEvent']>[0]>[0]): void {
    if (e.kind === 'irps') return; // the I/O view forwards these (io-view.ts)
    this.saver?.schedule(lab);
    const name = this.canonical(lab, e.machine);
    if (e.kind === 'console') {
      const all = (this.consoles.get(name) ?? '') + e.text;
      this.consoles.set(name, all.length > BACKLOG ? all.slice(-BACKLOG) : all);
      this.emit('console.output', { machine: name, text: e.text });
      return;
    }
    if (e.kind === 'status' && e.status.state === 'bugchecked') {
      const text = this.consoles.get(name) ?? '';
      const start = text.lastIndexOf(BLUE_START);
      const end = text.indexOf(BLUE_END, start);
      const screen = start < 0 ? [] : text.slice(start + BLUE_START.length, end < 0 ? undefined : end).split(/\r?\n/).filter((l, i, a) => l || (i > 0 && i < a.length - 1));
      this.emit('bugcheck', { machine: name, detail: e.status.detail ?? 'The system stopped.', screen: screen.slice(0, 200) });
    }
    this.emit('machine.state', this.network(lab));
  }

  private canonical(lab: LabEngine, name: string): string {
    return lab.targetNames().find((n) => n.toLowerCase() === name.toLowerCase()) ?? name;
  }

  /** A target by name, or NOT_FOUND in the learner's words. */
  async target(name: string): Promise<{ lab: LabEngine; name: string }> {
    const lab = await this.lab();
    const found = lab.targetNames().find((n) => n.toLowerCase() === name.toLowerCase());
    if (!found) throw new ApiError('NOT_FOUND', `There is no computer named ${name} in this lab.`);
    return { lab, name: found };
  }

  machineInfo(lab: LabEngine, name: string): MachineInfo {
    const cfg = lab.machineHost(name).config;
    const st: MachineStatus = { ...lab.status(name) };
    const p = this.provisioned.get(name);
    return { name, ip: cfg.ip, mac: cfg.mac, status: st, netCabled: this.netCables.has(name), ...(p ? { provisioned: p } : {}) };
  }

  cables(lab: LabEngine): Cable[] {
    const names = new Set(lab.targetNames());
    const net = [...this.netCables].filter((n) => names.has(n)).map((n): Cable => ({ kind: 'net', a: 'host', b: n }));
    const serial = lab.serial.list().map(([a, b]): Cable => ({ kind: 'serial', a, b }));
    return [...net, ...serial];
  }

  network(lab: LabEngine): Network {
    return {
      host: { name: lab.host.name, ip: lab.host.ip },
      machines: lab.targetNames().map((n) => this.machineInfo(lab, n)),
      cables: this.cables(lab),
    };
  }

  changed(lab: LabEngine): void { this.emit('machine.state', this.network(lab)); this.saver?.schedule(lab); }

  setNetCable(name: string, plugged: boolean): void { if (plugged) this.netCables.add(name); else this.netCables.delete(name); }
  forget(name: string): void { this.netCables.delete(name); this.consoles.delete(name); this.provisioned.delete(name); }
  consoleText(name: string): string { return this.consoles.get(name) ?? ''; }
}
