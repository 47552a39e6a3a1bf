// ping <name>: ICMP echo through the machine's network stack. Without a network stack on the target, the name
// cannot be resolved, which is what ping reports (exit code 1).
import type { Command } from './shell.ts';

export const ping: Command = (sh, args) => {
  const host = args.find((a) => !a.startsWith('-') && !a.startsWith('/'));
  if (!host) { sh.out('\nUsage: ping [-t] [-n count] [-l size] [-w timeout] target_name\n'); return 1; }
  const net = sh.um.machine.network;
  if (!net?.ping) { sh.out(`Ping request could not find host ${host}. Please check the name and try again.\n`); return 1; }
  return net.ping(host, (text) => sh.out(text));
};
