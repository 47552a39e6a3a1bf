// tasklist: the running processes as the kernel's process list has them (System, cmd.exe, programs), in
// tasklist's table; /FI "IMAGENAME eq x" and /FI "PID eq n" filter it.
import type { Command, Shell } from './shell.ts';

const num = (n: number) => n.toLocaleString('en-US');

export interface TaskRow { name: string; pid: number; session: string; sessionId: number; memK: number }

export function taskRows(sh: Shell): TaskRow[] {
  const rows: TaskRow[] = [{ name: 'System Idle Process', pid: 0, session: 'Services', sessionId: 0, memK: 8 }];
  for (const r of sh.um.k.ps.processes.values()) {
    if (r.exited) continue;
    const up = sh.um.processes.get(r.pid);
    const name = up?.name ?? r.name;
    const user = up ? up.session !== 0 : r.pid !== 4;
    rows.push({ name, pid: r.pid, session: user ? 'Console' : 'Services', sessionId: user ? 1 : 0, memK: up ? Math.ceil(up.memUsage / 1024) : r.pid === 4 ? 144 : 4_120 });
  }
  return rows;
}

export const tasklist: Command = (sh, args) => {
  let rows = taskRows(sh);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.toLowerCase();
    if (['/v', '/svc', '/nh', '/m', '/apps'].includes(a)) continue; // real switches: the plain table here
    if (a === '/fo' || a === '/s' || a === '/u' || a === '/p') { i++; continue; }
    if (a !== '/fi') { sh.out(`ERROR: Invalid argument/option - '${args[i]}'.\nType "TASKLIST /?" for usage.\n`); return 1; }
    const m = /^\s*(imagename|pid)\s+eq\s+(.+?)\s*$/i.exec(args[++i] ?? '');
    if (!m) { sh.out('ERROR: Invalid argument/option - \'' + (args[i] ?? '') + '\'.\nType "TASKLIST /?" for usage.\n'); return 1; }
    rows = rows.filter((r) => (m[1]!.toLowerCase() === 'pid' ? String(r.pid) === m[2] : r.name.toLowerCase() === m[2]!.toLowerCase()));
  }
  if (!rows.length) { sh.out('INFO: No tasks are running which match the specified criteria.\n'); return 0; }
  let t = '\nImage Name                     PID Session Name        Session#    Mem Usage\n';
  t += '========================= ======== ================ =========== ============\n';
  for (const r of rows) t += `${r.name.slice(0, 25).padEnd(25)} ${String(r.pid).padStart(8)} ${r.session.padEnd(16)} ${String(r.sessionId).padStart(11)} ${(num(r.memK) + ' K').padStart(12)}\n`;
  sh.out(t);
  return 0;
};
