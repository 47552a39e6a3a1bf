// mkdir / md: creates a directory and any missing parents.
import type { Command } from './shell.ts';

export const mkdir: Command = (sh, args) => {
  if (!args.length) { sh.out('The syntax of the command is incorrect.\n'); return 1; }
  let code = 0;
  for (const a of args) {
    const p = sh.full(a);
    if (sh.disk?.stat(p)) { sh.out(`A subdirectory or file ${a} already exists.\n`); code = 1; continue; }
    try { sh.disk?.mkdir(p); } catch { sh.out('The system cannot find the path specified.\n'); code = 1; }
  }
  return code;
};
