// The provisioning lab walked end to end from its scenario: a fresh target whose firewall hides it (ping by name
// fails, then netsh opens Network Discovery and File and Printer Sharing and both computers ping each other), the
// wizard refused until msiexec installs WDK Test Target Setup, stopped by Secure Boot until the firmware turns it
// off, then provisioning over the network and a second target over a serial cable - each check against real state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertPassedThrough, walk } from './walk.ts';

test('Provisioning lab: every failure met and fixed once, then the wizard over network and over serial', { timeout: 600_000 }, async () => {
  const w = await walk('provision-target', 60);
  assertPassedThrough(w, 'provision-serial');
  assert.equal(w.ok, true, w.output.slice(-3000));
  const out = w.output.replace(/\r\n/g, '\n');
  // Each failure appears once, before its fix.
  const order = ['Ping request could not find host MyTestComputer.', 'Updated 1 rule(s).', 'Updated 2 rule(s).', 'Reply from 192.168.137.1: bytes=32',
    'error 10061', 'Secure Boot is enabled on the target computer.', 'Secure Boot Disabled',
    'Provisioning MyTestComputer completed successfully.', 'No serial cable is plugged into SerialTarget:COM1.', 'Provisioning SerialTarget completed successfully.'];
  let at = -1;
  for (const s of order) {
    const i = out.indexOf(s, at + 1);
    assert.ok(i > at, `"${s}" comes after the previous step's output\n${out.slice(-3000)}`);
    at = i;
  }
});
