// The processor's debugging features on a real clang-built driver: breakpoints, stepping, frame walk, locals,
// traps as exceptions, blocking and call-back host routines, preemption, break-in, data breakpoints, state out/in.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build, makeMachine, type Machine } from './util.ts';
import { BLOCK, type HostRoutine } from '../types.ts';
import type { LoadedImage, ResolveImport } from '../../../../kernel/ntos/mm/loader/loader.ts';
import { Status } from '../status.ts';

const SRC = `
struct Point { int x; int y; LONGLONG tag; };
KIMPORT("ntoskrnl.exe") NTSTATUS KeWaitForSingleObject(PVOID Object, int Reason, int Mode, int Alertable, PVOID Timeout);
KIMPORT("ntoskrnl.exe") int IoCallDriver(int Routine, int Argument);
volatile int Counter;

int Scale(struct Point *p, int k)
{
    int sum = p->x * k;
    sum += p->y * k;
    return sum + (int)p->tag;
}
int Caller(int k)
{
    struct Point pt = { 3, 4, 100 };
    int r = Scale(&pt, k);
    return r + 1;
}
int Deref(int *p) { return *p; }
int NullDeref(void) { return Deref(0) + 1; }
int Divide(int a, int b) { return a / b; }
void Spin(void) { for (;;) ; }
int Count(int n) { for (int i = 0; i < n; i++) Counter += i; return Counter; }
int Wait(int x) { return KeWaitForSingleObject(0, 0, 0, 0, 0) + x; }
static int Callback(int v) { return v * 10; }
int Dispatch(int x) { return IoCallDriver((int)(long)Callback, x) + 1; }
int Recurse(int n) { volatile char big[512]; big[0] = (char)n; return n == 0 ? big[0] : Recurse(n - 1) + big[0]; }
int Unreachable(void) { __builtin_trap(); }
int CallNull(void) { int (*volatile f)(void) = 0; return f(); }
`;
const EXPORTS = ['Scale', 'Caller', 'Deref', 'NullDeref', 'Divide', 'Spin', 'Count', 'Wait', 'Dispatch', 'Recurse', 'Unreachable', 'CallNull', 'Counter'];

let bytes: Uint8Array;
before(async () => { bytes = await build(SRC, 'Debug', EXPORTS); });

const dispatch: HostRoutine = function* (_ctx, routine: number, arg: number) {
  const r = (yield { call: routine, args: [arg] }) as number;
  return r + 1000;
};
const resolve: ResolveImport = (module, name) => {
  if (module !== 'ntoskrnl.exe') return undefined;
  if (name === 'KeWaitForSingleObject') return { kind: 'host', routine: () => BLOCK };
  if (name === 'IoCallDriver') return { kind: 'host', routine: dispatch };
  return undefined;
};

function setup(): { m: Machine; im: LoadedImage } {
  const m = makeMachine();
  return { m, im: m.load(bytes, 'dbgtest.sys', resolve) };
}

/** pc of the first direct call to `callee` inside function `fname`. */
function callSite(m: Machine, im: LoadedImage, fname: string, callee: string): number {
  const F = m.fn(im, fname), target = m.fn(im, callee);
  const pc = F.code!.body.code.findIndex((ins) => ins.op === 0x10 && F.inst!.funcs[ins.a] === target);
  assert.ok(pc > 0, `no call to ${callee} in ${fname}`);
  return pc;
}

test('a breakpoint in a callee stops with both frames walkable, locals readable, and resumes to the right result', () => {
  const { m, im } = setup();
  const P = m.processor, scale = m.fn(im, 'Scale'), caller = m.fn(im, 'Caller');
  const bp = P.codeOffset(scale.id, 0);
  assert.ok(P.setBreakpoint(bp));
  const t = m.thread(im, 'Caller', [5]);
  const r = P.run(t, 1e6);
  assert.equal(r.reason, 'breakpoint');
  const frames = P.stack(t);
  assert.deepEqual(frames.map((f) => f.function), ['Scale', 'Caller']);
  assert.equal(frames[0]!.codeOffset, bp);
  assert.equal(frames[1]!.function, 'Caller');
  const site = callSite(m, im, 'Caller', 'Scale');
  assert.equal(frames[1]!.pc, site);
  assert.equal(frames[0]!.returnOffset, P.codeOffset(caller.id, site + 1));
  // Parameters: p (pointer to the caller's struct on the stack) and k.
  const [p, k] = frames[0]!.locals as number[];
  assert.equal(k, 5);
  assert.equal(m.memory.readI32(p!), 3);
  assert.equal(m.memory.readI32(p! + 4), 4);
  assert.equal(m.memory.readU64(p! + 8), 100n);
  assert.ok(p! < t.stackBase && p! >= t.stackLimit, 'the struct lives on the thread stack');
  const regs = P.registers(t);
  assert.equal(regs.rip, 0xfffff801_00000000n + BigInt(bp));
  // Resume: the breakpoint is not hit again at the same place; the result is right.
  P.release(t);
  const r2 = P.run(t, 1e6);
  assert.equal(r2.reason, 'exited');
  assert.equal(t.result, 3 * 5 + 4 * 5 + 100 + 1);
});

