// echo: prints its text as typed; alone it reports the echo state; `echo.` prints an empty line.
import type { Command } from './shell.ts';

export const echo: Command = (sh, _args, raw) => {
  if (!raw.trim()) { sh.out('ECHO is on.\n'); return 0; }
  if (/^(on|off)$/i.test(raw.trim())) return 0;
  sh.out(raw + '\n');
  return 0;
};
