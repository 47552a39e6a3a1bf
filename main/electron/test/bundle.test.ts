// The Electron build runs without a TypeScript loader and from its packaged files alone: the files package.json's
// builder config packages are copied to a fresh folder, buildElectron builds the bundles there, and a probe bundled with the same
// options runs the main process's API and lab (desktopApi) there in a plain `node` (no tsx), over the bundled
// machine worker and kernel, with an empty cache (the header layouts are compiled from the packaged probe and
// headers): it lists labs and templates, builds a KMDF driver, and a target it powers on boots to its prompt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildElectron, nodeBundleOptions } from '../build.ts';
import { bundledEngine } from '../bundles.ts';
import { ensureRenderer } from '../../web/renderer-build.ts';
import { listLabIds } from '../../engine/labs/load.ts';
import { listTemplates } from '../../api/host/templates.ts';
import { packaged, pkg, stageApp } from './packaged.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function runNode(args: string[], cwd: string, hangMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No --import tsx and no NODE_OPTIONS: only what Node itself can load.
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const guard = setTimeout(() => { stderr += `\n(hang guard: killed after ${hangMs} ms)`; child.kill('SIGKILL'); }, hangMs);
    child.on('close', (code) => { clearTimeout(guard); resolve({ code, stdout, stderr }); });
  });
}

test('the packaged app in plain Node: bundled worker and kernel boot a target, labs load, a driver builds; no tsx', { timeout: 600_000 }, async () => {
  await ensureRenderer();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dl-bundle-'));
  const appDir = path.join(tmp, 'app'), workspace = path.join(tmp, 'workspace'), cacheDir = path.join(tmp, 'cache');
  try {
    // The bundles are built into the copy (other tests rebuild this tree's out/electron meanwhile), the rest copied.
    const bundles = (f: string): boolean => f.startsWith('out/electron/') || f.startsWith('out/main/');
    stageApp(appDir, bundles);
    await buildElectron(path.join(appDir, 'out'));
    const outDir = path.join(appDir, 'out', 'electron');
    for (const f of readdirSync(outDir)) assert.ok(packaged(`out/electron/${f}`), `${f} is packaged`);
    assert.ok(packaged(pkg.main) && existsSync(path.join(appDir, pkg.main)), 'the main loader is built and packaged');
    const engine = bundledEngine(pathToFileURL(outDir + path.sep));
    for (const u of [engine.workerUrl.href, ...Object.values(engine.kernelModules)]) {
      assert.match(u, /\.mjs$/);
      assert.ok(existsSync(fileURLToPath(u)), `${u} is in the packaged app`);
    }
    // Two folders below the app root, as the app's bundles are.
    const probe = path.join(appDir, 'out', 'electron-probe', 'boot-probe.mjs');
    await build({ ...nodeBundleOptions, entryPoints: [path.join(here, 'fixtures', 'boot-probe.ts')], outfile: probe });
    const run = await runNode([probe, workspace, cacheDir], tmp, 480_000);
    assert.equal(run.code, 0, `probe failed:\n${run.stderr}`);
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
      execArgv: string[]; status: { state: string }; stages: string[]; console: string; problems: string[]; labs: string[]; templates: string[];
      build: { success: boolean; outputs: string[]; log: string[] };
      workerUrl: string; kernelModule: string; kernelOptions: { kdModule: string; serviceModules: string[] };
    };
    assert.deepEqual(r.execArgv, []);
    // The lab ran the bundles the main process names, not the sources.
    assert.equal(r.workerUrl, engine.workerUrl.href);
    assert.equal(r.kernelModule, engine.kernelModules.boot);
    assert.equal(r.kernelOptions.kdModule, engine.kernelModules.kd);
    assert.deepEqual(r.kernelOptions.serviceModules, [engine.kernelModules.agent]);
    assert.deepEqual([...r.labs].sort(), [...listLabIds()].sort());
    assert.deepEqual([...r.templates].sort(), listTemplates().map((t) => t.id).sort());
    assert.ok(r.build.success, r.build.log.join('\n'));
    assert.ok(r.build.outputs.some((o) => /\.sys$/i.test(o)) && r.build.outputs.some((o) => /\.cat$/i.test(o)), r.build.outputs.join('\n'));
    assert.ok(readdirSync(cacheDir).some((f) => /^layouts-.*\.json$/.test(f)), 'the layouts were compiled into the given cache');
    assert.equal(r.status.state, 'running', `${JSON.stringify(r.status)}\n${r.console}\n${r.problems.join('\n')}\n${run.stderr}`);
    for (const s of ['firmware', 'kernel']) assert.ok(r.stages.includes(s), `boot passed through ${s}: ${r.stages.join(', ')}`);
    assert.match(r.console, /Microsoft Windows \[Version 10\.0\.19041\.\d+\][\s\S]*C:\\Users\\User>$/);
    assert.deepEqual(r.problems, []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
