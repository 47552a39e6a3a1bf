// shutdown /r /t 0 (restart) and /s (power off): the machine does it; without a machine behind the target the
// request fails as Windows reports a shutdown it cannot start.
import type { Command } from './shell.ts';

export const shutdown: Command = (sh, args) => {
  const a = args.map((x) => x.toLowerCase());
  const restart = a.includes('/r'), off = a.includes('/s');
  if (!restart && !off) {
    sh.out('Usage: shutdown [/i | /l | /s | /sg | /r | /g | /a | /p | /h | /e | /o] [/hybrid] [/soft] [/fw] [/f]\n    [/m \\\\computer][/t xxx][/d [p|u:]xx:yy [/c "comment"]]\n');
    return 1;
  }
  const ti = a.indexOf('/t');
  const delay = ti >= 0 ? Number(a[ti + 1]) : 30;
  if (!Number.isInteger(delay) || delay < 0 || delay > 315360000) { sh.out('The parameter is incorrect.(87)\n'); return 87; }
  const power = sh.um.machine.shutdown;
  if (!power) { sh.out('The device is not ready.(21)\n'); return 21; }
  power(restart, delay);
  return 0;
};
