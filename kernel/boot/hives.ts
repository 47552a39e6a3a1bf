// The registry hives on the disk (C:\Windows\System32\config\SYSTEM and SOFTWARE, kept as the configuration
// manager's saved key trees): loaded into the kernel's registry at boot, and written back by the lazy flusher, at
// shutdown and before a snapshot, as Windows flushes dirty hives. A hive write only happens when something changed.
import { SOFTWARE_HIVE_PATH, SYSTEM_HIVE_PATH, type Disk } from '../../main/machine/devices/disk.ts';
import { Registry, RegKey, type RegKeyState } from '../ntos/cm/registry.ts';

const HIVES: [string, string][] = [['SYSTEM', SYSTEM_HIVE_PATH], ['SOFTWARE', SOFTWARE_HIVE_PATH]];

/** Copies a saved key tree into `into` (the hive's values win; keys the kernel made already stay). */
function merge(into: RegKey, from: RegKey): void {
  for (const v of from.values.values()) into.setValue(v.name, v.type, v.data);
  for (const sub of from.subkeys.values()) {
    let target = into.subkey(sub.name);
    if (!target) { target = new RegKey(sub.name, into); into.subkeys.set(sub.name.toLowerCase(), target); }
    merge(target, sub);
  }
}

export class HiveFiles {
  private readonly flushed = new Map<string, string>();
  constructor(private readonly disk: Disk, private readonly registry: Registry) {}

  /** Load each hive file present on the disk; the problems found (a damaged hive is skipped, as a failed load). */
  load(): string[] {
    const problems: string[] = [];
    for (const [name, file] of HIVES) {
      if (!this.disk.exists(file)) continue;
      let state: RegKeyState;
      try { state = this.disk.readJson<RegKeyState>(file); } catch { problems.push(`The registry hive ${file} is damaged and was not loaded.`); continue; }
      const scratch = new Registry();
      scratch.loadState({ name: 'REGISTRY', values: [], subkeys: [{ name: 'MACHINE', values: [], subkeys: [{ ...state, name }] }] });
      merge(this.registry.create(`HKLM\\${name}`), scratch.open(`HKLM\\${name}`)!);
      this.flushed.set(name, JSON.stringify(this.stateOf(name)));
    }
    return problems;
  }

  private stateOf(name: string): RegKeyState | undefined {
    const machine = this.registry.saveState().subkeys.find((k) => k.name.toUpperCase() === 'MACHINE');
    return machine?.subkeys.find((k) => k.name.toUpperCase() === name);
  }

  /** Write the hives that changed since the last flush; true when anything was written. */
  flush(): boolean {
    let wrote = false;
    for (const [name, file] of HIVES) {
      const s = this.stateOf(name);
      if (!s) continue;
      const text = JSON.stringify(s);
      if (this.flushed.get(name) === text) continue;
      this.disk.writeFile(file, text);
      this.flushed.set(name, text);
      wrote = true;
    }
    return wrote;
  }
}
