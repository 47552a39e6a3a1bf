// Provisioning real targets (our kernel booted in workers) from the host over the lab network: network and serial
// debugger settings applied through the target's own bcdedit with reboots, and the failures the seed implies —
// a name nobody answers to, WDK Test Target Setup missing or of another WDK version, Secure Boot on, a firewall
// that drops the agent.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { LabEngine } from '../../lab-engine.ts';
import { targetKernel } from '../../../cli/target-kernel.ts';
import type { TargetConsole } from '../../../cli/target-console.ts';
import { readBcd } from '../../../machine/devices/bcd-store.ts';
import { BCD_PATH } from '../../../machine/devices/disk.ts';
import type { TargetPreparation } from '../prepare.ts';
import { startTarget } from './lab-target.ts';
import { provision } from '../provision.ts';
import { PROVISION_TASKS } from '../tasks.ts';
import { testTargetSetupPackage } from '../../../../kernel/boot/agent/msi.ts';

let lab: LabEngine;
before(async () => { lab = new LabEngine({ kernel: await targetKernel(), watchdogMs: 0 }); });
after(async () => { await lab.shutdown(); });

const target = async (name: string, prep: TargetPreparation = {}): Promise<TargetConsole> => (await startTarget(lab, name, prep)).con;

async function bcdOf(name: string) {
  const bytes = await lab.machineHost(name).request<Uint8Array>({ t: 'disk', op: 'read', path: BCD_PATH });
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as ReturnType<typeof readBcd>;
}

test('provision over the network: every task completes, bcdedit settings, certificate, C:\\DriverTest, two reboots', async () => {
  const con = await target('MyTestComputer');
  let boots = 0;
  lab.onEvent((e) => { if (e.kind === 'status' && e.machine === 'MyTestComputer' && e.status.state === 'booting' && e.status.stage === 'firmware' && e.status.percent === 0) boots++; });
  const progress: number[] = [];
  const r = await provision(lab, 'MyTestComputer', { debugger: { kind: 'net', port: 50000, key: '1.2.3.4' }, onProgress: (s) => progress.push(s.percent) });
  assert.equal(r.ok, true, r.lines.join('\n'));
  assert.deepEqual(r.steps.map((s) => s.task).slice(2), [...PROVISION_TASKS]);
  assert.ok(r.steps.every((s) => s.status === 'completed'));
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress only moves forward');
  for (const t of PROVISION_TASKS) assert.ok(r.lines.some((l) => l.endsWith(`Task "${t}" completed successfully.`) || l.includes(`Task "${t}" completed successfully. (rebooted)`)), t);
  assert.equal(boots, 2, 'provisioning rebooted the target twice');
  const bcd = await bcdOf('MyTestComputer');
  const loader = bcd.objects.find((o) => o.type === 'osloader')!.elements;
  assert.equal(loader['testsigning'], true);
  assert.equal(loader['debug'], true);
  assert.deepEqual(bcd.objects.find((o) => o.type === 'dbgsettings')!.elements, { debugtype: 'NET', hostip: '192.168.137.1', port: 50000, key: '1.2.3.4' });
  await con.ready();
  assert.match(await con.run('dir C:\\DriverTest'), /<DIR> {10}Drivers\n[\s\S]*WDKTestCert\.cer\n/);
  assert.match(await con.run('reg query HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates'), /\\Certificates\\1D3111EC1585CA7A979F81CC25BA3D02CCDC4192/i);
  assert.match(await con.run('bcdedit /dbgsettings'), /\nkey +1\.2\.3\.4\n/);
});

