// Source mode: l+/l- (t: step by source line, l: source line number at the prompt, s: the source line at the
// prompt, o: only the source line), .lines, and the source line text a stop shows (`>   42:     status = 0;`).
// Source files are found where the DWARF names them, else by name in the .srcpath folders.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hostPath } from '../modules.ts';
import type { KdSession } from '../session.ts';
import type { CommandTable } from './types.ts';

export interface SourceOptions { t: boolean; l: boolean; s: boolean; o: boolean }

const OPTION_BITS: [keyof SourceOptions, number, string][] = [
  ['t', 1, 'Step/trace by source line'], ['l', 2, 'List source line at prompt'],
  ['s', 4, 'List source code at prompt'], ['o', 8, 'Only show source code at prompt'],
];

function optionsText(o: SourceOptions): string {
  const on = OPTION_BITS.filter(([k]) => o[k]);
  return [`Source options are ${on.reduce((n, [, b]) => n | b, 0).toString(16)}:`, ...on.map(([, b, t]) => `${String(b).padStart(6)}/${OPTION_BITS.find(([, x]) => x === b)![0]} - ${t}`)].join('\n');
}

function setOption(s: KdSession, on: boolean, which: string): string {
  const k = which.trim();
  if (!k) return optionsText(s.sourceOptions);
  if (k === '*') for (const [key] of OPTION_BITS) s.sourceOptions[key] = on;
  else if (['t', 'l', 's', 'o'].includes(k[0]!)) s.sourceOptions[k[0] as keyof SourceOptions] = on;
  else return `       ^ Syntax error in 'l${on ? '+' : '-'}${k}'`;
  return optionsText(s.sourceOptions);
}

/** The text of a source file the DWARF names: at that path, else by its name under a .srcpath folder. */
const fileCache = new Map<string, string[] | null>();
export function sourceText(s: KdSession, file: string): string[] | undefined {
  const base = file.split(/[\\/]/).pop()!;
  const candidates = [hostPath(file, s.workDir)];
  for (const dir of s.srcpath) if (!dir.toLowerCase().startsWith('srv*')) candidates.push(...findByName(hostPath(dir, s.workDir), base, 3));
  for (const c of candidates) {
    if (!fileCache.has(c)) { try { fileCache.set(c, readFileSync(c, 'utf8').split(/\r?\n/)); } catch { fileCache.set(c, null); } }
    const t = fileCache.get(c);
    if (t) return t;
  }
  return undefined;
}

function findByName(dir: string, name: string, depth: number): string[] {
  if (!existsSync(dir)) return [];
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  const out = names.filter((n) => n.toLowerCase() === name.toLowerCase()).map((n) => path.join(dir, n));
  if (depth > 0) for (const n of names) { const p = path.join(dir, n); try { if (statSync(p).isDirectory()) out.push(...findByName(p, name, depth - 1)); } catch { /* unreadable */ } }
  return out;
}

/** The line shown at the prompt with l+s: `>   42:     status = 0;` (or nothing when the source is not found). */
export function promptSourceLine(s: KdSession, pc: bigint): string | undefined {
  if (!s.linesEnabled || !s.sourceOptions.s) return undefined;
  const at = s.symbolAt(pc);
  const m = at?.module;
  const li = m?.symbols?.lineForAddress(Number(pc - m.base));
  if (!li?.line) return undefined;
  const text = sourceText(s, li.file)?.[li.line - 1];
  return text === undefined ? undefined : `>${String(li.line).padStart(5)}: ${text}`;
}

export const sourceCommands: CommandTable = {
  'l+': (s, a) => setOption(s, true, a), 'l-': (s, a) => setOption(s, false, a),
  ...Object.fromEntries(['t', 'l', 's', 'o', '*'].flatMap((k) => [[`l+${k}`, (s: KdSession) => setOption(s, true, k)], [`l-${k}`, (s: KdSession) => setOption(s, false, k)]])),
  '.lines': (s, a) => {
    const arg = a.trim();
    s.linesEnabled = arg === '-e' ? true : arg === '-d' ? false : !s.linesEnabled;
    return `Line number information will be ${s.linesEnabled ? 'loaded' : 'ignored'}`;
  },
};
