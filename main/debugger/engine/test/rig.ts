// Test support: a real target (startTarget) joined to a host KdSession by an in-memory cable (KDCOM bytes or
// KDNET datagrams with the key), connected with the spin driver's symbol folder on the symbol path.
import { memoryPipe, type FaultPlan } from '../../../formats/kd/link.ts';
import { KdnetLink } from '../../../formats/kd/kdnet.ts';
import { KdSession } from '../session.ts';
import { startTarget, type BuiltDriver, type Target } from './target.ts';
import { KdStub } from '../../../../kernel/ntos/kd/stub/stub.ts';
import { TargetRunner } from '../../../../kernel/ntos/kd/stub/runner.ts';
import type { Kernel } from '../../../../kernel/ntos/kernel.ts';

export interface Rig { t: Target; s: KdSession; out: string[]; banner: string; close(): void }

export async function rig(drv: BuiltDriver, o: { transport?: 'net' | 'com'; faults?: FaultPlan; hostKey?: string; timeoutMs?: number } = {}): Promise<Rig> {
  const t = await startTarget({ port: { resendMs: 20 } });
  const mode = o.transport === 'net' ? 'datagram' : 'stream';
  let [h, tg] = memoryPipe(mode, o.faults ?? {});
  if (o.transport === 'net') { tg = new KdnetLink(tg, '1.2.3.4'); h = new KdnetLink(h, o.hostKey ?? '1.2.3.4'); }
  t.stub.attach(tg);
  const s = new KdSession();
  const out: string[] = [];
  s.on('output', (x: string) => out.push(x));
  const banner = await s.connect(h, { transport: o.transport ?? 'com', port: 50000, key: o.hostKey, sympath: [drv.symbolDir], timeoutMs: o.timeoutMs, link: { resendMs: 20 } });
  return { t, s, out, banner, close: () => { t.dispose(); s.disconnect(); } };
}

/** A rig stopped at `bu <at>` as the driver loads (its DriverEntry or a routine it calls). */
export async function rigStoppedAt(drv: BuiltDriver, at: string): Promise<Rig> {
  const r = await rig(drv);
  const { s, t } = r;
  await s.breakIn();
  await s.execute(`bu ${at}`);
  await s.execute('g');
  const hit = s.waitForBreak(120_000);
  t.startEntry(t.load(drv));
  await hit;
  return r;
}

export interface Attached { stub: KdStub; runner: TargetRunner; s: KdSession; close(): void }

/** A KD stub on kernel `k`, run in slices beside the host, joined to a KdSession over an in-memory serial cable
 *  (for targets a test set up itself: drivers installed, programs on the disk). Output lines go to `out`. */
export async function attachDebugger(k: Kernel, sympath: string[], out?: string[]): Promise<Attached> {
  const stub = new KdStub(k, { port: { resendMs: 20 } });
  const runner = new TargetRunner(k);
  stub.onResume(() => runner.poke());
  runner.start();
  const [h, tg] = memoryPipe('stream', {});
  stub.attach(tg);
  const s = new KdSession();
  if (out) s.on('output', (x: string) => out.push(x));
  await s.connect(h, { transport: 'com', sympath, link: { resendMs: 20 } });
  return { stub, runner, s, close: () => { runner.stop(); stub.detach(); s.disconnect(); } };
}

export const until = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) { if (Date.now() > end) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 5)); }
};
