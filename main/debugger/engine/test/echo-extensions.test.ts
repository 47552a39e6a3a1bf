// Transcript tests of the debugger's driver extensions on a target with the Echo and KMDF template drivers
// installed by devcon: !devnode, !drvobj, !devobj, !devstack, !irp, !wdfkd.* and !wmitrace.logdump read the
// drivers' objects, KMDF's records and the WPP buffer from target memory through KD packets (the values checked
// here come from the kernel's own state, which the debugger never touches).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { toVA } from '../../../machine/memory.ts';
import type { KdSession } from '../session.ts';
import type { KdStub } from '../../../../kernel/ntos/kd/stub/stub.ts';
import type { TargetRunner } from '../../../../kernel/ntos/kd/stub/runner.ts';
import { buildDriver } from '../../../../kernel/wdf/test/harness.ts';
import { build, programs, target, type Target } from '../../../../kernel/user/test/target.ts';
import { session } from '../../../../kernel/user/test/shell.ts';
import { setup } from '../../../../kernel/user/setup/engine.ts';
import { pnp } from '../../../../kernel/ntos/io/pnp/manager.ts';
import { attachDebugger } from './rig.ts';
import type { DevNode } from '../../../../kernel/ntos/io/pnp/devnode.ts';
import { fx } from '../../../../kernel/wdf/framework.ts';
import { wmitraceLogdump } from '../../../../kernel/ntos/etw/wpp.ts';

const hex = (off: number): string => toVA(off).toString(16).padStart(16, '0');
const DIR = 'C:\\DriverTest\\Drivers';
const TPL = 'C:\\DriverTest\\Template';

let t: Target, s: KdSession, runner: TargetRunner, node: DevNode, stub: KdStub;

before(async () => {
  const [pkg, tpl, app] = await Promise.all([buildDriver('Echo'), buildDriver('KmdfTemplate'), build(path.join(programs, 'echoapp'), 'echoapp.exe')]);
  t = await target();
  t.disk.mkdir(DIR);
  for (const [name, bytes] of Object.entries(pkg.files)) t.disk.writeFile(`${DIR}\\${name}`, bytes);
  t.disk.writeFile(`${DIR}\\echoapp.exe`, app);
  t.disk.mkdir(TPL);
  for (const [name, bytes] of Object.entries(tpl.files)) t.disk.writeFile(`${TPL}\\${name}`, bytes);
  pnp(t.k);
  setup(t.k).testSigning = true;
  const sh = session(t);
  sh.type(`cd ${DIR}`);
  assert.match(sh.type('devcon install echo.inf root\\ECHO'), /Drivers installed successfully\./);
  sh.type(`cd ${TPL}`);
  assert.match(sh.type('devcon install KmdfTemplate.inf Root\\KmdfTemplate'), /Drivers installed successfully\./);
  node = pnp(t.k).node('ROOT\\SAMPLE\\0000')!;
  assert.equal(node.state, 'DeviceNodeStarted');
  // The debugger comes in over an in-memory serial cable; the machine runs in slices beside it.
  ({ stub, runner, s } = await attachDebugger(t.k, [pkg.dir, tpl.dir]));
  await s.breakIn();
});
after(() => { runner?.stop(); stub?.detach(); s?.disconnect(); });

