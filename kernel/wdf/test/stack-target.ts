// The KmdfStack tests' target: KmdfStack (its INF edited per test), KmdfFilter and stackapp built with real clang
// and copied to the target's C:\DriverTest\Drivers, a command prompt there, and the debug output collected.
import path from 'node:path';
import { buildDriver } from './harness.ts';
import { build, programs, target, type Target } from '../../user/test/target.ts';
import { session, type Session } from '../../user/test/shell.ts';
import { setup } from '../../user/setup/engine.ts';
import { pnp } from '../../ntos/io/pnp/manager.ts';

export const DIR = 'C:\\DriverTest\\Drivers';
export const P = `${DIR}>`;
export const CLASS = '{6c1e2f7a-93b4-4d0e-8a51-2f4b7c9d0e31}';

/** A target with KmdfStack, KmdfFilter and stackapp in C:\DriverTest\Drivers, test signing on, IHV output on. */
export async function stackTarget(edit: Record<string, (s: string) => string> = {}, as = 'KmdfStack'): Promise<{ t: Target; s: Session; debug: string[] }> {
  const [pkg, filter, app] = await Promise.all([buildDriver('KmdfStack', edit, as), buildDriver('KmdfFilter'), build(path.join(programs, 'stackapp'), 'stackapp.exe')]);
  const t = await target();
  t.disk.mkdir(DIR);
  for (const [name, bytes] of Object.entries({ ...pkg.files, ...filter.files })) t.disk.writeFile(`${DIR}\\${name}`, bytes);
  t.disk.writeFile(`${DIR}\\stackapp.exe`, app);
  pnp(t.k);
  setup(t.k).testSigning = true;
  t.k.memory.writeU32(t.k.printFilter.masks.get(t.k.enumValue('DPFLTR_TYPE', 'DPFLTR_IHVDRIVER_ID'))!.address, 0xf);
  const debug: string[] = [];
  const sink = t.k.debugOutput.bind(t.k);
  t.k.debugOutput = (text) => { debug.push(text); sink(text); };
  const s = session(t);
  s.type(`cd ${DIR}`);
  return { t, s, debug };
}

/** Debug output from entry `from` on, one line each. */
export const lines = (debug: string[], from = 0) => debug.slice(from).join('').split('\n').filter(Boolean);
