// Stops a driver makes itself (issue #9 point 1): DbgBreakPoint stops the calling thread inside the call, before
// the driver's next statement; a Debug build's ASSERT prints RtlAssert's text and breaks in nt!DbgBreakPoint;
// NT_ASSERT stops as a first-chance assertion failure at the driver's line and g goes on past it; an access
// violation stops first as a first-chance exception and g goes on to the bugcheck. Without a debugger ASSERT returns.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDriver, lineOf, startTarget, type BuiltDriver } from './target.ts';
import { rig, until, type Rig } from './rig.ts';

const BREAKS_C = `#include <wdm.h>
volatile LONG Value = 7;

static void Poke(PLONG target) {
    *target = 5;                                        /*@poke*/
}

NTSTATUS DriverEntry(PVOID DriverObject, PVOID RegistryPath) {
    ULONG_PTR mode = (ULONG_PTR)RegistryPath;
    UNREFERENCED_PARAMETER(DriverObject);
    if (mode == 1) {
        DbgBreakPoint();                                /*@break*/
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "after the break\\n");
        NT_ASSERT(Value == 7);
    }
    if (mode == 2) {
        ASSERT(Value == 42);                            /*@assert*/
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "after the assert\\n");
    }
    if (mode == 3) {
        NT_ASSERT(Value == 42);                         /*@nt-assert*/
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "after the NT_ASSERT\\n");
    }
    if (mode == 4) Poke((PLONG)0);
    if (mode == 5) Poke((PLONG)(ULONG_PTR)0xDEAD0000);  /* unmapped system space: 0x50, no first chance */
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "done %d\\n", (int)mode);
    return 0x100 + (NTSTATUS)mode;                      /* how far it got (a success status) */
}
`;

let drv: BuiltDriver;
before(async () => { drv = await buildDriver('brk', BREAKS_C); });

/** A connected rig running DriverEntry in `mode`; resolves with the first stop's banner. */
async function runTo(mode: number): Promise<{ r: Rig; banner: string }> {
  const r = await rig(drv);
  const stop = r.s.waitForBreak(120_000);
  r.t.startEntry(r.t.load(drv), mode);
  return { r, banner: await stop };
}
const output = (r: Rig) => r.out.join('');
const waitOutput = async (r: Rig, text: string): Promise<void> => {
  for (const end = Date.now() + 120_000; !output(r).includes(text);) {
    if (Date.now() > end) throw new Error(`no "${text}" in:\n${output(r)}`);
    await new Promise((res) => setTimeout(res, 10));
  }
};
/** `kn` rows as `name [file @ line]` (Child-SP and RetAddr dropped). */
const callSites = async (r: Rig) => (await r.s.execute('kn')).split('\n').slice(1).map((l) => l.replace(/^[0-9a-f]{2} \S+ \S+ /, ''));

