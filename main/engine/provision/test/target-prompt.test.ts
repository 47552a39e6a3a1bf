// The target's command prompt as the seed's "Prepare the target computer" steps use it, on real targets booted in
// workers and joined by the lab switch: ping by name over the virtual network (a built-in that finishes later),
// netsh advfirewall changing the firewall the network stack obeys, and msiexec installing WDK Test Target Setup,
// whose agent the host then reaches. Output and error paths in Windows' words.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { LabEngine } from '../../lab-engine.ts';
import { targetKernel } from '../../../cli/target-kernel.ts';
import { parseIp } from '../../../net/addr.ts';
import { TargetConsole } from '../../../cli/target-console.ts';
import type { TargetPreparation } from '../prepare.ts';
import { startTarget } from './lab-target.ts';
import { AgentClient, socketError, WSAECONNREFUSED } from '../agent-client.ts';
import { TEST_TARGET_SETUP_MSI } from '../../../../kernel/boot/agent/msi.ts';

let lab: LabEngine;
before(async () => { lab = new LabEngine({ kernel: await targetKernel(), watchdogMs: 0 }); });
after(async () => { await lab.shutdown(); });

const target = (name: string, prep: TargetPreparation) => startTarget(lab, name, prep);

const CLOSED: TargetPreparation = { testTargetSetup: false, secureBoot: true, fileSharing: false, networkDiscovery: false };

test('ping at the target prompt: echo requests over the lab switch, unknown names, a firewall that drops them, redirection, bad options', async () => {
  const { con: b } = await target('Prepared', {});
  const { con: a, ip: aIp } = await target('Fresh', CLOSED);

  const host = await b.run('ping HOST');
  assert.match(host, /^\nPinging HOST \[192\.168\.137\.1\] with 32 bytes of data:\n(Reply from 192\.168\.137\.1: bytes=32 time(<1|=\d+)ms TTL=128\n){4}\nPing statistics for 192\.168\.137\.1:\n {4}Packets: Sent = 4, Received = 4, Lost = 0 \(0% loss\),\nApproximate round trip times in milli-seconds:\n {4}Minimum = \d+ms, Maximum = \d+ms, Average = \d+ms\n$/);
  assert.equal(await b.run('echo %ERRORLEVEL%'), '0\n');

  assert.equal(await b.run('ping NoSuchComputer'), 'Ping request could not find host NoSuchComputer. Please check the name and try again.\n');
  assert.equal(await b.run('echo %ERRORLEVEL%'), '1\n');
  // Fresh's firewall drops name queries (Network Discovery) and echo requests (File and Printer Sharing).
  assert.match(await b.run('ping Fresh'), /^Ping request could not find host Fresh\./);
  assert.equal(await a.run('netsh advfirewall firewall set rule group="Network Discovery" new enable=yes'), '\nUpdated 1 rule(s).\nOk.\n\n');
  const dropped = await b.run('ping -n 2 -w 500 Fresh');
  assert.equal(dropped, `\nPinging Fresh [${aIp}] with 32 bytes of data:\nRequest timed out.\nRequest timed out.\n\nPing statistics for ${aIp}:\n    Packets: Sent = 2, Received = 0, Lost = 2 (100% loss),\n`);
  assert.equal(await b.run('echo %ERRORLEVEL%'), '1\n');
  assert.equal(await a.run('netsh advfirewall firewall set rule group="File and Printer Sharing" new enable=yes'), '\nUpdated 2 rule(s).\nOk.\n\n');
  assert.match(await b.run('ping -n 1 -l 64 Fresh'), new RegExp(`Reply from ${aIp.replace(/\./g, '\\.')}: bytes=64 time`));
  // The target pings the host back by name, and the output of a built-in that finishes later still redirects.
  assert.equal(await a.run('ping -n 2 HOST > C:\\ping.txt'), '');
  assert.match(await a.run('type C:\\ping.txt'), /^\nPinging HOST \[192\.168\.137\.1\] with 32 bytes of data:\nReply from[^\n]*\nReply from[^\n]*\n\nPing statistics for 192\.168\.137\.1:\n {4}Packets: Sent = 2, Received = 2, Lost = 0 \(0% loss\),/);

  // Its own name and the loopback address answer without the network.
  assert.match(await a.run('ping -n 1 Fresh'), new RegExp(`^\\nPinging Fresh \\[${aIp.replace(/\./g, '\\.')}\\] with 32 bytes of data:\\nReply from ${aIp.replace(/\./g, '\\.')}: bytes=32 time<1ms TTL=128\\n`));
  assert.match(await a.run('ping -n 1 127.0.0.1'), /^\nPinging 127\.0\.0\.1 with 32 bytes of data:\nReply from 127\.0\.0\.1: bytes=32 time<1ms TTL=128\n/);
  // With its cable unplugged, a target cannot send: a name it has not cached is not found, an address fails to transmit.
  lab.unplug({ kind: 'net', end: 'Fresh' });
  assert.match(await a.run('ping -n 1 Prepared'), /^Ping request could not find host Prepared\./);
  assert.equal(await a.run('ping -n 2 192.168.137.1'), '\nPinging 192.168.137.1 with 32 bytes of data:\nPING: transmit failed. General failure.\nPING: transmit failed. General failure.\n\nPing statistics for 192.168.137.1:\n    Packets: Sent = 2, Received = 0, Lost = 2 (100% loss),\n');
  lab.cable({ kind: 'net', a: 'host', b: 'Fresh' });
  // ping -t runs until Ctrl+C, then prints the statistics so far, Control-C and ^C.
  const mark = b.text.length;
  lab.machineHost('Prepared').post({ t: 'console-in', text: 'ping -t HOST\r\n' });
  await b.waitFor(() => ((b.text.slice(mark).match(/Reply from/g) ?? []).length >= 3 ? true : undefined), 60_000, 'three replies');
  lab.machineHost('Prepared').post({ t: 'console-in', text: '\x03' });
  await b.ready();
  const stoppedPing = b.text.slice(mark).replace(/\r\n/g, '\n');
  assert.match(stoppedPing, /^ping -t HOST\n\nPinging HOST \[192\.168\.137\.1\] with 32 bytes of data:\n(Reply from[^\n]*\n){3,}\nPing statistics for 192\.168\.137\.1:\n {4}Packets: Sent = (\d+), Received = \2, Lost = 0 \(0% loss\),\nApproximate round trip times in milli-seconds:\n[^\n]*\nControl-C\n\^C\nC:\\Users\\User>$/);
  assert.equal(await b.run('echo %ERRORLEVEL%'), '-1073741510\n');
  assert.match(await b.run('ping -x HOST'), /^Bad option -x\.\n\nUsage: ping /);
  assert.equal(await b.run('ping -n 0 HOST'), 'Bad value for option -n, valid range is from 1 to 4294967295.\n');
  assert.match(await b.run('ping'), /^\nUsage: ping \[-t\] \[-n count\]/);
});

