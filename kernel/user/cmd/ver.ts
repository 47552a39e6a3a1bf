// ver: the Windows version line (the same version the banner, GetVersion and the kernel report).
import type { Command } from './shell.ts';

export const ver: Command = (sh) => {
  const v = sh.um.osVersion;
  sh.out(`\nMicrosoft Windows [Version ${v.major}.${v.minor}.${v.build}.${v.revision}]\n`);
  return 0;
};