test('single-step by instruction, over and into calls, by range and out of a function', () => {
  const { m, im } = setup();
  const P = m.processor, caller = m.fn(im, 'Caller'), scale = m.fn(im, 'Scale');
  const site = callSite(m, im, 'Caller', 'Scale');
  P.setBreakpoint(P.codeOffset(caller.id, site));
  const t = m.thread(im, 'Caller', [2]);
  assert.equal(P.run(t, 1e6).reason, 'breakpoint');
  const top = () => P.stack(t)[0]!;
  assert.equal(top().pc, site);
  // Into the call: lands on the callee's first instruction, two frames deep.
  assert.equal(P.step(t, 'into').reason, 'step');
  assert.equal(top().function, 'Scale');
  assert.equal(top().pc, 0);
  assert.equal(P.stack(t)[1]!.pc, site);
  // One instruction.
  assert.equal(P.step(t, 'over').reason, 'step');
  assert.equal(top().pc, 1);
  // A range of instructions (a "source line"): stops at the first instruction outside it.
  const lo = P.codeOffset(scale.id, 1), hi = P.codeOffset(scale.id, 6);
  assert.equal(P.stepRange(t, lo, hi, 'over').reason, 'step');
  assert.equal(top().pc, 6);
  // Out: back in the caller right after the call, with Scale's result on the operand stack.
  assert.equal(P.stepOut(t).reason, 'step');
  assert.equal(top().function, 'Caller');
  assert.equal(top().pc, site + 1);
  assert.equal(top().stack.at(-1), 3 * 2 + 4 * 2 + 100);
  // Over a call: from the caller's call instruction the next stop is the instruction after it.
  const t2 = m.thread(im, 'Caller', [3]);
  assert.equal(P.run(t2, 1e6).reason, 'breakpoint');
  assert.equal(P.step(t2, 'over').reason, 'step');
  assert.equal(P.stack(t2)[0]!.pc, site + 1);
  assert.equal(P.stack(t2)[0]!.stack.at(-1), 3 * 3 + 4 * 3 + 100);
  // Both finish with the right results.
  P.clearBreakpoint(P.codeOffset(caller.id, site));
  P.release(t); assert.equal(P.run(t, 1e6).reason, 'exited'); assert.equal(t.result, 115);
  P.release(t2); assert.equal(P.run(t2, 1e6).reason, 'exited'); assert.equal(t2.result, 122);
});

test('traps become exceptions with the Windows codes, the faulting address and the faulting code address', () => {
  const { m, im } = setup();
  const P = m.processor;
  const nul = m.call(im, 'NullDeref');
  const e = nul.thread.exception!;
  assert.equal(nul.stops.at(-1)!.reason, 'exception');
  assert.equal(e.code, Status.ACCESS_VIOLATION);
  assert.equal(e.address, 0);
  assert.equal(e.write, false);
  const deref = m.fn(im, 'Deref');
  assert.equal(e.fid, deref.id);
  assert.equal(deref.code!.body.code[e.pc]!.op, 0x28, 'faults on the i32.load');
  const frames = P.stack(nul.thread);
  assert.deepEqual(frames.slice(0, 2).map((f) => f.function), ['Deref', 'NullDeref']);
  assert.equal(frames[0]!.codeOffset, P.codeOffset(deref.id, e.pc));
  assert.equal(P.locate(frames[0]!.codeOffset!)!.func, deref);

  assert.equal(m.call(im, 'Divide', [1, 0]).thread.exception!.code, Status.INTEGER_DIVIDE_BY_ZERO);
  assert.equal(m.call(im, 'Divide', [-0x80000000, -1]).thread.exception!.code, Status.INTEGER_OVERFLOW);
  assert.equal(m.call(im, 'Divide', [7, 2]).result, 3);
  assert.equal(m.call(im, 'Unreachable').thread.exception!.code, Status.ILLEGAL_INSTRUCTION);
  const cn = m.call(im, 'CallNull').thread.exception!;
  assert.equal(cn.code, Status.ACCESS_VIOLATION);
  assert.equal(cn.address, 0);
  const so = m.call(im, 'Recurse', [100000]);
  assert.equal(so.thread.exception!.code, Status.STACK_OVERFLOW);
  assert.ok(P.stack(so.thread).length > 50, 'the overflowing stack is walkable');
  assert.equal(m.call(im, 'Recurse', [10]).result, 55);
});

