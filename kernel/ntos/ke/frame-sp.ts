// Child-SP of each frame on a thread's stack, read without debug info. clang's wasm prologue keeps a function's frame
// in a local (`__stack_pointer - N`, stored back into the stack-pointer global from that local), so once the prologue
// ran that local is the frame's stack pointer; a frame with none (a routine we implement in TS, a leaf function)
// keeps the stack pointer it was entered with. The KD stub sends these for kernel and user frames alike; the
// debugger prefers a driver's DWARF frame base when it has its symbols.
import type { Func, Thread } from '../../../main/machine/cpu/types.ts';
import type { FrameInfo, Processor } from '../../../main/machine/cpu/processor.ts';
import { Op as OP } from '../../../main/formats/wasm/opcodes.ts';

const frameLocals = new WeakMap<Func, number>();

/** The local a wasm function keeps its frame in, or -1 when it has no frame of its own. */
function frameLocal(F: Func): number {
  const known = frameLocals.get(F);
  if (known !== undefined) return known;
  let local = -1;
  const code = F.code?.body.code ?? [];
  const first = code.findIndex((i) => i.op === OP.global_get);
  if (first >= 0) {
    const g = code[first]!.a;
    const set = code.findIndex((i, pc) => pc > first && i.op === OP.global_set && i.a === g);
    const before = set > 0 ? code[set - 1]! : undefined;
    if (before && (before.op === OP.local_get || before.op === OP.local_tee)) local = before.a;
  }
  frameLocals.set(F, local);
  return local;
}

/** Child-SP of each frame, innermost first (`undefined` for a frame the processor does not see, such as a system
 *  call's gate): from the outermost in, the stack base until a function sets up its frame; the innermost frame is
 *  where the thread's stack pointer is now. */
export function childStackPointers(P: Processor, t: Thread, frames: readonly (FrameInfo | undefined)[]): number[] {
  const out: number[] = new Array<number>(frames.length);
  let sp = t.stackBase;
  for (let i = frames.length - 1; i >= 0; i--) {
    const info = frames[i];
    const F = info && info.kind === 'wasm' ? P.funcs[info.fid] : undefined;
    const l = F ? frameLocal(F) : -1;
    const v = l >= 0 ? info!.locals[l] : undefined;
    if (typeof v === 'number' && (v >>> 0) >= t.stackLimit && (v >>> 0) <= sp) sp = v >>> 0;
    if (i === 0 && t.sp >= t.stackLimit && t.sp <= sp) sp = t.sp;
    out[i] = sp;
  }
  return out;
}
