// A debugger command: gets the session and the argument text, returns what WinDbg prints.
import type { KdSession } from '../session.ts';
export type Command = (s: KdSession, args: string, name: string) => Promise<string> | string;
export type CommandTable = Record<string, Command>;
