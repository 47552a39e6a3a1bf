import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleRegistry, play, parseScenario } from '../play.ts';
import { hostConsole } from '../host-console.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(repo, 'main/toolchain/test/fixtures/Three');

test('driverlab build prints the MSBuild log and its exit code says whether it failed', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'dl-cli-'));
  const good = path.join(tmp, 'Three');
  cpSync(fixture, good, { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  const ok = spawnSync(process.execPath, [path.join(repo, 'bin/driverlab.js'), 'build', good], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^1>Part1\.c$/m);
  assert.match(ok.stdout, /Build succeeded\.\n    0 Warning\(s\)\n    0 Error\(s\)/);
  const bad = path.join(tmp, 'Bad', 'Three');
  cpSync(fixture, bad, { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  writeFileSync(path.join(bad, 'Part2.c'), readFileSync(path.join(bad, 'Part2.c'), 'utf8').replace('state2 +=', 'stat2 +='));
  const r = spawnSync(process.execPath, [path.join(repo, 'bin/driverlab.js'), 'build', bad, '/p:Configuration=Release'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.ok(r.stdout.includes(`1>${path.join(bad, 'Part2.c')}(5,5): error C2065: 'stat2': undeclared identifier`), r.stdout);
  assert.match(r.stdout, /Configuration: Release x64/);
  assert.match(r.stdout, /Build FAILED\./);
});

test('scenario lines name their console; comments and blank lines are skipped', () => {
  const s = parseScenario('# setup\n\nhost> build x\nEchoTarget> devcon status root\\ECHO\nkd> <Ctrl+Break>\n0: kd> lm\nnot a line');
  assert.deepEqual(s.lines.map((l) => [l.number, l.console, l.text]), [[3, 'host', 'build x'], [4, 'EchoTarget', 'devcon status root\\ECHO'], [5, 'kd', '<Ctrl+Break>'], [6, 'kd', 'lm']]);
  assert.deepEqual(s.errors.length, 1);
  assert.match(s.errors[0], /^line 7:/);
});

test('play: transcript shows each line at its prompt, then its output; a hung line is named', async () => {
  const reg = new ConsoleRegistry();
  const seen: string[] = [];
  reg.register('kd', { prompt: '0: kd> ', run: async (l) => { seen.push(l); return l === 'g' ? new Promise<string>(() => {}) : `echo ${l}`; } });
  const r = await play('kd> r\n# wait\nkd> g\nkd> never', reg, { lineTimeoutMs: 200 });
  assert.equal(r.ok, false);
  assert.equal(r.failedLine, 3);
  assert.equal(r.transcript, '0: kd> r\necho r\n0: kd> g\n*** line 3 hung: "kd> g" did not complete within 0.2 s');
  assert.deepEqual(seen, ['r', 'g']);
  const missing = await play('Target1> ipconfig', reg);
  assert.equal(missing.ok, false);
  assert.match(missing.transcript, /no console named "Target1"/);
});

test('play host> build runs the real build', async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'dl-play-'));
  cpSync(fixture, path.join(tmp, 'Three'), { recursive: true, filter: (s) => !/[\\/]x64([\\/]|$)/.test(s) });
  const reg = new ConsoleRegistry();
  reg.register('host', hostConsole(tmp));
  const r = await play('host> build Three /p:Configuration=Release\nhost> deploy', reg);
  const lines = r.transcript.split('\n');
  assert.equal(lines[0], 'host> build Three /p:Configuration=Release');
  assert.equal(lines[1], 'Build started...');
  assert.ok(lines.includes('1>------ Build started: Project: Three, Configuration: Release x64 ------'));
  assert.ok(lines.includes('Build succeeded.'));
  assert.equal(r.ok, false, 'this host console has no lab');
  assert.match(lines.at(-1)!, /^\*\*\* line 2: 'deploy' needs the lab/);
});