test('provision for serial debugging; a generated network key has four parts', async () => {
  await target('SerialTarget');
  const noCable = await provision(lab, 'SerialTarget', { debugger: { kind: 'serial' } });
  assert.equal(noCable.failure?.error, 'No serial cable is plugged into SerialTarget:COM1.');
  lab.cable({ kind: 'serial', a: 'host:COM1', b: 'SerialTarget:COM1' });
  const r = await provision(lab, 'SerialTarget', { debugger: { kind: 'serial', port: 1, baud: 115200 } });
  assert.equal(r.ok, true, r.lines.join('\n'));
  assert.match(r.lines[0]!, /^Provisioning SerialTarget: serial kernel debugging \(COM1, 115200 baud\)$/);
  assert.deepEqual((await bcdOf('SerialTarget')).objects.find((o) => o.type === 'dbgsettings')!.elements, { debugtype: 'Serial', debugport: 1, baudrate: 115200 });
  assert.match((await import('../provision.ts')).generateKey(), /^[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+$/);
});

test('an unreachable name fails at the ping step with the reason and the fix', async () => {
  const r = await provision(lab, 'NoSuchComputer');
  assert.equal(r.ok, false);
  assert.equal(r.failure!.task, 'Checking that the target answers ping by name');
  assert.equal(r.failure!.error, 'Ping request could not find host NoSuchComputer. Please check the name and try again.');
  assert.match(r.failure!.why, /the lab has no computer named NoSuchComputer/);
  assert.deepEqual(r.steps.map((s) => s.status), ['failed']);
  assert.match(r.lines.at(-1)!, /^Provisioning NoSuchComputer failed at "Checking that the target answers ping by name"\.$/);
  // A real target with its cable pulled fails the same way, and says so.
  lab.unplug({ kind: 'net', end: 'MyTestComputer' });
  const r2 = await provision(lab, 'MyTestComputer');
  assert.equal(r2.failure!.task, 'Checking that the target answers ping by name');
  assert.match(r2.failure!.why, /MyTestComputer has no network cable plugged in/);
  lab.cable({ kind: 'net', a: 'host', b: 'MyTestComputer' });
});

test('a target without WDK Test Target Setup, one with Secure Boot on and one whose firewall drops the agent', async () => {
  await Promise.all([target('NoAgent', { testTargetSetup: false }), target('SecureBoot', { secureBoot: true }), target('Firewalled', { fileSharing: false }), target('SmbBlocked', { smb: false })]);
  const [a, b, c, d] = await Promise.all([provision(lab, 'NoAgent'), provision(lab, 'SecureBoot'), provision(lab, 'Firewalled'), provision(lab, 'SmbBlocked')]);
  assert.equal(a.failure!.task, 'Connecting to the WDK Test Target agent');
  assert.match(a.failure!.error, /error 10061/);
  assert.match(a.failure!.why, /WDK Test Target Setup is not installed on NoAgent/);
  assert.equal(b.failure!.task, 'Configuring kernel debugger settings (possible reboot)');
  assert.match(b.failure!.why, /Secure Boot on/);
  assert.match(b.failure!.fix, /host> firmware SecureBoot secureboot off/);
  // The firewall also drops echo requests (same rule group): the ping step catches it first.
  assert.equal(c.failure!.task, 'Checking that the target answers ping by name');
  assert.match(c.failure!.why, /Echo Request/);
  // With only the SMB rule off, the agent's connection times out: error 10060, as the real wizard reports it.
  assert.equal(d.failure!.task, 'Connecting to the WDK Test Target agent');
  assert.match(d.failure!.error, /^Error 10060: A connection attempt failed/);
  assert.match(d.failure!.fix, /File and Printer Sharing inbound rules/);
});

test('a target whose WDK Test Target Setup is another WDK version fails at the first task until the host\'s version is installed', async () => {
  const con = await target('OldWdk', { testTargetSetupVersion: '10.0.17763.1' });
  const r = await provision(lab, 'OldWdk', { debugger: { kind: 'net', port: 50002, key: '1.2.3.4' } });
  assert.equal(r.ok, false);
  assert.deepEqual(r.steps.map((s) => [s.task, s.status]), [
    ['Checking that the target answers ping by name', 'completed'], ['Connecting to the WDK Test Target agent', 'completed'], [PROVISION_TASKS[0], 'failed']]);
  assert.equal(r.failure!.error, 'The version of WDK Test Target Setup on OldWdk (10.0.17763.1) does not match the host\'s WDK (10.0.19041.1).');
  assert.match(r.failure!.why, /^OldWdk has the Test Target Setup of another WDK/);
  assert.equal(r.failure!.fix, 'Copy "WDK Test Target Setup x64-x64_en-us.msi" from the host\'s WDK folder C:\\Program Files (x86)\\Windows Kits\\10\\Remote\\x64 to OldWdk, install it there (msiexec /i "WDK Test Target Setup x64-x64_en-us.msi"), then provision again.');
  // The wizard's log: the agent's version on the connect line, the failed task, then why and how to fix it.
  assert.ok(r.lines.some((l) => /Task "Connecting to the WDK Test Target agent" completed successfully\. \(OLDWDK, Windows 10\.0\.19041, agent 10\.0\.17763\.1\)$/i.test(l)), r.lines.join('\n'));
  assert.deepEqual(r.lines.slice(-5).map((l) => l.replace(/:.*/, ':')), [' 13% Task "Installing necessary components" failed.', '     Error:', '     Why:', '     Fix:', 'Provisioning OldWdk failed at "Installing necessary components".']);
  // The fix: the host's .msi copied to the target and installed over the older one; the agent restarts at its version.
  const host = lab.machineHost('OldWdk');
  await host.request({ t: 'disk', op: 'mkdir', path: 'C:\\Users\\User\\Downloads' });
  await host.request({ t: 'disk', op: 'write', path: 'C:\\Users\\User\\Downloads\\WDK Test Target Setup x64-x64_en-us.msi', data: testTargetSetupPackage() });
  assert.equal(await con.run('msiexec /i "C:\\Users\\User\\Downloads\\WDK Test Target Setup x64-x64_en-us.msi"'), 'Product: WDK Test Target Setup x64 -- Installation completed successfully.\n');
  assert.match(await con.run('sc query WdkTestTargetAgent'), /STATE {14}: 4 {2}RUNNING/);
  const again = await provision(lab, 'OldWdk', { debugger: { kind: 'net', port: 50002, key: '1.2.3.4' } });
  assert.equal(again.ok, true, again.lines.join('\n'));
  assert.ok(again.lines.some((l) => /agent 10\.0\.19041\.1\)$/.test(l)), again.lines.join('\n'));
});