test('DbgBreakPoint stops inside the call: nt!DbgBreakPoint on top, the caller at its line, before its next DbgPrint', async () => {
  const { r, banner } = await runTo(1);
  try {
    assert.match(banner, /^Break instruction exception - code 80000003 \(first chance\)\nnt!DbgBreakPoint:\nfffff801`[0-9a-f]{8} cc {14}int {5}3$/);
    assert.doesNotMatch(output(r), /after the break/, 'the statement after DbgBreakPoint has not run');
    const k = await callSites(r);
    assert.equal(k[0], 'nt!DbgBreakPoint');
    assert.match(k[1]!, new RegExp(`^brk!DriverEntry\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${lineOf(BREAKS_C, '@break')}\\]$`));
    // g returns from the call: the next statement runs, and the NT_ASSERT that holds does not stop.
    await r.s.execute('g');
    await waitOutput(r, 'done 1');
    assert.match(output(r), /after the break\n[\s\S]*done 1\n/);
    assert.equal(r.s.state, 'running');
  } finally { r.close(); }
});

/** The boipt question RtlAssert asks through DbgPrompt, after the assertion text (no answer printed by the target). */
const BOIPT = 'Break repeatedly, break Once, Ignore, terminate Process, or terminate Thread (boipt)? ';
/** A connected rig running DriverEntry's ASSERT (mode 2) up to RtlAssert's question. */
async function runToPrompt(): Promise<Rig> {
  const r = await rig(drv);
  r.t.startEntry(r.t.load(drv), 2);
  await waitOutput(r, BOIPT);
  return r;
}

test('ASSERT in a Debug build: RtlAssert prints the assertion and asks boipt over DbgPrompt; i lets the driver go on', async () => {
  const r = await runToPrompt();
  try {
    const line = lineOf(BREAKS_C, '@assert');
    assert.match(output(r), new RegExp(`\\n\\*\\*\\* Assertion failed: Value == 42\\n\\*\\*\\*   Source File: .*driver\\.c, line ${line}\\n\\n${BOIPT.replace(/[()?]/g, '\\$&')}$`));
    assert.equal(r.s.promptPending, true);
    // The driver waits for the answer: its next DbgPrint has not run, and the target is held (not broken in).
    await new Promise((res) => setTimeout(res, 200));
    assert.doesNotMatch(output(r), /after the assert/);
    assert.equal(await r.s.execute('i'), '');
    await waitOutput(r, 'done 2');
    assert.match(output(r), /\(boipt\)\? (?:\n)?after the assert\n[\s\S]*done 2\n/);
    assert.doesNotMatch(output(r), /Break instruction exception/);
    assert.equal(r.s.state, 'running');
  } finally { r.close(); }
});

test('ASSERT answered o breaks once in nt!DbgBreakPoint on the calling thread (g goes on); b breaks and asks again after g', async () => {
  for (const answer of ['o', 'b']) {
    const r = await runToPrompt();
    try {
      const stop = r.s.waitForBreak(120_000);
      assert.equal(await r.s.execute(answer), '');
      assert.match(await stop, /^Break instruction exception - code 80000003 \(first chance\)\nnt!DbgBreakPoint:\n/, answer);
      const line = lineOf(BREAKS_C, '@assert');
      const k = await callSites(r);
      assert.deepEqual(k.slice(0, 2), ['nt!DbgBreakPoint', 'nt!RtlAssert'], answer);
      assert.match(k[2]!, new RegExp(`^brk!DriverEntry\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${line}\\]$`), answer);
      assert.doesNotMatch(output(r), /after the assert/, answer);
      const before = output(r).split(BOIPT).length;
      await r.s.execute('g');
      if (answer === 'b') {
        // Asked again: the question comes back and the driver still waits; i lets it go.
        for (const end = Date.now() + 120_000; output(r).split(BOIPT).length === before;) {
          if (Date.now() > end) throw new Error(`no second question in:\n${output(r)}`);
          await new Promise((res) => setTimeout(res, 10));
        }
        assert.doesNotMatch(output(r), /after the assert/);
        await r.s.execute('i');
      }
      await waitOutput(r, 'done 2');
      assert.match(output(r), /after the assert\n[\s\S]*done 2\n/, answer);
    } finally { r.close(); }
  }
});

test('NT_ASSERT stops as a first-chance assertion failure at the driver\'s line; g continues past it (no bugcheck)', async () => {
  const { r, banner } = await runTo(3);
  try {
    assert.match(banner, /^Assertion failure - code c0000420 \(first chance\)\n/);
    const line = lineOf(BREAKS_C, '@nt-assert');
    assert.match(banner, /\nbrk!DriverEntry\+0x[0-9a-f]+:\nfffff801`[0-9a-f]{8} /);
    const k = await callSites(r);
    assert.match(k[0]!, new RegExp(`^brk!DriverEntry\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${line}\\]$`));
    assert.doesNotMatch(output(r), /after the NT_ASSERT/);
    await r.s.execute('g');
    await waitOutput(r, 'done 3');
    assert.match(output(r), /after the NT_ASSERT\n/);
    assert.equal(r.t.kernel.bugCheck, undefined);
  } finally { r.close(); }
});

