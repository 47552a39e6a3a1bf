// The host's crash dump lines: `copy \\Target\C$\Windows\MEMORY.DMP <file>` copies a file from a target's
// administrative share to the host, and `windbg -z <file>` (or `kd -z`) opens a dump as a debugger session
// (from a host file, or straight from the share as WinDbg opens a UNC path). A share answers only while its
// target is running, as a machine stopped at a blue screen serves no files.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LabEngine } from '../engine/lab-engine.ts';
import { KdSession } from '../debugger/engine/session.ts';
import { openDump } from '../debugger/engine/dump-session.ts';
import { kdConsole } from '../debugger/engine/console.ts';
import type { Console } from './play.ts';

/** `\\Name\C$\rest` → the target and its path (C:\rest). */
export function parseShare(p: string): { target: string; path: string } | undefined {
  const m = /^\\\\([^\\]+)\\([A-Za-z])\$\\(.*)$/.exec(p);
  return m ? { target: m[1]!, path: `${m[2]!.toUpperCase()}:\\${m[3]}` } : undefined;
}

/** Read a file from a host path or a target's share; a Windows-like error when it cannot. */
export async function readHostOrShare(lab: () => Promise<LabEngine>, baseDir: string, file: string): Promise<Uint8Array> {
  const share = parseShare(file);
  if (!share) {
    try { return new Uint8Array(readFileSync(path.resolve(baseDir, file.replaceAll('\\', path.sep)))); } catch {
      throw new Error('The system cannot find the file specified.');
    }
  }
  const l = await lab();
  const name = l.targetNames().find((n) => n.toLowerCase() === share.target.toLowerCase());
  if (!name || l.status(name).state !== 'running') throw new Error('The network path was not found.');
  try {
    return await l.machineHost(name).request<Uint8Array>({ t: 'disk', op: 'read', path: share.path });
  } catch { throw new Error('The system cannot find the file specified.'); }
}

export async function copyLine(lab: () => Promise<LabEngine>, baseDir: string, args: string[]): Promise<string> {
  const [from, to] = args;
  if (!from || !to) return 'The syntax of the command is incorrect.';
  let bytes: Uint8Array;
  try { bytes = await readHostOrShare(lab, baseDir, from); } catch (e) { return (e as Error).message; }
  const dest = path.resolve(baseDir, to.replaceAll('\\', path.sep));
  writeFileSync(dest, bytes);
  return '        1 file(s) copied.';
}

/** `windbg -z <file>`: the banner; the session becomes the kd> console. */
export async function openDumpLine(lab: () => Promise<LabEngine>, baseDir: string, file: string, setKd: (c: Console) => void): Promise<string> {
  let bytes: Uint8Array;
  try { bytes = await readHostOrShare(lab, baseDir, file); } catch (e) {
    return `Could not open dump file [${file}], Win32 error 0n2\n    "${(e as Error).message}"`;
  }
  const s = new KdSession();
  s.workDir = baseDir;
  let banner: string;
  try { banner = await openDump(s, bytes, file); } catch {
    return `Could not open dump file [${file}], HRESULT 0x80004005\n    "Unspecified error"`;
  }
  setKd(kdConsole(s));
  return banner.replace(/^\n/, '');
}
