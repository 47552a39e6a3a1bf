// The command line: splits the command name from its arguments and dispatches to the command modules. Names
// WinDbg does not know get its syntax error; unknown extensions `No export … found`.
import type { KdSession } from '../session.ts';
import { ExprError } from '../expr.ts';
import { TargetMemoryError } from '../memory.ts';
import type { CommandTable } from './types.ts';
import { execCommands } from './exec.ts';
import { breakpointCommands } from './breakpoints.ts';
import { stackCommands } from './stack.ts';
import { dataCommands } from './data.ts';
import { moduleCommands } from './modules.ts';
import { targetCommands } from './target.ts';
import { miscCommands } from './misc.ts';
import { codeCommands } from './code.ts';
import { processCommands } from './process.ts';
import { objectCommands } from './object.ts';
import { poolCommands } from './pool.ts';
import { pnpCommands } from './pnp.ts';
import { wdfCommands } from './wdf.ts';
import { sourceCommands } from './source.ts';

const table: CommandTable = { ...execCommands, ...breakpointCommands, ...stackCommands, ...dataCommands, ...moduleCommands, ...targetCommands, ...miscCommands, ...codeCommands, ...processCommands, ...objectCommands, ...poolCommands, ...pnpCommands, ...wdfCommands, ...sourceCommands };

/** Longest command names first, so `bl` is not read as `b` + `l`. */
const names = Object.keys(table).sort((a, b) => b.length - a.length);

export function commandNames(): string[] { return Object.keys(table).sort(); }

export async function runCommand(s: KdSession, line: string): Promise<string> {
  const text = line.trim();
  if (!text) return '';
  const lower = text.toLowerCase();
  let name = names.find((n) => lower === n || (lower.startsWith(n) && /^[\s/;]/.test(text.slice(n.length)))) ??
    // WinDbg also takes some commands glued to their argument (dd0x1000 is rare; `??expr`, `?expr`).
    (lower.startsWith('??') ? '??' : lower.startsWith('?') ? '?' : undefined);
  if (!name) {
    if (text.startsWith('!')) return `No export ${text.slice(1).split(/\s/)[0]} found`;
    return `       ^ Syntax error in '${text}'`;
  }
  const args = text.slice(name.length).trim();
  try {
    return await table[name]!(s, args, name);
  } catch (e) {
    if (e instanceof ExprError) return e.message;
    if (e instanceof TargetMemoryError) return `Memory access error at '${args}'`;
    throw e;
  }
}
