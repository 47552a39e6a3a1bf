// A user program's system call as the kernel debugger sees it, over KD packets: a breakpoint in Echo's EvtIoWrite
// reached from echoapp's WriteFile stops with a `k` that runs driver → framework → nt!NtWriteFile →
// nt!KiSystemServiceCopyEnd → ntdll!NtWriteFile → KERNEL32!WriteFile → echoapp's functions → ntdll!RtlUserThreadStart,
// in that order; gu out of the callback stops again; and OutputDebugString from a user program reaches the kd
// session as debug output.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { KdSession } from '../session.ts';
import type { KdStub } from '../../../../kernel/ntos/kd/stub/stub.ts';
import type { TargetRunner } from '../../../../kernel/ntos/kd/stub/runner.ts';
import { buildDriver } from '../../../../kernel/wdf/test/harness.ts';
import { build, ownPrograms, programs, target, type Target } from '../../../../kernel/user/test/target.ts';
import { session } from '../../../../kernel/user/test/shell.ts';
import { setup } from '../../../../kernel/user/setup/engine.ts';
import { pnp } from '../../../../kernel/ntos/io/pnp/manager.ts';
import { attachDebugger, until } from './rig.ts';
import { dllRoutineSlot } from '../../../../kernel/user/user-stack.ts';