test('!devnode 0 1 dumps the tree from IopRootDeviceNode with Echo\'s node started; !devnode 0 1 echo filters by service', async () => {
  const out = await s.execute('!devnode 0 1');
  const root = pnp(t.k).root;
  assert.match(out, new RegExp(`^Dumping IopRootDeviceNode \\(= 0x${hex(root.address)}\\)\\nDevNode 0x${hex(root.address)} for PDO 0x[0-9a-f]{16}\\n  InstancePath is "HTREE\\\\ROOT\\\\0"\\n  State = DeviceNodeStarted \\(0x308\\)\\n`));
  const echo = [
    `  DevNode 0x${hex(node.address)} for PDO 0x${hex(node.pdo)}`,
    '    InstancePath is "ROOT\\SAMPLE\\0000"',
    '    ServiceName is "ECHO"',
    '    State = DeviceNodeStarted (0x308)',
    `    Previous State = ${node.previousState} (0x${({ DeviceNodeStartPostWork: 0x307, DeviceNodeStartCompletion: 0x306, DeviceNodeEnumerateCompletion: 0x30d } as Record<string, number>)[node.previousState]?.toString(16)})`,
  ].join('\n');
  assert.ok(out.includes(echo), out);
  assert.match(out, /InstancePath is "ACPI_HAL\\PNP0C08\\0"\n {6}ServiceName is "ACPI"/, 'children are indented under their parent');
  assert.equal(await s.execute('!devnode 0 1 echo'), `Dumping IopRootDeviceNode (= 0x${hex(root.address)})\n${echo}`);
});

test('!drvobj echo 2 lists the device object and the dispatch table: Wdf01000 for every major function', async () => {
  const drv = t.k.io.drivers.get('echo')!;
  const fdo = node.attached[0]!;
  const out = await s.execute('!drvobj echo 2');
  const lines = out.split('\n');
  assert.deepEqual(lines.slice(0, 7), [`Driver object (${hex(drv.object)}) is for:`, ' \\Driver\\ECHO', '', 'Driver Extension List: (id , addr)', '', 'Device Object list:', `${hex(fdo)}  `]);
  assert.match(out, /\nDriverEntry: {3}[0-9a-f]{16}\techo!FxDriverEntry\n/);
  assert.match(out, /\nDriverUnload: {2}[0-9a-f]{16}\techo!FxStubDriverUnload\n/);
  assert.match(out, /\nAddDevice: {5}[0-9a-f]{16}\tWdf01000!FxDriver::AddDevice\n/);
  assert.match(out, /\nDispatch routines:\n\[00\] IRP_MJ_CREATE {22}[0-9a-f]{16}\tWdf01000!FxDevice::DispatchWithLock\n/);
  assert.match(out, /\n\[1b\] IRP_MJ_PNP {25}[0-9a-f]{16}\tWdf01000!FxDevice::DispatchWithLock$/);
  assert.equal(lines.filter((l) => /^\[[0-9a-f]{2}\] IRP_MJ_/.test(l)).length, 28);
  assert.equal(await s.execute('!drvobj \\Driver\\ECHO'), lines.slice(0, 7).join('\n'), 'by full name, default flags: no dispatch table');
  assert.equal(await s.execute('!drvobj nosuch'), 'Driver object nosuch not found');
});

test('!devstack on the FDO shows ECHO above the PnpManager PDO with the devnode; !devobj on the PDO names its upper device', async () => {
  const fdo = node.attached[0]!, pdo = node.pdo;
  const pdoName = t.k.ob.pathOf(t.k.io.devices.get(pdo)!.header).replace('\\Device\\', '');
  const stack = await s.execute(`!devstack ${hex(fdo)}`);
  const lines = stack.split('\n');
  assert.equal(lines[0], '  !DevObj           !DrvObj            !DevExt           ObjectName');
  assert.match(lines[1]!, new RegExp(`^> ${hex(fdo)}  \\\\Driver\\\\ECHO {7}[0-9a-f]{16}$`));
  assert.match(lines[2]!, new RegExp(`^  ${hex(pdo)}  \\\\Driver\\\\PnpManager 00000000 {10}${pdoName}$`));
  assert.deepEqual(lines.slice(3), [`!DevNode ${hex(node.address)} :`, '  DeviceInst is "ROOT\\SAMPLE\\0000"', '  ServiceName is "ECHO"']);

  const obj = await s.execute(`!devobj ${hex(pdo)}`);
  assert.match(obj, new RegExp(`^Device object \\(${hex(pdo)}\\) is for:\\n ${pdoName} \\\\Driver\\\\PnpManager DriverObject [0-9a-f]{16}\\n`));
  assert.match(obj, new RegExp(`DevNode ${hex(node.address)}`));
  assert.match(obj, /Characteristics \(0x00000080\) {2}FILE_AUTOGENERATED_DEVICE_NAME/);
  assert.match(obj, new RegExp(`\\nAttachedDevice \\(Upper\\) ${hex(fdo)} \\\\Driver\\\\ECHO\\nDevice queue is not busy\\.$`));
  assert.equal(await s.execute(`!devobj ${pdoName}`), obj, 'by name, \\Device\\ assumed');
  const f = await s.execute(`!devobj ${hex(fdo)}`);
  assert.match(f, new RegExp(`^Device object \\(${hex(fdo)}\\) is for:\\n \\\\Driver\\\\ECHO DriverObject `));
  assert.match(f, new RegExp(`\\nAttachedTo \\(Lower\\) ${hex(pdo)} \\\\Driver\\\\PnpManager\\n`));
});

