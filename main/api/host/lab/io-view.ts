// The I/O view: a device's stack (PDO, filters, FDO with their drivers) and, live, the IRPs passing it. The target's
// I/O manager traces only the watched stack; its worker batches the records; here they get their names (major and
// minor functions from our io.h, statuses from our ntstatus.h, the driver holding the device) and go out as io.irp.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IrpEvent, StackDevice } from '../../contract.ts';
import type { Handlers } from '../../server.ts';
import type { LabEngine } from '../../../engine/lab-engine.ts';
import { headerNames, headerValue } from '../../../debugger/engine/target-data.ts';
import { includeRoot } from '../../../toolchain/clang.ts';
import { formatVA, toVA } from '../../../machine/memory.ts';
import type { IrpTraceEvent } from '../../../machine/protocol.ts';
import type { LabHost } from './lab-host.ts';

const IO_H = 'km/wdm/io.h';
let statuses: Map<number, string> | undefined;
/** NTSTATUS value → STATUS_ name from our ntstatus.h (first name wins), else the hex value. */
function statusText(code: number): string {
  if (!statuses) {
    statuses = new Map();
    const text = readFileSync(path.join(includeRoot, 'shared', 'ntstatus.h'), 'utf8');
    for (const x of text.matchAll(/^#define\s+(STATUS_\w+)\s+\(\(NTSTATUS\)(0x[0-9A-Fa-f]+)L\)/gm)) {
      const v = Number(x[2]) >>> 0;
      if (!statuses.has(v)) statuses.set(v, x[1]!);
    }
  }
  return statuses.get(code >>> 0) ?? `0x${(code >>> 0).toString(16).padStart(8, '0')}`;
}

/** Minor function names for the majors that have them in io.h's order: PnP's come first there, then power's. */
function minorText(major: number, minor: number): string {
  if (major === headerValue(IO_H, 'IRP_MJ_PNP')) return headerNames(IO_H, 'IRP_MN_').get(minor) ?? `0x${minor.toString(16)}`;
  if (major === headerValue(IO_H, 'IRP_MJ_POWER')) {
    const power = ['IRP_MN_WAIT_WAKE', 'IRP_MN_POWER_SEQUENCE', 'IRP_MN_SET_POWER', 'IRP_MN_QUERY_POWER'];
    return power.find((n) => headerValue(IO_H, n) === minor) ?? `0x${minor.toString(16)}`;
  }
  return '';
}

const va = (offset: number): string => formatVA(toVA(offset));

export function irpEvent(e: IrpTraceEvent): IrpEvent {
  return {
    irp: va(e.irp), device: va(e.device), driver: e.driver,
    major: headerNames(IO_H, 'IRP_MJ_').get(e.major) ?? `0x${e.major.toString(16)}`, minor: minorText(e.major, e.minor),
    phase: e.phase, status: e.status === undefined ? undefined : statusText(e.status), ...(e.done ? { done: true } : {}), cycles: e.cycles,
  };
}

export function ioViewHandlers(h: LabHost): Pick<Handlers, 'io.watch'> {
  /** The machines (lower-case names) with a watch on, and the labs whose events are forwarded already. */
  const watched = new Set<string>();
  const forwarding = new WeakSet<LabEngine>();
  return {
    'io.watch': async ({ machine, instanceId }) => {
      const { lab, name } = await h.target(machine);
      if (!forwarding.has(lab)) {
        forwarding.add(lab);
        lab.onEvent((e) => {
          if (e.kind !== 'irps') return;
          if (!watched.has(e.machine.toLowerCase())) return;
          const m = lab.targetNames().find((n) => n.toLowerCase() === e.machine.toLowerCase()) ?? e.machine;
          h.emit('io.irp', { machine: m, irps: e.events.map(irpEvent), dropped: e.dropped });
        });
      }
      const stack = await lab.ioWatch(name, instanceId);
      if (instanceId === undefined) watched.delete(name.toLowerCase());
      else watched.add(name.toLowerCase());
      return { stack: stack.map((d): StackDevice => ({ ...d, address: va(d.address) })) };
    },
  };
}
