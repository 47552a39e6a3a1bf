// The kernel's file reads (driver images, INFs, programs) served from the machine's disk: NT paths as the I/O
// manager and the loader use them (\SystemRoot\..., \??\C:\..., C:\...) mapped to the disk's C: tree.
import type { Disk } from '../../main/machine/devices/disk.ts';

/** The Win32 (C:\...) path of an NT path on the system volume, or undefined for other devices. */
export function win32PathOf(nt: string): string | undefined {
  const p = nt.replace(/\//g, '\\');
  if (/^\\SystemRoot\\/i.test(p)) return `C:\\Windows\\${p.slice('\\SystemRoot\\'.length)}`;
  if (/^\\\?\?\\[a-zA-Z]:\\/.test(p)) return p.slice(4);
  if (/^\\DosDevices\\[a-zA-Z]:\\/i.test(p)) return p.slice('\\DosDevices\\'.length);
  if (/^[a-zA-Z]:\\/.test(p)) return p;
  if (/^System32\\/i.test(p)) return `C:\\Windows\\${p}`;
  return undefined;
}

export function diskReader(disk: Disk): (nt: string) => Uint8Array | undefined {
  return (nt) => {
    const w = win32PathOf(nt);
    if (!w) return undefined;
    try { return disk.readFile(w); } catch { return undefined; }
  };
}
