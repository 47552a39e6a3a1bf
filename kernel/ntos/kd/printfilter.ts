// The Debug Print Filter: which DbgPrintEx/KdPrintEx messages reach the debugger. Each component has a mask
// variable in nt's memory (Kd_<Component>_Mask, so `ed nt!Kd_IHVDRIVER_Mask 0xF` changes it live) and a message
// passes when its level bit is set in that mask or in Kd_WIN2000_Mask (ERROR level by default).
// Levels 0..31 name one bit (1 << level); larger values are already masks.
import type { SystemMemory } from '../../../main/machine/memory.ts';
import { REG_DWORD, type Registry } from '../cm/registry.ts';

/** Where the boot-time filter lives (a value per component, named as in Kd_<name>_Mask; a restart applies it). */
export const DEBUG_PRINT_FILTER_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Debug Print Filter';

export function levelMask(level: number): number {
  return level <= 31 ? (1 << level) >>> 0 : level >>> 0;
}

export class PrintFilter {
  /** Component id → address of its Kd_<Component>_Mask variable; names for the debugger's symbols. */
  readonly masks = new Map<number, { name: string; address: number }>();
  readonly win2000: number;

  /**
   * @param components DPFLTR_TYPE's enumerators (DPFLTR_IHVDRIVER_ID → 77 ...), from our dpfilter.h.
   * @param area system memory reserved for the mask variables (4 bytes each, plus Kd_WIN2000_Mask).
   */
  constructor(private readonly mem: SystemMemory, components: Record<string, number>, area: number) {
    let at = area;
    this.win2000 = at; at += 4;
    mem.writeU32(this.win2000, 1); // ERROR level always passes
    for (const [enumerator, id] of Object.entries(components)) {
      const m = /^DPFLTR_(.+)_ID$/.exec(enumerator);
      if (!m) continue;
      // The default component's variable is spelled Kd_DEFAULT_Mask; WinDbg resolves symbols case-insensitively.
      this.masks.set(id, { name: `Kd_${m[1]}_Mask`, address: at });
      at += 4;
    }
  }

  /**
   * At boot, as the configuration manager's control vector fills Kd_*_Mask: each REG_DWORD value of the Debug Print
   * Filter key named after a component (DEFAULT, IHVDRIVER, ... or WIN2000) becomes that component's mask.
   */
  readRegistry(registry: Registry): void {
    const key = registry.open(DEBUG_PRINT_FILTER_KEY);
    if (!key) return;
    const byName = new Map([['kd_win2000_mask', this.win2000], ...[...this.masks.values()].map((m) => [m.name.toLowerCase(), m.address] as [string, number])]);
    for (const v of key.values.values()) {
      const at = byName.get(`kd_${v.name.toLowerCase()}_mask`);
      if (at !== undefined && v.type === REG_DWORD && typeof v.data === 'number') this.mem.writeU32(at, v.data >>> 0);
    }
  }

  /** Bytes the variables take (to reserve the area). */
  static areaSize(components: Record<string, number>): number { return 4 * (Object.keys(components).length + 1); }

  passes(componentId: number, level: number): boolean {
    const bits = levelMask(level);
    const mask = this.mem.readU32(this.win2000) | (this.masks.has(componentId) ? this.mem.readU32(this.masks.get(componentId)!.address) : 0);
    return ((bits & mask) >>> 0) !== 0;
  }

  /** nt's symbols for these variables (name → system-space address). */
  symbols(): [string, number][] {
    return [['Kd_WIN2000_Mask', this.win2000], ...[...this.masks.values()].map((m) => [m.name, m.address] as [string, number])];
  }
}
