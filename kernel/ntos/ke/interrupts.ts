// Interrupt objects (KINTERRUPT) and their dispatch. IoConnectInterrupt(Ex) makes one per ISR; the dispatcher asks
// `due(irql)` before it runs anything, and when a connected line of the machine's interrupt controller is asserted
// with a DIRQL above the IRQL of the code about to run, it runs nt!KiInterruptDispatch for that line on the
// processor's interrupt stack at the line's DIRQL. Each ISR of the line runs holding its interrupt spin lock at the
// object's SynchronizeIrql until one claims the interrupt (returns TRUE).
//  - The machine's lines are level-triggered, whatever mode the driver asks for: a line still asserted after its
//    ISRs ran is delivered again (an ISR quiets its device by reading or writing its registers).
//  - A line that keeps interrupting with no other code getting the processor is an interrupt storm (0xF2).
import type { HostRequest, Value } from '../../../main/machine/cpu/types.ts';
import type { InterruptController } from '../../../main/machine/bus.ts';
import { toVA } from '../../../main/machine/memory.ts';
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';
import { BugCheck } from './bugcheck.ts';
import { takeSpinLock, dropSpinLock } from './irql-routines.ts';
import { lineIrql, vectorLine } from '../hal/interrupts.ts';

/** Deliveries of one line in a row, with nothing else running in between, that make a storm. */
const STORM_DELIVERIES = 10_000;

export interface ConnectRequest {
  service: number; context: number; lock: number; vector: number; irql: number; syncIrql: number;
  latched: boolean; share: boolean; floatingSave: boolean;
}

export class InterruptObjects {
  /** Connected KINTERRUPTs per line, in connection order (the ISR chain). */
  private readonly lines = new Map<number, number[]>();
  private readonly deliveries = new Map<number, number>();
  private readonly f: Record<string, number>;
  readonly size: number;

  constructor(private readonly k: Kernel, readonly controller: InterruptController | undefined) {
    const s = struct(k.layouts, 'KINTERRUPT');
    this.size = s.size;
    this.f = Object.fromEntries(['Type', 'Size', 'ServiceRoutine', 'ServiceContext', 'SpinLock', 'ActualLock', 'Vector', 'Irql',
      'SynchronizeIrql', 'FloatingSave', 'Connected', 'ShareVector', 'Mode', 'ServiceCount', 'DispatchCount'].map((n) => [n, s.field(n)]));
  }

  /** IoConnectInterrupt's work: the new KINTERRUPT, or the NTSTATUS name of the failure. */
  connect(r: ConnectRequest): { interrupt: number } | { status: string } {
    const line = vectorLine(this.k, r.vector);
    if (line === undefined || r.irql !== lineIrql(this.k, line) || r.syncIrql < r.irql) return { status: 'STATUS_INVALID_PARAMETER' };
    const chain = this.lines.get(line) ?? [];
    // A line is shared only when every object on it, the new one included, asks to share.
    if (chain.length && (!r.share || chain.some((i) => this.k.memory.readU8(i + this.f.ShareVector!) === 0))) return { status: 'STATUS_INVALID_PARAMETER' };
    const m = this.k.memory, f = this.f, i = this.k.pool.allocate(this.size, 'Intr');
    if (i === undefined) return { status: 'STATUS_INSUFFICIENT_RESOURCES' };
    m.writeU16(i + f.Type!, this.k.enumValue('KOBJECTS', 'InterruptObject'));
    m.writeU16(i + f.Size!, this.size);
    m.writeU32(i + f.ServiceRoutine!, r.service);
    m.writeU32(i + f.ServiceContext!, r.context);
    m.writeU32(i + f.ActualLock!, r.lock || i + f.SpinLock!);
    m.writeU32(i + f.Vector!, r.vector);
    m.writeU8(i + f.Irql!, r.irql);
    m.writeU8(i + f.SynchronizeIrql!, r.syncIrql);
    m.writeU8(i + f.FloatingSave!, r.floatingSave ? 1 : 0);
    m.writeU8(i + f.ShareVector!, r.share ? 1 : 0);
    m.writeU32(i + f.Mode!, this.k.enumValue('KINTERRUPT_MODE', r.latched ? 'Latched' : 'LevelSensitive'));
    m.writeU8(i + f.Connected!, 1);
    this.lines.set(line, [...chain, i]);
    return { interrupt: i };
  }

