// Loading an image from a host routine of a running thread (a program's StartService loads the driver on its own
// thread): the loader's relocation code runs nested in that call, and the calling thread resumes intact.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build, makeMachine } from './util.ts';
import type { ResolveImport } from '../../../../kernel/ntos/mm/loader/loader.ts';

// A pointer in initialized data: the image carries __wasm_apply_data_relocs, which the loader runs.
const INNER = `
static int Answer = 42;
int *AnswerPointer = &Answer;
int Get(void) { return *AnswerPointer; }
`;
const OUTER = `
KIMPORT("ntoskrnl.exe") int LoadInner(int x);
int Outer(int x) { volatile int local[4] = { x, x, x, x }; return LoadInner(x) + local[0] + local[3]; }
`;

let inner: Uint8Array, outer: Uint8Array;
before(async () => {
  inner = await build(INNER, 'Release', ['Get', 'AnswerPointer'], 'inner.c');
  outer = await build(OUTER, 'Debug', ['Outer'], 'outer.c');
});

test('an image with data relocations loads from a running thread, which then finishes with its own state', () => {
  const m = makeMachine();
  assert.ok(WebAssembly.Module.exports(new WebAssembly.Module(inner as BufferSource)).some((e) => e.name === '__wasm_apply_data_relocs'));
  let loadedFrom: string | undefined;
  const resolve: ResolveImport = (module, name) => module === 'ntoskrnl.exe' && name === 'LoadInner' ? {
    kind: 'host', routine: (_ctx, x: number) => {
      const im = m.load(inner, 'inner.sys');
      const stack = m.pages.alloc(0x4000)!;
      const r = m.processor.callSync(m.fn(im, 'Get'), [], { base: stack + 0x4000, limit: stack });
      loadedFrom = m.processor.current?.name;
      return Number(r.result) * 100 + x;
    },
  } : undefined;
  const im = m.load(outer, 'outer.sys', resolve);
  const r = m.call(im, 'Outer', [7]);
  assert.equal(loadedFrom, 'Outer');
  assert.equal(r.thread.state, 'exited');
  assert.equal(r.result, 4200 + 7 + 7 + 7);
});
