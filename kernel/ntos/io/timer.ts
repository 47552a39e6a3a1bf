// The I/O timer: each device may have one routine (IoInitializeTimer) that, once started, runs once a second at
// DISPATCH_LEVEL (NT's IopTimerDispatch). The machine's clock calls ioTimerTick every second.
import type { Step } from '../ob/manager.ts';
import type { IoManager } from './iomgr.ts';

const DISPATCH_LEVEL = 2;

export function initializeTimer(io: IoManager, device: number, routine: number, context: number): number {
  const rec = io.devices.get(device >>> 0);
  if (!rec) return io.st('STATUS_INVALID_PARAMETER');
  const b = io.at('DEVICE_OBJECT', device);
  if (!b.get('Timer')) b.set('Timer', io.alloc(16, 'IoTi')); // IO_TIMER is the I/O manager's own (opaque) record
  rec.timer = { routine, context, running: false };
  return 0;
}

export function setTimerRunning(io: IoManager, device: number, running: boolean): void {
  const rec = io.devices.get(device >>> 0);
  if (rec?.timer) rec.timer.running = running;
  if (running) io.armIoTimer();
}

/** One second passed: every started timer's routine runs, at DISPATCH_LEVEL, in registration order. */
export function* ioTimerTick(io: IoManager): Step {
  for (const rec of [...io.devices.values()]) {
    const t = rec.timer;
    if (!t?.running || rec.deletePending) continue;
    const old = io.irql;
    io.irql = DISPATCH_LEVEL;
    yield* io.callPointer(t.routine, [rec.object, t.context]);
    io.irql = old;
  }
}
