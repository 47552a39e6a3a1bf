// Dispatcher objects in memory (KEVENT, KMUTANT, KSEMAPHORE, KTIMER, KTHREAD, KPROCESS): every one starts with a
// DISPATCHER_HEADER whose Type says what it is and whose SignalState says whether a wait on it is satisfied.
// Offsets and type codes come from the layouts; this file knows what "signalled" and "acquire" mean for each type.
import type { SystemMemory } from '../../../main/machine/memory.ts';
import type { Layouts } from '../../layout/layouts.ts';
import { enumValue, struct } from '../../layout/access.ts';

export class DispatcherObjects {
  readonly hdr: { type: number; size: number; signal: number; waitList: number; headerSize: number };
  readonly mutant: { owner: number; abandoned: number; size: number };
  readonly semaphore: { limit: number; size: number };
  readonly types: Record<string, number>;

  constructor(private readonly mem: SystemMemory, layouts: Layouts) {
    const h = struct(layouts, 'DISPATCHER_HEADER');
    this.hdr = { type: h.field('Type'), size: h.field('Size'), signal: h.field('SignalState'), waitList: h.field('WaitListHead'), headerSize: h.size };
    const m = struct(layouts, 'KMUTANT');
    this.mutant = { owner: m.field('OwnerThread'), abandoned: m.field('Abandoned'), size: m.size };
    const s = struct(layouts, 'KSEMAPHORE');
    this.semaphore = { limit: s.field('Limit'), size: s.size };
    const t = (n: string) => enumValue(layouts, 'KOBJECTS', n);
    this.types = {
      EventNotification: t('EventNotificationObject'), EventSynchronization: t('EventSynchronizationObject'),
      Mutant: t('MutantObject'), Process: t('ProcessObject'), Semaphore: t('SemaphoreObject'), Thread: t('ThreadObject'),
      TimerNotification: t('TimerNotificationObject'), TimerSynchronization: t('TimerSynchronizationObject'),
    };
  }

  /** Write a header: type, size in LONGs, initial signal state, an empty wait list. */
  init(obj: number, type: number, sizeBytes: number, signal: number): void {
    this.mem.writeU8(obj + this.hdr.type, type);
    this.mem.writeU8(obj + this.hdr.size, Math.min(255, sizeBytes >> 2));
    this.mem.writeU32(obj + this.hdr.signal, signal | 0);
    const wl = obj + this.hdr.waitList;
    this.mem.writeU32(wl, wl); this.mem.writeU32(wl + 4, wl);
  }

  typeOf(obj: number): number { return this.mem.readU8(obj + this.hdr.type); }
  signal(obj: number): number { return this.mem.readI32(obj + this.hdr.signal); }
  setSignal(obj: number, v: number): void { this.mem.writeU32(obj + this.hdr.signal, v | 0); }
  owner(obj: number): number { return this.mem.readU32(obj + this.mutant.owner); }

  isMutant(obj: number): boolean { return this.typeOf(obj) === this.types.Mutant; }

  /** Whether a wait by `thread` (its KTHREAD address) on `obj` is satisfied now. */
  signalled(obj: number, thread: number): boolean {
    if (this.isMutant(obj)) return this.signal(obj) > 0 || (thread !== 0 && this.owner(obj) === thread);
    return this.signal(obj) > 0;
  }

  /** The side effect of a satisfied wait: auto-reset events and timers reset, semaphores count down, mutants are owned. */
  acquire(obj: number, thread: number): void {
    const ty = this.typeOf(obj);
    if (ty === this.types.EventSynchronization || ty === this.types.TimerSynchronization) this.setSignal(obj, 0);
    else if (ty === this.types.Semaphore) this.setSignal(obj, this.signal(obj) - 1);
    else if (ty === this.types.Mutant) {
      this.setSignal(obj, this.signal(obj) - 1);
      this.mem.writeU32(obj + this.mutant.owner, thread);
      this.mem.writeU8(obj + this.mutant.abandoned, 0);
    }
  }

  /** A known dispatcher object type (a wait on anything else is a driver bug). */
  isDispatcherObject(obj: number): boolean {
    const ty = this.typeOf(obj);
    return Object.values(this.types).includes(ty);
  }
}
