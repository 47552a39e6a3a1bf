// Issue #9: a driver loaded while the kernel debugger is connected. The load notices hold the target while the PnP
// worker that maps the driver is still running; the worker must still get to the driver's DriverEntry (the image
// is not unmapped under it), and Ctrl+Break afterwards must be answered. Over KDNET and over KDCOM. The driver is
// built in the scenario's folder and `.sympath+` names its output relatively: it resolves from the scenario's
// folder (not the process's), so lm shows the driver's private symbols.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helloInstalledUnderKd, playWithSample, type KdLink } from './play.ts';

const scenario = (l: KdLink): string => `${helloInstalledUnderKd(l)}kd> lm m KmdfHelloWorld
kd> g
T> hostname
`;

for (const [name, cable, provision, windbg] of [
  ['KDNET', 'cable net host T', 'net port=50000 key=1.2.3.4', 'windbg -k net:port=50000,key=1.2.3.4'],
  ['KDCOM', 'cable net host T\nhost> cable serial host:COM1 T:COM1', 'serial port=1 baud=115200', 'windbg -k com:port=com1,baud=115200'],
] as const) {
  test(`${name}: devcon install while the debugger is connected, then Ctrl+Break is answered and g runs on`, { timeout: 900_000 }, async () => {
    const r = await playWithSample('dl-load-break-', scenario({ cable, provision, windbg }), 'kernel/test/drivers/KmdfHelloWorld', 'KmdfHelloWorld');
    const t = r.out;
    assert.equal(r.code, 0, t);
    const after = (line: string): string => { const i = t.indexOf(line); assert.ok(i >= 0, `the transcript has "${line}":\n${t}`); return t.slice(i + line.length); };
    // The second break-in (after the driver's load notices) is answered.
    const second = after('>devcon install KmdfHelloWorld.inf Root\\KmdfHelloWorld\n');
    const brk = second.slice(second.indexOf('kd> Ctrl+Break\n'));
    assert.ok(brk.startsWith('kd> Ctrl+Break\nBreak instruction exception - code 80000003 (first chance)\n'), t);
    // The driver stayed mapped: the worker's DriverEntry ran on it instead of finding it unloaded.
    assert.match(after('kd> lm m KmdfHelloWorld\n'), /^start {13}end {17}module name\n.*KmdfHelloWorld +\(private pdb symbols\) +\S*dl-load-break-[^\n]*[\\/]KmdfHelloWorld[\\/]x64[\\/]Debug[\\/]/);
    assert.match(after('>hostname\n'), /^T\r?\n/);
  });
}
