// Deploying the Hello World KMDF driver the build produced to a provisioned target over the lab network, as the
// lab's "Hardware ID Driver Update" does; the device runs, and runs again after a restart. Deploying to a target
// that is off or unreachable says so; devcon install at the target's own prompt installs from the copied files;
// "Install and Verify" stages the package, installs it on a device with its hardware ID and verifies the device.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabEngine } from '../../lab-engine.ts';
import { targetKernel } from '../../../cli/target-kernel.ts';
import { TargetConsole } from '../../../cli/target-console.ts';
import { buildProject } from '../../../toolchain/build.ts';
import { repoRoot } from '../../../toolchain/clang.ts';
import { prepareTarget } from '../../provision/prepare.ts';
import { provision } from '../../provision/provision.ts';
import { readPackage } from '../package.ts';
import { deploy } from '../deploy.ts';
import { openLabDebugger } from '../../../debugger/lab/debugger.ts';

let lab: LabEngine;
let packageDir: string;
before(async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dl-deploy-')), 'KmdfHelloWorld');
  cpSync(path.join(repoRoot, 'kernel/test/drivers/KmdfHelloWorld'), dir, { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  const [built, kernel] = await Promise.all([buildProject(dir), targetKernel()]);
  assert.ok(built.success, built.log.join('\n'));
  packageDir = built.outputDir;
  lab = new LabEngine({ kernel, watchdogMs: 0 });
});
after(async () => { await lab.shutdown(); });

async function provisioned(name: string, port = 50000): Promise<TargetConsole> {
  await lab.newTarget(name);
  await prepareTarget(lab, name);
  lab.cable({ kind: 'net', a: 'host', b: name });
  const con = new TargetConsole(lab, name);
  await lab.power(name, true);
  await lab.waitFor(name, ['running']);
  const r = await provision(lab, name, { debugger: { kind: 'net', port, key: '1.2.3.4' } });
  assert.ok(r.ok, r.lines.join('\n'));
  await con.ready();
  return con;
}

test('Hardware ID Driver Update: the package is copied to C:\\DriverTest\\Drivers, installed and started; it survives a restart', async () => {
  const con = await provisioned('MyTestComputer');
  const pkg = readPackage(packageDir);
  assert.deepEqual(pkg.hardwareIds, ['Root\\KmdfHelloWorld']);
  const r = await deploy(lab, 'MyTestComputer', pkg, { install: { kind: 'hardware-id', hardwareId: 'Root\\KmdfHelloWorld' } });
  assert.equal(r.ok, true, r.lines.join('\n'));
  assert.deepEqual(r.copied.sort(), ['KmdfHelloWorld.cat', 'KmdfHelloWorld.inf', 'KmdfHelloWorld.sys', 'WDKTestCert.cer']);
  assert.equal(r.device?.state, 'DeviceNodeStarted', r.lines.join('\n'));
  assert.equal(r.lines.at(-1), '========== Deploy: 1 succeeded, 0 failed, 0 skipped ==========');
  assert.ok(r.lines.includes('  Drivers installed successfully.'), r.lines.join('\n'));
  const dir = await con.run('dir C:\\DriverTest\\Drivers');
  for (const f of r.copied) assert.match(dir, new RegExp(` ${f.replace('.', '\\.')}\\n`));
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);
  // A second deployment removes the previous version first and installs again.
  const again = await deploy(lab, 'MyTestComputer', pkg);
  assert.equal(again.ok, true, again.lines.join('\n'));
  assert.ok(again.lines.some((l) => /Removed/.test(l)), again.lines.join('\n'));
  // After a restart the device is found again under ROOT and its driver starts from the driver store on disk.
  await con.run('shutdown /r /t 0');
  await lab.waitFor('MyTestComputer', ['booting']);
  await lab.waitFor('MyTestComputer', ['running']);
  await con.ready();
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);
});

test('deploying to a target that is off, or unreachable, says so', async () => {
  const pkg = readPackage(packageDir);
  await lab.newTarget('OffTarget');
  const off = await deploy(lab, 'OffTarget', pkg);
  assert.equal(off.ok, false);
  assert.match(off.error!, /^OffTarget is switched off\./);
  const gone = await deploy(lab, 'Elsewhere', pkg);
  assert.match(gone.error!, /^Elsewhere cannot be reached: no computer answered to that name\./);
  assert.equal(gone.lines.at(-1), '========== Deploy: 0 succeeded, 1 failed, 0 skipped ==========');
});

test('copy only, then devcon install at the target prompt from C:\\DriverTest\\Drivers', async () => {
  const con = await provisioned('DevconTarget');
  const r = await deploy(lab, 'DevconTarget', readPackage(packageDir), { install: { kind: 'copy-only' } });
  assert.equal(r.ok, true, r.lines.join('\n'));
  assert.equal(await con.run('cd C:\\DriverTest\\Drivers'), '');
  const out = await con.run('devcon install KmdfHelloWorld.inf Root\\KmdfHelloWorld');
  assert.match(out, /Drivers installed successfully\./, out);
  assert.match(await con.run('devcon status Root\\KmdfHelloWorld'), /Driver is running\./);
});

