// cd / chdir: shows or changes the current directory (C: is the only drive; `cd /d` is accepted).
import type { Command } from './shell.ts';

export const cd: Command = (sh, args, raw) => {
  let target = raw.trim().replace(/^\/d\s+/i, '').replace(/^"(.*)"$/, '$1');
  if (/^[a-zA-Z]:$/.test(target) && !args.length) { if (target.toUpperCase() !== 'C:') { sh.out('The system cannot find the drive specified.\n'); return 1; } return 0; }
  if (!target) { sh.out(sh.cwd + '\n'); return 0; }
  if (/^[a-zA-Z]:/.test(target) && target[0]!.toUpperCase() !== 'C') { sh.out('The system cannot find the path specified.\n'); return 1; }
  target = sh.full(target);
  const st = sh.disk?.stat(target);
  if (!st) { sh.out('The system cannot find the path specified.\n'); return 1; }
  if (!st.dir) { sh.out('The directory name is invalid.\n'); return 1; }
  // Keep the case the disk has for each component, as cmd shows it.
  const parts = target.split('\\').filter(Boolean);
  let real = 'C:';
  for (const p of parts.slice(1)) real += '\\' + (sh.disk!.list(real + '\\').find((e) => e.name.toLowerCase() === p.toLowerCase())?.name ?? p);
  sh.cwd = parts.length > 1 ? real : 'C:\\';
  return 0;
};