const va = (text: string) => BigInt(`0x${text.replace('`', '')}`);

const DIR = 'C:\\DriverTest\\Drivers';
let t: Target, s: KdSession, runner: TargetRunner, stub: KdStub, hit: string, ods: Uint8Array;
const out: string[] = [];

before(async () => {
  const [pkg, exe, odsExe] = await Promise.all([buildDriver('Echo'), build(path.join(programs, 'echoapp'), 'echoapp.exe'), build(path.join(ownPrograms, 'ods'), 'ods.exe')]);
  ods = odsExe;
  t = await target();
  t.disk.mkdir(DIR);
  for (const [name, bytes] of Object.entries(pkg.files)) t.disk.writeFile(`${DIR}\\${name}`, bytes);
  pnp(t.k);
  setup(t.k).testSigning = true;
  const sh = session(t);
  sh.type(`cd ${DIR}`);
  assert.match(sh.type('devcon install echo.inf root\\ECHO'), /Drivers installed successfully\./);
  ({ stub, runner, s } = await attachDebugger(t.k, [pkg.dir], out));
  await s.breakIn();
  assert.match(await s.execute('bp echo!EchoEvtIoWrite'), /^$|echo!EchoEvtIoWrite/);
  const stopped = s.waitForBreak(120_000);
  assert.equal(await s.execute('g'), '');
  assert.ok(t.um.createProcess(exe, { name: 'echoapp.exe', path: `${DIR}\\echoapp.exe`, commandLine: 'echoapp' }).ok);
  runner.poke();
  hit = await stopped;
});
after(() => { runner?.stop(); stub?.detach(); s?.disconnect(); });

test('k in a driver called by WriteFile crosses the syscall gate into ntdll, KERNEL32 and the program', async () => {
  assert.match(hit, /^Breakpoint \d+ hit\necho!EchoEvtIoWrite:\n/);
  const k = await s.execute('k');
  const sites = k.split('\n').slice(1).map((l) => l.split(' ').slice(2).join(' '));
  const at = (re: RegExp) => { const i = sites.findIndex((x) => re.test(x)); assert.ok(i >= 0, `${re} in\n${k}`); return i; };
  const order = [/^echo!EchoEvtIoWrite/, /^Wdf01000!/, /^nt!NtWriteFile$/, /^nt!KiSystemServiceCopyEnd$/, /^ntdll!NtWriteFile$/,
    /^KERNEL32!WriteFile$/, /^echoapp!WriteReadVerify$/, /^echoapp!main$/, /^ntdll!RtlUserThreadStart$/].map(at);
  assert.deepEqual(order, [...order].sort((a, b) => a - b), k);
  assert.equal(order[4], order[3] + 1, 'ntdll!NtWriteFile is the first frame below the gate');
  assert.equal(order[5], order[4] + 1, 'KERNEL32!WriteFile called it');
  assert.equal(order[8], sites.length - 1, 'the user thread start is the outermost frame');
  assert.ok(!k.includes('KiStartUserThread'), k);
});

test('every frame of that stack has its Child-SP and RetAddr: kernel frames in system space, user frames in echoapp\'s', async () => {
  const k = await s.execute('k');
  const rows = k.split('\n').slice(1).map((l) => { const [sp, ret, ...site] = l.split(' '); return { sp: va(sp!), ret: va(ret!), site: site.join(' '), line: l }; });
  const gate = rows.findIndex((r) => r.site === 'nt!KiSystemServiceCopyEnd');
  const kernelRows = rows.slice(0, gate + 1), userRows = rows.slice(gate + 1);
  const app = t.um.findByName('echoapp.exe')[0]!, thread = app.threads[0]!.user;
  // Child-SP: system VAs above the gate, user VAs (plain offsets in echoapp's space, on its thread's stack) below it,
  // never lower in an outer frame than in the frame it called.
  for (const r of kernelRows) assert.ok(r.sp >> 32n === 0xfffff801n, r.line);
  for (const r of userRows) assert.ok(r.sp >= BigInt(thread.stackLimit) && r.sp <= BigInt(thread.stackBase), `${r.line} on the user stack`);
  for (const part of [kernelRows, userRows]) for (let i = 1; i < part.length; i++) assert.ok(part[i]!.sp >= part[i - 1]!.sp, k);
  assert.equal(userRows[0]!.sp, BigInt(thread.sp), 'the innermost user frame is where the user thread\'s stack pointer is');
  assert.ok(userRows[userRows.length - 1]!.sp > userRows[0]!.sp, 'the program\'s functions have frames of their own');
  // RetAddr: every frame but the outermost returns into the frame below it. Kernel frames return into kernel code
  // (ln names the caller); the gate returns into ntdll's stub, a user VA; a user frame returns into its caller's code
  // in the process (the program's function, or the code slot of the DLL routine that called it).
  assert.equal(rows[rows.length - 1]!.ret, 0n);
  for (let i = 0; i < gate; i++) {
    const caller = rows[i + 1]!.site.replace(/\+0x[0-9a-f]+$/, '');
    assert.ok(caller, k);
    assert.match(await s.execute(`ln ${rows[i]!.ret.toString(16)}`), new RegExp(`\\(${rows[i]!.ret.toString(16).padStart(16, '0').replace(/^(.{8})/, '$1`')}\\) +${caller.replace(/[!:+.]/g, (c) => `\\${c}`)}(\\+|\\s|$)`), `RetAddr of ${rows[i]!.site} is in ${caller}`);
  }
  const code = (name: string) => {
    const F = app.processor.funcs.find((f) => f.kind === 'wasm' && f.name === name)!;
    const ins = F.code!.body.code;
    return [F.inst!.codeBase + ins[0]!.off, F.inst!.codeBase + ins[ins.length - 1]!.off];
  };
  for (let i = gate; i < rows.length - 1; i++) {
    const ret = Number(rows[i]!.ret), caller = rows[i + 1]!.site;
    assert.ok(ret > 0 && rows[i]!.ret >> 32n === 0n, `${rows[i]!.line}: a user VA`);
    const [mod, fn] = caller.split('!') as [string, string];
    if (mod === 'echoapp') { const [lo, hi] = code(fn); assert.ok(ret > lo && ret <= hi, `${rows[i]!.line} returns into ${caller}`); }
    else assert.equal(ret, dllRoutineSlot(app, caller), `${rows[i]!.line} returns into ${caller}'s code slot`);
  }
});

test('gu out of the callback into the framework stops again (the step ends where the target can next stop)', async () => {
  // EchoEvtIoWrite returns into KMDF's dispatch code, which the processor cannot stop in: the step must still end
  // with a stop the debugger reports, never leave the kd> line waiting.
  const gu = await Promise.race([s.execute('gu'), new Promise<string>((r) => setTimeout(() => r('(no stop)'), 120_000))]);
  assert.match(gu, /^[\w!:+.]+:\nfffff801`[0-9a-f]{8} /, gu);
  assert.equal(s.state, 'broken');
  assert.match(await s.execute('k'), /^ *Child-SP +RetAddr +Call Site\n/);
});

test('OutputDebugStringA/W from a user program arrive at the kd session over KD packets', async () => {
  assert.match(await s.execute('bc *'), /^$/);
  out.length = 0;
  assert.equal(await s.execute('g'), '');
  t.disk.writeFile(`${DIR}\\ods.exe`, ods);
  const r = t.um.createProcess(ods, { name: 'ods.exe', path: `${DIR}\\ods.exe`, commandLine: 'ods' });
  assert.ok(r.ok);
  runner.poke();
  await until(() => out.join('').includes('ods: wide line from user mode\n'));
  const text = out.join('');
  assert.ok(text.indexOf('ods: narrow line from user mode\n') >= 0 && text.indexOf('ods: narrow line') < text.indexOf('ods: wide line'), text);
  assert.ok(!text.includes('ods: sent 2 lines'), 'printf goes to the console, not the debugger');
  await until(() => r.process.state === 'exited');
  assert.equal(r.process.exitCode, 0);
});
