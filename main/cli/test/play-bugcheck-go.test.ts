// Issue #9: `g` after the bugcheck break lets KeBugCheckEx go on, as on Windows: the dump is written and, with
// AutoReboot (the default), the target restarts by itself; the debugger says the boot it debugged is gone and greets
// the new one, and a Ctrl+Break typed meanwhile is answered by the new boot. Crashy is the lab's starter driver with
// its NULL pointer bug chosen; `sxd av` skips the first-chance stop, so the first stop is the bugcheck.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { legacyDriverOnT, playWithCrashy } from './play.ts';

const scenario = `${legacyDriverOnT('Crashy')}kd> sxd av
T> sc start Crashy
kd> !analyze -v
kd> g
kd> Ctrl+Break
kd> k
kd> g
T> hostname
T> sc query Crashy
`;

test('g after the bugcheck break: the target restarts by itself, the debugger reconnects and the new boot answers Ctrl+Break', { timeout: 900_000 }, async () => {
  const r = await playWithCrashy('dl-bugcheck-go-', scenario);
  const t = r.out;
  assert.equal(r.code, 0, t);
  const out = (line: string): string => {
    const i = t.indexOf(`${line}\n`);
    assert.ok(i >= 0, `the transcript has "${line}":\n${t}`);
    const body = t.slice(i + line.length + 1);
    const end = body.search(/^(\d+: kd> |host> |C:\\[^\n]*>)/m);
    return end < 0 ? body : body.slice(0, end);
  };

  // The bugcheck holds the target at the debugger; !analyze names the crash.
  assert.match(out('0: kd> !analyze -v'), /\*\*\* Fatal System Error: 0x0000007e\n[\s\S]*SYSTEM_THREAD_EXCEPTION_NOT_HANDLED \(7e\)\n/, t);
  // g: KeBugCheckEx goes on; nothing stops again on this boot. The Ctrl+Break typed while it goes down is taken by
  // the next boot: KD's shutdown lines, the connect banner, then the break-in.
  assert.doesNotMatch(out('0: kd> g'), /Break instruction exception/);
  const back = out('0: kd> Ctrl+Break');
  assert.match(back, /^Shutdown occurred at \(.*\)\.\.\.unloading all symbol tables\.\nWaiting to reconnect\.\.\.\n[\s\S]*Kernel Debugger connection established\.\n[\s\S]*\nBreak instruction exception - code 80000003 \(first chance\)\n[\s\S]*nt!DbgBreakPointWithStatus:\n/, t);
  assert.doesNotMatch(back, /Fatal System Error/, 'the break is the new boot\'s, not the bugcheck again');
  assert.doesNotMatch(out('0: kd> k'), /KeBugCheckEx|Crashy/);
  // The new boot runs: its prompt answers, and Crashy (demand start) is not running.
  assert.equal(out('C:\\Users\\User>hostname'), 'T\n');
  assert.match(out('C:\\Users\\User>sc query Crashy'), /STATE {14}: 1  STOPPED/);
});
