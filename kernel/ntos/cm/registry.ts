// The configuration manager's registry: keys and typed values, case-insensitive names that keep their case,
// as a plain tree so a machine's registry saves and restores with its disk (state out / state in).

export const REG_NONE = 0, REG_SZ = 1, REG_EXPAND_SZ = 2, REG_BINARY = 3, REG_DWORD = 4, REG_MULTI_SZ = 7, REG_QWORD = 11;
export const REG_TYPE_NAMES: Record<number, string> = {
  [REG_NONE]: 'REG_NONE', [REG_SZ]: 'REG_SZ', [REG_EXPAND_SZ]: 'REG_EXPAND_SZ', [REG_BINARY]: 'REG_BINARY',
  [REG_DWORD]: 'REG_DWORD', [REG_MULTI_SZ]: 'REG_MULTI_SZ', [REG_QWORD]: 'REG_QWORD',
};

export type RegData = string | number | bigint | string[] | Uint8Array;
export interface RegValue { name: string; type: number; data: RegData }

export class RegKey {
  readonly subkeys = new Map<string, RegKey>();
  readonly values = new Map<string, RegValue>();
  /** Set once the key is deleted: handles still open to it fail with STATUS_KEY_DELETED. */
  deleted = false;
  constructor(public name: string, public parent: RegKey | null) {}

  get path(): string {
    return this.parent ? `${this.parent.path}\\${this.name}` : this.name;
  }
  subkey(name: string): RegKey | undefined { return this.subkeys.get(name.toLowerCase()); }
  value(name: string): RegValue | undefined { return this.values.get(name.toLowerCase()); }
  setValue(name: string, type: number, data: RegData): void {
    this.values.set(name.toLowerCase(), { name, type, data });
  }
  deleteValue(name: string): boolean { return this.values.delete(name.toLowerCase()); }
}

/** Serializable form of a key (values' bigints and bytes made JSON-safe). */
export interface RegKeyState {
  name: string;
  values: { name: string; type: number; data: string | number | string[] | { bytes: string } | { qword: string } }[];
  subkeys: RegKeyState[];
}

export class Registry {
  /** The machine's root: `\REGISTRY` with `MACHINE` and `USER` below it, as the object manager names them. */
  readonly root = new RegKey('REGISTRY', null);
  /** ZwFlushKey: write the dirty hives now (the machine's hive files plug in; kernel/boot/hives.ts). */
  flush?: () => void;

  constructor() {
    this.create('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services');
    this.create('\\REGISTRY\\MACHINE\\SOFTWARE');
    this.create('\\REGISTRY\\USER');
  }

  /** Accepts `\REGISTRY\MACHINE\...`, `HKLM\...`, `HKEY_LOCAL_MACHINE\...`. */
  static normalize(path: string): string[] {
    const parts = path.split('\\').filter((p) => p.length > 0);
    const head = (parts[0] ?? '').toUpperCase();
    if (head === 'HKLM' || head === 'HKEY_LOCAL_MACHINE') return ['MACHINE', ...parts.slice(1)];
    if (head === 'HKU' || head === 'HKEY_USERS') return ['USER', ...parts.slice(1)];
    if (head === 'REGISTRY') return parts.slice(1);
    return parts;
  }

  open(path: string): RegKey | undefined {
    let k: RegKey | undefined = this.root;
    for (const p of Registry.normalize(path)) {
      k = k.subkey(p);
      if (!k) return undefined;
    }
    return k;
  }

  create(path: string): RegKey {
    let k = this.root;
    for (const p of Registry.normalize(path)) {
      let next = k.subkey(p);
      if (!next) { next = new RegKey(p, k); k.subkeys.set(p.toLowerCase(), next); }
      k = next;
    }
    return k;
  }

  /** Deletes a key and its whole subtree. */
  delete(path: string): boolean {
    const k = this.open(path);
    if (!k || !k.parent) return false;
    const mark = (x: RegKey): void => { x.deleted = true; for (const s of x.subkeys.values()) mark(s); };
    mark(k);
    return k.parent.subkeys.delete(k.name.toLowerCase());
  }

  saveState(): RegKeyState { return saveKey(this.root); }

  loadState(state: RegKeyState): void {
    this.root.subkeys.clear();
    this.root.values.clear();
    loadKey(this.root, state);
  }
}

function saveKey(k: RegKey): RegKeyState {
  return {
    name: k.name,
    values: [...k.values.values()].map((v) => ({
      name: v.name, type: v.type,
      data: v.data instanceof Uint8Array ? { bytes: Buffer.from(v.data).toString('base64') }
        : typeof v.data === 'bigint' ? { qword: v.data.toString() } : v.data,
    })),
    subkeys: [...k.subkeys.values()].map(saveKey),
  };
}

function loadKey(k: RegKey, s: RegKeyState): void {
  for (const v of s.values) {
    const d = v.data;
    const data: RegData = typeof d === 'object' && d !== null && !Array.isArray(d)
      ? ('bytes' in d ? new Uint8Array(Buffer.from(d.bytes, 'base64')) : BigInt(d.qword)) : d;
    k.setValue(v.name, v.type, data);
  }
  for (const sub of s.subkeys) {
    const child = new RegKey(sub.name, k);
    k.subkeys.set(sub.name.toLowerCase(), child);
    loadKey(child, sub);
  }
}
