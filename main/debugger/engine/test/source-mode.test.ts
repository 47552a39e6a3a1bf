// Source mode as WinDbg has it: l+/l- options (t: p and t step by source line; s: the source line at the prompt;
// o: only that line) and .lines, on a real driver stopped at a breakpoint. The source text comes from the file the
// DWARF names; each step's line is the line the driver really reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDriver, lineOf } from './target.ts';
import { rigStoppedAt } from './rig.ts';
import { SPIN_C } from './driver-source.ts';

const srcLine = (marker: string): string => {
  const n = lineOf(SPIN_C, marker);
  return `>${String(n).padStart(5)}: ${SPIN_C.split('\n')[n - 1]}`;
};

test('l+s shows the source line at each step, l+o only it, l-t steps by instruction, .lines -d turns line information off', async () => {
  const drv = await buildDriver('spin', SPIN_C);
  const r = await rigStoppedAt(drv, 'spin!Add');
  try {
    const { s } = r;
    assert.equal(await s.execute('l+'), 'Source options are 1:\n     1/t - Step/trace by source line');
    assert.equal(await s.execute('l+s'), 'Source options are 5:\n     1/t - Step/trace by source line\n     4/s - List source code at prompt');
    const p1 = await s.execute('p');
    assert.match(p1, /^>    \d+: .*\nspin!Add\+0x[0-9a-f]+:\nfffff801`[0-9a-f]{8} /);
    assert.equal(p1.split('\n')[0], srcLine('@add-sum'));
    assert.match(await s.execute('l+o'), /^Source options are d:\n[\s\S]*\n {5}8\/o - Only show source code at prompt$/);
    assert.equal(await s.execute('p'), srcLine('@add-return'));
    await s.execute('l-o'); await s.execute('l-s');
    // Assembly mode: one instruction per step, still on the same source line.
    assert.equal(await s.execute('l-t'), 'Source options are 0:');
    const before = /spin!Add\+0x([0-9a-f]+) /.exec(await s.execute('.frame'))!;
    const i1 = await s.execute('p');
    const at = /^spin!Add\+0x([0-9a-f]+):\n/.exec(i1);
    assert.ok(at, i1);
    assert.ok(parseInt(at[1]!, 16) > parseInt(before[1]!, 16) && parseInt(at[1]!, 16) - parseInt(before[1]!, 16) <= 6, 'one wasm instruction further');
    assert.match(await s.execute('.frame'), new RegExp(`driver\\.c @ ${lineOf(SPIN_C, '@add-return')}\\]$`));
    assert.equal(await s.execute('.lines -d'), 'Line number information will be ignored');
    await s.execute('l+t');
    const i2 = await s.execute('p');
    assert.match(i2, /^spin!Add\+0x[0-9a-f]+:\n/, 'without line information p steps one instruction');
    assert.equal(await s.execute('.lines -e'), 'Line number information will be loaded');
    await s.execute('bc *');
    await s.execute('g');
  } finally { r.close(); }
});

test('t moves from a loop head and from the entry of a function it stepped into (instruction and source mode); u goes on into the next function', async () => {
  const drv = await buildDriver('spin', SPIN_C);
  const r = await rigStoppedAt(drv, 'spin!Add');
  try {
    const { s } = r;
    await s.execute('bc *');
    await s.execute('gu');
    // p by line to the loop's condition (a loop head: a check point of the processor).
    let where = '';
    for (let i = 0; i < 6 && !where.includes(`@ ${lineOf(SPIN_C, 'for (i = 0; i < 3; i++)')}]`); i++) { await s.execute('p'); where = await s.execute('.frame'); }
    assert.match(where, new RegExp(`spin!DriverEntry\\+0x[0-9a-f]+ \\[.*driver\\.c @ ${lineOf(SPIN_C, 'for (i = 0; i < 3; i++)')}\\]$`));
    await s.execute('l-t');
    let last = parseInt(/\+0x([0-9a-f]+)/.exec(where)![1]!, 16);
    for (let i = 0; i < 4; i++) {
      const at = /^spin!DriverEntry\+0x([0-9a-f]+):\n/.exec(await s.execute('t'));
      assert.ok(at && parseInt(at[1]!, 16) > last, 'each t runs one instruction');
      last = parseInt(at[1]!, 16);
    }
    await s.execute('l+t');
    // By source line: into Add at the loop body's call, then on through Add's lines.
    let into = '';
    for (let i = 0; i < 4 && !into.startsWith('spin!Add:'); i++) into = await s.execute('t');
    assert.match(into, /^spin!Add:\n/);
    assert.match(await s.execute('t'), /^spin!Add\+0x[0-9a-f]+:\n/);
    assert.match(await s.execute('.frame'), new RegExp(`driver\\.c @ ${lineOf(SPIN_C, '@add-sum')}\\]$`));
    // u past Add's last instruction goes on at the next function's first instruction (not its local declarations).
    const u = await s.execute('u spin!Add L20');
    assert.match(u, new RegExp(`\\n[0-9a-f\`]{17} 0b {14}end\\nspin!Poke \\[.*driver\\.c @ ${lineOf(SPIN_C, 'static void Poke')}\\]:\\nfffff801\`[0-9a-f]{8} 238080808000 {4}global\\.get 0\\n`));
    assert.doesNotMatch(u, /\?\?\?/);
    await s.execute('g');
  } finally { r.close(); }
});