test('an infinite loop is preempted, a second thread still runs, and break-in stops the spinner', () => {
  const { m, im } = setup();
  const P = m.processor;
  const spin = m.thread(im, 'Spin'), count = m.thread(im, 'Count', [500]);
  let spinSlices = 0, rounds = 0;
  while (count.state !== 'exited') {
    assert.ok(++rounds < 10000);
    const r = P.run(spin, 5000);
    assert.equal(r.reason, 'preempted');
    assert.ok(r.cycles >= 5000 && r.cycles < 5100, `a slice is about the budget (${r.cycles})`);
    spinSlices++;
    P.run(count, 5000);
  }
  assert.equal(count.result, (499 * 500) / 2);
  assert.ok(spinSlices > 3);
  P.requestBreak();
  const b = P.run(spin, 1e9);
  assert.equal(b.reason, 'break-in');
  assert.equal(P.stack(spin)[0]!.function, 'Spin');
  P.release(spin);
  assert.equal(P.run(spin, 1000).reason, 'preempted');
});

test('a host routine that blocks delivers the wake value as its result', () => {
  const { m, im } = setup();
  const P = m.processor;
  const t = m.thread(im, 'Wait', [5]);
  assert.equal(P.run(t, 1e6).reason, 'blocked');
  assert.equal(t.state, 'blocked');
  assert.equal(P.run(t, 1e6).reason, 'blocked', 'a blocked thread does not run');
  assert.deepEqual(P.stack(t).map((f) => f.function), ['ntoskrnl!KeWaitForSingleObject', 'Wait']);
  P.wake(t, 37);
  assert.equal(P.run(t, 1e6).reason, 'exited');
  assert.equal(t.result, 42);
});

test('a host generator calls back into wasm, which hits a breakpoint, then everything resumes', () => {
  const { m, im } = setup();
  const P = m.processor;
  const cb = P.funcs.find((f) => f.name === 'Callback' && f.inst === im.instance)!;
  P.setBreakpoint(P.codeOffset(cb.id, 0));
  const t = m.thread(im, 'Dispatch', [4]);
  assert.equal(P.run(t, 1e6).reason, 'breakpoint');
  assert.deepEqual(P.stack(t).map((f) => f.function), ['Callback', 'ntoskrnl!IoCallDriver', 'Dispatch']);
  assert.equal(P.stack(t)[0]!.locals[0], 4);
  P.release(t);
  assert.equal(P.run(t, 1e6).reason, 'exited');
  assert.equal(t.result, 4 * 10 + 1000 + 1);
});

test('a data breakpoint (ba w4) stops after each write to the watched variable', () => {
  const { m, im } = setup();
  const P = m.processor;
  const counter = im.exports.get('Counter');
  assert.equal(counter?.kind, 'data');
  const addr = (counter as { address: number }).address;
  const id = P.setWatch(addr, 4, 'w');
  const t = m.thread(im, 'Count', [4]);
  const seen: number[] = [];
  for (;;) {
    const r = P.run(t, 1e6);
    if (r.reason === 'exited') break;
    assert.equal(r.reason, 'data-breakpoint');
    assert.equal(r.address, addr);
    assert.equal(r.write, true);
    assert.equal(P.stack(t)[0]!.function, 'Count');
    seen.push(m.memory.readI32(addr));
    P.release(t);
  }
  assert.deepEqual(seen, [0, 1, 3, 6]);
  assert.equal(t.result, 6);
  assert.ok(P.clearWatch(id));
  assert.equal(m.call(im, 'Count', [2]).stops.length, 1, 'no stops once cleared');
});

test('state out/in mid-loop gives the same result and cycle count as an uninterrupted run (determinism)', () => {
  const ref = setup();
  const whole = ref.m.call(ref.im, 'Count', [3000]);
  const a = setup();
  const t = a.m.thread(a.im, 'Count', [3000]);
  assert.equal(a.m.processor.run(t, 7777).reason, 'preempted');
  const state = a.m.processor.stateOut([t]);
  const mem = a.m.memory.u8.slice();
  const b = setup();
  b.m.memory.u8.set(mem);
  const [t2] = b.m.processor.stateIn(structuredClone(state));
  for (;;) { const r = b.m.processor.run(t2!, 5000); if (r.reason !== 'preempted') { assert.equal(r.reason, 'exited'); break; } }
  assert.equal(t2!.result, whole.result);
  assert.equal(t2!.cycles, whole.cycles);
  // The same run twice gives the same count (no wall clock inside).
  const again = setup();
  assert.equal(again.m.call(again.im, 'Count', [3000], 999).cycles, whole.cycles);
});
