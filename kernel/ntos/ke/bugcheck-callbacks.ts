// Bugcheck callbacks (KeRegisterBugCheckCallback / ...ReasonCallback): records in driver memory, remembered here.
// When the system stops they run, in registration order, on a small stack of their own (the system is frozen, so
// nothing is scheduled: each callback runs to completion or is abandoned after a budget).
import type { Kernel } from '../kernel.ts';
import { struct } from '../../layout/access.ts';

const STACK = 16 * 1024;
const BUDGET = 2_000_000;

interface Registration { record: number; routine: number; reason?: number }

export class BugCheckCallbacks {
  private readonly list: Registration[] = [];

  constructor(private readonly k: Kernel) {}

  register(record: number, routine: number, buffer: number, length: number, component: number): boolean {
    if (this.list.some((r) => r.record === record)) return false;
    const s = struct(this.k.layouts, 'KBUGCHECK_CALLBACK_RECORD'), m = this.k.memory;
    m.writeU32(record + s.field('CallbackRoutine'), routine);
    m.writeU32(record + s.field('Buffer'), buffer);
    m.writeU32(record + s.field('Length'), length);
    m.writeU32(record + s.field('Component'), component);
    m.writeU8(record + s.field('State'), this.k.enumValue('KBUGCHECK_BUFFER_DUMP_STATE', 'BufferInserted'));
    this.list.push({ record, routine });
    return true;
  }

  registerReason(record: number, routine: number, reason: number, component: number): boolean {
    if (this.list.some((r) => r.record === record)) return false;
    const s = struct(this.k.layouts, 'KBUGCHECK_REASON_CALLBACK_RECORD'), m = this.k.memory;
    m.writeU32(record + s.field('CallbackRoutine'), routine);
    m.writeU32(record + s.field('Component'), component);
    m.writeU32(record + s.field('Reason'), reason);
    m.writeU8(record + s.field('State'), this.k.enumValue('KBUGCHECK_BUFFER_DUMP_STATE', 'BufferInserted'));
    this.list.push({ record, routine, reason });
    return true;
  }

  deregister(record: number): boolean {
    const i = this.list.findIndex((r) => r.record === record);
    if (i < 0) return false;
    this.list.splice(i, 1);
    return true;
  }

  registered(): readonly Registration[] { return this.list; }

  /** Run the (non-reason) callbacks after a bugcheck: routine(Buffer, Length), State Started then Finished. */
  invoke(): void {
    const k = this.k, m = k.memory, s = struct(k.layouts, 'KBUGCHECK_CALLBACK_RECORD');
    const state = (n: string) => k.enumValue('KBUGCHECK_BUFFER_DUMP_STATE', n);
    let stack: number | undefined;
    for (const r of this.list) {
      if (r.reason !== undefined) continue;
      const f = k.processor.table[r.routine];
      if (!f) continue;
      stack ??= k.pages.alloc(STACK);
      if (stack === undefined) return;
      m.writeU8(r.record + s.field('State'), state('BufferStarted'));
      const out = k.processor.callSync(f, [m.readU32(r.record + s.field('Buffer')), m.readU32(r.record + s.field('Length'))], { base: stack + STACK, limit: stack }, BUDGET);
      m.writeU8(r.record + s.field('State'), state(out.stop.reason === 'exited' ? 'BufferFinished' : 'BufferIncomplete'));
    }
  }
}
