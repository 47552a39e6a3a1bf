// WUDFHost.exe: the driver host process of UMDF 2. The reflector (reflector.ts) starts one per device stack; its
// main thread loads the driver DLL into the process's own memory, runs FxDriverEntryUm (the stub binds to
// WUDFx02000.dll), then serves the reflector's messages: add the device (EvtDriverDeviceAdd), start it, remove it.
// The framework serving the DLL is kernel/wdf itself, instantiated over the process (its memory and heap, callbacks
// on this thread): a UMDF driver calls the same Wdf* code a KMDF driver does. A fault in the driver ends this
// process only; the reflector then reports the device failed (Code 43).
import type { Step } from '../../ntos/ob/manager.ts';
import type { Kernel } from '../../ntos/kernel.ts';
import type { RoutineTable } from '../../ntos/routine.ts';
import { Framework, setHostedFramework } from '../../wdf/framework.ts';
import { hostedDriver } from '../../wdf/driver.ts';
import { startSequence, stopSequence } from '../../wdf/dispatch.ts';
import { newRequest, requestTypeOf } from '../../wdf/request.ts';
import type { ImportResolution, LoadedImage } from '../../ntos/mm/loader/loader.ts';
import { um, UserException, type UserMode } from '../usermode.ts';
import type { UserProcess, UserThread } from '../process.ts';
import { Console } from '../console.ts';
import { user } from '../dll/routine.ts';
import { trampolineImage } from './image.ts';

export const HOST_IMAGE = 'WUDFHost.exe';
const HOST_PATH = 'C:\\Windows\\System32\\WUDFHost.exe';

/** What the reflector asks of the host for one device (by its PDO): PnP, or an I/O request with its input. */
export type HostWork =
  | { kind: 'add' | 'start' | 'remove'; pdo: number }
  | { kind: 'io'; pdo: number; major: number; code: number; input: Uint8Array; outputLength: number };
interface Message {
  work: HostWork; status?: number; information?: number; output?: Uint8Array; done: boolean;
  /** For I/O the reflector does not wait for: called once with the result (or the host's end). */
  onDone?: (r: IoResult) => void;
}
/** An I/O request's end as the reflector completes the IRP with it. */
export interface IoResult { status: number; information: number; output: Uint8Array }
/** The host's copy of one IRP: where its buffers are in the process, and the message it answers. */
interface HostIrp { message: Message; blocks: number[]; output: number; outputLength: number }

export interface DriverDll { service: string; name: string; path: string; bytes: Uint8Array }

export class DriverHost {
  readonly process: UserProcess;
  readonly fx: Framework;
  /** The reflector's device object for each PDO this host serves (the kernel side of the WDFDEVICE). */
  readonly fdos = new Map<number, number>();
  private readonly queue: Message[] = [];
  private readonly irps = new Map<number, HostIrp>();
  /** FxDriverEntryUm's status once it ran (or the load failure). */
  entryStatus?: number;
  driverObject = 0;
  private image?: LoadedImage;

  constructor(readonly k: Kernel, readonly u: UserMode, readonly dll: DriverDll) {
    const r = u.createProcess(hostImage(), {
      name: HOST_IMAGE, path: HOST_PATH, parentPid: 4, console: new Console(),
      commandLine: `"${HOST_PATH}" -HostGUID:{193a1820-d9ac-4997-8c55-be817523f6aa} -DeviceGroupId:${dll.service}`,
    });
    if (!r.ok) throw new Error(`WUDFHost.exe did not start: ${r.message}`);
    this.process = r.process;
    this.process.session = 0; // a driver host runs in the services session, as LocalService
    const self = this;
    this.fx = new Framework(k, {
      memory: this.process.memory, module: 'WUDFx02000',
      alloc: (size) => { const at = self.process.heap.alloc(size); if (at === undefined) throw new Error('host heap exhausted'); return at; },
      free: (at) => { self.process.heap.release(at); },
      *call(pointer, args) { return Number((yield { call: pointer >>> 0, args }) ?? 0) | 0; },
      reflectorDevice: (pdo) => self.fdos.get(pdo >>> 0) ?? 0,
      *completeIrp(irp) { self.completed(irp); },
      violation: (status) => new UserException(status),
    });
    hosts(k).set(this.process, this);
    // The host's end fails what it still held: queued messages and requests the driver had not completed.
    this.process.onExit.push(() => {
      const lost = this.lost();
      for (const m of [...this.queue.splice(0), ...[...this.irps.values()].map((h) => h.message)]) if (!m.done) { m.done = true; m.onDone?.(lost); }
      this.irps.clear();
    });
    // The DLL is mapped before the host thread first runs (the loader runs its relocations on the idle processor).
    const resolve = (u as unknown as { resolve(m: string, n: string, kind: 'func' | 'data'): ImportResolution }).resolve.bind(u);
    const loaded = this.process.loader.loadImage(dll.bytes, dll.name, resolve, { path: dll.path, runConstructors: false });
    if (loaded.ok) this.image = loaded.image; else this.entryStatus = loaded.status | 0;
  }

