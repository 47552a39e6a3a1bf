// The IRPs a thread issued (NT's thread IrpList, kept as each origin's thread): at thread or process exit the
// I/O manager cancels them through IoCancelIrp (cancel spin lock, the driver's cancel routine) and the thread waits
// for them to complete. An IRP nobody completes keeps the thread, so the process stays listed as exiting until it does.
import { BLOCK } from '../../../main/machine/cpu/types.ts';
import type { Thread } from '../../../main/machine/cpu/types.ts';
import type { Step } from '../ob/manager.ts';
import type { IoManager } from './iomgr.ts';
import { cancelIrp } from './irp.ts';

/** The I/O manager builds a request for the current thread: Tail.Overlay.Thread and the origin's thread. */
export function stampIssuingThread(io: IoManager, irp: number): Thread | undefined {
  io.at('IRP', irp).set('Tail.Overlay.Thread', io.k.ps.currentThreadObject());
  return io.k.processor.current ?? undefined;
}

/** TerminateProcess: a thread blocked on its own synchronous request wakes to cancel it (sendAndWait does). */
export function requestThreadCancel(io: IoManager, t: Thread): void {
  for (const origin of io.irps.values()) {
    if (origin.thread !== t) continue;
    origin.cancelOnExit = true;
    if (origin.waiter === t && t.state === 'blocked') io.k.processor.wake(t, 0);
  }
}

/** IoCancelThreadIo: cancel every IRP `t` issued that is still outstanding, then wait until they have completed. */
export function* cancelThreadIo(io: IoManager, t: Thread): Step {
  const mine = () => [...io.irps].filter(([, o]) => o.thread === t);
  for (const [irp, origin] of mine()) {
    if (origin.cancelSent) continue;
    origin.cancelSent = true;
    yield* cancelIrp(io, irp);
  }
  while (mine().length > 0) {
    for (const [, origin] of mine()) origin.waiter = t;
    yield BLOCK;
  }
}