test('netsh advfirewall: show rule, a group that matches nothing, missing parameters, profiles off and on again (the network stack obeys)', async () => {
  const { con: a, ip } = await target('Walled', CLOSED);
  const echoRule = 'name="File and Printer Sharing (Echo Request - ICMPv4-In)"';
  assert.equal(await a.run(`netsh advfirewall firewall show rule ${echoRule}`),
    '\nRule Name:                            File and Printer Sharing (Echo Request - ICMPv4-In)\n' +
    '----------------------------------------------------------------------\n' +
    'Enabled:                              No\nDirection:                            In\nProfiles:                             Domain,Private,Public\n' +
    'Grouping:                             File and Printer Sharing\nLocalIP:                              Any\nRemoteIP:                             Any\n' +
    'Protocol:                             ICMPv4\n                                      Type    Code\n                                      8       Any\n' +
    'Edge traversal:                       No\nAction:                               Allow\nOk.\n\n');
  assert.match(await a.run('netsh advfirewall firewall show rule name="Network Discovery (LLMNR-UDP-In)"'), /Protocol: {29}UDP\nLocalPort: {28}5355\nRemotePort: {27}Any\n/);
  assert.equal(await a.run('netsh advfirewall firewall set rule group="Remote Desktop" new enable=yes'), '\nNo rules match the specified criteria.\n\n');
  assert.equal(await a.run('echo %ERRORLEVEL%'), '1\n');
  assert.equal(await a.run('netsh advfirewall firewall set rule group="Network Discovery" enable=yes'), 'One or more essential parameters were not entered.\nVerify the required parameters, and reenter them.\n\n');
  assert.equal(await a.run('netsh advfirewall firewall set rule group="Network Discovery" new enable=maybe'), 'A specified value is not valid.\n\n');
  assert.equal(await a.run('netsh advfirewall frobnicate'), 'The following command was not found: advfirewall frobnicate.\n');

  const hostPing = async () => (await lab.ping('host', ip, { count: 1, timeoutMs: 500 })).results[0]?.kind;
  assert.equal(await hostPing(), 'timeout', 'the echo rule is off');
  assert.equal(await a.run('netsh advfirewall set allprofiles state off'), 'Ok.\n\n');
  assert.match(await a.run('netsh advfirewall show currentprofile state'), /^\nPublic Profile Settings: \n-{70}\nState {33}OFF\nOk\.\n\n$/);
  assert.equal(await hostPing(), 'reply', 'with the firewall off everything is let in');
  assert.equal((await lab.ping('host', 'Walled', { count: 1 })).ip, ip, 'name queries are answered too');
  assert.equal(await a.run('netsh advfirewall set publicprofile state on'), 'Ok.\n\n');
  assert.equal(await hostPing(), 'timeout', 'the rules hold again');
  assert.equal(await a.run('netsh advfirewall set allprofiles state sideways'), 'A specified value is not valid.\n\n');

  // A target whose disk was never prepared has the rules too, as its network stack's defaults stand (open).
  await lab.newTarget('Plain');
  lab.cable({ kind: 'net', a: 'host', b: 'Plain' });
  const plain = new TargetConsole(lab, 'Plain');
  await lab.power('Plain', true);
  await lab.waitFor('Plain', ['running']);
  await plain.ready();
  assert.match(await plain.run(`netsh advfirewall firewall show rule ${echoRule}`), /\nEnabled: {30}Yes\n/);
  assert.equal(await plain.run('netsh advfirewall firewall set rule group="File and Printer Sharing" new enable=no'), '\nUpdated 2 rule(s).\nOk.\n\n');
  assert.equal((await lab.ping('host', 'Plain', { count: 1, timeoutMs: 500 })).results[0]?.kind, 'timeout');
});

