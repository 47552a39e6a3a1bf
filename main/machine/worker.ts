// A machine's worker thread: owns one Machine and runs it. The run loop executes the processor in slices and yields
// to the event loop between them, so messages (break-in, cable traffic, power off) are handled even while the
// target spins; when everything waits, it sleeps until the next deadline (paced to wall time) or the next message.
import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { Machine, type JournalInput } from './machine.ts';
import { fromBase64, ticksToMs, msToTicks, toBase64 } from './devices/device.ts';
import type { LineSettings } from './devices/serial-line.ts';
import type { ComPort, DeviceTree, FromMachine, MachineInfo, PingOutcome, Request, ToMachine } from './protocol.ts';
import type { PingResult } from '../net/stack.ts';
import { IrpBatch } from './irp-batch.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts runs inside a worker thread');
const post = (m: FromMachine): void => port.postMessage(m);

/** Wall time one run() call may take before the loop yields to messages. */
const SLICE_WALL_MS = 4;

let machine: Machine | null = null;
let paced = true;
let stopped = false;
let timer: NodeJS.Timeout | undefined;
let scheduled = false;
let idleSince: { wall: number; ticks: number } | null = null;
const irps = new IrpBatch(post);
const serialOut = new Map<ComPort, { bytes: number[]; line: LineSettings }>();

function flushSerial(): void {
  for (const [p, o] of serialOut) post({ t: 'serial-out', port: p, bytes: o.bytes, line: o.line });
  serialOut.clear();
}

/** Bytes written while the run loop sleeps (a KD stub's timer resending while it holds the target) go out too. */
let serialFlushQueued = false;
function queueSerialFlush(): void {
  if (serialFlushQueued) return;
  serialFlushQueued = true;
  setImmediate(() => { serialFlushQueued = false; flushSerial(); });
}

function create(config: ToMachine & { t: 'init' }): Machine {
  return new Machine(config.config, {
    // Streams keep their order: characters already sent go out before later console text, status or frames.
    status: (status) => { flushSerial(); post({ t: 'status', status }); },
    console: (text) => { flushSerial(); post({ t: 'console-out', text }); },
    frame: (frame) => { flushSerial(); post({ t: 'net-frame', frame }); },
    serial: (p, byte, line) => {
      const cur = serialOut.get(p);
      if (cur && sameLine(cur.line, line)) cur.bytes.push(byte);
      else { if (cur) flushSerial(); serialOut.set(p, { bytes: [byte], line }); }
      queueSerialFlush();
    },
    modem: (p, lines) => post({ t: 'serial-modem', port: p, lines }),
  });
}

const sameLine = (a: LineSettings, b: LineSettings): boolean => a.baud === b.baud && a.dataBits === b.dataBits && a.parity === b.parity && a.stopBits === b.stopBits;

/** The idle wait's timer fired: the clock goes to the deadline it waited for (not a wall-clock tick short of it). */
let deadlineReached = false;

/**
 * Idle time is real time: catch the clock up with the wall clock since the machine went idle, never past the next
 * deadline (a jump that ends elsewhere, because a message arrived, goes into the machine's journal).
 */
function catchUp(): void {
  const m = machine;
  if (!m || !idleSince) return;
  if (paced) {
    const d = m.nextDeadline();
    const wall = idleSince.ticks + msToTicks(performance.now() - idleSince.wall);
    m.idleUntil(deadlineReached && d !== undefined ? Math.max(wall, d) : wall);
  }
  deadlineReached = false;
  idleSince = null;
}

// --- inputs: applied only at a settled point of the run loop and journaled with it (checkpoints replay them) ---

/** Inputs and requests waiting for the machine to reach a settled point. */
const deferred: ToMachine[] = [];
let draining = false;
let advancing = false;

/** Requests that change the machine (journaled); the others only read it. */
function mutates(r: Request): boolean {
  switch (r.t) {
    case 'power': case 'restart': case 'break-in': case 'io': case 'ping': case 'firmware': case 'device-action': case 'run': case 'advance': return true;
    case 'disk': return r.op === 'write' || r.op === 'mkdir' || r.op === 'remove';
    default: return false;
  }
}
/** Requests that must see the machine at a settled point (a checkpoint is taken at one). */
const needsSettled = (msg: ToMachine): boolean => !('id' in msg) || mutates(msg) || msg.t === 'save' || msg.t === 'load';

