// cls: clears the console window.
import type { Command } from './shell.ts';

export const cls: Command = (sh) => { sh.console.clear(); return 0; };