test('a target broken into by the kernel debugger cannot take a deployment until it runs again', async () => {
  // Its own debugger port: the other targets here announce themselves on 50000.
  const con = await provisioned('BrokenIn', 50009);
  const d = openLabDebugger(lab, { transport: 'net', port: 50009, key: '1.2.3.4' });
  try {
    await d.connected;
    await d.console.run('Ctrl+Break');
    await lab.waitFor('BrokenIn', ['broken-in'], 5000); // the machine's status arrives beside the debugger's packets
    const r = await deploy(lab, 'BrokenIn', readPackage(packageDir));
    assert.equal(r.ok, false);
    assert.match(r.error!, /^BrokenIn is stopped in the kernel debugger \(broken in\), so it cannot receive files\. Type g at the kd> prompt/);
    await d.console.run('g');
    await lab.waitFor('BrokenIn', ['running']);
    await con.ready();
    const ok = await deploy(lab, 'BrokenIn', readPackage(packageDir));
    assert.equal(ok.ok, true, ok.lines.join('\n'));
  } finally { d.session.disconnect(); }
});

test('Install and Verify: the package goes into the driver store, onto the device with its hardware ID, and is verified', async () => {
  const con = await provisioned('VerifyTarget');
  const pkg = readPackage(packageDir);
  const install = { kind: 'install-verify' } as const;
  // No device has the INF's hardware ID yet: the package is added to the driver store, and the verification says so.
  const first = await deploy(lab, 'VerifyTarget', pkg, { install });
  assert.equal(first.ok, true, first.lines.join('\n'));
  assert.deepEqual(first.copied.sort(), ['KmdfHelloWorld.cat', 'KmdfHelloWorld.inf', 'KmdfHelloWorld.sys', 'WDKTestCert.cer']);
  const oem = /^ {2}Driver package added to the driver store as (oem\d+\.inf)\.$/m.exec(first.lines.join('\n'))?.[1];
  assert.ok(oem, first.lines.join('\n'));
  assert.equal(first.lines[0], '------ Deploy started: Project: KmdfHelloWorld, Configuration: Debug x64 ------');
  assert.deepEqual(first.lines.slice(first.lines.indexOf('Driver Deployment Task: Install and Verify')), [
    'Driver Deployment Task: Install and Verify',
    `  Driver package added to the driver store as ${oem}.`,
    '  No device on VerifyTarget has a hardware ID this INF lists (Root\\KmdfHelloWorld); the driver installs when such a device appears.',
    'Verifying the installation of KmdfHelloWorld.inf on VerifyTarget...',
    '  0 matching device(s) found.',
    `  Verification passed: KmdfHelloWorld.inf is in the driver store as ${oem}; no device uses it yet.`,
    'Deployment to VerifyTarget completed.',
    '========== Deploy: 1 succeeded, 0 failed, 0 skipped ==========']);
  assert.match(await con.run('pnputil /enum-drivers'), new RegExp(`Published Name: {5}${oem.replace('.', '\\.')}\\nOriginal Name: {6}kmdfhelloworld\\.inf\\n`));
  assert.match(await con.run('devcon status Root\\KmdfHelloWorld'), /^No matching devices found\./);
  // With a device present (devcon install at the target's prompt) and previous versions kept, the driver is
  // installed on it from the INF (the device restarts) and the verification reads the device's status.
  assert.match(await con.run('devcon install C:\\DriverTest\\Drivers\\KmdfHelloWorld.inf Root\\KmdfHelloWorld'), /Drivers installed successfully\./);
  const second = await deploy(lab, 'VerifyTarget', pkg, { install, removePrevious: false });
  assert.equal(second.ok, true, second.lines.join('\n'));
  assert.ok(!second.lines.includes('Removing previous driver versions...'), second.lines.join('\n'));
  assert.deepEqual(second.lines.slice(second.lines.indexOf('Driver Deployment Task: Install and Verify')), [
    'Driver Deployment Task: Install and Verify',
    `  Driver package added to the driver store as ${oem}.`,
    '  Updating drivers for Root\\KmdfHelloWorld from C:\\DriverTest\\Drivers\\KmdfHelloWorld.inf.',
    '  Drivers installed successfully.',
    'Verifying the installation of KmdfHelloWorld.inf on VerifyTarget...',
    '  ROOT\\SAMPLE\\0000',
    '      Name: KmdfHelloWorld Device',
    '      Driver is running.',
    '  1 matching device(s) found.',
    `  Verification passed: 1 device(s) run the driver from KmdfHelloWorld.inf (${oem}).`,
    'Deployment to VerifyTarget completed.',
    '========== Deploy: 1 succeeded, 0 failed, 0 skipped ==========']);
  assert.match(await con.run('sc query KmdfHelloWorld'), /STATE {14}: 4 {2}RUNNING/);
});
