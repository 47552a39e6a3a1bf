// Issue #9: a Debug build's ASSERT with the debugger attached, as `driverlab play` shows it. RtlAssert prints the
// assertion and asks boipt; the answer is typed on the question's line, as kd.exe has it. i: DriverEntry goes on
// (its next DbgPrint shows, sc start succeeds); o: a break in nt!DbgBreakPoint with nt!RtlAssert under it, g goes on;
// t: the thread running DriverEntry ends (ZwTerminateThread with STATUS_UNSUCCESSFUL), so the load fails with that
// status and sc start reports it instead of waiting forever. Asserty is kernel/test/drivers/Asserty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { legacyDriverOnT, playWithSample } from './play.ts';

const scenario = `${legacyDriverOnT('Asserty')}T> sc start Asserty
kd> i
T> sc stop Asserty
T> sc start Asserty
kd> o
kd> .sympath+ Asserty\\x64\\Debug
kd> .reload
kd> k
kd> g
T> sc stop Asserty
T> sc start Asserty
kd> t
T> hostname
`;

const BOIPT = 'Break repeatedly, break Once, Ignore, terminate Process, or terminate Thread (boipt)? ';

test('ASSERT at kd>: the boipt question takes its answer on its own line; i goes on, o breaks in nt!DbgBreakPoint, t ends the load', { timeout: 900_000 }, async () => {
  const r = await playWithSample('dl-play-assert-', scenario, 'kernel/test/drivers/Asserty', 'Asserty');
  const tmp = r.tmp;
  const t = r.out;
  assert.equal(r.code, 0, t);
  const assertLine = readFileSync(path.join(tmp, 'Asserty', 'Asserty.c'), 'utf8').split('\n').findIndex((l) => l.includes('ASSERT(g_Count == 42)')) + 1;
  const q = BOIPT.replace(/[()?]/g, '\\$&');
  const at = (text: string, nth = 0): number => {
    let i = -1;
    for (let k = 0; k <= nth; k++) { i = t.indexOf(text, i + 1); assert.ok(i >= 0, `the transcript has "${text}" (#${k}):\n${t}`); }
    return i;
  };
  const PAST = 'Asserty: past the ASSERT\n';

  // The assertion and the question end what the start printed at kd>, and the answer is on the question's line.
  assert.match(t, new RegExp(`Asserty: checking the count\\n\\n\\*\\*\\* Assertion failed: g_Count == 42\\n\\*\\*\\*   Source File: .*Asserty\\.c, line ${assertLine}\\n\\n${q}i\\n`), t);
  assert.doesNotMatch(t, /kd> [iot]\n/, 'no kd> prompt in front of an answer');
  // sc start waits, held with the target, until the answer.
  assert.match(t.slice(at('C:\\Users\\User>sc start Asserty'), at(`${BOIPT}i`)), /\n\[T is broken-in\]\n/);
  // i: the driver goes on (its next DbgPrint), and sc start answers RUNNING.
  assert.ok(at(PAST) > at(`${BOIPT}i`) && at(PAST) < at('Asserty: checking the count', 1), t);
  assert.match(t.slice(at(`${BOIPT}i`), at('C:\\Users\\User>sc stop Asserty')), /STATE {14}: 4  RUNNING/);
  // o: a break on the calling thread in nt!DbgBreakPoint, RtlAssert under it, then the driver's ASSERT line; the
  // driver has not gone past its ASSERT.
  const k = t.slice(at(`${BOIPT}o`), at('0: kd> g\n'));
  assert.match(k, /\nBreak instruction exception - code 80000003 \(first chance\)\nnt!DbgBreakPoint:\n/, t);
  assert.match(k, new RegExp(` nt!DbgBreakPoint\\n\\S+ \\S+ nt!RtlAssert(?:\\+0x[0-9a-f]+)?\\n\\S+ \\S+ Asserty!DriverEntry\\+0x[0-9a-f]+ \\[.*Asserty\\.c @ ${assertLine}\\]\\n`), k);
  assert.ok(at(PAST, 1) > at('0: kd> g\n'), t);
  // g returns from RtlAssert: sc start answers RUNNING.
  assert.match(t.slice(at('0: kd> g\n'), at('C:\\Users\\User>sc stop Asserty', 1)), /STATE {14}: 4  RUNNING/);
  // t: the thread running DriverEntry ends (STATUS_UNSUCCESSFUL): sc start fails with its Win32 error, it does not
  // wait forever, and the driver never went past its ASSERT.
  assert.match(t.slice(at(`${BOIPT}t`), at('C:\\Users\\User>hostname')), /\n\[SC\] StartService FAILED 31:\n\nA device attached to the system is not functioning\.\n/, t);
  assert.equal(t.split(PAST).length - 1, 2, 'two starts went past the ASSERT (i and o), the third did not');
  const out = (line: string): string => t.slice(at(`${line}\n`) + line.length + 1).split(/^(?:\d+: kd> |host> |C:\\[^\n]*>)/m)[0]!;
  assert.equal(out('C:\\Users\\User>hostname'), 'T\n');
});
