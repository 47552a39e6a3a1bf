// dir: the directory listing with cmd's header, date/time columns, <DIR> marks, sizes with separators and the
// totals lines; wildcards in the last component.
import type { FsEntry } from '../../../main/machine/devices/disk.ts';
import type { Command } from './shell.ts';

/** Windows wildcard match (* any run, ? one character), case-insensitive. */
export function matchName(name: string, pattern: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(name) || (pattern === '*.*');
}

const num = (n: number) => n.toLocaleString('en-US');
function stamp(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = d.getUTCHours() % 12 || 12;
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}  ${pad(h)}:${pad(d.getUTCMinutes())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

export const dir: Command = (sh, args) => {
  const disk = sh.disk;
  const target = sh.full(args.find((a) => !a.startsWith('/')) ?? '.');
  sh.out(' Volume in drive C has no label.\n Volume Serial Number is 5A1B-2C3D\n');
  let folder = target, pattern = '*';
  const st = disk?.stat(target);
  if (!st || !st.dir) { folder = target.slice(0, target.lastIndexOf('\\')) || 'C:'; pattern = target.slice(target.lastIndexOf('\\') + 1); }
  if (!disk?.stat(folder)?.dir) { sh.out('The system cannot find the path specified.\n'); return 1; }
  sh.out(`\n Directory of ${folder.length === 2 ? folder + '\\' : folder}\n\n`);
  const entries: (FsEntry & { shown: string })[] = disk.list(folder).filter((e) => matchName(e.name, pattern)).map((e) => ({ ...e, shown: e.name }));
  const self = disk.stat(folder)!;
  if (pattern === '*' && folder.length > 2) entries.unshift({ ...self, shown: '.' }, { ...self, shown: '..' });
  if (!entries.length) { sh.out('File Not Found\n'); return 1; }
  let files = 0, dirs = 0, bytes = 0;
  for (const e of entries) {
    if (e.dir) { dirs++; sh.out(`${stamp(e.modified)}    <DIR>          ${e.shown}\n`); }
    else { files++; bytes += e.size; sh.out(`${stamp(e.modified)}    ${num(e.size).padStart(14)} ${e.shown}\n`); }
  }
  sh.out(`${String(files).padStart(16)} File(s) ${num(bytes).padStart(14)} bytes\n`);
  sh.out(`${String(dirs).padStart(16)} Dir(s) ${num(127_326_597_120).padStart(15)} bytes free\n`);
  return 0;
};
