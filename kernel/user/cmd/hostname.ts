// hostname: the computer name; it takes no arguments.
import type { Command } from './shell.ts';

export const hostname: Command = (sh, args) => {
  if (args.length) { sh.out('sethostname: Use the Network Control Panel Applet to set hostname.\nhostname -s is not supported.\n'); return 1; }
  sh.out(sh.um.computerName + '\n');
  return 0;
};
