// type: prints files' contents; with several names each is headed by its name (on stderr in Windows).
import type { Command } from './shell.ts';

export const type: Command = (sh, args) => {
  if (!args.length) { sh.out('The syntax of the command is incorrect.\n'); return 1; }
  let code = 0;
  for (const a of args) {
    const p = sh.full(a), st = sh.disk?.stat(p);
    if (!st) { sh.out('The system cannot find the file specified.\n'); code = 1; continue; }
    if (st.dir) { sh.out('Access is denied.\n'); code = 1; continue; }
    if (args.length > 1) sh.out(`\n${a}\n\n\n`);
    sh.out(sh.disk!.readText(p).replace(/\r\n/g, '\n'));
  }
  return code;
};
