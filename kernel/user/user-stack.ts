// The user half of a thread's stack as the kernel debugger shows it below the syscall gate: each frame's code
// address, return address and Child-SP in the process's own address space (user VAs are plain offsets there, shown
// as 00000000`xxxxxxxx). The program's wasm frames have their code offsets; the DLL routines our kernel implements
// in TypeScript (ntdll, KERNEL32) get a code slot each in a per-process range, given out the first time one shows
// on a stack, as the kernel's host routines do in system space (kd/stub/hostmodules.ts).
import type { Thread } from '../../main/machine/cpu/types.ts';
import type { FrameInfo, Processor } from '../../main/machine/cpu/processor.ts';
import type { ContextFrame } from '../../main/formats/kd/context.ts';
import { childStackPointers } from '../ntos/ke/frame-sp.ts';
import type { UserProcess } from './process.ts';
import { CODE_SLOT_SIZE, CodeSlots } from '../ntos/mm/code-slots.ts';

const SLOTS = 256;

const slotsOf = new WeakMap<UserProcess, CodeSlots>();

/** The code slot of DLL routine `name` (module!Routine) in process `p`; 0 when the range is full or has no room. */
export function dllRoutineSlot(p: UserProcess, name: string): number {
  let s = slotsOf.get(p);
  if (!s) {
    const base = p.pages.alloc(CODE_SLOT_SIZE * SLOTS);
    if (base === undefined) return 0;
    s = new CodeSlots(p.memory, base, SLOTS);
    slotsOf.set(p, s);
  }
  return s.get(name);
}

/** The program's frames (innermost first) of user thread `t` in process `p`, named by `nameOf`, each with its code
 *  address, return address and Child-SP; `gate` (ntdll's stub of the running service, if any) goes innermost. */
export function userStackFrames(p: UserProcess, t: Thread, nameOf: (f: FrameInfo) => string, gate?: string): ContextFrame[] {
  const P: Processor = p.processor;
  const infos = P.stack(t);
  const frames: ContextFrame[] = infos.map((f) => {
    const name = nameOf(f);
    const pc = f.codeOffset !== undefined ? f.codeOffset : dllRoutineSlot(p, name);
    return { kind: f.kind, pc: BigInt(pc), returnAddress: f.returnOffset !== undefined ? BigInt(f.returnOffset) : 0n, function: name, locals: [...f.locals], stack: [...f.stack] };
  });
  if (gate) frames.unshift({ kind: 'host', pc: BigInt(dllRoutineSlot(p, gate)), returnAddress: 0n, function: gate, locals: [], stack: [] });
  // A frame called by a DLL routine returns into that routine's slot (return offsets are known only in wasm code).
  frames.forEach((f, i) => { const caller = frames[i + 1]; if (!f.returnAddress && caller?.kind !== 'wasm') f.returnAddress = caller?.pc ?? 0n; });
  const sps = childStackPointers(P, t, gate ? [undefined, ...infos] : infos);
  frames.forEach((f, i) => { f.sp = BigInt(sps[i]!); });
  return frames;
}
