// ipconfig: the machine's network adapter as the network stack configured it; with no adapter, only the title.
import type { Command } from './shell.ts';

// The switches ipconfig knows; anything else gets the error line and the syntax block, exit code 1.
const SWITCHES = ['/all', '/allcompartments', '/renew', '/release', '/renew6', '/release6', '/flushdns', '/displaydns', '/registerdns',
  '/showclassid', '/setclassid', '/showclassid6', '/setclassid6'];
const USAGE = `
USAGE:
    ipconfig [/allcompartments] [/? | /all |
                                 /renew [adapter] | /release [adapter] |
                                 /renew6 [adapter] | /release6 [adapter] |
                                 /flushdns | /displaydns | /registerdns |
                                 /showclassid adapter |
                                 /setclassid adapter [classid] |
                                 /showclassid6 adapter |
                                 /setclassid6 adapter [classid] ]

where
    adapter             Connection name
                       (wildcard characters * and ? allowed, see examples)

    Options:
       /?               Display this help message
       /all             Display full configuration information.
       /release         Release the IPv4 address for the specified adapter.
       /release6        Release the IPv6 address for the specified adapter.
       /renew           Renew the IPv4 address for the specified adapter.
       /renew6          Renew the IPv6 address for the specified adapter.
       /flushdns        Purges the DNS Resolver cache.
       /registerdns     Refreshes all DHCP leases and re-registers DNS names
       /displaydns      Display the contents of the DNS Resolver Cache.
       /showclassid     Displays all the dhcp class IDs allowed for adapter.
       /setclassid      Modifies the dhcp class id.
       /showclassid6    Displays all the IPv6 DHCP class IDs allowed for adapter.
       /setclassid6     Modifies the IPv6 DHCP class id.
`;

export const ipconfig: Command = (sh, args) => {
  const net = sh.um.machine.network;
  const sw = args[0]?.toLowerCase();
  if (sw === '/?') { sh.out(USAGE); return 0; }
  if (sw !== undefined && (!sw.startsWith('/') || !SWITCHES.includes(sw))) { sh.out(`\nError: unrecognized or incomplete command line.\n${USAGE}`); return 1; }
  const all = sw === '/all';
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
