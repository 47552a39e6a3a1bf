// ipconfig: the machine's network adapter as the network stack configured it; with no adapter, only the title.
import type { Command } from './shell.ts';

export const ipconfig: Command = (sh, args) => {
  const net = sh.um.machine.network;
  const all = args.some((a) => a.toLowerCase() === '/all');
  let t = '\nWindows IP Configuration\n\n';
  if (all) t += `   Host Name . . . . . . . . . . . . : ${sh.um.computerName}\n   Primary Dns Suffix  . . . . . . . :\n   Node Type . . . . . . . . . . . . : Hybrid\n   IP Routing Enabled. . . . . . . . : No\n   WINS Proxy Enabled. . . . . . . . : No\n\n`;
  if (net) {
    t += '\nEthernet adapter Ethernet:\n\n   Connection-specific DNS Suffix  . :\n';
    if (all) t += `   Description . . . . . . . . . . . : Intel(R) PRO/1000 MT Network Connection\n   Physical Address. . . . . . . . . : ${net.mac.toUpperCase().replace(/:/g, '-')}\n   DHCP Enabled. . . . . . . . . . . : No\n   Autoconfiguration Enabled . . . . : Yes\n`;
    t += `   IPv4 Address. . . . . . . . . . . : ${net.ip}${all ? '(Preferred)' : ''}\n   Subnet Mask . . . . . . . . . . . : ${net.netmask}\n   Default Gateway . . . . . . . . . : ${net.gateway ?? ''}\n`;
  }
  sh.out(t);
  return 0;
};
