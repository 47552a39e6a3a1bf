// The debugger over the lab's real cables: a target whose BCD has debug on boots with the KD stub, and the host's
// `-k net:` session (UDP on the host computer's stack, through the virtual switch) or `-k com:` session (the host's
// COM port, the null-modem cable, the target's 16550) connects, breaks in, reads the target and lets it run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LabEngine } from '../../../engine/lab-engine.ts';
import { targetKernel } from '../../../cli/target-kernel.ts';
import { TargetConsole } from '../../../cli/target-console.ts';
import { openLabDebugger } from '../debugger.ts';

const labs: LabEngine[] = [];
const sessions: { disconnect(): void }[] = [];
after(async () => { for (const s of sessions) s.disconnect(); for (const l of labs) await l.shutdown(); });

async function debugTarget(dbgsettings: string, serial: boolean): Promise<{ lab: LabEngine; con: TargetConsole }> {
  const lab = new LabEngine({ kernel: await targetKernel({ serviceModules: [], stageMs: 0 }), watchdogMs: 0 });
  labs.push(lab);
  await lab.newTarget('T');
  lab.cable({ kind: 'net', a: 'host', b: 'T' });
  if (serial) lab.cable({ kind: 'serial', a: 'host:COM1', b: 'T:COM1' });
  const con = new TargetConsole(lab, 'T');
  await lab.power('T', true);
  await lab.waitFor('T', ['running']);
  await con.ready();
  assert.match(await con.run('bcdedit /debug on'), /The operation completed successfully\./);
  assert.match(await con.run(`bcdedit /dbgsettings ${dbgsettings}`), /^(Key=1\.2\.3\.4|The operation completed successfully\.)\n$/);
  await con.run('shutdown /r /t 0');
  await lab.waitFor('T', ['booting']);
  return { lab, con };
}

test('KDNET over the virtual switch: connect, break in (target broken-in), lm, g (target runs); a wrong key never connects', async () => {
  const { lab, con } = await debugTarget('net hostip:192.168.137.1 port:50000 key:1.2.3.4', false);
  const wrong = openLabDebugger(lab, { transport: 'net', port: 50001, key: '9.9.9.9' });
  const d = openLabDebugger(lab, { transport: 'net', port: 50000, key: '1.2.3.4' });
  sessions.push(wrong.session, d.session);
  const banner = await d.connected;
  assert.match(banner, /Connected to target 192\.168\.137\.2 on port 50005 on local IP 192\.168\.137\.1\./);
  assert.match(banner, /Connected to Windows 10 19041 x64 target at \(.*\), ptr64 TRUE\nKernel Debugger connection established\./);
  await lab.waitFor('T', ['running']);
  await con.ready();
  const brk = await d.console.run('Ctrl+Break');
  assert.match(brk, /Break instruction exception - code 80000003 \(first chance\)/);
  assert.equal(lab.status('T').state, 'broken-in');
  const lm = await d.console.run('lm');
  assert.match(lm, /^start +end +module name$/m);
  assert.match(lm, /\bnt\b/);
  await d.console.run('g');
  await lab.waitFor('T', ['running'], 5000);
  assert.equal(await con.run('hostname'), 'T\n');
  assert.equal(wrong.session.state, 'waiting'); // the target's hellos go to 50000 only; nothing authentic reaches 50001
});

test('KDCOM over the serial cable at 115200: connect, break in, vertarget, g; the target restarts and KD reconnects', async () => {
  const { lab, con } = await debugTarget('serial debugport:1 baudrate:115200', true);
  const d = openLabDebugger(lab, { transport: 'com', comPort: 'com1', baud: 115200 });
  sessions.push(d.session);
  const banner = await d.connected;
  assert.match(banner, /Connected to Windows 10 19041 x64 target, ptr64 TRUE\nKernel Debugger connection established\./);
  await lab.waitFor('T', ['running']);
  await con.ready();
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  assert.match(await d.console.run('vertarget'), /Windows 10 Kernel Version 19041 MP \(1 procs\) Free x64/);
  await d.console.run('g');
  await lab.waitFor('T', ['running'], 5000);
  // The target restarts with the debugger still attached: its new boot announces itself and KD reconnects.
  let out = '';
  d.session.on('output', (t: string) => { out += t; });
  await con.run('shutdown /r /t 0');
  await lab.waitFor('T', ['booting']);
  await lab.waitFor('T', ['running']);
  for (const until = Date.now() + 120_000; !/Kernel Debugger connection established\./.test(out) && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
  assert.match(out, /^Shutdown occurred at \(.+\)\.\.\.unloading all symbol tables\.\nWaiting to reconnect\.\.\.\nConnected to Windows 10 19041 x64 target, ptr64 TRUE\nKernel Debugger connection established\./m, out);
  assert.match(await d.console.run('Ctrl+Break'), /Break instruction exception - code 80000003 \(first chance\)/);
  await d.console.run('g');
});

test('a target switched off says nothing more on the debug cable (its boot\'s KDNET end closes with the power)', async () => {
  const { lab } = await debugTarget('net hostip:192.168.137.1 port:50000 key:1.2.3.4', false);
  await lab.waitFor('T', ['running']);
  const sock = lab.host.net.udpBind(50000);
  // No debugger listens: the stub says hello every half second until one answers.
  assert.ok(await sock.recv(5_000));
  await lab.power('T', false);
  const heard = async (ms: number): Promise<number> => {
    let n = 0;
    for (const until = Date.now() + ms; Date.now() < until;) if (await sock.recv(Math.max(1, until - Date.now())).then(() => true, () => false)) n++;
    return n;
  };
  await heard(300); // what was on the wire as the power went
  assert.equal(await heard(1_500), 0);
  sock.close();
});
