// set: lists the environment, shows variables starting with a prefix, or sets/clears one (NAME=value).
import type { Command } from './shell.ts';

export const set: Command = (sh, _args, raw) => {
  const text = raw.trim();
  const sorted = () => [...sh.env.entries()].sort((a, b) => a[0].toLowerCase().localeCompare(b[0].toLowerCase()));
  if (!text) { for (const [k, v] of sorted()) sh.out(`${k}=${v}\n`); return 0; }
  const eq = text.indexOf('=');
  if (eq < 0) {
    const rows = sorted().filter(([k]) => k.toLowerCase().startsWith(text.toLowerCase()));
    if (!rows.length) { sh.out(`Environment variable ${text} not defined\n`); return 1; }
    for (const [k, v] of rows) sh.out(`${k}=${v}\n`);
    return 0;
  }
  const name = text.slice(0, eq), value = text.slice(eq + 1);
  if (!name) { sh.out('The syntax of the command is incorrect.\n'); return 1; }
  const existing = [...sh.env.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  if (existing !== undefined) sh.env.delete(existing);
  if (value) sh.env.set(existing ?? name, value);
  return 0;
};
