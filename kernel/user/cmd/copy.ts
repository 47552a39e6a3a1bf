// copy: copies a file to a file or into a directory.
import type { Command } from './shell.ts';

export const copy: Command = (sh, args) => {
  const names = args.filter((a) => !a.startsWith('/'));
  if (!names.length) { sh.out('The syntax of the command is incorrect.\n'); return 1; }
  const src = sh.full(names[0]!);
  const st = sh.disk?.stat(src);
  if (!st || st.dir) { sh.out('The system cannot find the file specified.\n        0 file(s) copied.\n'); return 1; }
  let dst = sh.full(names[1] ?? '.');
  if (sh.disk!.stat(dst)?.dir) dst = `${dst.replace(/\\$/, '')}\\${src.slice(src.lastIndexOf('\\') + 1)}`;
  if (dst.toLowerCase() === src.toLowerCase()) { sh.out('The file cannot be copied onto itself.\n        0 file(s) copied.\n'); return 1; }
  try { sh.disk!.writeFile(dst, sh.disk!.readFile(src)); } catch { sh.out('The system cannot find the path specified.\n        0 file(s) copied.\n'); return 1; }
  sh.out('        1 file(s) copied.\n');
  return 0;
};
