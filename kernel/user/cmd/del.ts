// del / erase: deletes files (wildcards * and ? in the name part).
import type { Command } from './shell.ts';
import { matchName } from './dir.ts';

export const del: Command = (sh, args) => {
  const names = args.filter((a) => !a.startsWith('/'));
  if (!names.length) { sh.out('The syntax of the command is incorrect.\n'); return 1; }
  let code = 0;
  for (const a of names) {
    const p = sh.full(a);
    const dir = p.slice(0, p.lastIndexOf('\\')) || 'C:', pattern = p.slice(p.lastIndexOf('\\') + 1);
    const st = sh.disk?.stat(p);
    if (st?.dir) {
      for (const e of sh.disk!.list(p).filter((x) => !x.dir)) sh.disk!.remove(`${p}\\${e.name}`);
      continue;
    }
    const hits = /[*?]/.test(pattern) ? (sh.disk?.stat(dir)?.dir ? sh.disk.list(dir).filter((e) => !e.dir && matchName(e.name, pattern)) : []) : st ? [{ name: pattern }] : [];
    if (!hits.length) { sh.out(`Could Not Find ${p}\n`); code = 1; continue; }
    for (const h of hits) sh.disk!.remove(`${dir}\\${h.name}`);
  }
  return code;
};
