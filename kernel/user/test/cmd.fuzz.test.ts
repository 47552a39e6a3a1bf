// Fuzzing cmd's line parser and the prompt behind it with lines built from cmd's grammar (joiners, redirections,
// quotes, carets, %VARIABLES%) and mutated copies of them: the parser never throws, what it accepts has the
// structure the line was built with, what it rejects gets one of cmd's messages (12,000 lines); typed at a live
// prompt (2,000 lines; 20x both under `npm run fuzz`) every line ends at a new prompt, with the parser's message when
// it was rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine } from '../cmd/parse.ts';
import { caseCount, fuzz, mutateText, summary, type Rng } from '../../../main/testing/fuzz.ts';
import { target } from './target.ts';
import { session } from './shell.ts';

const MESSAGES = /^(?:(?:&&|&|\|\||\||<|>) was unexpected at this time\.|The syntax of the command is incorrect\.|The handle could not be duplicated\nduring redirection of handle \d\.)$/;
// Only commands that touch nothing outside the session's own folder (no shutdown, taskkill, sc, reg add...).
const NAMES = ['echo', 'ver', 'hostname', 'set', 'cd', 'type', 'dir', 'mkdir', 'nothere', '"quoted name"', 'echo.', '@echo'];
const WORDS = ['a', 'b c', '"x & y"', '"unclosed', '^&', '^|', '^^', '%PATH%', '%NOPE%', '%ERRORLEVEL%', '%', '/?', 'LAB=1', '..', 'f.txt', ''];
const JOINERS = ['&', '&&', '||', '|'] as const;
const REDIRECTS = ['>', '>>', '<', '2>', '1>', '2>&1', '>&2', '2>>'];

interface Built { line: string; steps: number; joiners: string[] }

/** A well-formed line: 1..4 commands, each with words and maybe a redirection to a file in the folder. */
function generated(rng: Rng): Built {
  const n = rng.range(1, 4);
  const parts: string[] = [];
  const joiners: string[] = [];
  for (let k = 0; k < n; k++) {
    if (k > 0) { const j = rng.pick(JOINERS); joiners.push(j); parts.push(rng.bool() ? ` ${j} ` : j); }
    let cmd = rng.pick(NAMES);
    for (let w = rng.range(0, 3); w > 0; w--) cmd += ' ' + rng.pick(WORDS).replace('"unclosed', 'closed');
    if (rng.bool(0.3)) {
      const r = rng.pick(REDIRECTS);
      cmd += ` ${r}${r.includes('&') ? '' : ` out${rng.int(3)}.txt`}`;
    }
    parts.push(cmd);
  }
  return { line: parts.join(''), steps: n, joiners };
}

function line(rng: Rng): { line: string; built?: Built } {
  const b = generated(rng);
  if (rng.bool(0.4)) return { line: b.line, built: b };
  const noise = ['&', '&&', '|', '||', '>', '>>', '<', '"', '^', '%', '2>&', '1>&9', ' ', '\t'];
  let t = mutateText(rng, b.line, 3).replace(/[\r\n]/g, ' ');
  for (let k = rng.range(0, 3); k > 0; k--) { const at = rng.int(t.length + 1); t = t.slice(0, at) + rng.pick(noise) + t.slice(at); }
  return { line: t };
}

test('cmd line parser: generated and mutated lines parse to their structure or get cmd\'s message, never a throw', async () => {
  const stats = await fuzz({ name: 'cmd parser', seed: 0xc3d, cases: caseCount(12_000), caseTimeoutMs: 2_000 }, line, ({ line, built }) => {
    const p = parseCommandLine(line);
    if (!p.ok) { assert.match(p.message, MESSAGES); assert.ok(p.exitCode === 1 || p.exitCode === 255); return 'rejected'; }
    for (const s of p.steps) for (const r of s.redirects) assert.ok(r.target.length > 0 && r.handle >= 0 && r.handle <= 9);
    if (built) {
      assert.equal(p.steps.length, built.steps, line);
      assert.deepEqual(p.steps.slice(1).map((s) => s.after), built.joiners, line);
    }
    return built ? 'generated' : 'accepted';
  });
  console.log(summary('cmd parser', stats));
  assert.ok((stats.outcomes.get('rejected') ?? 0) > 100 && (stats.outcomes.get('generated') ?? 0) > 1000, summary('cmd parser', stats));
});

test('cmd prompt: every fuzzed line ends at a new prompt; a rejected line shows the parser\'s message', async () => {
  // A fresh prompt every 250 lines: the console's text only grows, and one long session would time that, not cmd.
  let s = session(await target());
  const fresh = async () => { s = session(await target()); s.t.disk.mkdir('C:\\Users\\User\\fuzz'); s.type('cd fuzz'); };
  const P = 'C:\\Users\\User\\fuzz>';
  const stats = await fuzz({ name: 'cmd prompt', seed: 0xc3e, cases: caseCount(2_000), caseTimeoutMs: 5_000 }, line, async ({ line }, i) => {
    if (i % 250 === 0) await fresh();
    // cd elsewhere would change the prompt the check expects; keep the session in its folder.
    const typed = line.replace(/\bcd\b/gi, 'cd.');
    const out = s.type(typed);
    assert.ok(!s.cmd.busy, `cmd still busy after: ${typed}`);
    assert.ok(out.endsWith(P), `no prompt after ${JSON.stringify(typed)}: ${JSON.stringify(out.slice(-200))}`);
    const p = parseCommandLine(s.cmd.expand(typed).trim());
    if (!p.ok) { assert.ok(out.includes(`\n${p.message}\n`), `message for ${JSON.stringify(typed)}: ${JSON.stringify(out)}`); return 'rejected'; }
    return 'ran';
  });
  console.log(summary('cmd prompt', stats));
});
