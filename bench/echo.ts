// Echo through KMDF: the Echo driver (kernel/test/drivers/Echo) installed with devcon at the target prompt and
// echoapp run from cmd, synchronously (write/read/verify of 512 and 30720 bytes) and with -Async (32 overlapped
// 512-byte writes and 32 reads, each completed by the driver's timer). Reports write+read round trips per second.
// `npm run bench echo` runs only this section.
import path from 'node:path';
import { buildDriver } from '../kernel/wdf/test/harness.ts';
import { build, programs, target } from '../kernel/user/test/target.ts';
import { session } from '../kernel/user/test/shell.ts';
import { setup } from '../kernel/user/setup/engine.ts';
import { pnp } from '../kernel/ntos/io/pnp/manager.ts';
import { median, record } from './results.ts';

const RUNS = 7;

export async function run(): Promise<string[]> {
  const [pkg, app] = await Promise.all([buildDriver('Echo'), build(path.join(programs, 'echoapp'), 'echoapp.exe')]);
  const t = await target();
  t.disk.mkdir('C:\\DriverTest\\Drivers');
  for (const [name, bytes] of Object.entries(pkg.files)) t.disk.writeFile(`C:\\DriverTest\\Drivers\\${name}`, bytes);
  t.disk.writeFile('C:\\DriverTest\\Drivers\\echoapp.exe', app);
  pnp(t.k);
  setup(t.k).testSigning = true;
  const s = session(t);
  s.type('cd C:\\DriverTest\\Drivers');
  const installed = s.type('devcon install echo.inf root\\ECHO');
  if (!/Drivers installed successfully\./.test(installed)) throw new Error(installed);

  const timeRuns = (line: string, pass: RegExp): number => {
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const out = s.type(line);
      xs.push(performance.now() - t0);
      if (!pass.test(out)) throw new Error(`${line}: ${out}`);
    }
    return median(xs);
  };
  const sync = timeRuns('echoapp', /Test passed/);
  const async = timeRuns('echoapp -Async', /Asynchronous test passed/);
  const syncRate = 2 / (sync / 1000), asyncRate = 32 / (async / 1000);
  record('echo.syncRoundTrips', syncRate, 'per s', 'echoapp: 2 write+read pairs (512 B, 30 KiB) per run incl. process start, median of 7');
  record('echo.asyncRoundTrips', asyncRate, 'per s', 'echoapp -Async: 32 overlapped 512 B write+read pairs per run, median of 7');
  return [`Echo via KMDF: echoapp ${sync.toFixed(1)} ms a run (${syncRate.toFixed(0)} round trips/s); -Async ${async.toFixed(1)} ms a run (${asyncRate.toFixed(0)} round trips/s)`];
}