  get alive(): boolean { return this.process.state === 'running'; }

  /** Kernel side (the reflector's thread): waits until the driver's entry ran; its status. */
  *started(): Step<number> {
    yield* this.u.waitUntil(() => this.entryStatus !== undefined || !this.alive);
    return this.entryStatus ?? this.k.constant('STATUS_DRIVER_PROCESS_TERMINATED') | 0;
  }

  /** Kernel side: hands work to the host thread and waits for its status (the host may die meanwhile). */
  *request(work: HostWork): Step<number> { return (yield* this.send(work)).status; }

  /** Kernel side: an I/O request to the host, answered through `onDone` when the driver completes it. */
  post(work: Extract<HostWork, { kind: 'io' }>, onDone: (r: IoResult) => void): void {
    if (!this.alive) { onDone(this.lost()); return; }
    this.queue.push({ work, done: false, onDone });
    this.u.poke();
  }

  /** What a request gets when its host is gone. */
  private lost(): IoResult { return { status: this.k.constant('STATUS_DRIVER_PROCESS_TERMINATED') | 0, information: 0, output: new Uint8Array(0) }; }

  private *send(work: HostWork): Step<IoResult> {
    const lost = this.lost();
    if (!this.alive) return lost;
    const m: Message = { work, done: false };
    this.queue.push(m);
    this.u.poke();
    yield* this.u.waitUntil(() => m.done || !this.alive);
    return m.done ? { status: m.status!, information: m.information ?? 0, output: m.output ?? new Uint8Array(0) } : lost;
  }

  /** The host's main thread: load the DLL, run its entry, then serve messages until the process ends. */
  *main(t: UserThread): Generator<any, number, any> {
    const image = this.image;
    if (!image) return this.entryStatus ?? 1;
    const ctors = image.exports.get('__wasm_call_ctors');
    if (ctors?.kind === 'func') yield { call: ctors.func, args: [] };
    const entry = image.exports.get('FxDriverEntryUm');
    if (entry?.kind !== 'func') { this.entryStatus = this.k.constant('STATUS_PROCEDURE_NOT_FOUND') | 0; this.u.poke(); return this.entryStatus; }
    // The driver object is opaque in user mode: a block the framework knows the driver by.
    this.driverObject = this.fx.alloc(64);
    const regPath = this.unicodeString(`\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\${this.dll.service}`);
    this.entryStatus = Number(yield { call: entry.func, args: [this.driverObject, regPath] }) | 0;
    this.u.poke();
    if (this.entryStatus < 0) return this.entryStatus;
    for (;;) {
      yield* this.u.syscall(t, 'NtAlpcSendWaitReceivePort', () => this.u.waitUntil(() => this.queue.length > 0));
      const m = this.queue.shift();
      if (!m) continue;
      if (m.work.kind === 'io') { yield* this.serveIo(m, m.work); continue; }
      m.status = yield* this.serve(m.work);
      m.done = true;
      this.u.poke();
    }
  }

  private device(pdo: number) { return [...this.fx.devices.values()].find((d) => d.pdo === pdo >>> 0); }

