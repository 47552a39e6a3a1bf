// The main-thread side of one target: its worker, requests with replies, the streams it emits, and a watchdog
// that terminates a worker that stops answering (the run loop yields between slices, so a live machine always
// answers even while its processor spins).
import { Worker } from 'node:worker_threads';
import type { MachineConfig, MachineState, MachineStatus } from '../machine/machine.ts';
import type { FromMachine, Request, ToMachine } from '../machine/protocol.ts';

export interface MachineHostOptions {
  paced: boolean;
  state?: MachineState;
  /** Start in run mode "stopped" (only `advance` moves the clock). */
  stopped?: boolean;
  /** The worker entry (a .ts file runs through tsx; a bundled .js runs as is). */
  workerUrl?: URL;
  /** A worker silent this long is declared hung and terminated. 0 turns the watchdog off. */
  watchdogMs?: number;
}

export interface MachineHostEvents {
  status(s: MachineStatus): void;
  console(text: string): void;
  frame(f: Uint8Array): void;
  serial(m: FromMachine & { t: 'serial-out' }): void;
  modem(m: FromMachine & { t: 'serial-modem' }): void;
  irps(m: FromMachine & { t: 'irp-trace' }): void;
  unresponsive(): void;
}

/** The worker entry's source (the Electron build bundles it and passes the bundle as `workerUrl`). */
export const DEFAULT_WORKER = new URL('../machine/worker.ts', import.meta.url);

function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  // Under tsx the worker registers the TypeScript loader itself before importing the entry.
  const api = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true });
}

export class MachineHost {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  status: MachineStatus = { state: 'off' };
  alive = true;
  /** Set when the snapshot this machine started from came back from its saved disk instead of exactly (why). */
  inexact: string | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private lastHeard = performance.now();
  private watchdog: NodeJS.Timeout | undefined;
  private readyReject: (e: Error) => void = () => {};

  constructor(readonly config: MachineConfig, opts: MachineHostOptions, private readonly events: Partial<MachineHostEvents> = {}) {
    this.worker = startWorker(opts.workerUrl ?? DEFAULT_WORKER);
    let readyResolve!: () => void, readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
    this.worker.on('message', (m: FromMachine) => {
      this.lastHeard = performance.now();
      switch (m.t) {
        case 'ready': this.inexact = m.inexact; if (m.error) readyReject(new Error(m.error)); else readyResolve(); break;
        case 'reply': {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.ok) p?.resolve(m.value); else p?.reject(new Error(m.error));
          break;
        }
        case 'status': this.status = m.status; this.events.status?.(m.status); break;
        case 'console-out': this.events.console?.(m.text); break;
        case 'net-frame': this.events.frame?.(m.frame); break;
        case 'serial-out': this.events.serial?.(m); break;
        case 'serial-modem': this.events.modem?.(m); break;
        case 'irp-trace': this.events.irps?.(m); break;
      }
    });
    this.readyReject = readyReject;
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', () => this.fail(new Error(`${config.name}: the machine's worker exited`)));
    this.post({ t: 'init', config, paced: opts.paced, state: opts.state, stopped: opts.stopped });
    const wd = opts.watchdogMs ?? 10_000;
    // The watchdog starts once the machine is up (starting a worker and loading its modules takes a while).
    if (wd > 0) void this.ready.then(() => {
      this.lastHeard = performance.now();
      this.watchdog = setInterval(() => {
        if (performance.now() - this.lastHeard > wd) {
          this.events.unresponsive?.();
          void this.terminate();
          return;
        }
        void this.request({ t: 'heartbeat' }).catch(() => {});
      }, Math.max(50, wd / 4));
      this.watchdog.unref();
    }, () => {});
  }

  post(m: ToMachine): void { if (this.alive) this.worker.postMessage(m); }

  request<T = unknown>(r: Request): Promise<T> {
    if (!this.alive) return Promise.reject(new Error(`${this.config.name} is not running (its worker was stopped)`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, ...r } as ToMachine);
    });
  }

  private fail(e: Error): void {
    if (!this.alive) return;
    this.alive = false;
    this.readyReject(e);
    clearInterval(this.watchdog);
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async terminate(): Promise<void> {
    const wasAlive = this.alive;
    this.fail(new Error(`${this.config.name}: the machine was stopped`));
    if (wasAlive) await this.worker.terminate();
  }
}