test('dt nt!_DEVICE_OBJECT <FDO>: nt\'s types are our headers\' (as its PDB would give them), the values ECHO\'s FDO holds', async () => {
  const fdo = node.attached[0]!, drv = t.k.io.drivers.get('echo')!;
  const type = await s.execute('dt nt!_DEVICE_OBJECT');
  assert.match(type, /^ {3}\+0x000 Type {13}: Int2B\n {3}\+0x002 Size {13}: Uint2B\n/);
  assert.match(type, /\n {3}\+0x[0-9a-f]{3} DriverObject {5}: Ptr64 _DRIVER_OBJECT\n/);
  const obj = await s.execute(`dt nt!_DEVICE_OBJECT ${hex(fdo)}`);
  assert.match(obj, /^ {3}\+0x000 Type {13}: 0n3\n/, 'IO_TYPE_DEVICE');
  assert.match(obj, new RegExp(`\\n {3}\\+0x[0-9a-f]{3} DriverObject {5}: 0x${hex(drv.object).slice(0, 8)}\`${hex(drv.object).slice(8)}\\n`));
  assert.equal(await s.execute('dt nt!_NO_SUCH_TYPE'), 'Symbol nt!_NO_SUCH_TYPE not found.');
});

test('!irp on a write pending in ECHO (stopped in EchoEvtIoWrite) shows its current stack location on the FDO', async () => {
  assert.match(await s.execute('bp echo!EchoEvtIoWrite'), /^$/);
  await s.execute('g');
  const hit = s.waitForBreak(120_000);
  t.um.console.input('echoapp');
  runner.poke();
  assert.match(await hit, /^Breakpoint 0 hit\necho!EchoEvtIoWrite:/);
  const fdo = node.attached[0]!;
  const irps = [...t.k.io.liveIrps].filter((i) => t.k.io.at('IRP', i).get('CurrentLocation') <= t.k.io.at('IRP', i).get('StackCount'));
  assert.equal(irps.length, 1, 'one IRP is in a driver');
  const out = await s.execute(`!irp ${hex(irps[0]!)}`);
  const lines = out.split('\n');
  assert.match(lines[0]!, /^Irp is active with \d+ stacks \d+ is current \(= 0x[0-9a-f]{16}\)$/);
  assert.equal(lines[2], '     cmd  flg cl Device   File     Completion-Context');
  const cur = lines.findIndex((l) => l.startsWith('>'));
  assert.equal(lines[cur], '>[IRP_MJ_WRITE(4), N/A(0)]');
  assert.match(lines[cur + 1]!, new RegExp(` ${hex(fdo)} [0-9a-f]{16} `));
  assert.equal(lines[cur + 2]!.trim(), '\\Driver\\ECHO');
  assert.match(lines[cur + 3]!, /^\t\t\tArgs: 0000000000000200 /);
  await s.execute('bc *');
});

