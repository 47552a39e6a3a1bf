// !pcr: processor 0's KPCR, found as kdexts finds it: nt!KiProcessorBlock[0] is the KPRCB, the KPCR is the KIPCR
// around it. Everything is read over KD from the target's memory with our headers' layouts (KPCR in km/wdm/ke.h,
// KPRCB and KIPCR in kernel/layout/probe.c).
import type { KdSession } from '../session.ts';
import { toVA } from '../../../machine/memory.ts';
import { hex16, readIoTables, readStruct, routine, targetLayouts } from '../target-data.ts';

const row = (name: string, v: bigint | number) => `\t${name.padStart(19)}: ${hex16(BigInt(v))}`;

export async function pcr(s: KdSession): Promise<string> {
  const n = s.stop?.processor ?? 0;
  const block = s.resolveName('nt!KiProcessorBlock');
  const slot = block !== undefined ? await s.memory.read(block + BigInt(4 * n), 4) : undefined;
  const prcbOff = slot && slot.length === 4 ? new DataView(slot.buffer, slot.byteOffset).getUint32(0, true) : 0;
  if (!prcbOff) return 'Unable to read the PCR for the processor';
  const L = await targetLayouts();
  const prcbAt = toVA(prcbOff), pcrAt = prcbAt - BigInt(L.structs['KIPCR']!.fields['Prcb']!.offset);
  const k = await readStruct(s, 'KPCR', pcrAt), b = await readStruct(s, '_KPRCB', prcbAt);
  if (!k || !b) return `Unable to read the PCR at ${hex16(pcrAt)}`;
  // kdexts prints x86's KPCR names. On x64 the NT_TIB slots hold GdtBase, TssBase, UserRsp, Self, CurrentPrcb
  // (a ULONG's worth as Version), LockArray and Used_Self, and SelfPcr, IRR, IDR, InterruptMode, IDT, GDT and TSS
  // are not x64 KPCR members, so they print as 0: the "may display incorrect output" of its documentation.
  const lines = [`KPCR for Processor ${n} at ${hex16(pcrAt)}:`, `    Major ${k.get('MajorVersion')} Minor ${k.get('MinorVersion')}`,
    row('NtTib.ExceptionList', k.ptr('GdtBase')), row('NtTib.StackBase', k.ptr('TssBase')), row('NtTib.StackLimit', k.get('UserRsp')),
    row('NtTib.SubSystemTib', k.ptr('Self')), row('NtTib.Version', BigInt.asUintN(32, k.ptr('CurrentPrcb'))),
    row('NtTib.UserPointer', k.ptr('LockArray')), row('NtTib.SelfTib', k.ptr('Used_Self')), '',
    row('SelfPcr', 0), row('Prcb', k.ptr('CurrentPrcb')), row('Irql', k.get('Irql')), row('IRR', 0), row('IDR', 0),
    row('InterruptMode', 0), row('IDT', 0), row('GDT', 0), row('TSS', 0), '',
    row('CurrentThread', b.ptr('CurrentThread')), row('NextThread', b.ptr('NextThread')), row('IdleThread', b.ptr('IdleThread')), '',
    `\t${'DpcQueue'.padStart(18)}: ${(await dpcQueue(s, await firstDpc(s, b.addr('DpcData')))).join(`\n\t${''.padStart(20)}`)}`];
  return lines.join('\n');
}

/** KPRCB.DpcData[0].DpcListHead.Next. */
async function firstDpc(s: KdSession, data: bigint): Promise<number> {
  const L = await targetLayouts();
  const d = await readStruct(s, 'KDPC_DATA', data);
  return L.structs['KDPC_DATA'] && d ? d.get('DpcListHead.Next') : 0;
}

/** The DPCs queued on the processor: each KDPC linked through its DpcListEntry, with its routine. */
async function dpcQueue(s: KdSession, first: number): Promise<string[]> {
  const L = await targetLayouts();
  const entry = BigInt(L.structs['KDPC']!.fields['DpcListEntry']!.offset);
  const tables = await readIoTables(s);
  const out: string[] = [];
  for (let next = first, i = 0; next && i < 64; i++) {
    const dpc = await readStruct(s, 'KDPC', toVA(next) - entry);
    if (!dpc) break;
    const r = tables ? routine(s, tables, dpc.get('DeferredRoutine')) : { address: 0n, name: '' };
    out.push(`0x${hex16(dpc.address)} 0x${hex16(r.address)} ${r.name}`.trimEnd());
    next = dpc.get('DpcListEntry.Next');
  }
  return out;
}
