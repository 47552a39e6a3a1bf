// The HAL's interrupt routing: which system vector and device IRQL (DIRQL) each of the machine's interrupt lines
// gets. Lines keep the legacy PIC's priority (a lower line is more urgent), so line 0 (the interval timer) maps
// just below CLOCK_LEVEL and every device lands above DISPATCH_LEVEL. As on x64, a vector's IRQL is vector >> 4.
import type { RoutineTable } from '../routine.ts';
import type { Kernel } from '../kernel.ts';
import { InterruptController } from '../../../main/machine/bus.ts';

/** The DIRQL of an interrupt line. */
export function lineIrql(k: Kernel, line: number): number {
  return Math.max(k.ke.DISPATCH_LEVEL + 1, k.constant('CLOCK_LEVEL') - 1 - line);
}

/** The system vector of an interrupt line: its IRQL in the high nibble, the line in the low one. */
export function lineVector(k: Kernel, line: number): number { return (lineIrql(k, line) << 4) | line; }

/** The line behind a system vector, or undefined when no line has that vector. */
export function vectorLine(k: Kernel, vector: number): number | undefined {
  const line = vector & 0xf;
  return line < InterruptController.LINES && lineVector(k, line) === vector ? line : undefined;
}

export const halInterruptRoutines: RoutineTable = {
  // Isa and Internal buses map their interrupt level straight onto the machine's lines; others have none here.
  HalGetInterruptVector: (k, bus: number, _number: number, level: number, _vector: number, irql: number, affinity: number) => {
    const known = bus === k.enumValue('INTERFACE_TYPE', 'Isa') || bus === k.enumValue('INTERFACE_TYPE', 'Internal');
    if (!known || level >= 16) return 0;
    k.memory.writeU8(irql, lineIrql(k, level));
    k.memory.writeU32(affinity, 1); // KAFFINITY: the one processor
    return lineVector(k, level);
  },
};
