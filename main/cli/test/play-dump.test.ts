// A crash with no debugger attached, analyzed afterwards from its dump, as `driverlab play` runs it: the driver
// bugchecks the target, Windows writes C:\Windows\MEMORY.DMP and restarts, the learner copies the dump from the
// target's share to the host and opens it with `windbg -z`; the dump session answers !analyze -v, k, lm, r and dv
// from the file and refuses to run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { playWithCrashy } from './play.ts';

const SCENARIO = `host> build Crashy
host> new-target MyTestComputer
host> cable net host MyTestComputer
host> provision MyTestComputer net port=50000 key=1.2.3.4
host> deploy Crashy MyTestComputer --copy-only
MyTestComputer> sc create Crashy type= kernel binPath= C:\\DriverTest\\Drivers\\Crashy.sys
MyTestComputer> sc start Crashy
host> windbg -z \\\\MyTestComputer\\C$\\Windows\\MEMORY.DMP
host> restart MyTestComputer
host> copy \\\\MyTestComputer\\C$\\Windows\\MEMORY.DMP MEMORY.DMP
host> windbg -z MEMORY.DMP
kd> .sympath+ Crashy\\x64\\Debug
kd> .reload
kd> !analyze -v
kd> kn
kd> lm m Crashy
kd> r
kd> dv
kd> g
`;

test('windbg -z after a crash with no debugger: copy MEMORY.DMP from the target, open it, analyze, k, lm, r, dv; g cannot run a dump', { timeout: 900_000 }, async () => {
  const r = await playWithCrashy('dl-play-dump-', SCENARIO);
  const tmp = r.tmp;
  const t = r.out;
  assert.equal(r.code, 0, t);
  const after = (line: string): string => { const i = t.indexOf(`${line}\n`); assert.ok(i >= 0, `the transcript has "${line}":\n${t}`); return t.slice(i + line.length + 1); };
  // While the target sits at its blue screen, its share does not answer.
  assert.match(after('host> windbg -z \\\\MyTestComputer\\C$\\Windows\\MEMORY.DMP'), /^Could not open dump file \[\\\\MyTestComputer\\C\$\\Windows\\MEMORY\.DMP\], Win32 error 0n2\n {4}"The network path was not found\."\n/);
  assert.match(after('host> copy \\\\MyTestComputer\\C$\\Windows\\MEMORY.DMP MEMORY.DMP'), /^ {8}1 file\(s\) copied\.\n/);
  assert.ok(existsSync(path.join(tmp, 'MEMORY.DMP')));
  const banner = after('host> windbg -z MEMORY.DMP');
  assert.match(banner, /^Loading Dump File \[MEMORY\.DMP\]\nKernel Bitmap Dump File: Kernel address space is available, User address space may not be available\.\n/);
  const code = /\nBugCheck ([0-9A-F]+), \{[0-9a-f]+, [0-9a-f]+, [0-9a-f]+, [0-9a-f]+\}\n/.exec(banner)?.[1];
  assert.ok(code, banner);
  const a = after('0: kd> !analyze -v');
  assert.match(a, new RegExp(`^[A-Z_]+ \\(${code.toLowerCase()}\\)$`, 'm'));
  assert.match(a, /^FAULTING_SOURCE_FILE: {2}.*Crashy\.c$/m);
  assert.match(a, /^MODULE_NAME: Crashy$/m);
  assert.match(a, /^IMAGE_NAME:  Crashy\.sys$/m);
  assert.match(after('0: kd> kn'), /^ # Child-SP {10}RetAddr {11}Call Site\n00 [\s\S]*Crashy!CrashyMisbehave\+0x[0-9a-f]+ \[.*Crashy\.c @ \d+\]\n/);
  assert.match(after('0: kd> lm m Crashy'), /^start {13}end {17}module name\nfffff801`[0-9a-f]{8} fffff801`[0-9a-f]{8} {3}Crashy {5}\(private pdb symbols\)/);
  assert.match(after('0: kd> r'), /^rip=fffff801[0-9a-f]{8} rsp=fffff801[0-9a-f]{8} irql=\d\n/);
  assert.match(after('0: kd> dv'), /^ +Device = 0xfffff801`[0-9a-f]{8}\n +state = 0x00000000`00000000\n/);
  assert.match(after('0: kd> g'), /^ {7}\^ No runnable debuggees error in 'g'/);
});
