// Export drivers (kernel-mode DLLs): an image that imports from another .sys makes the loader bring that image in
// first, from %SystemRoot%\System32\drivers, and call its DllInitialize with its service key, as MmLoadSystemImage
// does. The importer's own imports are then bound by image name (kernel/ntos/mm/loader).
import { decodeModule } from '../../../main/formats/wasm/index.ts';
import { moduleRoutines } from '../../exports.ts';
import type { IoManager } from './iomgr.ts';
import type { Step } from '../ob/manager.ts';
import { SERVICES_KEY } from './driver.ts';


/** Image names (x.sys) an image imports functions from that are neither our kernel's modules nor loaded yet. */
export function missingImageImports(io: IoManager, bytes: Uint8Array): string[] {
  let mods: string[];
  try { mods = decodeModule(bytes).imports.map((i) => i.module); } catch { return []; }
  const names = new Set<string>();
  for (const m of mods) {
    if (m === 'env' || m.startsWith('GOT.') || moduleRoutines(m) || io.k.loader.find(m)) continue;
    names.add(m);
  }
  return [...names];
}

/**
 * Load every export driver an image needs (recursively), as a step of the starting thread, which runs each one's
 * DllInitialize; 0, or the Win32 error for the service start: ERROR_MOD_NOT_FOUND for a missing one, or its
 * DllInitialize's status mapped.
 */
export function* loadImportedImages(io: IoManager, bytes: Uint8Array, depth = 0): Step<number> {
  for (const name of missingImageImports(io, bytes)) {
    const path = `\\SystemRoot\\System32\\drivers\\${name}`;
    const dep = io.readFile(path);
    if (!dep || depth > 8) return io.k.constant('ERROR_MOD_NOT_FOUND');
    const sub = yield* loadImportedImages(io, dep, depth + 1);
    if (sub) return sub;
    const loaded = io.k.loadImage(dep, name, path);
    if (!loaded.ok) return io.win32Error(loaded.status);
    const init = loaded.image.exports.get('DllInitialize');
    if (init?.kind === 'func') {
      const regPath = io.newUnicodeString(`${SERVICES_KEY}\\${name.replace(/\.[^.]*$/, '')}`);
      const status = Number((yield { call: init.func, args: [regPath] }) ?? 0) | 0;
      io.freeUnicodeStringBuffer(regPath);
      io.pool.free(regPath);
      if (io.k.bugCheck) return io.k.constant('ERROR_GEN_FAILURE');
      if (status < 0) { io.k.unloadImage(loaded.image); return io.win32Error(status); }
    }
  }
  return 0;
}
