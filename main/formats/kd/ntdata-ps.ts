// The process table the kernel publishes at nt!PsActiveProcessHead (what Windows keeps as the EPROCESS list) for
// !process and !thread: each process with the fields !process prints and its threads with those !thread prints.
// EPROCESS and ETHREAD are real blocks of nonpaged pool; the rest of what those commands show our kernel keeps in
// other structures, so it is gathered here. The layout is ours; the stub writes it and the host reads it.
import { Reader, Writer } from './bytes.ts';

export const PS_ACTIVE_PROCESS_HEAD = 'PsActiveProcessHead';

export type ThreadStateName = 'RUNNING' | 'READY' | 'WAIT' | 'TERMINATED';

export interface ThreadRecord {
  ethread: bigint; pid: number; tid: number; teb: bigint;
  state: ThreadStateName;
  /** KWAIT_REASON name of a waiting thread (Executive, UserRequest …). */
  waitReason: string;
  userMode: boolean;
  /** The thread the target stopped on. */
  current: boolean;
  startAddress: bigint;
  stackBase: bigint; stackLimit: bigint; stackCurrent: bigint;
  priority: number; basePriority: number;
  /** Run time in ms (its cycles at the clock's rate). */
  kernelMs: number; userMs: number;
  irql: number;
  /** KTHREAD's ContextSwitches and WaitTime (tick of its last wait or switch-in), and ticks since then. */
  contextSwitches: number; waitStartTick: number; ticksSince: number;
  /** The IRPs the thread issued that are not completed yet (its IrpList). */
  irps: bigint[];
}

export interface ProcessRecord {
  eprocess: bigint; pid: number; parentPid: number;
  /** -1: no session (System). */
  sessionId: number;
  peb: bigint; dirBase: bigint; objectTable: bigint; handleCount: number;
  image: string;
  /** Milliseconds since the process started. */
  elapsedMs: number;
  threads: ThreadRecord[];
}

const STATES: ThreadStateName[] = ['RUNNING', 'READY', 'WAIT', 'TERMINATED'];

export function encodeProcesses(ps: ProcessRecord[]): Uint8Array {
  const w = new Writer().u32(ps.length);
  for (const p of ps) {
    w.u64(p.eprocess).u32(p.pid).u32(p.parentPid).u32(p.sessionId).u64(p.peb).u64(p.dirBase).u64(p.objectTable).u32(p.handleCount)
      .str(p.image).f64(p.elapsedMs).u32(p.threads.length);
    for (const t of p.threads) {
      w.u64(t.ethread).u32(t.pid).u32(t.tid).u64(t.teb).u8(STATES.indexOf(t.state)).str(t.waitReason)
        .u8((t.userMode ? 1 : 0) | (t.current ? 2 : 0)).u64(t.startAddress).u64(t.stackBase).u64(t.stackLimit).u64(t.stackCurrent)
        .u8(t.priority).u8(t.basePriority).f64(t.kernelMs).f64(t.userMs).u8(t.irql)
        .u32(t.contextSwitches).u32(t.waitStartTick).u32(t.ticksSince).u32(t.irps.length);
      for (const irp of t.irps) w.u64(irp);
    }
  }
  return w.done();
}

export function decodeProcesses(b: Uint8Array): ProcessRecord[] {
  const r = new Reader(b);
  const out: ProcessRecord[] = [];
  for (let n = r.u32(), i = 0; i < n; i++) {
    const p: ProcessRecord = {
      eprocess: r.u64(), pid: r.u32(), parentPid: r.u32(), sessionId: r.u32() | 0, peb: r.u64(), dirBase: r.u64(), objectTable: r.u64(),
      handleCount: r.u32(), image: r.str(), elapsedMs: r.f64(), threads: [],
    };
    for (let m = r.u32(), k = 0; k < m; k++) {
      const ethread = r.u64(), pid = r.u32(), tid = r.u32(), teb = r.u64(), state = STATES[r.u8()] ?? 'WAIT', waitReason = r.str(), flags = r.u8();
      p.threads.push({
        ethread, pid, tid, teb, state, waitReason, userMode: (flags & 1) !== 0, current: (flags & 2) !== 0,
        startAddress: r.u64(), stackBase: r.u64(), stackLimit: r.u64(), stackCurrent: r.u64(), priority: r.u8(), basePriority: r.u8(),
        kernelMs: r.f64(), userMs: r.f64(), irql: r.u8(), contextSwitches: r.u32(), waitStartTick: r.u32(), ticksSince: r.u32(), irps: [],
      });
      const t = p.threads[p.threads.length - 1]!;
      for (let n = r.u32(), j = 0; j < n; j++) t.irps.push(r.u64());
    }
    out.push(p);
  }
  return out;
}