  /**
   * An I/O request: the host's copy of the IRP (one stack location, buffers in this process as the I/O manager
   * lays them out for the device's I/O type) goes to the device's queue; it answers when the driver completes it,
   * which may be later (the host serves other messages meanwhile).
   */
  private *serveIo(m: Message, w: Extract<HostWork, { kind: 'io' }>): Step {
    const f = this.fx, io = f.io, dev = this.device(w.pdo);
    const type = requestTypeOf(f, w.major);
    const queue = type === undefined ? undefined : dev?.dispatch.get(type) ?? dev?.defaultQueue;
    if (!dev || type === undefined || !queue) {
      m.status = f.st('STATUS_INVALID_DEVICE_REQUEST'); m.done = true;
      m.onDone?.({ status: m.status, information: 0, output: new Uint8Array(0) });
      this.u.poke();
      return;
    }
    const irpBytes = io.size('IRP'), slBytes = io.size('IO_STACK_LOCATION');
    const irp = f.alloc(irpBytes + slBytes), sl = irp + irpBytes;
    const blocks = [irp];
    const buffer = (n: number, data?: Uint8Array) => { const at = f.alloc(Math.max(n, 1)); blocks.push(at); if (data) f.mem.u8.set(data.subarray(0, n), at); return at; };
    const method = w.code & 3, ioctl = w.major === io.c('IRP_MJ_DEVICE_CONTROL') || w.major === io.c('IRP_MJ_INTERNAL_DEVICE_CONTROL');
    const i = f.irpAt(irp).set('Type', io.c('IO_TYPE_IRP')).set('Size', irpBytes + slBytes).set('StackCount', 1).set('CurrentLocation', 1)
      .set('Tail.Overlay.CurrentStackLocation', sl).set('RequestorMode', 1);
    const s = f.at('IO_STACK_LOCATION', sl).set('MajorFunction', w.major);
    let output = 0;
    if (w.major === io.c('IRP_MJ_READ')) { output = buffer(w.outputLength); i.set('AssociatedIrp.SystemBuffer', output); s.set('Parameters.Read.Length', w.outputLength); }
    else if (w.major === io.c('IRP_MJ_WRITE')) { i.set('AssociatedIrp.SystemBuffer', buffer(w.input.length, w.input)); s.set('Parameters.Write.Length', w.input.length); }
    else if (ioctl) {
      s.set('Parameters.DeviceIoControl.IoControlCode', w.code).set('Parameters.DeviceIoControl.InputBufferLength', w.input.length)
        .set('Parameters.DeviceIoControl.OutputBufferLength', w.outputLength);
      if (method === io.c('METHOD_BUFFERED')) { output = buffer(Math.max(w.input.length, w.outputLength), w.input); i.set('AssociatedIrp.SystemBuffer', output); }
      else if (method === io.c('METHOD_NEITHER')) { s.set('Parameters.DeviceIoControl.Type3InputBuffer', buffer(w.input.length, w.input)); output = buffer(w.outputLength); i.set('UserBuffer', output); }
      else { i.set('AssociatedIrp.SystemBuffer', buffer(w.input.length, w.input)); output = buffer(w.outputLength); i.set('UserBuffer', output); }
    }
    this.irps.set(irp, { message: m, blocks, output, outputLength: w.outputLength });
    const req = newRequest(f, dev, irp, type);
    if (!req) { this.completedWith(irp, f.st('STATUS_INSUFFICIENT_RESOURCES'), 0); return; }
    yield* queue.queueRequest(req);
  }

  /** The framework completed the host's copy of an IRP: its result goes back to the waiting reflector. */
  private completed(irp: number): void {
    const b = this.fx.irpAt(irp);
    this.completedWith(irp, b.getI32('IoStatus.Status'), b.get('IoStatus.Information'));
  }

  private completedWith(irp: number, status: number, information: number): void {
    const h = this.irps.get(irp >>> 0);
    if (!h) return;
    this.irps.delete(irp >>> 0);
    const n = Math.min(information, h.outputLength);
    h.message.output = h.output && n ? this.fx.mem.read(h.output, n) : new Uint8Array(0);
    h.message.status = status;
    h.message.information = information;
    h.message.done = true;
    for (const at of h.blocks) this.fx.free(at);
    h.message.onDone?.({ status, information, output: h.message.output });
    this.u.poke();
  }

  private *serve(w: HostWork): Step<number> {
    if (w.kind === 'add') return yield* hostedDriver.addDevice(this.k, this.driverObject, w.pdo, this.fx);
    const dev = this.device(w.pdo);
    if (!dev) return this.k.constant('STATUS_NO_SUCH_DEVICE') | 0;
    if (w.kind === 'start') return yield* startSequence(this.fx, dev);
    if (dev.state === 'started') yield* stopSequence(this.fx, dev);
    yield* dev.teardown();
    this.fdos.delete(w.pdo >>> 0);
    return 0;
  }

  private unicodeString(text: string): number {
    const f = this.fx, at = f.alloc(f.io.size('UNICODE_STRING')), buf = f.alloc(text.length * 2 + 2);
    for (let i = 0; i < text.length; i++) f.mem.writeU16(buf + 2 * i, text.charCodeAt(i));
    f.at('UNICODE_STRING', at).set('Length', text.length * 2).set('MaximumLength', text.length * 2 + 2).set('Buffer', buf);
    return at;
  }
}

const registry = new WeakMap<Kernel, Map<UserProcess, DriverHost>>();
/** The hosts of a kernel by process; the first use makes the WDF routines find a host's framework. */
export function hosts(k: Kernel): Map<UserProcess, DriverHost> {
  let m = registry.get(k);
  if (!m) {
    const map = new Map<UserProcess, DriverHost>();
    m = map;
    registry.set(k, m);
    setHostedFramework(k, () => { const t = um(k).current; return t ? map.get(t.process)?.fx : undefined; });
  }
  return m;
}

let image: Uint8Array | undefined;
/** WUDFHost.exe: its main calls WUDFPlatform.dll!WudfHostMain. */
function hostImage(): Uint8Array {
  return image ??= trampolineImage({ module: 'WUDFPlatform.dll', routine: 'WudfHostMain', entry: 'main', params: 0, name: HOST_IMAGE });
}

/** WUDFPlatform.dll: the host's own runtime. */
export const hostRoutines: RoutineTable = {
  WudfHostMain: user((t) => {
    const h = hosts(t.process.mode.k).get(t.process);
    if (!h) return 1;
    return h.main(t);
  }),
};
