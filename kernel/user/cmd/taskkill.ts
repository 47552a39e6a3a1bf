// taskkill: ends programs by /PID or /IM (with /F, as console programs need); System and cmd itself refuse.
import type { Command } from './shell.ts';

export const taskkill: Command = (sh, args) => {
  const force = args.some((a) => a.toLowerCase() === '/f');
  const targets: { by: 'pid' | 'im'; value: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.toLowerCase();
    if (a === '/pid' || a === '/im') targets.push({ by: a === '/pid' ? 'pid' : 'im', value: args[++i] ?? '' });
  }
  if (!targets.length) { sh.out('ERROR: Invalid syntax. Neither /FI nor /PID nor /IM were specified.\nType "TASKKILL /?" for usage.\n'); return 1; }
  let code = 0;
  for (const t of targets) {
    const procs = t.by === 'pid' ? [...sh.um.processes.values()].filter((p) => String(p.pid) === t.value && p.state !== 'exited') : sh.um.findByName(t.value);
    if (!procs.length) {
      const system = t.by === 'pid' ? ['0', '4', String(sh.pid)].includes(t.value) : /^(system|cmd\.exe)$/i.test(t.value);
      sh.out(system ? `ERROR: The process with PID ${t.value} could not be terminated.\nReason: Access is denied.\n` : `ERROR: The process "${t.value}" not found.\n`);
      code = system ? 1 : 128; // taskkill's exit codes: 1 refused, 128 no such process
      continue;
    }
    for (const p of procs) {
      if (!force) { sh.out(`ERROR: The process with PID ${p.pid} could not be terminated.\nReason: This process can only be terminated forcefully (with /F option).\n`); code = 1; continue; }
      sh.um.terminate(p, 1);
      sh.out(t.by === 'pid' ? `SUCCESS: The process with PID ${p.pid} has been terminated.\n` : `SUCCESS: The process "${p.name}" with PID ${p.pid} has been terminated.\n`);
    }
  }
  return code;
};