/** One input applied to the machine (live, or replayed from a checkpoint's journal): recorded, then done. */
function applyInput(m: Machine, i: JournalInput): Promise<unknown> | undefined {
  if (i.k === 'clock') { m.idleUntil(i.to); return undefined; }
  if (i.k === 'flush') { m.record(i); m.flush(); return undefined; }
  m.record(i);
  let result: Promise<unknown> | undefined;
  switch (i.k) {
    case 'console': m.onConsoleInput?.(i.text); break;
    case 'frame': m.nic.deliver(fromBase64(i.frame)); break;
    case 'link': m.setLink(i.up); break;
    case 'serial': { const u = i.port === 1 ? m.com1 : m.com2; for (const b of i.bytes) u.receive(b, i.line); break; }
    case 'modem': (i.port === 1 ? m.com1 : m.com2).setModemIn(i.lines); break;
    case 'request': {
      const r = { ...i.r } as Request & { data?: unknown };
      if (typeof r.data === 'string') r.data = fromBase64(r.data);
      result = handle(m, r);
      // A replayed request's answer went to the host long ago.
      if (m.replaying) result.catch(() => {});
      break;
    }
  }
  m.kick();
  return result;
}

function inputOf(msg: ToMachine): JournalInput | undefined {
  switch (msg.t) {
    case 'console-in': return { k: 'console', text: msg.text };
    case 'net-frame': return { k: 'frame', frame: toBase64(msg.frame) };
    case 'net-link': return { k: 'link', up: msg.up };
    case 'serial-in': return { k: 'serial', port: msg.port, bytes: msg.bytes, line: msg.line };
    case 'serial-modem': return { k: 'modem', port: msg.port, lines: msg.lines };
    default: return undefined;
  }
}

function processMessage(m: Machine, msg: ToMachine): void {
  if ('id' in msg) {
    const { id, ...r } = msg as ToMachine & { id: number } & Request;
    let p: Promise<unknown>;
    if (mutates(r)) {
      const data = (r as { data?: Uint8Array }).data;
      p = Promise.resolve(applyInput(m, { k: 'request', r: data ? { ...r, data: toBase64(data) } : { ...r } }));
    } else p = handle(m, r);
    p.then(
      (value) => post({ t: 'reply', id, ok: true, value }),
      (e: unknown) => post({ t: 'reply', id, ok: false, error: e instanceof Error ? e.message : String(e) }),
    ).finally(() => schedule());
  } else {
    const i = inputOf(msg);
    if (i) applyInput(m, i);
  }
  schedule();
}

function drainSoon(): void {
  if (draining || !deferred.length) return;
  draining = true;
  setImmediate(drain);
}

/** Apply the first waiting message once the machine is at a settled point (run it to one first if needed). */
function drain(): void {
  draining = false;
  const m = machine;
  if (!m || m.replaying || !deferred.length) return;
  catchUp();
  if (!m.settled) {
    if (!stopped) { schedule(); return; } // the run loop stops at the next settled point and drains again
    if (!advancing) m.run(0, m.ticks); // a stopped machine: fire what is due now, nothing runs
    drainSoon();
    return;
  }
  processMessage(m, deferred.shift()!);
  drainSoon();
}

function schedule(): void {
  if (scheduled || !machine || stopped) return;
  scheduled = true;
  clearTimeout(timer); timer = undefined;
  setImmediate(loop);
}

function loop(): void {
  scheduled = false;
  const m = machine;
  if (!m || stopped || m.replaying) return;
  catchUp();
  const r = m.run(SLICE_WALL_MS);
  flushSerial();
  drainSoon();
  if (r === 'busy') { schedule(); return; }
  // Idle: continuations of the boot or the kernel may add deadlines first; decide after they ran.
  setImmediate(() => {
    if (scheduled || stopped || machine !== m) return;
    const d = m.nextDeadline();
    if (d !== undefined && d <= m.ticks) { schedule(); return; }
    idleSince = { wall: performance.now(), ticks: m.ticks };
    if (d === undefined) return; // sleep until a message arrives
    if (!paced) { m.idleUntil(d); idleSince = null; schedule(); return; }
    timer = setTimeout(() => { timer = undefined; deadlineReached = true; schedule(); }, Math.max(0, ticksToMs(d - m.ticks)));
  });
}

async function ping(m: Machine, r: Request & { t: 'ping' }): Promise<PingOutcome> {
  const net = m.net;
  if (!net) throw new Error(`${m.name} is off`);
  const ip = await net.resolve(r.target);
  if (ip === undefined) return { ip, results: [] };
  const results: PingResult[] = [];
  for (let i = 0; i < (r.count ?? 4); i++) {
    if (i > 0) await m.sleep(1000 - Math.min(1000, (results.at(-1) as { timeMs?: number }).timeMs ?? 0));
    results.push(await net.ping(ip, { timeoutMs: r.timeoutMs, size: r.size }));
  }
  return { ip, results };
}

