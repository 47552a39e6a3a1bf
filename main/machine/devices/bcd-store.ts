// The boot configuration data store the disk keeps at C:\Boot\BCD (as JSON): objects with bcdedit's element names.
// The boot manager reads it; bcdedit (in the target's user mode) edits it.
import { BCD_PATH, type Disk } from './disk.ts';

export type BcdValue = string | number | boolean | string[];
export interface BcdObject { identifier: string; type: 'bootmgr' | 'osloader' | 'dbgsettings'; elements: Record<string, BcdValue> }
export interface BcdStore { objects: BcdObject[] }

/** How the kernel debugger reaches the host, as `bcdedit /dbgsettings` sets it. */
export type KdTransport =
  | { type: 'net'; hostip: string; port: number; key: string }
  | { type: 'serial'; debugport: number; baudrate: number }
  | { type: 'local' };

export interface BootOptions {
  description: string;
  testsigning: boolean;
  nointegritychecks: boolean;
  debug: boolean;
  bootdebug: boolean;
  /** The debugger transport when `debug` is on. */
  kd: KdTransport;
  /** Whether Secure Boot was on at this boot (testsigning is then ignored, as Windows does). */
  secureBoot: boolean;
}

/** The loader entry a new installation has; `{current}` is how bcdedit names it from the running system. */
export const CURRENT_ID = '{current}';

export function defaultBcd(): BcdStore {
  return {
    objects: [
      { identifier: '{bootmgr}', type: 'bootmgr', elements: { device: 'partition=\\Device\\HarddiskVolume1', path: '\\EFI\\Microsoft\\Boot\\bootmgfw.efi', description: 'Windows Boot Manager', locale: 'en-US', default: CURRENT_ID, displayorder: [CURRENT_ID], timeout: 30 } },
      { identifier: CURRENT_ID, type: 'osloader', elements: { description: 'Windows 10', device: 'partition=C:', path: '\\Windows\\system32\\winload.efi', locale: 'en-US', osdevice: 'partition=C:', systemroot: '\\Windows' } },
      { identifier: '{dbgsettings}', type: 'dbgsettings', elements: { debugtype: 'Serial', debugport: 1, baudrate: 115200 } },
    ],
  };
}

/** Error the boot manager shows when the store is missing or unreadable. */
export class BcdError extends Error {
  readonly status = 0xc000000f;
  constructor(detail: string) {
    super(`The Boot Configuration Data for your PC is missing or contains errors.\nFile: \\Boot\\BCD\nError code: 0xc000000f (${detail})`);
    this.name = 'BcdError';
  }
}

export function readBcd(disk: Disk): BcdStore {
  if (!disk.exists(BCD_PATH)) throw new BcdError('missing');
  let s: BcdStore;
  try { s = disk.readJson<BcdStore>(BCD_PATH); } catch { throw new BcdError('unreadable'); }
  if (!s || !Array.isArray(s.objects)) throw new BcdError('unreadable');
  return s;
}

export function writeBcd(disk: Disk, store: BcdStore): void { disk.writeJson(BCD_PATH, store); }

const yes = (v: BcdValue | undefined): boolean => v === true || (typeof v === 'string' && /^(yes|on|true)$/i.test(v));

/** What the boot manager takes from the store for the default entry. */
export function bootOptions(store: BcdStore, secureBoot: boolean): BootOptions {
  const mgr = store.objects.find((o) => o.type === 'bootmgr');
  const def = String(mgr?.elements.default ?? CURRENT_ID);
  const entry = store.objects.find((o) => o.identifier.toLowerCase() === def.toLowerCase() && o.type === 'osloader');
  if (!entry) throw new BcdError(`no boot entry ${def}`);
  const dbg = store.objects.find((o) => o.type === 'dbgsettings')?.elements ?? {};
  const type = String(dbg.debugtype ?? 'Serial').toLowerCase();
  const kd: KdTransport = type === 'net'
    ? { type: 'net', hostip: String(dbg.hostip ?? ''), port: Number(dbg.port ?? 50000), key: String(dbg.key ?? '') }
    : type === 'serial' ? { type: 'serial', debugport: Number(dbg.debugport ?? 1), baudrate: Number(dbg.baudrate ?? 115200) } : { type: 'local' };
  const e = entry.elements;
  return {
    description: String(e.description ?? 'Windows'),
    testsigning: yes(e.testsigning) && !secureBoot,
    nointegritychecks: yes(e.nointegritychecks) && !secureBoot,
    debug: yes(e.debug), bootdebug: yes(e.bootdebug), kd, secureBoot,
  };
}
