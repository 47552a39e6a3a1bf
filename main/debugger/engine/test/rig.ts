// Test support: a real target (startTarget) joined to a host KdSession by an in-memory cable (KDCOM bytes or
// KDNET datagrams with the key), connected with the spin driver's symbol folder on the symbol path.
import { memoryPipe, type FaultPlan } from '../../../formats/kd/link.ts';
import { KdnetLink } from '../../../formats/kd/kdnet.ts';
import { KdSession } from '../session.ts';
import { startTarget, type BuiltDriver, type Target } from './target.ts';

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

export const until = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) { if (Date.now() > end) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 5)); }
};
