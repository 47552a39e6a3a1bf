// Host code that should show in the debugger's `k` under a real routine's name (nt!PipCallDriverAddDevice,
// Wdf01000!FxDriver::AddDevice) runs inside a host function of that name, and kernel routines a driver calls
// through a function pointer (a DriverUnload the KMDF stub chains to, a DPC routine) get a slot in the one system
// function table, as a real routine has an address.
import type { Func, FuncType, HostRoutine } from '../../../../main/machine/cpu/types.ts';
import type { Kernel } from '../../kernel.ts';
import type { Step } from '../../ob/manager.ts';

const I32_TO_I32: FuncType = { params: [0x7f], results: [0x7f] };

interface FrameState { funcs: Map<string, Func>; jobs: Map<number, () => Step<number>>; next: number; pointers: Map<string, number> }
const states = new WeakMap<Kernel, FrameState>();

function state(k: Kernel): FrameState {
  let s = states.get(k);
  if (!s) { s = { funcs: new Map(), jobs: new Map(), next: 1, pointers: new Map() }; states.set(k, s); }
  return s;
}

/**
 * Runs `body` as the routine `name` (module!Routine, e.g. `ntoskrnl!PnpCallAddDevice`): the thread's stack gets a
 * frame of that name while the body (and whatever driver code it calls) runs. Returns the body's result.
 */
export function* within(k: Kernel, name: string, body: () => Step<number>): Step<number> {
  const s = state(k);
  let f = s.funcs.get(name);
  if (!f) {
    f = k.processor.hostFunc(name, I32_TO_I32, (_ctx, id: number) => {
      const make = s.jobs.get(id);
      s.jobs.delete(id);
      return make ? make() : 0;
    });
    s.funcs.set(name, f);
  }
  const id = s.next++;
  s.jobs.set(id, body);
  return Number((yield { call: f, args: [id] }) ?? 0) | 0;
}

/** A function-table index for a host routine (once per name and kernel): what a driver may call through a pointer. */
export function hostPointer(k: Kernel, name: string, type: FuncType, routine: HostRoutine): number {
  const s = state(k);
  const known = s.pointers.get(name);
  if (known !== undefined) return known;
  const f = k.processor.hostFunc(name, type, routine);
  // The loader owns the table's allocator; a slot reserved through it is never handed to an image.
  const slot = k.loader['tables'].alloc(1);
  k.processor.table[slot] = f;
  s.pointers.set(name, slot);
  return slot;
}