test('msiexec installs WDK Test Target Setup: its agent runs as a service the host reaches; a missing or broken package fails with 1619/1620', async () => {
  const { con: a, ip } = await target('Installer', { testTargetSetup: false });
  const agent = async () => { try { (await AgentClient.connect(lab, parseIp(ip))).close(); return 'connected'; } catch (e) { return socketError(e); } };
  assert.equal(await agent(), WSAECONNREFUSED, 'nothing listens before the install');
  assert.match(await a.run('sc query WdkTestTargetAgent'), /FAILED 1060/);

  assert.equal(await a.run('msiexec /i C:\\Users\\User\\Downloads\\nothere.msi'),
    'This installation package could not be opened.  Verify that the package exists and that you can access it, or contact the application vendor to verify that this is a valid Windows Installer package.\n');
  assert.equal(await a.run('echo %ERRORLEVEL%'), '1619\n');
  await a.run('echo not a package > C:\\broken.msi');
  assert.equal(await a.run('msiexec /i C:\\broken.msi'), 'This installation package could not be opened.  Contact the application vendor to verify that this is a valid Windows Installer package.\n');
  assert.equal(await a.run('msiexec /i C:\\broken.msi /quiet'), '');
  assert.equal(await a.run('echo %ERRORLEVEL%'), '1620\n');
  assert.match(await a.run('msiexec'), /^Windows \(R\) Installer\. V 5\.0\.19041\.1\n/);
  assert.equal(await a.run('echo %ERRORLEVEL%'), '1639\n');

  assert.equal(await a.run(`msiexec /i "${TEST_TARGET_SETUP_MSI}" /quiet`), '');
  assert.equal(await a.run('echo %ERRORLEVEL%'), '0\n');
  assert.match(await a.run('sc query WdkTestTargetAgent'), /TYPE {15}: 10 {2}WIN32_OWN_PROCESS[\s\S]*STATE {14}: 4 {2}RUNNING/);
  assert.match(await a.run('dir C:\\DriverTest'), /Directory of C:\\DriverTest/);
  assert.equal(await agent(), 'connected', 'the host reaches the agent the MSI installed');

  assert.match(await a.run('sc stop WdkTestTargetAgent'), /^\nSERVICE_NAME: WdkTestTargetAgent\n[\s\S]*STATE {14}: 1 {2}STOPPED\n/);
  assert.equal(await agent(), WSAECONNREFUSED, 'a stopped agent listens no more');
  assert.match(await a.run('sc start WdkTestTargetAgent'), /STATE {14}: 4 {2}RUNNING\n {32}\(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN\)\n/);
  assert.equal(await agent(), 'connected');

  // Installed twice is a repair; then removal takes the service and the program away.
  assert.equal(await a.run(`cd "C:\\Program Files (x86)\\Windows Kits\\10\\Remote\\x64"`), '');
  assert.equal(await a.run('msiexec /i "WDK Test Target Setup x64-x64_en-us.msi"'), 'Product: WDK Test Target Setup x64 -- Installation completed successfully.\n');
  assert.equal(await a.run('msiexec /x "WDK Test Target Setup x64-x64_en-us.msi"'), 'Product: WDK Test Target Setup x64 -- Removal completed successfully.\n');
  assert.match(await a.run('sc query WdkTestTargetAgent'), /FAILED 1060/);
  assert.equal(await agent(), WSAECONNREFUSED);
  assert.equal(await a.run('msiexec /x "WDK Test Target Setup x64-x64_en-us.msi"'), 'This action is only valid for products that are currently installed.\n');
});
