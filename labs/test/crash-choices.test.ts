// The Crash and analyze lab's "bug of your choosing" (issue 11 point 8): each of the four choices in the starter's
// CRASHY_BUG line (the lab's one-line answer edit) builds with clang, deploys to the lab's already-provisioned
// target (its start snapshot) and, started with sc, stops the machine with the bugcheck the lab's table names:
// the NULL pointer a page fault, IRQL 0xD1, double free 0xC2, double complete 0x44. The lab's walk covers one choice
// end to end (crash-and-analyze.test.ts); this proves every row of its table.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostLab } from '../../main/cli/lab-console.ts';
import { loadLab } from '../../main/engine/labs/load.ts';
import { withLine } from '../../main/engine/labs/runner.ts';
import { buildProject } from '../../main/toolchain/build.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'dl-crash-choices-'));
const lab = new HostLab(work);
after(() => lab.close());

const CHOICES: [string, RegExp][] = [
  ['CRASHY_BUG_NULL_POINTER', /\((0x00000050|0x0000007E|0x0000003B|0x0000000A|0x000000D1)\)/],
  ['CRASHY_BUG_IRQL', /DRIVER_IRQL_NOT_LESS_OR_EQUAL \(0x000000D1\)/],
  ['CRASHY_BUG_DOUBLE_FREE', /BAD_POOL_CALLER \(0x000000C2\)/],
  ['CRASHY_BUG_DOUBLE_COMPLETE', /MULTIPLE_IRP_COMPLETE_REQUESTS \(0x00000044\)/],
];

test('every bug the crash lab offers stops the target with its bugcheck, in Crashy.sys', { timeout: 600_000 }, async () => {
  const l = loadLab('crash-and-analyze');
  const edit = l.lab.steps.find((s) => s.id === 'choose-bug')!.answer.edit!;
  cpSync(path.join(repo, 'labs/crash-and-analyze/starter/Crashy'), path.join(work, 'Crashy'), { recursive: true });
  const source = path.join(work, 'Crashy', 'Crashy.c');
  const starter = readFileSync(source, 'utf8');
  await lab.startFrom(l.lab.startSnapshot!);
  const name = l.lab.startSnapshot!.target;
  const engine = await lab.lab();
  const con = () => lab.target(name)!;
  assert.match(await con().run('sc create Crashy type= kernel binPath= C:\\DriverTest\\Drivers\\Crashy.sys'), /CreateService SUCCESS/);
  for (const [choice, code] of CHOICES) {
    const line = `#define CRASHY_BUG ${choice}`;
    writeFileSync(source, withLine(starter, { ...edit, line }));
    const b = await buildProject(path.join(work, 'Crashy'));
    assert.equal(b.success, true, `${choice}: ${b.log.join('\n')}`);
    assert.match(await lab.run('deploy', ['Crashy', name, '--copy-only']) ?? '', /Deploy: 1 succeeded/);
    await con().run('sc start Crashy');
    const st = await engine.waitFor(name, ['bugchecked'], 60_000);
    assert.match(st.detail ?? '', code, `${choice}: ${st.detail}`);
    assert.match(st.detail ?? '', /Crashy\.sys/, `${choice}: the blue screen names the driver`);
    assert.match(await lab.run('restart', [name]) ?? '', /is running/);
  }
});
