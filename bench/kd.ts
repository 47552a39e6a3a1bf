// Booting and debugging a target: power-on to the target prompt (wall time and the machine's own clock) beside an
// empty request to the target's worker, and the kd round trip of `r` on a broken-in target over KDNET (virtual
// switch) and over KDCOM (null-modem cable at 115200 baud, paced by the 16550's frame time) side by side.
// `npm run bench kd` runs only this section.
import { LabEngine } from '../main/engine/lab-engine.ts';
import { targetKernel } from '../main/cli/target-kernel.ts';
import { TargetConsole } from '../main/cli/target-console.ts';
import { openLabDebugger } from '../main/debugger/lab/debugger.ts';
import { TICKS_PER_SECOND } from '../main/machine/devices/device.ts';
import { median, record } from './results.ts';

const TICKS_PER_MS = TICKS_PER_SECOND / 1000;

async function timed(n: number, f: () => Promise<unknown>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await f(); xs.push(performance.now() - t); }
  return median(xs);
}

/** A target that boots with the KD stub on, `dbgsettings` chosen; the debugger connected and broken in. */
async function brokenIn(lab: LabEngine, dbgsettings: string, serial: boolean, open: () => ReturnType<typeof openLabDebugger>) {
  await lab.newTarget('T');
  lab.cable({ kind: 'net', a: 'host', b: 'T' });
  if (serial) lab.cable({ kind: 'serial', a: 'host:COM1', b: 'T:COM1' });
  const con = new TargetConsole(lab, 'T');
  await lab.power('T', true);
  await lab.waitFor('T', ['running']);
  await con.ready();
  await con.run('bcdedit /debug on');
  await con.run(`bcdedit /dbgsettings ${dbgsettings}`);
  await con.run('shutdown /r /t 0');
  await lab.waitFor('T', ['booting']);
  const d = open();
  await d.connected;
  await lab.waitFor('T', ['running']);
  await con.ready();
  await d.console.run('Ctrl+Break');
  return d;
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const kernel = await targetKernel({ serviceModules: [], stageMs: 0 });

  const boot = new LabEngine({ kernel, watchdogMs: 0 });
  try {
    await boot.newTarget('B');
    const con = new TargetConsole(boot, 'B');
    const before = await boot.info('B');
    const t0 = performance.now();
    await boot.power('B', true);
    await boot.waitFor('B', ['running']);
    await con.ready();
    const wall = performance.now() - t0;
    const after = await boot.info('B');
    const simMs = (after.ticks - before.ticks) / TICKS_PER_MS;
    const instructions = after.instructions - before.instructions;
    const noop = await timed(50, () => boot.info('B'));
    record('kd.bootWall', wall, 'ms', 'power-on to the cmd prompt, wall time');
    record('kd.bootMachineClock', simMs, 'ms', 'the same boot in the target\'s own clock');
    record('kd.bootInstructions', instructions, 'instructions', 'instructions the target executed from power-on to the prompt (idle time not counted)');
    record('kd.workerRoundTrip', noop, 'ms', 'no-op baseline: an empty request to the running target\'s worker, median of 50');
    record('kd.bootVsNoop', wall / noop, 'x');
    lines.push(`boot to prompt: ${wall.toFixed(0)} ms wall, ${simMs.toFixed(0)} ms of machine clock, ${instructions} target instructions executed (driver and program code; our kernel and cmd.exe are host code, so a target with no driver installed runs none); empty worker round trip ${noop.toFixed(3)} ms (boot = ${(wall / noop).toFixed(0)}x)`);
  } finally { await boot.shutdown(); }

  const rtt: Record<string, number> = {};
  for (const via of ['net', 'com'] as const) {
    const lab = new LabEngine({ kernel, watchdogMs: 0 });
    try {
      const d = via === 'net'
        ? await brokenIn(lab, 'net hostip:192.168.137.1 port:50000 key:1.2.3.4', false, () => openLabDebugger(lab, { transport: 'net', port: 50000, key: '1.2.3.4' }))
        : await brokenIn(lab, 'serial debugport:1 baudrate:115200', true, () => openLabDebugger(lab, { transport: 'com', comPort: 'com1', baud: 115200 }));
      // The debugger keeps the context until the target runs (as WinDbg does), so each `r` timed is the first after
      // a fresh break-in: one GetContext exchange on the cable.
      const xs: number[] = [];
      for (let i = 0; i < 10; i++) {
        if (i > 0) { await d.console.run('g'); await lab.waitFor('T', ['running']); await d.console.run('Ctrl+Break'); }
        const t = performance.now();
        const out = await d.console.run('r');
        xs.push(performance.now() - t);
        if (!/rip=/.test(out)) throw new Error(`r over ${via} printed no registers: ${out}`);
      }
      rtt[via] = median(xs);
      d.session.disconnect();
    } finally { await lab.shutdown(); }
  }
  record('kd.rKdnet', rtt.net!, 'ms', 'the first `r` after a break-in over KDNET, median of 10');
  record('kd.rKdcom115200', rtt.com!, 'ms', 'the first `r` after a break-in over KDCOM at 115200 baud, median of 10');
  record('kd.kdcomVsKdnet', rtt.com! / rtt.net!, 'x');
  lines.push(`kd \`r\` round trip: KDNET ${rtt.net!.toFixed(1)} ms, KDCOM 115200 ${rtt.com!.toFixed(1)} ms (KDCOM/KDNET ${(rtt.com! / rtt.net!).toFixed(1)}x)`);
  return lines;
}
