// A target boots our kernel in its worker: firmware, boot manager, kernel, drivers, PnP, services, session, with
// the progress visible as status events, and cmd.exe answers at the machine's console.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LabEngine } from '../../../main/engine/lab-engine.ts';
import { targetKernel } from '../../../main/cli/target-kernel.ts';
import { TargetConsole } from '../../../main/cli/target-console.ts';
import { openLabDebugger } from '../../../main/debugger/lab/debugger.ts';

const labs: LabEngine[] = [];
const sessions: { disconnect(): void }[] = [];
after(async () => { for (const s of sessions) s.disconnect(); for (const l of labs) await l.shutdown(); });

test('a target boots to its command prompt with progress; ver, hostname and ipconfig answer', async () => {
  const lab = new LabEngine({ kernel: await targetKernel({ serviceModules: [] }), watchdogMs: 0 });
  labs.push(lab);
  await lab.newTarget('MyTestComputer');
  lab.cable({ kind: 'net', a: 'host', b: 'MyTestComputer' });
  const stages: string[] = [];
  lab.onEvent((e) => { if (e.kind === 'status' && e.status.state === 'booting') stages.push(`${e.status.stage}@${e.status.percent}`); });
  const con = new TargetConsole(lab, 'MyTestComputer');
  const t0 = performance.now();
  await lab.power('MyTestComputer', true);
  await lab.waitFor('MyTestComputer', ['running', 'halted', 'bugchecked']);
  assert.equal(lab.status('MyTestComputer').state, 'running', JSON.stringify(lab.status('MyTestComputer')));
  assert.equal(await con.ready(), 'C:\\Users\\User>');
  const bootMs = performance.now() - t0;
  console.log(`# boot to prompt: ${bootMs.toFixed(0)} ms; stages ${stages.join(', ')}`);
  assert.deepEqual([...new Set(stages.map((s) => s.split('@')[0]))], ['firmware', 'boot manager', 'kernel', 'pnp', 'services', 'session']);
  assert.match(con.text, /Microsoft Windows \[Version 10\.0\.19041\.\d+\]\r\n\(c\) Microsoft Corporation\. All rights reserved\.\r\n\r\nC:\\Users\\User>$/);
  assert.equal(await con.run('ver'), '\nMicrosoft Windows [Version 10.0.19041.1]\n');
  assert.equal(await con.run('hostname'), 'MyTestComputer\n');
  const ip = await con.run('ipconfig');
  assert.match(ip, /\nWindows IP Configuration\n\n\nEthernet adapter Ethernet:\n\n {3}Connection-specific DNS Suffix {2}\. :\n {3}IPv4 Address\. \. \. \. \. \. \. \. \. \. \. : 192\.168\.137\.2\n {3}Subnet Mask \. \. \. \. \. \. \. \. \. \. \. : 255\.255\.255\.0\n/);
  // The registry the session changed reaches the disk's hive and is there after a restart.
  assert.match(await con.run('reg add HKLM\\SOFTWARE\\DriverLab /v Booted /t REG_DWORD /d 1'), /The operation completed successfully\./);
  await con.run('shutdown /r /t 0');
  await lab.waitFor('MyTestComputer', ['booting']);
  await lab.waitFor('MyTestComputer', ['running']);
  await con.ready();
  assert.match(await con.run('reg query HKLM\\SOFTWARE\\DriverLab /v Booted'), /Booted {4}REG_DWORD {4}0x1/);
});

