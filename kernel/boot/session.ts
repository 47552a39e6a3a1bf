// The interactive session on the machine's console: user mode with cmd.exe, its output going to the machine's
// console stream and the keyboard's lines coming in from it; the facilities the command-line tools reach
// (ipconfig's adapter, ping's echo requests, netsh's firewall, shutdown's power control).
import type { Machine } from '../../main/machine/machine.ts';
import type { Layouts } from '../layout/layouts.ts';
import type { Kernel } from '../ntos/kernel.ts';
import { UserMode, type MachineFacilities } from '../user/usermode.ts';
import { CommandPrompt } from '../user/cmd/shell.ts';
import { applyFirewall } from './firewall.ts';

export interface Session { um: UserMode; cmd: CommandPrompt }

export function startSession(m: Machine, k: Kernel, o: { layouts: Layouts; computerName: string; shutdown: MachineFacilities['shutdown'] }): Session {
  const c = m.config;
  const machine: MachineFacilities = {
    network: {
      ip: c.ip, netmask: c.netmask ?? '255.255.255.0', gateway: c.gateway, mac: m.nic.macAddress,
      resolve: async (name) => (m.net ? m.net.resolve(name) : undefined),
      echo: async (ip, e) => (m.net ? m.net.ping(ip, e) : { kind: 'failure' }),
    },
    sleep: (ms) => m.sleep(ms),
    firewallChanged: () => applyFirewall(m, k.registry),
    shutdown: o.shutdown,
  };
  const um = new UserMode(k, { layouts: o.layouts, disk: m.disk, computerName: o.computerName, userName: c.userName ?? 'User', machine });
  um.console.onOutput((text) => m.consoleWrite(text));
  let partial = '';
  // Keystrokes arrive as text; each completed line goes to the console's input buffer; Ctrl+C (ETX) drops the
  // line being typed and interrupts what runs.
  m.onConsoleInput = (text) => {
    const pieces = text.split('\x03');
    pieces.forEach((piece, i) => {
      if (i > 0) { partial = ''; um.console.interrupt(); }
      partial += piece;
      const lines = partial.split(/\r\n|\r|\n/);
      partial = lines.pop() ?? '';
      for (const line of lines) um.console.input(line);
    });
  };
  const cmd = new CommandPrompt(um);
  cmd.start();
  return { um, cmd };
}