test('an access violation stops first as a first-chance exception at the faulting line; g goes on to the bugcheck', async () => {
  const { r, banner } = await runTo(4);
  try {
    assert.match(banner, /^Access violation - code c0000005 \(first chance\)\nbrk!Poke\+0x[0-9a-f]+:\nfffff801`[0-9a-f]{8} /);
    assert.equal(r.t.kernel.bugCheck, undefined, 'no bugcheck before the debugger lets the exception go');
    const k = await callSites(r);
    assert.match(k[0]!, new RegExp(`^brk!Poke\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${lineOf(BREAKS_C, '@poke')}\\]$`));
    assert.match(k[1]!, /^brk!DriverEntry\+0x[0-9a-f]+ /);
    const fatal = r.s.waitForBreak(120_000);
    await r.s.execute('g');
    assert.match(await fatal, /^\n\*\*\* Fatal System Error: 0x0000007e\n {23}\(0x(?:00000000|FFFFFFFF)C0000005,/);
    assert.deepEqual((await callSites(r)).slice(0, 4), ['nt!DbgBreakPointWithStatus', 'nt!KiBugCheckDebugBreak', 'nt!KeBugCheck2', 'nt!KeBugCheckEx']);
  } finally { r.close(); }
});

test('sxd av: no stop at the first chance (its line is printed), the bugcheck breaks in; sxi says nothing; sxe av stops again', async () => {
  for (const [cmd, line] of [['sxd av', true], ['sxn av', true], ['sxi av', false]] as const) {
    const r = await rig(drv);
    try {
      assert.equal(await r.s.execute(cmd), '');
      const stop = r.s.waitForBreak(120_000);
      r.t.startEntry(r.t.load(drv), 4);
      assert.match(await stop, /^\n\*\*\* Fatal System Error: 0x0000007e\n/, cmd);
      const first = /Access violation - code c0000005 \(first chance\)\n/;
      if (line) assert.match(output(r), first, cmd); else assert.doesNotMatch(output(r), first, cmd);
      assert.doesNotMatch(output(r), /brk!Poke\+0x[0-9a-f]+:\n/, `${cmd}: no stop in the driver`);
      assert.match(await r.s.execute('sx'), new RegExp(`\\n {2}av - Access violation - ${{ 'sxd av': 'second-chance break', 'sxn av': 'output', 'sxi av': 'ignore' }[cmd]} - not handled\\n`));
    } finally { r.close(); }
  }
  const r = await rig(drv);
  try {
    await r.s.execute('sxd av');
    assert.equal(await r.s.execute('sxe av'), '');
    const stop = r.s.waitForBreak(120_000);
    r.t.startEntry(r.t.load(drv), 4);
    assert.match(await stop, /^Access violation - code c0000005 \(first chance\)\nbrk!Poke\+0x[0-9a-f]+:\n/);
  } finally { r.close(); }
});

test('sxd asrt: NT_ASSERT does not stop (its first-chance line is printed) and the driver goes on past it', async () => {
  const r = await rig(drv);
  try {
    assert.equal(await r.s.execute('sxd asrt'), '');
    r.t.startEntry(r.t.load(drv), 3);
    await waitOutput(r, 'done 3');
    assert.match(output(r), /Assertion failure - code c0000420 \(first chance\)\n[\s\S]*after the NT_ASSERT\n/);
    assert.equal(r.s.state, 'running');
    assert.equal(r.t.kernel.bugCheck, undefined);
  } finally { r.close(); }
});

test('.detach at a breakpoint before a crash: the report nobody acknowledges is given up, the system stops as without a debugger', async () => {
  for (const [mode, code] of [[4, 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED'], [5, 'PAGE_FAULT_IN_NONPAGED_AREA']] as const) {
    const r = await rig(drv);
    try {
      let gone = 0;
      r.t.stub.onBugCheckContinued(() => gone++);
      await r.s.breakIn();
      await r.s.execute('bu brk!Poke');
      await r.s.execute('g');
      const hit = r.s.waitForBreak(120_000);
      r.t.startEntry(r.t.load(drv), mode);
      assert.match(await hit, /^Breakpoint 0 hit\nbrk!Poke:\n/);
      assert.equal(await r.s.execute('.detach'), 'Detached');
      // The crash's report (the first chance, or the bugcheck itself) goes unacknowledged; the stub gives it up.
      await until(() => r.t.kernel.bugCheck !== undefined && !r.t.stub.isBroken && gone > 0, 60_000);
      assert.equal(r.t.kernel.bugCheck?.code, code);
      assert.equal(r.t.stub.connected, false);
      const m = r.t.kernel.memory, kdNotPresent = m.readU32(r.t.kernel.dataExports.get('KdDebuggerNotPresent')!);
      assert.equal(m.readU8(kdNotPresent), 1, 'KdDebuggerNotPresent');
      assert.equal(gone, 1);
    } finally { r.close(); }
  }
});

test('without a debugger ASSERT returns (the driver goes on), DbgBreakPoint is not taken, NT_ASSERT stops the system', async () => {
  const t = await startTarget();
  try {
    // The stub is there (debugging on) but no debugger host ever connected.
    const image = t.load(drv);
    const run = async (mode: number) => {
      const th = t.kernel.createThread(image.entry!, [0, mode], 'System');
      t.runner.poke();
      for (const end = Date.now() + 120_000; th.state !== 'exited' && !t.kernel.bugCheck;) {
        if (Date.now() > end) throw new Error(`mode ${mode}: ${th.state}`);
        await new Promise((res) => setTimeout(res, 10));
      }
      return th;
    };
    assert.equal((await run(2)).result, 0x102, 'DriverEntry ran past the failed ASSERT to its end');
    assert.equal((await run(1)).result, 0x101, 'DriverEntry ran past DbgBreakPoint to its end');
    await run(3);
    assert.equal(t.kernel.bugCheck?.code, 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED');
    assert.equal(t.kernel.bugCheck?.params[0], 0xffffffffc0000420n);
  } finally { t.dispose(); }
});
