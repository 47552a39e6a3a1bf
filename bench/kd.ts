// Booting and debugging a target: power-on to the target prompt (wall time and the machine's own clock) beside an
// empty request to the target's worker, and the kd round trip of `r` on a broken-in target over KDNET (virtual
// switch) and over KDCOM (null-modem cable at 115200 baud, paced by the 16550's frame time) side by side; and the
// breakpoint-hit to debugger-stopped latency: from the processor stopping at a `bp` to the KdSession having the stop
// (state change packet received and decoded, banner built), over in-memory KDNET and KDCOM cables.
// `npm run bench kd` runs only this section.
import { LabEngine } from '../main/engine/lab-engine.ts';
import { targetKernel } from '../main/cli/target-kernel.ts';
import { TargetConsole } from '../main/cli/target-console.ts';
import { openLabDebugger } from '../main/debugger/lab/debugger.ts';
import { TICKS_PER_SECOND } from '../main/machine/devices/device.ts';
import { median, record } from './results.ts';
import { buildDriver } from '../main/debugger/engine/test/target.ts';
import { rig } from '../main/debugger/engine/test/rig.ts';
import type { KdStub } from '../kernel/ntos/kd/stub/stub.ts';

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

const PROBE_C = `#include <wdm.h>
__declspec(noinline) LONG Probe(LONG x) { return x + 1; }
NTSTATUS DriverEntry(PVOID DriverObject, PVOID RegistryPath) {
    LONG i, s = 0;
    UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);
    for (i = 0; i < 41; i++) s += Probe(i);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "probe %d\\n", s);
    return 0;
}
`;

/** ms from the processor stopping at `bp probe!Probe` (the KD stub told) to the session's stop, median of 40 hits. */
async function hitToStopped(transport: 'net' | 'com'): Promise<number> {
  const drv = await buildDriver('probe', PROBE_C);
  const r = await rig(drv, { transport });
  try {
    const { s, t } = r;
    let hitAt = 0;
    const stub: KdStub = t.stub;
    const stopped = stub.threadStopped.bind(stub);
    stub.threadStopped = (th, stop) => { hitAt = performance.now(); stopped(th, stop); };
    await s.breakIn();
    await s.execute('bu probe!Probe');
    await s.execute('g');
    let hit = s.waitForBreak(120_000);
    t.startEntry(t.load(drv));
    await hit; // the first hit also loads the module's symbols
    const xs: number[] = [];
    for (let i = 0; i < 40; i++) {
      hit = s.waitForBreak(120_000);
      await s.execute('g');
      await hit;
      xs.push(performance.now() - hitAt);
    }
    await s.execute('bc *');
    await s.execute('g');
    return median(xs);
  } finally { r.close(); }
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const hit = { net: await hitToStopped('net'), com: await hitToStopped('com') };
  record('kd.hitToStoppedKdnet', hit.net, 'ms', 'breakpoint hit -> KdSession has the stop, in-memory KDNET cable, median of 40');
  record('kd.hitToStoppedKdcom', hit.com, 'ms', 'breakpoint hit -> KdSession has the stop, in-memory KDCOM cable, median of 40');
  lines.push(`breakpoint hit → debugger stopped: KDNET ${hit.net.toFixed(2)} ms, KDCOM ${hit.com.toFixed(2)} ms (in-memory cables, state change to the session's banner, median of 40)`);
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
