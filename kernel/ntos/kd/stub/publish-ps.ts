// The process publisher: nt!PsActiveProcessHead, the process table !process and !thread read (ntdata-ps.ts).
// Rewritten each time the stub freezes the target. A process's page directory (DirBase) and handle table
// (ObjectTable) get a real page and a real pool block the first time they are published, freed with the process.
import { encodeProcesses, PS_ACTIVE_PROCESS_HEAD, type ProcessRecord, type ThreadRecord, type ThreadStateName } from '../../../../main/formats/kd/ntdata-ps.ts';
import { toVA } from '../../../../main/machine/memory.ts';
import type { Thread } from '../../../../main/machine/cpu/types.ts';
import { struct } from '../../../layout/access.ts';
import { cyclesToUnits } from '../../ke/clock.ts';
import type { Kernel } from '../../kernel.ts';
import { SYSTEM_PID } from '../../ps/process.ts';
import { keThread } from '../../ke/thread.ts';
import { idleStackOf } from '../../ke/idle-stack.ts';
import type { KdPublisher } from './publishers.ts';
import { TABLE_HEADER_SIZE, writeTable } from './publish-table.ts';

/** Processes Windows starts in session 0 (services and their hosts); the rest run in the console session 1. */
const SESSION0 = new Set(['smss.exe', 'csrss.exe', 'wininit.exe', 'services.exe', 'lsass.exe', 'svchost.exe', 'wudfhost.exe', 'spoolsv.exe']);

interface ProcessPages { dirBase: number; objectTable: number }
const pagesOf = new WeakMap<Kernel, Map<number, ProcessPages>>();

function processPages(k: Kernel, live: Set<number>): Map<number, ProcessPages> {
  let m = pagesOf.get(k);
  if (!m) pagesOf.set(k, m = new Map());
  for (const [pid, p] of m) if (!live.has(pid)) { k.pages.release(p.dirBase); k.pool.free(p.objectTable); m.delete(pid); }
  for (const pid of live) {
    if (m.has(pid)) continue;
    const dirBase = k.pages.alloc(0x1000), objectTable = k.pool.allocate(0x80, 'Obtb');
    if (dirBase === undefined || objectTable === undefined) continue;
    m.set(pid, { dirBase, objectTable });
  }
  return m;
}

const idleOf = new WeakMap<Kernel, number>();
/** The idle process's object (KPROCESS of the idle thread), made the first time it is published. */
function idleProcess(k: Kernel): number {
  let a = idleOf.get(k);
  if (a === undefined) { a = k.pool.allocate(struct(k.layouts, 'EPROCESS').size, 'Proc') ?? 0; idleOf.set(k, a); }
  return a;
}

const ms = (cycles: number) => cyclesToUnits(cycles) / 10_000;

function threadRecord(k: Kernel, ethread: number, t: Thread, pid: number): ThreadRecord {
  const et = struct(k.layouts, 'ETHREAD'), m = k.memory, P = k.processor;
  const running = t.state === 'stopped' || t.state === 'faulted';
  const state: ThreadStateName = running ? 'RUNNING' : t.state === 'ready' ? 'READY' : t.state === 'blocked' ? 'WAIT' : 'TERMINATED';
  const userMode = m.readU8(ethread + et.field('SystemThread')) === 0;
  // StartAddress holds the start routine's function-table index; its code address is what !thread shows.
  const start = m.readU32(ethread + et.field('StartAddress'));
  const f = start ? P.table[start] : undefined;
  const startAddress = f?.kind === 'wasm' ? toVA(P.codeOffset(f.id, 0)) : 0n;
  const c = keThread(t), now = k.clock.tickCount();
  // A user thread's TEB is in its process's space (a user address, as !thread shows it).
  const teb = BigInt(c?.teb ?? 0);
  const irps = [...k.io.irps].filter(([, o]) => o.thread === t).map(([irp]) => toVA(irp));
  return {
    ethread: toVA(ethread), pid, tid: m.readU32(ethread + et.field('Cid.UniqueThread')), teb, state,
    waitReason: userMode ? 'UserRequest' : 'Executive', userMode, current: running, startAddress,
    stackBase: toVA(t.stackBase), stackLimit: toVA(t.stackLimit), stackCurrent: toVA(t.sp),
    priority: 8, basePriority: 8, kernelMs: ms(t.cycles), userMs: 0, irql: t.irql,
    contextSwitches: c?.contextSwitches ?? 0, waitStartTick: c?.waitStartTick ?? 0, ticksSince: Math.max(0, now - (c?.waitStartTick ?? now)), irps,
  };
}

function refresh(k: Kernel, at: (name: string) => number): void {
  const ep = struct(k.layouts, 'EPROCESS'), m = k.memory;
  const procs = [...k.ps.processes.values()].filter((p) => !p.exited);
  const pages = processPages(k, new Set(procs.map((p) => p.pid)));
  const now = k.clock.systemTimePrecise();
  const records: ProcessRecord[] = procs.map((p) => {
    const threads: ThreadRecord[] = [];
    for (const e of p.threads) { const t = k.ps.threadOf(e); if (t && t.state !== 'exited') threads.push(threadRecord(k, e, t, p.pid)); }
    const created = m.readU64(p.eprocess + ep.field('CreateTime'));
    const pg = pages.get(p.pid);
    return {
      eprocess: toVA(p.eprocess), pid: p.pid, parentPid: p.parentPid,
      sessionId: p.pid === SYSTEM_PID ? -1 : SESSION0.has(p.name.toLowerCase()) ? 0 : 1,
      peb: BigInt(m.readU32(p.eprocess + ep.field('Peb'))), dirBase: BigInt(pg?.dirBase ?? 0), objectTable: pg ? toVA(pg.objectTable) : 0n,
      handleCount: p.pid === SYSTEM_PID ? k.io.ob.kernelTable.count + k.io.ob.processTable(SYSTEM_PID).count : k.io.ob.processTable(p.pid).count,
      image: p.name, elapsedMs: Number(now - created) / 10_000, threads,
    };
  });
  // The idle process is not on the active process list; !thread shows its thread when the processor was idle.
  const ranSomething = records.some((r) => r.threads.some((t) => t.current));
  const idle = idleStackOf(k);
  const et = struct(k.layouts, 'ETHREAD');
  records.push({
    eprocess: toVA(idleProcess(k)), pid: 0, parentPid: 0, sessionId: -1, peb: 0n, dirBase: 0n, objectTable: 0n, handleCount: 0, image: 'Idle', elapsedMs: 0,
    threads: [{
      ethread: toVA(k.ps.idleThread), pid: 0, tid: m.readU32(k.ps.idleThread + et.field('Cid.UniqueThread')), teb: 0n, state: ranSomething ? 'READY' : 'RUNNING',
      waitReason: 'Executive', userMode: false, current: !ranSomething, startAddress: 0n, stackBase: idle ? toVA(idle.base) : 0n, stackLimit: idle ? toVA(idle.limit) : 0n, stackCurrent: idle ? toVA(idle.sp) : 0n,
      priority: 0, basePriority: 0, kernelMs: 0, userMs: 0, irql: 0, contextSwitches: 0, waitStartTick: 0, ticksSince: 0, irps: [],
    }],
  });
  writeTable(k, at(PS_ACTIVE_PROCESS_HEAD), encodeProcesses(records));
}

export const psPublisher: KdPublisher = { file: 'ntoskrnl.exe', symbols: [{ name: PS_ACTIVE_PROCESS_HEAD, size: TABLE_HEADER_SIZE }], refresh };
