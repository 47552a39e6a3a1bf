// Export drivers and import libraries, as the WDK links them: an export driver lists its exports in a module-definition
// file (.def: EXPORTS, with PRIVATE for DllInitialize/DllUnload), its build writes an import library (<Target>.lib)
// naming the image and its public exports, and a driver that links that .lib (Linker > Input > Additional
// Dependencies, or a project reference) may import those routines from that image. Our .lib is a small JSON
// record of the same facts, not COFF.
import { existsSync, readFileSync } from 'node:fs';

export interface DefExport { name: string; private: boolean }
export interface ImportLibrary { module: string; exports: string[] }

const LIB_FORMAT = 'DriverLab import library';

/** The EXPORTS of a .def file (LIBRARY/NAME lines and comments skipped; `name=internal` and @ordinals tolerated). */
export function parseDef(text: string): DefExport[] {
  const out: DefExport[] = [];
  let inExports = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line) continue;
    const head = /^(EXPORTS|LIBRARY|NAME|SECTIONS|HEAPSIZE|STACKSIZE|VERSION)\b/i.exec(line);
    if (head) { inExports = head[1]!.toUpperCase() === 'EXPORTS'; continue; }
    if (!inExports) continue;
    const m = /^([A-Za-z_][\w@?$]*)(?:\s*=\s*[\w@?$]+)?(?:\s+@\d+)?(.*)$/.exec(line);
    if (m) out.push({ name: m[1]!, private: /\bPRIVATE\b/i.test(m[2] ?? '') });
  }
  return out;
}

export function writeImportLibrary(lib: ImportLibrary): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ format: LIB_FORMAT, module: lib.module, exports: lib.exports }, null, 1));
}

/** Read a .lib we wrote; undefined for anything else (the WDK's own libraries, a missing file). */
export function readImportLibrary(path: string): ImportLibrary | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as { format?: string; module?: string; exports?: string[] };
    return j.format === LIB_FORMAT && j.module && Array.isArray(j.exports) ? { module: j.module, exports: j.exports } : undefined;
  } catch { return undefined; }
}

/** Libraries every WDK driver project links by default (ntoskrnl.lib, hal.lib ...): our kernel's own export tables. */
export const KERNEL_LIBS = new Set(['ntoskrnl.lib', 'hal.lib', 'wmilib.lib', 'bufferoverflowfastfailk.lib', 'wdmsec.lib', 'ntstrsafe.lib',
  'wdfldr.lib', 'wdfdriverentry.lib', 'wpprecorder.lib', 'kernel32.lib', 'user32.lib', 'ntdll.lib', 'ucrt.lib', 'vcruntime.lib',
  'libcmt.lib', 'onecoreuap.lib', 'onecore.lib', 'advapi32.lib', 'setupapi.lib', 'cfgmgr32.lib']);
