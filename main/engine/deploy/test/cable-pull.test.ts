// The target's network cable pulled in the middle of a deployment's file copy: the host reports the broken
// connection as Windows does, the file being copied is not left on the target as if it were complete, and once the
// cable is back the same deployment succeeds.
import { test, after, before } from 'node:test';
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
import { readPackage } from '../package.ts';
import { deploy } from '../deploy.ts';

const NAME = 'PullTarget';
let lab: LabEngine;
let packageDir: string;
before(async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dl-pull-')), 'KmdfHelloWorld');
  cpSync(path.join(repoRoot, 'kernel/test/drivers/KmdfHelloWorld'), dir, { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  const [built, kernel] = await Promise.all([buildProject(dir), targetKernel()]);
  assert.ok(built.success, built.log.join('\n'));
  packageDir = built.outputDir;
  lab = new LabEngine({ kernel, watchdogMs: 0 });
});
after(async () => { await lab.shutdown(); });

test('network cable pulled mid-copy: a Windows error, no partial file, replug and deploy again works', async () => {
  await lab.newTarget(NAME);
  await prepareTarget(lab, NAME);
  lab.cable({ kind: 'net', a: 'host', b: NAME });
  const con = new TargetConsole(lab, NAME);
  await lab.power(NAME, true);
  await lab.waitFor(NAME, ['running']);
  const prov = await provision(lab, NAME, { debugger: { kind: 'net', port: 50000, key: '1.2.3.4' } });
  assert.ok(prov.ok, prov.lines.join('\n'));
  await con.ready();

  // A package with a large file (symbols, say) copied last, so the cable can be pulled while it is on the wire.
  const pkg = readPackage(packageDir);
  const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) & 255);
  const withBig = { ...pkg, files: { ...pkg.files, 'KmdfHelloWorld.big': big } };
  let copying = false, fromHost = 0, pulled = false;
  lab.switch.lose = (frame, from) => {
    if (copying && from === 'host' && !pulled) {
      fromHost += frame.length;
      // Pulled once about a megabyte of the large file has crossed the switch.
      if (fromHost > 1024 * 1024) { pulled = true; setImmediate(() => lab.unplug({ kind: 'net', end: NAME })); }
    }
    return false;
  };
  const r = await deploy(lab, NAME, withBig, {
    install: { kind: 'copy-only' },
    // The package's own files are copied first; from then on the large one is going out.
    onLine: (l) => { if (/^ {2}\S+ +[\d,]+ bytes$/.test(l)) copying = true; },
  });
  lab.switch.lose = null;
  assert.ok(pulled, 'the cable was pulled during the copy');
  assert.equal(r.ok, false, r.lines.join('\n'));
  assert.ok(!r.copied.includes('KmdfHelloWorld.big'), r.copied.join(', '));
  assert.match(r.error!, /The specified network name is no longer available\./, r.error);
  assert.equal(r.lines.at(-1), '========== Deploy: 0 succeeded, 1 failed, 0 skipped ==========');

  // The target never saw the whole file: nothing by that name is there.
  assert.match(await con.run('dir C:\\DriverTest\\Drivers\\KmdfHelloWorld.big'), /File Not Found/);

  // Cable back: the same deployment goes through and the file is whole.
  lab.cable({ kind: 'net', a: 'host', b: NAME });
  const again = await deploy(lab, NAME, withBig, { install: { kind: 'copy-only' } });
  assert.equal(again.ok, true, again.lines.join('\n'));
  const got = await lab.machineHost(NAME).request<Uint8Array>({ t: 'disk', op: 'read', path: 'C:\\DriverTest\\Drivers\\KmdfHelloWorld.big' });
  assert.equal(got.length, big.length);
  assert.ok(Buffer.from(got).equals(Buffer.from(big)), 'the copied file is intact');
});
