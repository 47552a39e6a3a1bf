// Processes and threads: !process, !thread, .thread. The process table comes from nt!PsActiveProcessHead (the
// stub publishes it at each stop); a thread's stack from its context, asked for by ETHREAD over KD.
import type { ProcessRecord, ThreadRecord } from '../../../formats/kd/ntdata-ps.ts';
import { formatAddress } from '../../symbols/format.ts';
import { formatSymbolAt } from '../modules.ts';
import { BAD_NT_SYMBOLS, readProcesses } from '../nt-tables.ts';
import type { KdSession } from '../session.ts';
import { stackRows } from './stack.ts';
import { readStruct } from '../target-data.ts';
import { CLOCK_INCREMENT } from '../../../../kernel/ntos/ke/clock.ts';
import type { CommandTable } from './types.ts';

const hex16 = (v: bigint) => BigInt.asUintN(64, v).toString(16).padStart(16, '0');
const hex = (v: bigint | number, width: number) => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(width, '0');
function duration(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000), m = Math.floor(t / 60_000) % 60, sec = Math.floor(t / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}.${String(t % 1000).padStart(3, '0')}`;
}

function threadState(t: ThreadRecord): string {
  if (t.state === 'RUNNING' || t.state === 'READY') return `${t.state} on processor 0`;
  if (t.state === 'WAIT') return `WAIT: (${t.waitReason}) ${t.userMode ? 'UserMode' : 'KernelMode'} Non-Alertable`;
  return 'TERMINATED';
}

function threadLine(t: ThreadRecord): string {
  return `THREAD ${hex16(t.ethread)}  Cid ${hex(t.pid, 4)}.${hex(t.tid, 4)}  Teb: ${hex16(t.teb)} Win32Thread: 0000000000000000 ${threadState(t)}`;
}

/** `    ffffe000`7f35ee10: (0006,0118) Flags: 00060a00  Mdl: 00000000`: an IRP of the thread's IrpList (its Type,
 *  Size, Flags and MdlAddress read from the IRP itself). */
async function irpListLine(s: KdSession, irp: bigint): Promise<string> {
  const i = await readStruct(s, 'IRP', irp).catch(() => undefined);
  if (!i) return `    ${hex16(irp)}: Unable to read the IRP`;
  return `    ${hex16(irp)}: (${hex(i.get('Type'), 4)},${hex(i.get('Size'), 4)}) Flags: ${hex(i.get('Flags'), 8)}  Mdl: ${hex(i.get('MdlAddress'), 8)}`;
}