test('8 booted targets at their prompts cost little CPU while idle, and a small heap each', async () => {
  const lab = new LabEngine({ kernel: await targetKernel({ serviceModules: [] }), watchdogMs: 0 });
  labs.push(lab);
  const names = Array.from({ length: 8 }, (_, i) => `Idle${i}`);
  const rss0 = process.memoryUsage().rss;
  const consoles = await Promise.all(names.map(async (n) => {
    await lab.newTarget(n);
    const c = new TargetConsole(lab, n);
    await lab.power(n, true);
    return c;
  }));
  for (const n of names) assert.equal((await lab.waitFor(n, ['running', 'halted', 'bugchecked'], 60_000)).state, 'running');
  for (const c of consoles) await c.ready();
  await new Promise((r) => setTimeout(r, 300));
  const c0 = process.cpuUsage(), t0 = performance.now();
  await new Promise((r) => setTimeout(r, 2000));
  const c1 = process.cpuUsage(c0), wall = performance.now() - t0;
  const pct = ((c1.user + c1.system) / 1000 / wall) * 100;
  console.log(`# idle CPU, 8 booted targets: ${pct.toFixed(2)}% of one core`);
  assert.ok(pct < 10, `8 idle targets cost ${pct.toFixed(1)}% of a core`);
  // Memory: each target's worker holds its kernel, drivers and console in a small heap; its system memory and disk
  // are buffers, mostly untouched pages.
  const mib = (b: number) => b / 1048576;
  for (const n of names) {
    const i = await lab.info(n);
    console.log(`# ${n}: heap ${mib(i.heapBytes).toFixed(1)} MiB, buffers ${mib(i.externalBytes).toFixed(1)} MiB`);
    assert.ok(mib(i.heapBytes) < 64, `${n}'s worker heap is ${mib(i.heapBytes).toFixed(1)} MiB`);
  }
  console.log(`# process RSS per booted target: ${mib((process.memoryUsage().rss - rss0) / 8).toFixed(0)} MiB`);
  assert.equal(await consoles[7]!.run('hostname'), 'Idle7\n');
});

test('the debugger stops a boot: broken in between boot stages, the boot waits there and goes on after g', async () => {
  // Slow stages (a second each) so the debugger, polling for the target, connects while the kernel still boots.
  const lab = new LabEngine({ kernel: await targetKernel({ serviceModules: [], stageMs: 1000 }), watchdogMs: 0 });
  labs.push(lab);
  await lab.newTarget('T');
  lab.cable({ kind: 'serial', a: 'host:COM1', b: 'T:COM1' });
  const con = new TargetConsole(lab, 'T');
  await lab.power('T', true);
  await lab.waitFor('T', ['running'], 60_000);
  await con.ready();
  assert.match(await con.run('bcdedit /debug on'), /The operation completed successfully\./);
  assert.match(await con.run('bcdedit /dbgsettings serial debugport:1 baudrate:115200'), /The operation completed successfully\./);
  const states: string[] = [];
  lab.onEvent((e) => { if (e.kind === 'status') states.push(e.status.state === 'booting' ? `booting:${e.status.stage}` : e.status.state); });
  await con.run('shutdown /r /t 0');
  await lab.waitFor('T', ['booting']);
  // Ctrl+Break while the debugger waits for the target: it breaks in as soon as the target answers, mid-boot.
  const d = openLabDebugger(lab, { transport: 'com', comPort: 'com1', baud: 115200 });
  sessions.push(d.session);
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  assert.equal(lab.status('T').state, 'broken-in');
  const stoppedAfter = states.length;
  // Held: a command answered while broken in, and the boot shows no further stage meanwhile.
  assert.match(await d.console.run('vertarget'), /Windows 10 Kernel Version 19041/);
  await new Promise((r) => setTimeout(r, 1500)); // longer than a boot stage: a boot that went on would show one
  assert.equal(lab.status('T').state, 'broken-in');
  const gAt = states.length;
  await d.console.run('g');
  await lab.waitFor('T', ['running'], 60_000);
  await con.ready();
  // The break came between boot stages; nothing moved while the debugger held the target, and after g the boot
  // went on to the prompt.
  const at = states.indexOf('broken-in');
  assert.ok(at > 0 && states[at - 1]!.startsWith('booting:'), states.join(', '));
  assert.deepEqual(states.slice(stoppedAfter, gAt), [], states.join(', '));
  assert.ok(states.slice(gAt).some((st) => st.startsWith('booting:')), states.join(', '));
  assert.equal(states.at(-1), 'running');
  assert.equal(await con.run('hostname'), 'T\n');
});
