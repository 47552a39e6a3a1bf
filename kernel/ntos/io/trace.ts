// IRP tracing for the app's I/O view: while someone watches a device stack, IofCallDriver and IofCompleteRequest
// report each IRP passing one of its device objects (compact records; the machine's worker batches them to the host).
// Nothing is recorded for devices nobody watches, so the I/O path pays one Set lookup only while a watch is on.
import type { IrpTraceEvent } from '../../../main/machine/protocol.ts';
import type { IoManager } from './iomgr.ts';

/** The watched stack: `has` follows the device node, so a stack torn down and started again stays watched. */
export interface IrpWatch { has(device: number): boolean; emit(e: IrpTraceEvent): void }

export function traceIrp(io: IoManager, device: number, irp: number, sl: number, phase: IrpTraceEvent['phase'], status?: number, done?: boolean): void {
  const w = io.irpWatch;
  if (!w || !w.has(device >>> 0)) return;
  const s = io.at('IO_STACK_LOCATION', sl);
  const service = io.devices.get(device >>> 0)?.driver.service;
  w.emit({ irp, device: device >>> 0, driver: service ? `\\Driver\\${service}` : '', major: s.get('MajorFunction'), minor: s.get('MinorFunction'), phase, status, ...(done ? { done } : {}), cycles: io.k.processor.cycles });
}
