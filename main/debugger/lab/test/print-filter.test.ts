// The registry's Debug Print Filter (issue #9 point 1): an INFO_LEVEL message of DPFLTR_IHVDRIVER_ID does not reach
// the debugger until `reg add "HKLM\...\Session Manager\Debug Print Filter" /v IHVDRIVER /t REG_DWORD /d 0xf` and
// a restart: the boot reads the values into nt!Kd_<component>_Mask, which dd shows.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LabEngine } from '../../../engine/lab-engine.ts';
import { targetKernel } from '../../../cli/target-kernel.ts';
import { TargetConsole } from '../../../cli/target-console.ts';
import { openLabDebugger } from '../debugger.ts';
import { buildDriver } from '../../engine/test/target.ts';

const labs: LabEngine[] = [];
const sessions: { disconnect(): void }[] = [];
after(async () => { for (const s of sessions) s.disconnect(); for (const l of labs) await l.shutdown(); });

const CHATTY_C = `#include <wdm.h>
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "Chatty: info level\\n");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Chatty: error level\\n");
    return STATUS_UNSUCCESSFUL; /* not kept loaded: started again after the restart */
}
`;
const FILTER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Debug Print Filter';

test('reg add ... Debug Print Filter /v IHVDRIVER /d 0xf, restart: the INFO_LEVEL message reaches the debugger', { timeout: 600_000 }, async () => {
  const drv = await buildDriver('Chatty', CHATTY_C);
  const lab = new LabEngine({ kernel: await targetKernel({ serviceModules: [], stageMs: 0 }), watchdogMs: 0 });
  labs.push(lab);
  await lab.newTarget('T');
  lab.cable({ kind: 'net', a: 'host', b: 'T' });
  const con = new TargetConsole(lab, 'T');
  await lab.power('T', true);
  await lab.waitFor('T', ['running']);
  await con.ready();
  await lab.machineHost('T').request({ t: 'disk', op: 'mkdir', path: 'C:\\DriverTest\\Drivers' });
  await lab.machineHost('T').request({ t: 'disk', op: 'write', path: 'C:\\DriverTest\\Drivers\\Chatty.sys', data: drv.image });
  assert.match(await con.run('sc create Chatty type= kernel binPath= C:\\DriverTest\\Drivers\\Chatty.sys'), /CreateService SUCCESS/);
  assert.match(await con.run('bcdedit /debug on'), /The operation completed successfully\./);
  await con.run('bcdedit /dbgsettings net hostip:192.168.137.1 port:50000 key:1.2.3.4');
  await con.run('shutdown /r /t 0');
  await lab.waitFor('T', ['booting']);

  const d = openLabDebugger(lab, { transport: 'net', port: 50000, key: '1.2.3.4' });
  sessions.push(d.session);
  let out = '';
  d.session.on('output', (t: string) => { out += t; });
  await d.connected;
  await lab.waitFor('T', ['running']);
  await con.ready();
  const startAndHear = async (): Promise<string> => {
    const from = out.length;
    await con.run('sc start Chatty');
    for (const end = Date.now() + 120_000; !out.slice(from).includes('Chatty: error level');) {
      if (Date.now() > end) throw new Error(`no output from Chatty:\n${out.slice(from)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return out.slice(from);
  };
  // The default filter: ERROR passes, INFO does not.
  assert.doesNotMatch(await startAndHear(), /Chatty: info level/);

  assert.match(await con.run(`reg add "${FILTER}" /v IHVDRIVER /t REG_DWORD /d 0xf`), /The operation completed successfully\./);
  // Read at boot only: no change before the restart.
  assert.doesNotMatch(await startAndHear(), /Chatty: info level/);

  await con.run('shutdown /r /t 0');
  await lab.waitFor('T', ['booting']);
  for (const end = Date.now() + 120_000; !/Shutdown occurred[\s\S]*Kernel Debugger connection established\./.test(out);) {
    if (Date.now() > end) throw new Error(`the debugger did not reconnect:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await lab.waitFor('T', ['running']);
  await con.ready();
  assert.match(await startAndHear(), /Chatty: info level\n[\s\S]*Chatty: error level\n/);
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  assert.match(await d.console.run('dd nt!Kd_IHVDRIVER_Mask L1'), /^fffff801`[0-9a-f]{8}  0000000f\s*$/m);
  await d.console.run('g');
});