/** The booted kernel's device tree, through the kernel module's `deviceTree` export (the module the boot loaded). */
async function deviceTree(m: Machine): Promise<DeviceTree> {
  const ref = m.config.kernel;
  const mod = ref ? (await m.hold(import(ref.module))) as { deviceTree?: (m: Machine) => DeviceTree | undefined } : undefined;
  const tree = mod?.deviceTree?.(m);
  if (!tree) throw new Error(`${m.name} is ${m.status.state}: Device Manager can read its devices once Windows is running`);
  return tree;
}

async function handle(m: Machine, r: Request): Promise<unknown> {
  switch (r.t) {
    case 'power': if (r.on) { void m.powerOn(); } else m.powerOff(); return m.status;
    case 'restart': m.powerOff(); void m.powerOn(); return m.status;
    case 'break-in':
      if (!m.onBreakIn) throw new Error(m.status.state === 'off' ? `${m.name} is off` : `${m.name} has no kernel debugger to break into`);
      return m.onBreakIn();
    case 'save': return m.saveState();
    case 'load': await m.loadState(r.state, (i) => { void applyInput(m, i); }); stopped = m.stopped; return m.status;
    case 'heartbeat': return m.ticks;
    case 'info': {
      const heap = getHeapStatistics();
      return { name: m.name, status: m.status, ticks: m.ticks, instructions: m.instructions, mac: m.nic.macAddress, ip: m.config.ip, link: m.nic.linkUp,
        heapBytes: heap.used_heap_size, externalBytes: heap.external_memory } satisfies MachineInfo;
    }
    case 'io':
      if (r.op === 'in') return m.bus.in(r.port, r.size);
      m.bus.out(r.port, r.value ?? 0, r.size);
      return undefined;
    case 'ping': return ping(m, r);
    case 'firmware': Object.assign(m.firmware.settings, r.settings); return m.firmware.settings;
    case 'disk':
      switch (r.op) {
        case 'read': return m.disk.readFile(r.path);
        case 'write': m.disk.writeFile(r.path, r.data ?? new Uint8Array(0)); return undefined;
        case 'list': return m.disk.list(r.path);
        case 'mkdir': m.disk.mkdir(r.path); return undefined;
        case 'remove': m.disk.remove(r.path, true); return undefined;
        case 'stat': return m.disk.stat(r.path);
      }
      return undefined;
    case 'run':
      stopped = m.stopped = r.mode === 'stopped'; idleSince = null;
      m.advanceTo = stopped ? m.ticks : null;
      return undefined;
    case 'advance':
      if (!stopped) throw new Error('advance needs the machine stopped (run mode "stopped")');
      // Replayed, an advance only sets how far the clock may go (the replay drives the machine itself).
      if (m.replaying) { m.advanceTo = m.ticks + r.ticks; return m.ticks; }
      advancing = true;
      try { await m.advance(r.ticks); } finally { advancing = false; }
      flushSerial(); return m.ticks;
    case 'devices': return (await deviceTree(m)).list();
    case 'device-action': return (await deviceTree(m)).action(r.action, r.instanceId, { deleteDriver: r.deleteDriver });
    case 'io-watch': {
      const stack = (await deviceTree(m)).watch(r.instanceId, irps.sink);
      irps.set(r.instanceId !== undefined);
      return stack;
    }
  }
}

port.on('message', (msg: ToMachine) => {
  if (msg.t === 'init') {
    paced = msg.paced;
    stopped = msg.stopped ?? false;
    const m = create(msg);
    m.onWake = schedule;
    m.stopped = stopped;
    m.advanceTo = stopped ? 0 : null;
    m.inputsWaiting = () => deferred.length > 0;
    m.onHoldEnd = () => { idleSince = null; };
    machine = m;
    void (async () => {
      let error: string | undefined;
      if (msg.state) {
        try {
          await m.loadState(msg.state, (i) => { void applyInput(m, i); });
        } catch (e) { error = e instanceof Error ? e.message : String(e); }
        // The run mode this worker was started in, if it differs from the checkpoint's (journaled like a request).
        if (!error && msg.stopped !== undefined && msg.stopped !== m.stopped) void applyInput(m, { k: 'request', r: { t: 'run', mode: msg.stopped ? 'stopped' : 'free' } });
        stopped = m.stopped;
      }
      post({ t: 'ready', ...(error ? { error } : {}), ...(msg.state && !m.restored.exact ? { inexact: m.restored.reason ?? 'unknown' } : {}) });
      drainSoon();
      schedule();
    })();
    return;
  }
  const m = machine;
  if (!m) return;
  if (needsSettled(msg)) { deferred.push(msg); drainSoon(); return; }
  processMessage(m, msg);
});
