// Issue 8 point 7: the machine management lines of `driverlab play` (new-target, cable net/serial, unplug, restart)
// in one transcript: a network cable pulled makes ping time out and plugging it back makes it answer; a serial
// debug cable pulled while the target runs leaves the target working, and once it is back the debugger breaks in
// again; restart boots the target (with the debugger settings provisioning wrote) back to its prompt. The play
// process ends by itself when the scenario does (the debugger session is closed with it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { play, repo } from './play.ts';

const scenario = `host> new-target T
host> cable net host T
host> ping T
host> unplug net T
host> ping T
host> cable net host T
host> ping T
host> cable serial host:COM1 T:COM1
host> provision T serial port=1 baud=115200
host> windbg -k com:port=com1,baud=115200
kd> Ctrl+Break
kd> g
host> unplug serial T:COM1
T> hostname
host> cable serial host:COM1 T:COM1
kd> Ctrl+Break
kd> r rip
kd> g
host> restart T
T> hostname
`;

test('play: cables plugged and unplugged, ping and the debugger follow them; restart; the process ends', { timeout: 600_000 }, async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'dl-cables-')), 's.txt');
  writeFileSync(file, scenario);
  const r = await play(file);
  const t = r.out.replace(/\r\n/g, '\n');
  assert.equal(r.code, 0, t);
  /** The output of the n-th (0-based) occurrence of a line, up to the next prompt line. */
  const out = (line: string, n = 0): string => {
    let i = -1;
    for (let k = 0; k <= n; k++) { i = t.indexOf(`${line}\n`, i + 1); assert.ok(i >= 0, `the transcript has "${line}" ${n + 1} times:\n${t}`); }
    const rest = t.slice(i + line.length + 1);
    const end = rest.search(/^(host|kd|T|\d: kd)> |^C:\\[^\n]*>/m);
    return end < 0 ? rest : rest.slice(0, end);
  };
  assert.match(out('host> ping T', 0), /Packets: Sent = 4, Received = 4, Lost = 0 \(0% loss\)/);
  assert.equal(out('host> unplug net T'), 'Network cable unplugged from T.\n');
  const cut = out('host> ping T', 1);
  assert.equal(cut.match(/^Request timed out\.$/gm)?.length, 4, cut);
  assert.match(cut, /Lost = 4 \(100% loss\)/);
  assert.match(out('host> ping T', 2), /^Reply from 192\.168\.137\.\d+: bytes=32 time[<=]\d+ms TTL=128$/m);
  assert.equal(out('host> unplug serial T:COM1'), 'Serial cable unplugged from T:COM1.\n');
  assert.match(t, /host> unplug serial T:COM1\n[^\n]*\nC:\\Users\\User>hostname\nT\n/);
  assert.match(out('host> cable serial host:COM1 T:COM1', 1), /Null-modem cable plugged in: host:COM1 <-> T:COM1\./);
  assert.match(t, /host> cable serial host:COM1 T:COM1\n[^\n]*\n0: kd> Ctrl\+Break\nBreak instruction exception - code 80000003 \(first chance\)\n/);
  assert.match(t, /0: kd> r rip\nrip=fffff[0-9a-f]{11}\n/);
  assert.match(out('host> restart T'), /debug on \(serial COM1 115200\)[\s\S]*T is running/);
  assert.match(t, /T is running[^\n]*\nC:\\Users\\User>hostname\nT\n$/);
});