  /** IoDisconnectInterrupt: the object leaves its line's chain and is freed; false when it is no connected object. */
  disconnect(i: number): boolean {
    const line = this.lineOf(i);
    if (line === undefined) return false;
    const rest = this.lines.get(line)!.filter((x) => x !== i);
    if (rest.length) this.lines.set(line, rest); else { this.lines.delete(line); this.deliveries.delete(line); }
    this.k.memory.writeU8(i + this.f.Connected!, 0);
    this.k.pool.free(i);
    return true;
  }

  lineOf(i: number): number | undefined {
    for (const [line, chain] of this.lines) if (chain.includes(i)) return line;
    return undefined;
  }

  /** Connected objects (the debugger, leak checks). */
  connected(): number[] { return [...this.lines.values()].flat(); }

  syncIrql(i: number): number { return this.k.memory.readU8(i + this.f.SynchronizeIrql!); }
  actualLock(i: number): number { return this.k.memory.readU32(i + this.f.ActualLock!); }

  /** The line to service before code at `irql` runs on: the asserted connected line with the highest DIRQL above it. */
  due(irql: number): number | undefined {
    const c = this.controller;
    if (!c || this.lines.size === 0) return undefined;
    let best: number | undefined, bestIrql = irql;
    for (const line of this.lines.keys()) {
      if (!c.isAsserted(line)) continue;
      const l = lineIrql(this.k, line);
      if (l > bestIrql) { best = line; bestIrql = l; }
    }
    return best;
  }

  /** Whether some connected line is asserted (an ISR has work even when no thread is ready). */
  pending(): boolean { return this.due(-1) !== undefined; }

  /** Code other than an ISR got the processor: no storm is building. */
  progress(): void { this.deliveries.clear(); }

  /** nt!KiInterruptDispatch for one line: the ISR chain, each under its interrupt spin lock at its SynchronizeIrql. */
  *dispatch(line: number): Generator<HostRequest, number, Value> {
    const k = this.k, m = k.memory, f = this.f, P = k.processor, dirql = P.irql;
    const chain = [...(this.lines.get(line) ?? [])];
    const n = (this.deliveries.get(line) ?? 0) + 1;
    this.deliveries.set(line, n);
    if (n > STORM_DELIVERIES && chain.length) {
      // The first ISR of the line, its context, its interrupt object, and 1 (alone) or 2 (chained); its module is blamed.
      const first = chain[0]!, isr = m.readU32(first + f.ServiceRoutine!);
      throw new BugCheck('HARDWARE_INTERRUPT_STORM', [k.ke.codeVA(isr), toVA(m.readU32(first + f.ServiceContext!)), toVA(first), chain.length > 1 ? 2n : 1n], k.ke.imageOfRoutine(isr));
    }
    for (const i of chain) {
      if (m.readU8(i + f.Connected!) === 0) continue;
      m.writeU32(i + f.DispatchCount!, m.readU32(i + f.DispatchCount!) + 1);
      const lock = this.actualLock(i);
      P.irql = Math.max(dirql, this.syncIrql(i));
      takeSpinLock(k, lock);
      const claimed = (yield* k.io.callPointer(m.readU32(i + f.ServiceRoutine!), [i, m.readU32(i + f.ServiceContext!)])) & 0xff;
      dropSpinLock(k, lock);
      P.irql = dirql;
      if (claimed) { m.writeU32(i + f.ServiceCount!, m.readU32(i + f.ServiceCount!) + 1); break; }
    }
    return 0;
  }
}
