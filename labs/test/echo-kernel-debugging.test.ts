// The Echo kernel-debugging lab walked end to end from its scenario: WinDbg connected over KDNET, the basic
// commands, Echo installed with devcon and echoapp run while the debugger is attached, driver information (lm, x,
// !lmi, !dh, the print filter), the PnP tree, a bm breakpoint hit as the device is disabled and enabled, dv/kn/dt,
// processes and threads while echoapp is stopped in EchoEvtIoWrite, !irql and r, and qd - each step's check
// against the real machines and the debugger's real output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLab } from '../../main/engine/labs/load.ts';
import { assertPassedThrough, firstGap, walk } from './walk.ts';

test('Echo debugging lab: every step from connecting WinDbg to qd passes its check', { timeout: 600_000 }, async () => {
  const w = await walk('echo-kernel-debugging', 60);
  assertPassedThrough(w, loadLab('echo-kernel-debugging').lab.steps.at(-1)!.id);
  assert.equal(w.ok, true, firstGap(w));
  assert.match(w.output, /echoapp[\s\S]*Verified 512 bytes/, 'echoapp ran to its check with the debugger attached');
  assert.match(w.output, /Breakpoint 0 hit\necho!EchoEvtDeviceAdd:/i, 'devcon disable/enable called AddDevice again');
  assert.match(w.output, /Breakpoint \d hit\necho!EchoEvtIoWrite:/i);
  assert.match(w.output, /THREAD [0-9a-f]+ {2}Cid [0-9a-f]{4}\.[0-9a-f]{4}[^\n]*\nIRP List:/, '!thread shows the IRP echoapp is waiting on');
  assert.match(w.output, /Debugger saved IRQL for processor 0x0 -- 2 \(DISPATCH_LEVEL\)/);
});
