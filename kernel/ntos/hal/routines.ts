// HAL.dll: port I/O through the machine's I/O bus (the parallel port at 0x378, the 16550 at 0x3F8 ...), register
// access over system memory, and the HAL's IRQL, time and interrupt routing routines. A port write may make a
// device raise its interrupt: the writer then stops a moment so a due ISR runs first (Dispatcher.interruptCheck).
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import type { IoSize } from '../../../main/machine/bus.ts';
import { halIrqlRoutines } from '../ke/irql-routines.ts';
import { halTimeRoutines } from '../ke/timer-routines.ts';
import { halInterruptRoutines } from './interrupts.ts';

const port = (p: number) => p & 0xffff;

function readBuffer(k: Kernel, p: number, buf: number, count: number, size: IoSize) {
  for (let i = 0; i < count; i++) {
    const v = k.ports.in(port(p), size);
    if (size === 1) k.memory.writeU8(buf + i, v); else if (size === 2) k.memory.writeU16(buf + 2 * i, v); else k.memory.writeU32(buf + 4 * i, v);
  }
}
function writeBuffer(k: Kernel, p: number, buf: number, count: number, size: IoSize) {
  for (let i = 0; i < count; i++) {
    const v = size === 1 ? k.memory.readU8(buf + i) : size === 2 ? k.memory.readU16(buf + 2 * i) : k.memory.readU32(buf + 4 * i);
    k.ports.out(port(p), v, size);
  }
}
function copy(k: Kernel, to: number, from: number, count: number, size: number) {
  k.memory.check(from, count * size, false); k.memory.check(to, count * size, true);
  k.memory.u8.copyWithin(to, from, from + count * size);
}

export const halRoutines: RoutineTable = {
  ...halIrqlRoutines,
  ...halTimeRoutines,
  ...halInterruptRoutines,
  READ_PORT_UCHAR: (k, p: number) => k.ports.in(port(p), 1),
  READ_PORT_USHORT: (k, p: number) => k.ports.in(port(p), 2),
  READ_PORT_ULONG: (k, p: number) => k.ports.in(port(p), 4),
  WRITE_PORT_UCHAR: (k, p: number, v: number) => { k.ports.out(port(p), v & 0xff, 1); return k.ke.interruptCheck(); },
  WRITE_PORT_USHORT: (k, p: number, v: number) => { k.ports.out(port(p), v & 0xffff, 2); return k.ke.interruptCheck(); },
  WRITE_PORT_ULONG: (k, p: number, v: number) => { k.ports.out(port(p), v >>> 0, 4); return k.ke.interruptCheck(); },
  READ_PORT_BUFFER_UCHAR: (k, p: number, b: number, n: number) => readBuffer(k, p, b, n, 1),
  READ_PORT_BUFFER_USHORT: (k, p: number, b: number, n: number) => readBuffer(k, p, b, n, 2),
  READ_PORT_BUFFER_ULONG: (k, p: number, b: number, n: number) => readBuffer(k, p, b, n, 4),
  WRITE_PORT_BUFFER_UCHAR: (k, p: number, b: number, n: number) => { writeBuffer(k, p, b, n, 1); return k.ke.interruptCheck(); },
  WRITE_PORT_BUFFER_USHORT: (k, p: number, b: number, n: number) => { writeBuffer(k, p, b, n, 2); return k.ke.interruptCheck(); },
  WRITE_PORT_BUFFER_ULONG: (k, p: number, b: number, n: number) => { writeBuffer(k, p, b, n, 4); return k.ke.interruptCheck(); },

  READ_REGISTER_UCHAR: (k, r: number) => k.memory.readU8(r),
  READ_REGISTER_USHORT: (k, r: number) => k.memory.readU16(r),
  READ_REGISTER_ULONG: (k, r: number) => k.memory.readU32(r),
  READ_REGISTER_ULONG64: (k, r: number) => k.memory.readU64(r),
  WRITE_REGISTER_UCHAR: (k, r: number, v: number) => k.memory.writeU8(r, v & 0xff),
  WRITE_REGISTER_USHORT: (k, r: number, v: number) => k.memory.writeU16(r, v & 0xffff),
  WRITE_REGISTER_ULONG: (k, r: number, v: number) => k.memory.writeU32(r, v),
  WRITE_REGISTER_ULONG64: (k, r: number, v: bigint) => k.memory.writeU64(r, v),
  READ_REGISTER_BUFFER_UCHAR: (k, r: number, b: number, n: number) => copy(k, b, r, n, 1),
  READ_REGISTER_BUFFER_USHORT: (k, r: number, b: number, n: number) => copy(k, b, r, n, 2),
  READ_REGISTER_BUFFER_ULONG: (k, r: number, b: number, n: number) => copy(k, b, r, n, 4),
  WRITE_REGISTER_BUFFER_UCHAR: (k, r: number, b: number, n: number) => copy(k, r, b, n, 1),
  WRITE_REGISTER_BUFFER_USHORT: (k, r: number, b: number, n: number) => copy(k, r, b, n, 2),
  WRITE_REGISTER_BUFFER_ULONG: (k, r: number, b: number, n: number) => copy(k, r, b, n, 4),
};
