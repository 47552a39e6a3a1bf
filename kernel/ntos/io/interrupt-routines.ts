// Connecting ISRs: IoConnectInterrupt (the classic form, a vector and DIRQL from HalGetInterruptVector or the
// translated resources) and IoConnectInterruptEx (CONNECT_FULLY_SPECIFIED carries the same values in a structure;
// CONNECT_LINE_BASED takes them from the device's assigned resources), and their disconnects. The objects and their
// dispatch are ke's (kernel/ntos/ke/interrupts.ts).
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';
import type { ConnectRequest } from '../ke/interrupts.ts';

const bool = (v: number) => (v & 0xff) !== 0;

function connect(k: Kernel, out: number, r: ConnectRequest): number {
  const c = k.ke.interrupts.connect(r);
  if ('status' in c) return k.constant(c.status) | 0;
  k.memory.writeU32(out, c.interrupt);
  return 0;
}

export const interruptRoutines: RoutineTable = {
  IoConnectInterrupt: (k, out: number, service: number, context: number, lock: number, vector: number, irql: number, syncIrql: number,
    mode: number, share: number, _affinity: number, floatingSave: number) =>
    connect(k, out, { service, context, lock, vector: vector >>> 0, irql: irql & 0xff, syncIrql: syncIrql & 0xff,
      latched: mode === k.enumValue('KINTERRUPT_MODE', 'Latched'), share: bool(share), floatingSave: bool(floatingSave) }),

  IoConnectInterruptEx: (k, params: number) => {
    const s = struct(k.layouts, 'IO_CONNECT_INTERRUPT_PARAMETERS'), m = k.memory;
    const version = m.readU32(params + s.field('Version'));
    const at = (kind: string, f: string) => params + s.field(`${kind}.${f}`);
    if (version === k.constant('CONNECT_FULLY_SPECIFIED')) {
      const p = (f: string) => at('FullySpecified', f);
      if (!m.readU32(p('PhysicalDeviceObject')) || !m.readU32(p('InterruptObject')) || !m.readU32(p('ServiceRoutine'))) return k.constant('STATUS_INVALID_PARAMETER') | 0;
      return connect(k, m.readU32(p('InterruptObject')), {
        service: m.readU32(p('ServiceRoutine')), context: m.readU32(p('ServiceContext')), lock: m.readU32(p('SpinLock')),
        vector: m.readU32(p('Vector')), irql: m.readU8(p('Irql')), syncIrql: m.readU8(p('SynchronizeIrql')),
        latched: m.readU32(p('InterruptMode')) === k.enumValue('KINTERRUPT_MODE', 'Latched'), share: m.readU8(p('ShareVector')) !== 0,
        floatingSave: m.readU8(p('FloatingSave')) !== 0,
      });
    }
    if (version === k.constant('CONNECT_LINE_BASED')) {
      // Line-based interrupts come from the PnP manager's resource assignment; no device here is assigned one yet.
      const p = (f: string) => at('LineBased', f);
      if (!m.readU32(p('PhysicalDeviceObject')) || !m.readU32(p('InterruptObject'))) return k.constant('STATUS_INVALID_PARAMETER') | 0;
      return k.constant('STATUS_INVALID_DEVICE_REQUEST') | 0;
    }
    return k.constant('STATUS_INVALID_PARAMETER') | 0;
  },

  IoDisconnectInterrupt: (k, interrupt: number) => { k.ke.interrupts.disconnect(interrupt); },
  IoDisconnectInterruptEx: (k, params: number) => {
    const s = struct(k.layouts, 'IO_DISCONNECT_INTERRUPT_PARAMETERS');
    k.ke.interrupts.disconnect(k.memory.readU32(params + s.field('ConnectionContext.InterruptObject')));
  },
};
