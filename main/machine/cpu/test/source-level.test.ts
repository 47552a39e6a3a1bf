// Source-level debugging on the processor: the processor's frames and code offsets, read through the image's DWARF
// (main/debugger/symbols), must land on the right C lines and give the right values — as WinDbg does with a PDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, makeMachine } from './util.ts';
import { loadSymbols } from '../../../debugger/symbols/module.ts';
import type { FrameAccessor } from '../../../formats/dwarf/expr.ts';
import type { FrameInfo } from '../processor.ts';

// Line numbers matter below: the source starts after util's TEST_HEADER, so lines are looked up by marker.
const SRC = `
typedef struct _POINT { int X; int Y; } POINT;
__attribute__((noinline)) int Scale(POINT p, int k) {
  int sum = p.X + p.Y;            /* L_SUM */
  int result = sum * k;           /* L_RESULT */
  return result;                  /* L_RETURN */
}
int Run(int k) {
  POINT pt = { 3, 4 };
  int r = Scale(pt, k);           /* L_CALL */
  return r + 1;
}
int Crash(int *p) {
  int v = 1;
  v += *p;                        /* L_DEREF */
  return v;
}
`;

test('breakpoint, stack, locals, line stepping and a fault, all at the right source lines', async () => {
  const bytes = await build(SRC, 'Debug', ['Run', 'Crash'], 'points.c');
  const syms = loadSymbols(bytes, 'points');
  const m = makeMachine();
  const image = m.load(bytes, 'points.sys');
  const P = m.processor;
  // Line of each marker in the compiled file (TEST_HEADER comes first).
  const { TEST_HEADER } = await import('./util.ts');
  const text = TEST_HEADER + SRC;
  const lineOf = (marker: string) => text.split('\n').findIndex((l) => l.includes(marker)) + 1;
  const lineAt = (codeOffset: number) => syms.lineForAddress(codeOffset - image.codeBase)?.line;

  // bp at the first line of Scale's body.
  const [sumAddr] = syms.addressesForLine('points.c', lineOf('L_SUM'));
  assert.ok(sumAddr !== undefined, 'line has code');
  assert.ok(P.setBreakpoint(image.codeBase + sumAddr!));
  const t = m.thread(image, 'Run', [5]);
  assert.equal(P.run(t, 1e9).reason, 'breakpoint');

  // The stack: Scale stopped at L_SUM, called from Run at L_CALL.
  const frames = P.stack(t).filter((f) => f.kind === "wasm"); // innermost first, like `k`
  assert.deepEqual(frames.slice(0, 2).map((f) => syms.addressToSymbol(f.codeOffset! - image.codeBase)?.name), ['Scale', 'Run']);
  assert.equal(lineAt(frames[0]!.codeOffset!), lineOf('L_SUM'));
  assert.equal(lineAt(frames[1]!.codeOffset!), lineOf('L_CALL'));

  // Locals and the struct parameter through DWARF locations and our frame's wasm locals.
  const accessor = (f: FrameInfo): FrameAccessor => ({
    local: (n) => f.locals[n], global: () => undefined, stack: (n) => f.stack[n],
    readMemory: (a, size) => m.memory.read(a, size), memoryBase: image.memoryBase,
  });
  const scaleOff = frames[0]!.codeOffset! - image.codeBase;
  const vars = syms.variablesAt(scaleOff);
  const readInt = (name: string, off = 0) => {
    const v = [...vars!.params, ...vars!.locals].find((x) => x.name === name)!;
    const { bytes: b, error } = syms.read(v, accessor(frames[0]!), scaleOff);
    assert.ok(b, `${name}: ${error}`);
    return new DataView(b.buffer, b.byteOffset).getInt32(off, true);
  };
  assert.equal(readInt('k'), 5);
  assert.equal(readInt('p', 0), 3, 'p.X');
  assert.equal(readInt('p', 4), 4, 'p.Y');

  // Step over by source line (`p`): L_SUM → L_RESULT → L_RETURN.
  for (const expected of ['L_RESULT', 'L_RETURN']) {
    const top = P.stack(t)[0]!;
    const range = syms.steppingRange(top.codeOffset! - image.codeBase)!;
    const r = P.stepRange(t, image.codeBase + range.lo, image.codeBase + range.hi, 'over');
    assert.equal(r.reason, 'step');
    assert.equal(lineAt(P.stack(t)[0]!.codeOffset!), lineOf(expected));
  }
  P.clearBreakpoint(image.codeBase + sumAddr!);
  P.release(t);
  assert.equal(P.run(t, 1e9).reason, 'exited');
  assert.equal(t.result, (3 + 4) * 5 + 1);

  // NULL dereference: an access violation at address 0, on the line that dereferences.
  const c = m.thread(image, 'Crash', [0]);
  assert.equal(P.run(c, 1e9).reason, 'exception');
  assert.equal(c.exception!.code >>> 0, 0xc0000005);
  assert.equal(c.exception!.address, 0);
  assert.equal(lineAt(P.codeOffset(c.exception!.fid, c.exception!.pc)), lineOf('L_DEREF'));
});
