// The processor's KPCR and the KPRCB after it (KIPCR in kernel/layout/probe.c), in system memory as Windows keeps
// them: nt!KiProcessorBlock[0] points at the KPRCB, the debugger's !pcr and !prcb read them over KD. The kernel
// writes the fields it changes (the running thread at each switch, the IRQL where it sets it); the KD stub writes
// the stopped thread's as it freezes the target, so !pcr and !irql (the stopped thread's saved IRQL) agree.
import type { Thread } from '../../../main/machine/cpu/types.ts';
import { toVA } from '../../../main/machine/memory.ts';
import { struct } from '../../layout/access.ts';
import type { Kernel } from '../kernel.ts';
import { keThread } from './thread.ts';

interface Pcr { at: number; prcb: number; irql: number; current: number; depth: number; dpcHead: number; last: number }
const pcrs = new WeakMap<Kernel, Pcr>();

/** Processor 0's KPCR, made (and its constant fields set) the first time the kernel touches it. */
export function processorControlRegion(k: Kernel): Pcr {
  let p = pcrs.get(k);
  if (p) return p;
  const L = k.layouts, ip = struct(L, 'KIPCR'), pr = struct(L, '_KPRCB'), m = k.memory;
  const at = k.pages.alloc(Math.ceil(ip.size / 0x1000) * 0x1000);
  if (at === undefined) throw new Error('no system space for the KPCR');
  m.u8.fill(0, at, at + ip.size);
  const prcb = at + ip.field('Prcb');
  const ptr = (off: number, v: number) => m.writeU32(off, v);
  ptr(at + ip.field('Pcr.Self'), at);
  ptr(at + ip.field('Pcr.CurrentPrcb'), prcb);
  m.writeU16(at + ip.field('Pcr.MajorVersion'), 1);
  m.writeU16(at + ip.field('Pcr.MinorVersion'), 1);
  ptr(prcb + pr.field('IdleThread'), k.ps.idleThread);
  ptr(prcb + pr.field('CurrentThread'), k.ps.idleThread);
  const dd = struct(L, 'KDPC_DATA'), data = prcb + pr.field('DpcData'); // DpcData[0]
  p = { at, prcb, irql: at + ip.field('Pcr.Irql'), current: prcb + pr.field('CurrentThread'), depth: data + dd.field('DpcQueueDepth'), dpcHead: data + dd.field('DpcListHead'), last: data + dd.field('LastEntry') };
  pcrs.set(k, p);
  return p;
}

/** KPRCB.CurrentThread and KPCR.Irql as `t` goes on the processor (the idle thread when nothing runs). */
export function pcrSwitchTo(k: Kernel, t: Thread | undefined): void {
  const p = processorControlRegion(k);
  k.memory.writeU32(p.current, (t && keThread(t)?.ethread) || k.ps.idleThread);
  k.memory.writeU8(p.irql, t?.irql ?? 0);
}

/** KPCR.Irql where the kernel raises or lowers it. */
export function pcrSetIrql(k: Kernel, irql: number): void { k.memory.writeU8(processorControlRegion(k).irql, irql); }

/** As the target freezes: the stopped thread and its IRQL, and the DPCs queued on the processor linked through
 *  their DpcListEntry into KPRCB.DpcData[0] (a single list, as x64 Windows keeps it), for the debugger. */
export function pcrFreeze(k: Kernel, t: Thread | undefined): void {
  pcrSwitchTo(k, t);
  const p = processorControlRegion(k), m = k.memory;
  const entry = struct(k.layouts, 'KDPC').field('DpcListEntry');
  const dpcs = k.ke.dpcQueue.filter((d): d is number => typeof d === 'number');
  m.writeU32(p.dpcHead, dpcs.length ? dpcs[0]! + entry : 0);
  dpcs.forEach((d, i) => m.writeU32(d + entry, i + 1 < dpcs.length ? dpcs[i + 1]! + entry : 0));
  m.writeU32(p.last, dpcs.length ? dpcs[dpcs.length - 1]! + entry : 0);
  m.writeU32(p.depth, dpcs.length);
}

/** The KPRCB's VA (nt!KiProcessorBlock[0]). */
export function prcbAddress(k: Kernel): bigint { return toVA(processorControlRegion(k).prcb); }
