// The command prompt's built-in commands and the tools it ships with, by the names cmd accepts.
import type { Command } from './shell.ts';
import { echo } from './echo.ts';
import { cls } from './cls.ts';
import { ver } from './ver.ts';
import { hostname } from './hostname.ts';
import { set } from './set.ts';
import { cd } from './cd.ts';
import { mkdir } from './mkdir.ts';
import { type } from './type.ts';
import { del } from './del.ts';
import { copy } from './copy.ts';
import { dir } from './dir.ts';
import { sc } from './sc.ts';
import { tasklist } from './tasklist.ts';
import { taskkill } from './taskkill.ts';
import { reg } from './reg.ts';
import { wevtutil } from './wevtutil.ts';
import { bcdedit } from './bcdedit.ts';
import { ipconfig } from './ipconfig.ts';
import { ping } from './ping.ts';
import { shutdown } from './shutdown.ts';
import { devcon } from './devcon.ts';
import { pnputil } from './pnputil.ts';
import { netsh } from './netsh.ts';
import { msiexec } from './msiexec.ts';

export const commands: Record<string, Command> = {
  echo, cls, ver, hostname, set, cd, chdir: cd, mkdir, md: mkdir, type, del, erase: del, copy, dir,
  sc, tasklist, taskkill, reg, wevtutil, bcdedit, ipconfig, ping, shutdown, devcon, pnputil, netsh, msiexec,
};
