// Issue #9: two ways the debugger lets a crash go. `sxd av`: a driver's access violation does not stop at the
// first chance (WinDbg prints the exception's line and continues it unhandled), so the first stop is the bugcheck.
// `.detach`: the debugger is gone, so the next crash shows the blue screen as without one (the KD stub gives up
// the report nobody acknowledges) and, after a restart, `windbg -k` connects again. Crashy is the lab's starter
// driver with its NULL pointer bug chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { legacyDriverOnT, playWithCrashy } from './play.ts';

const scenario = `${legacyDriverOnT('Crashy')}kd> sxd av
T> sc start Crashy
kd> .bugcheck
kd> g
host> restart T
kd> .detach
T> sc start Crashy
host> restart T
host> windbg -k net:port=50000,key=1.2.3.4
kd> Ctrl+Break
kd> g
T> hostname
`;

test('sxd av: the first stop is the bugcheck; after .detach a crash shows the blue screen, and windbg connects again after a restart', { timeout: 900_000 }, async () => {
  const r = await playWithCrashy('dl-sx-detach-', scenario);
  const t = r.out;
  assert.equal(r.code, 0, t);
  // What a line printed: up to the next prompt of any console.
  const out = (line: string, nth = 0): string => {
    let i = -1;
    for (let k = 0; k <= nth; k++) { i = t.indexOf(`${line}\n`, i + 1); assert.ok(i >= 0, `the transcript has "${line}" (#${k}):\n${t}`); }
    const body = t.slice(i + line.length + 1);
    const end = body.search(/^(\d+: kd> |host> |C:\\[^\n]*>)/m);
    return end < 0 ? body : body.slice(0, end);
  };

  // sxd av: the first-chance line scrolls by, no stop in Crashy, and the stop the debugger shows is the bugcheck.
  const fatal = out('0: kd> .bugcheck');
  assert.match(fatal, /Access violation - code c0000005 \(first chance\)\n\n\*\*\* Fatal System Error: 0x0000007e\n[\s\S]*\nnt!DbgBreakPointWithStatus:\n[\s\S]*\nBugcheck code 0000007E\n/, t);
  assert.doesNotMatch(fatal, /\nCrashy\+0x[0-9a-f]+:\n/, 'no first-chance stop in the driver');

  // .detach, then the crash: the blue screen and the bugchecked machine, as with no debugger (not held broken in).
  assert.match(out('0: kd> .detach'), /\nDetached\n/);
  const crash = out('C:\\Users\\User>sc start Crashy', 1);
  assert.match(crash, /Your device ran into a problem and needs to restart\.[\s\S]*Stop code: SYSTEM_THREAD_EXCEPTION_NOT_HANDLED\nWhat failed: Crashy\.sys\n[\s\S]*\[T is bugchecked: SYSTEM_THREAD_EXCEPTION_NOT_HANDLED \(0x0000007E\) in Crashy\.sys\]\n$/, t);
  assert.match(out('host> restart T', 1), /\nT is running \(started in [\d.]+ s\)\.\n$/);
  // A new debugger connects to the new boot and breaks in; the target runs on after g.
  assert.match(out('0: kd> Ctrl+Break'), /Kernel Debugger connection established\.\n[\s\S]*\nBreak instruction exception - code 80000003 \(first chance\)\nnt!DbgBreakPointWithStatus:\n/);
  assert.equal(out('C:\\Users\\User>hostname'), 'T\n');
});
