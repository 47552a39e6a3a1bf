// Fuzzing the INF path a build takes (stampinf, the parser, InfVerif) with our real INFs mutated and with INFs
// generated from the grammar: it never throws or hangs, and every finding is an InfVerif-shaped issue (a known
// code, a line inside the file, a message) as the Error List shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseInf } from '../inf/parse.ts';
import { verifyInf } from '../inf/verify.ts';
import { stampInf } from '../inf/stamp.ts';
import { repoRoot } from '../clang.ts';
import { caseCount, fuzz, mutateText, summary, type Rng } from '../../testing/fuzz.ts';

/** Every .inf/.inx we ship or test with (build outputs under x64/ are copies, left out). */
function realInfs(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) { if (n !== 'x64') walk(p); } else if (/\.in[fx]$/i.test(n)) out.push({ name: path.relative(repoRoot, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(repoRoot, 'kernel', 'test', 'drivers'));
  walk(path.join(repoRoot, 'assets', 'templates'));
  return out;
}

const CODES = new Set([1001, 1002, 1005, 1203, 2084]);

/** An INF made from the grammar: sections, directives, model lines, strings, continuations, comments. */
function generated(rng: Rng): string {
  const names = ['Version', 'Manufacturer', 'Std.NTamd64', 'Std.NT$ARCH$', 'Dev_Install', 'Dev_Install.NT', 'Dev_Install.NT.Services',
    'Dev_Install.NT.Wdf', 'Svc', 'Files', 'Strings', 'DefaultInstall', 'DefaultInstall.Services', 'SourceDisksFiles', 'X'];
  const keys = ['Signature', 'Class', 'Provider', 'DriverVer', 'CopyFiles', 'AddService', 'KmdfService', 'UmdfService', 'ServiceBinary',
    'ServiceType', 'AddReg', 'DelReg', 'RegisterDlls', '%Mfg%', '%Dev%', 'Mfg', 'Dev', ''];
  const vals = ['"$Windows NT$"', '$CHICAGO$', 'Dev_Install', 'Root\\DEV', 'Svc', 'Files', '@drv.sys', '%13%\\drv.sys', 'drv.sys', '0x2',
    'Std, NTamd64', 'Std, NTarm64', 'Std', '%Mfg%', '"a ""quoted"" value"', '', 'Nope', '%Nope%', 'Dev_Install, Root\\X, \\'];
  const lines: string[] = [];
  for (let s = rng.range(0, 8); s > 0; s--) {
    lines.push(rng.bool(0.9) ? `[${rng.pick(names)}]` : rng.pick(['[', '[]', '[Unclosed', ']', '[A]]']));
    for (let e = rng.range(0, 6); e > 0; e--) {
      const v = Array.from({ length: rng.range(1, 4) }, () => rng.pick(vals)).join(rng.pick([',', ', ', ' , ']));
      const k = rng.pick(keys);
      lines.push(rng.bool(0.8) && k ? `${k} = ${v}` : v + (rng.bool(0.2) ? ' ; comment' : ''));
    }
  }
  return lines.join(rng.bool(0.2) ? '\r\n' : '\n');
}

test('INF parser, stampinf and InfVerif: mutated and generated INFs give InfVerif issues, never a throw or a hang', async () => {
  const infs = realInfs();
  assert.ok(infs.length >= 5, `found our INFs: ${infs.map((i) => i.name).join(', ')}`);
  const date = new Date(2024, 0, 2, 3, 4, 5, 6);
  const stats = await fuzz({ name: 'INF', seed: 0x1f1, cases: caseCount(12_000), caseTimeoutMs: 5_000 },
    (rng) => rng.bool(0.8) ? mutateText(rng, rng.pick(infs).text) : generated(rng),
    (text) => {
      const physical = text.split(/\r\n|\n|\r/).length;
      // The build's order: stamp the package copy, verify the project's INF.
      const stamped = stampInf(text, { date, version: '1.0.0.0' });
      assert.equal(typeof stamped, 'string');
      const inf = parseInf(text, { arch: 'amd64' });
      const { issues, universal } = verifyInf(inf, { packageFiles: ['KmdfHelloWorld.sys', 'Echo.sys', 'drv.sys', 'KmdfHelloWorld.inf'] });
      assert.equal(typeof universal, 'boolean');
      for (const i of issues) {
        assert.ok(CODES.has(i.code), `InfVerif code ${i.code}`);
        assert.ok(Number.isInteger(i.line) && i.line >= 1 && i.line <= physical + 1, `line ${i.line} of ${physical}`);
        assert.ok(i.severity === 'error' || i.severity === 'warning');
        assert.ok(i.message.length > 10 && !/undefined|\[object/.test(i.message), i.message);
      }
      const errors = [...new Set(issues.filter((i) => i.severity === 'error').map((i) => i.code))].sort();
      return errors.length ? errors.join('+') : issues.length ? 'warnings only' : 'clean';
    });
  console.log(summary('INF', stats));
  // The fuzzer reached both accepted INFs and each kind of InfVerif error.
  for (const k of ['clean', '1001', '1203']) assert.ok([...stats.outcomes.keys()].some((o) => o === k || o.split('+').includes(k)), `outcome ${k} reached`);
});