test('!wdfkd: wdfldr lists both KMDF clients, wdfdriverinfo echo finds its device, wdfdevice and wdfqueue show the queue holding the write', async () => {
  const f = fx(t.k);
  const ldr = await s.execute('!wdfkd.wdfldr');
  assert.match(ldr, /^-{34}\nLIBRARY_MODULE  0x[0-9a-f]{16}\n  Version       v1\.15\n/);
  assert.match(ldr, /\n  Associated Clients: 2\n/);
  assert.match(ldr, /\n  echo\.sys {20}v1\.\d+ 0x[0-9a-f]{16} /i);
  assert.match(ldr, /\n  KmdfTemplate\.sys {12}v1\.\d+ /i);

  const dev = [...f.devices.values()].find((d) => d.binding.service.toLowerCase() === 'echo')!;
  const devHandle = BigInt.asUintN(64, ~toVA(dev.obj.address)).toString(16).padStart(16, '0');
  const info = await s.execute('!wdfkd.wdfdriverinfo echo');
  assert.match(info, /\nDefault driver image name: echo\n/i);
  assert.match(info, new RegExp(`\\n {4}!wdfdevice 0x${devHandle} ff \\(FDO\\)\\n {8}Pnp/Power State: WdfDevStatePnpStarted, WdfDevStatePowerD0, WdfDevStatePwrPolStarted\\n`));
  assert.match(info, /\n {8}context: {2}dt 0x[0-9a-f]{16} echo!DEVICE_CONTEXT \(size is 0x[0-9a-f]+ bytes\)\n/);

  const d = await s.execute(`!wdfkd.wdfdevice 0x${devHandle}`);
  assert.match(d, new RegExp(`^Dumping WDFDEVICE 0x${devHandle}\\n=+\\n\\nWDM PDEVICE_OBJECTs: self ${hex(dev.wdm)}, attached ${hex(node.pdo)}, pdo ${hex(node.pdo)}\\n`));
  const q = dev.defaultQueue!;
  const qHandle = BigInt.asUintN(64, ~toVA(q.obj.address)).toString(16).padStart(16, '0');
  assert.match(d, new RegExp(`\\nOwned queues:\\n !wdfqueue 0x${qHandle} \\(default\\)`));
  assert.equal(await s.execute(`!wdfkd.wdfdevice ${(dev.obj.handle >>> 0).toString(16)}`), d, 'the 32-bit handle the driver holds names the same device');

  const owned = [...q.driverOwned];
  const wq = await s.execute(`!wdfkd.wdfqueue 0x${qHandle}`);
  assert.match(wq, new RegExp(`^Dumping WDFQUEUE 0x${qHandle}\\n=+\\nSequential, Power-managed, PowerOn, Can accept, Can dispatch\\n`));
  assert.match(wq, new RegExp(`\\n {4}Number of driver owned requests: ${owned.length}\\n`));
  for (const r of owned) assert.ok(wq.includes(`!irp 0x${hex(r.irp)}`), wq);
  assert.match(wq, /\n {4}EvtIoRead: \(0x[0-9a-f]{16}\) echo!EchoEvtIoRead\n {4}EvtIoWrite: \(0x[0-9a-f]{16}\) echo!EchoEvtIoWrite/);
});

test('!wdfkd.wdflogdump echo and !wmitrace.logdump KmdfTemplate print what the target recorded, read through KD packets', async () => {
  const ifr = await s.execute('!wdfkd.wdflogdump echo');
  assert.equal(ifr, fx(t.k).logs.get('echo')!.dump().join('\n'));
  assert.match(ifr, /AddDevice/);
  const wpp = await s.execute('!wmitrace.logdump KmdfTemplate');
  assert.equal(wpp, wmitraceLogdump(t.k, 'KmdfTemplate').join('\n'));
  assert.match(wpp, /\[KmdfTemplate\].*Entry/i);
  assert.equal(await s.execute('!wmitrace.logdump nosuch'), 'No trace session for nosuch');
});