/** A tick count as WinDbg shows it beside Ticks: d:hh:mm:ss.mmm (a tick is the clock's increment, in 100 ns units). */
function tickTime(ticks: number): string {
  const ms = Math.round((ticks * CLOCK_INCREMENT) / 10_000);
  const d = Math.floor(ms / 86_400_000), h = Math.floor(ms / 3_600_000) % 24, m = Math.floor(ms / 60_000) % 60, sec = Math.floor(ms / 1000) % 60;
  return `${d}:${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

const STACK_HEAD = 'Child-SP          RetAddr           : Args to Child                                                           : Call Site';

/** The !thread block (also each thread of `!process <p> 7`, indented there). */
async function threadBlock(s: KdSession, t: ThreadRecord, owner: ProcessRecord | undefined, withStack: boolean): Promise<string[]> {
  const lines = [threadLine(t)];
  if (t.irps.length) lines.push('IRP List:', ...(await Promise.all(t.irps.map((irp) => irpListLine(s, irp)))));
  lines.push('Not impersonating',
    `Owning Process            ${hex16(owner?.eprocess ?? 0n)}       Image:         ${owner?.image ?? 'N/A'}`,
    'Attached Process          N/A            Image:         N/A',
    `Wait Start TickCount      ${String(t.waitStartTick).padEnd(15)}Ticks: ${t.ticksSince}${t.ticksSince ? ` (${tickTime(t.ticksSince)})` : ''}`,
    `Context Switch Count      ${String(t.contextSwitches).padEnd(15)}IdealProcessor: 0`,
    `UserTime                  ${duration(t.userMs)}`, `KernelTime                ${duration(t.kernelMs)}`);
  if (t.startAddress) lines.push(`Win32 Start Address ${formatSymbolAt(s.symbolAt(t.startAddress), t.startAddress)} (0x${hex16(t.startAddress)})`);
  lines.push(`Stack Init ${hex16(t.stackBase)} Current ${hex16(t.stackCurrent)}`, `Base ${hex16(t.stackBase)} Limit ${hex16(t.stackLimit)} Call 0000000000000000`,
    `Priority ${t.priority}  BasePriority ${t.basePriority}  PriorityDecrement 0  IoPriority 2  PagePriority 5`);
  if (withStack && (t.stackBase || t.current)) {
    const ctx = await s.threadContext(t.current ? 0n : t.ethread).catch(() => undefined);
    if (ctx) lines.push(STACK_HEAD, ...stackRows(s, ctx, true));
  }
  return lines;
}

function processHead(p: ProcessRecord): string[] {
  return [`PROCESS ${hex16(p.eprocess)}`,
    `    SessionId: ${p.sessionId < 0 ? 'none' : p.sessionId}  Cid: ${hex(p.pid, 4)}    Peb: ${p.peb ? hex(p.peb, 8) : '00000000'}  ParentCid: ${hex(p.parentPid, 4)}`,
    `    DirBase: ${hex(p.dirBase, 8)}  ObjectTable: ${hex16(p.objectTable)}  HandleCount: ${String(p.handleCount).padStart(4)}.`,
    `    Image: ${p.image}`];
}

async function processBlock(s: KdSession, p: ProcessRecord, flags: number): Promise<string[]> {
  const lines = processHead(p);
  if (flags === 0) return [...lines, ''];
  lines.push(`    ElapsedTime                       ${duration(p.elapsedMs)}`,
    `    UserTime                          ${duration(p.threads.reduce((n, t) => n + t.userMs, 0))}`,
    `    KernelTime                        ${duration(p.threads.reduce((n, t) => n + t.kernelMs, 0))}`, '');
  if (flags & 6) {
    for (const t of p.threads) {
      const block = flags & 2 ? await threadBlock(s, t, p, (flags & 4) !== 0) : [threadLine(t)];
      lines.push(...block.map((l) => `        ${l}`), '');
    }
  }
  return lines;
}

async function process(s: KdSession, args: string): Promise<string> {
  const all = await readProcesses(s);
  if (!all) return BAD_NT_SYMBOLS;
  const active = all.filter((p) => p.pid !== 0);
  const words = args.trim().split(/\s+/).filter(Boolean);
  const current = all.find((p) => p.threads.some((t) => t.current)) ?? active[0]!;
  if (!words.length) return (await processBlock(s, current, 3)).join('\n').trimEnd();
  const which = words[0] === '-1' ? -1n : await s.eval(words[0]!);
  const flags = words[1] !== undefined ? Number(await s.eval(words[1])) : which === 0n || which === -1n ? 3 : 0xf;
  const image = words[2]?.toLowerCase();
  if (which === 0n) {
    const list = image ? active.filter((p) => p.image.toLowerCase() === image) : active;
    const out = ['**** NT ACTIVE PROCESS DUMP ****'];
    for (const p of list) out.push(...(await processBlock(s, p, flags)));
    return out.join('\n').trimEnd();
  }
  const p = which === -1n ? current : all.find((x) => x.eprocess === which || BigInt(x.pid) === which);
  if (!p) return `Unable to read _EPROCESS at ${formatAddress(which)}`;
  return (await processBlock(s, p, flags)).join('\n').trimEnd();
}

function findThread(all: ProcessRecord[], va: bigint): { t: ThreadRecord; p: ProcessRecord } | undefined {
  for (const p of all) for (const t of p.threads) if (t.ethread === va || (va < 0x10000n && BigInt(t.tid) === va && t.tid !== 0)) return { t, p };
  return undefined;
}

export const processCommands: CommandTable = {
  '!process': (s, a) => process(s, a),
  '!thread': async (s, args) => {
    const all = await readProcesses(s);
    if (!all) return BAD_NT_SYMBOLS;
    const word = args.trim().split(/\s+/).filter(Boolean)[0];
    const va = word ? await s.eval(word) : s.implicitThread;
    const found = va !== undefined ? findThread(all, va) : all.flatMap((p) => p.threads.map((t) => ({ t, p }))).find((x) => x.t.current);
    if (!found) return `Unable to read _ETHREAD at ${formatAddress(va ?? 0n)}`;
    return (await threadBlock(s, found.t, found.p, true)).join('\n');
  },
  '.thread': async (s, args) => {
    const all = await readProcesses(s);
    if (!all) return BAD_NT_SYMBOLS;
    const word = args.trim();
    if (!word) {
      s.implicitThread = undefined; s.implicitThreadSet = false;
      const cur = all.flatMap((p) => p.threads).find((t) => t.current);
      return `Implicit thread is now ${formatAddress(cur?.ethread ?? 0n)}`;
    }
    const va = await s.eval(word);
    const found = findThread(all, va);
    if (!found) return "Can't retrieve thread context, HRESULT 0x80004005";
    s.implicitThread = found.t.current ? undefined : found.t.ethread;
    s.implicitThreadSet = true;
    return `Implicit thread is now ${formatAddress(found.t.ethread)}`;
  },
};
