// The Echo kernel-debugging lab's debugger path as one `driverlab play` transcript: connect over KDNET, break in,
// lm, x, a deferred bu on EchoEvtDeviceAdd, g, deploy and `devcon install` at the target, the breakpoint hit as
// the PnP manager adds the device, k, p by source line, dv, dt, !devnode and !drvobj, g - each checked against the
// shape WinDbg prints and the values the real Echo driver has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { echoOverKdnet, play } from './play.ts';

/** 1-based line of the `{` that opens the function whose definition starts at `marker` (where a function breakpoint reports). */
const openingBrace = (src: string, marker: string): number => {
  const lines = src.split('\n');
  const def = lines.findIndex((l, i) => l.startsWith(marker) && lines[i - 1]?.trim() === 'NTSTATUS');
  return lines.findIndex((l, i) => i > def && l.trim() === '{') + 1;
};

test('Echo lab through the debugger: connect, break, lm, x, bu, g, devcon install, hit, k, p, dv, dt, !devnode, !drvobj, g', { timeout: 900_000 }, async () => {
  const { tmp, sym, opening } = echoOverKdnet('dl-play-echo-');
  const src = readFileSync(path.join(tmp, 'echo', 'driver.c'), 'utf8');
  writeFileSync(path.join(tmp, 'echo.txt'), `${opening}kd> .sympath+ ${sym}
kd> lm m nt
kd> bu ECHO!EchoEvtDeviceAdd
kd> bl
kd> g
host> deploy echo MyTestComputer --copy-only
MyTestComputer> cd C:\\DriverTest\\Drivers
MyTestComputer> devcon install echo.inf root\\ECHO
kd> bl
kd> x ECHO!EchoEvt*
kd> kn
kd> k
kd> p
kd> p
kd> dv
kd> dt ECHO!_DEVICE_CONTEXT
kd> !devnode 0 1
kd> !devnode 0 1 echo
kd> !drvobj echo 2
kd> bc *
kd> g
MyTestComputer> sc query echo
`);
  const r = await play(path.join(tmp, 'echo.txt'));
  const t = r.out;
  assert.equal(r.code, 0, t);
  const after = (l: string): string => { const i = t.indexOf(`${l}\n`); assert.ok(i >= 0, `the transcript has "${l}":\n${t}`); return t.slice(i + l.length + 1); };
  assert.match(after('0: kd> Ctrl+Break'), /Kernel Debugger connection established\.[\s\S]*Break instruction exception - code 80000003 \(first chance\)\n/);
  assert.match(after('0: kd> lm m nt'), /^start {13}end {17}module name\nfffff801`[0-9a-f]{8} fffff801`[0-9a-f]{8} {3}nt {9}\(export symbols\) {7}ntoskrnl\.exe\n/);
  assert.match(after('0: kd> bl'), /^ {5}0 eu {13}0001 \(0001\) \(ECHO!EchoEvtDeviceAdd\)\n/);
  // devcon's AddDevice call stops the target at the breakpoint: bl shows it resolved, with its source line.
  const bl2 = t.slice(t.indexOf('0: kd> bl', t.indexOf('devcon install')));
  assert.match(bl2, new RegExp(`^0: kd> bl\\n(?:[\\s\\S]*?)Breakpoint 0 hit\\nECHO!EchoEvtDeviceAdd:\\n[\\s\\S]*? {5}0 e Disable Clear  fffff801\`[0-9a-f]{8}  \\[.*driver\\.c @ ${openingBrace(src, 'EchoEvtDeviceAdd(')}\\] {5}0001 \\(0001\\) ECHO!EchoEvtDeviceAdd\\n`, 'i'));
  assert.match(after('0: kd> x ECHO!EchoEvt*'), /^fffff801`[0-9a-f]{8} echo!EchoEvtDeviceAdd \(WDFDRIVER, PWDFDEVICE_INIT\)\n[\s\S]*echo!EchoEvtIoWrite \(WDFQUEUE, WDFREQUEST, size_t\)\n/i);
  // The stack of the hit: the driver's callback under KMDF's AddDevice under the PnP manager's worker.
  const k = after('0: kd> kn').split('0: kd>')[0]!;
  assert.match(k, new RegExp(`^ # Child-SP {10}RetAddr {11}Call Site\\n00 fffff801\`[0-9a-f]{8} [0-9a-f]{8}\`[0-9a-f]{8} echo!EchoEvtDeviceAdd \\[.*driver\\.c @ ${openingBrace(src, 'EchoEvtDeviceAdd(')}\\]\\n01 [^\\n]*Wdf01000!FxDriverDeviceAdd::Invoke\\n`, 'i'));
  assert.match(k, /nt!PnpCallAddDevice\n[\s\S]*nt!PnpDeviceActionWorker\n/);
  // k: the same frames without numbers.
  assert.match(after('0: kd> k'), new RegExp(`^Child-SP {10}RetAddr {11}Call Site\\nfffff801\`[0-9a-f]{8} [0-9a-f]{8}\`[0-9a-f]{8} echo!EchoEvtDeviceAdd \\[.*driver\\.c @ ${openingBrace(src, 'EchoEvtDeviceAdd(')}\\]\\n[^\\n]*Wdf01000!FxDriverDeviceAdd::Invoke\\n`, 'i'));
  // p steps by source line inside the callback; past its prologue dv shows the parameters and locals.
  const steps = t.slice(t.indexOf('0: kd> p\n'));
  assert.match(steps, /^0: kd> p\necho!EchoEvtDeviceAdd\+0x[0-9a-f]+:\n[^\n]+\n0: kd> p\necho!EchoEvtDeviceAdd\+0x[0-9a-f]+:\n/i);
  assert.match(after('0: kd> dv'), /^ +Driver = 0x[0-9a-f`]+\n +DeviceInit = 0x[0-9a-f`]+\n +status = 0n-?\d+\n/);
  assert.match(after('0: kd> dt ECHO!_DEVICE_CONTEXT'), /^ {3}\+0x000 PrivateDeviceData : Uint4B\n/);
  // !devnode 0 1: the whole tree from the root; the Echo node is in it, initialized (we are inside its AddDevice).
  const tree = after('0: kd> !devnode 0 1').split('0: kd>')[0]!;
  assert.match(tree, /^Dumping IopRootDeviceNode \(= 0x[0-9a-f`]+\)\nDevNode 0x[0-9a-f`]+ for PDO 0x[0-9a-f`]+\n/);
  assert.match(tree, /\n {2,}DevNode 0x[0-9a-f`]+ for PDO 0x[0-9a-f`]+\n {4,}InstancePath is "ROOT\\SAMPLE\\0000"\n {4,}ServiceName is "ECHO"\n {4,}State = DeviceNodeInitialized \(0x302\)\n/);
  assert.ok(tree.split('DevNode 0x').length - 1 > 3, `!devnode 0 1 lists the whole tree:\n${tree}`);
  assert.match(after('0: kd> !devnode 0 1 echo'), /InstancePath is "ROOT\\SAMPLE\\0000"\n {4,}ServiceName is "ECHO"\n {4,}State = DeviceNodeInitialized \(0x302\)\n/);
  assert.match(after('0: kd> !drvobj echo 2'), /^Driver object \([0-9a-f`]+\) is for:\n \\Driver\\ECHO\n[\s\S]*AddDevice: +[0-9a-f`]+\tWdf01000!FxDriver::AddDevice\n/);
  assert.match(after('C:\\DriverTest\\Drivers>sc query echo'), /STATE {14}: 4 {2}RUNNING/);
});
