// Deploying a test program, as the Echo lab does: echo and echoapp side by side in the work folder (echoapp reaches
// the driver's public.h as ..\echo), each built; the driver package is copied, then the program is copied next to
// it without removing it; devcon install and echoapp at the target's prompt then run the driver end to end.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabEngine } from '../../lab-engine.ts';
import { targetKernel } from '../../../cli/target-kernel.ts';
import { TargetConsole } from '../../../cli/target-console.ts';
import { buildProject } from '../../../toolchain/build.ts';
import { repoRoot } from '../../../toolchain/clang.ts';
import { prepareTarget } from '../../provision/prepare.ts';
import { provision } from '../../provision/provision.ts';
import { readBuiltProject } from '../package.ts';
import { deploy } from '../deploy.ts';
import { deployProgram } from '../program.ts';

let lab: LabEngine | undefined;
after(async () => { await lab?.shutdown(); });

test('echoapp is deployed by copying it next to the Echo package; devcon install, then echoapp passes at the prompt', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'dl-deploy-app-'));
  const noOutputs = (s: string): boolean => !/[\\/]x64([\\/]|$)/.test(s);
  cpSync(path.join(repoRoot, 'kernel/test/drivers/Echo'), path.join(work, 'echo'), { recursive: true, filter: noOutputs });
  cpSync(path.join(repoRoot, 'kernel/test/programs/echoapp'), path.join(work, 'echoapp'), { recursive: true, filter: noOutputs });
  const [drv, app, kernel] = await Promise.all([buildProject(path.join(work, 'echo')), buildProject(path.join(work, 'echoapp')), targetKernel()]);
  assert.ok(drv.success, drv.log.join('\n'));
  assert.ok(app.success, app.log.join('\n'));
  // Not built yet: the learner is told to build first.
  assert.throws(() => readBuiltProject(path.join(work, 'nothing'), 'Debug'), /nothing has no built driver package or program for Debug\|x64\. Build it first/);
  const pkg = readBuiltProject(path.join(work, 'echo'), 'Debug');
  const prog = readBuiltProject(path.join(work, 'echoapp'), 'Debug');
  assert.ok('inf' in pkg && !('inf' in prog));
  assert.deepEqual(Object.keys(prog.files), ['echoapp.exe']);

  lab = new LabEngine({ kernel, watchdogMs: 0 });
  await lab.newTarget('MyTestComputer');
  await prepareTarget(lab, 'MyTestComputer');
  lab.cable({ kind: 'net', a: 'host', b: 'MyTestComputer' });
  const con = new TargetConsole(lab, 'MyTestComputer');
  await lab.power('MyTestComputer', true);
  await lab.waitFor('MyTestComputer', ['running']);
  assert.ok((await provision(lab, 'MyTestComputer', { debugger: { kind: 'net', port: 50000, key: '1.2.3.4' } })).ok);
  await con.ready();

  assert.ok((await deploy(lab, 'MyTestComputer', pkg, { install: { kind: 'copy-only' } })).ok);
  const r = await deployProgram(lab, 'MyTestComputer', prog);
  assert.equal(r.ok, true, r.lines.join('\n'));
  assert.deepEqual(r.copied, ['echoapp.exe']);
  assert.equal(r.lines.at(-1), '========== Deploy: 1 succeeded, 0 failed, 0 skipped ==========');
  const dir = await con.run('dir C:\\DriverTest\\Drivers');
  for (const f of ['echo.inf', 'echo.sys', 'echoapp.exe']) assert.match(dir, new RegExp(` ${f.replace('.', '\\.')}\\n`), dir);
  await con.run('cd C:\\DriverTest\\Drivers');
  assert.match(await con.run('devcon install echo.inf root\\ECHO'), /Drivers installed successfully\./);
  assert.match(await con.run('echoapp'), /Verified 30720 bytes\nTest passed\n/);
  // A target that is not there is reported as for a driver package.
  assert.match((await deployProgram(lab, 'Elsewhere', prog)).error!, /^Elsewhere cannot be reached/);
});
