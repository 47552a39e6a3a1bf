// Slots of the one system function table handed out to images (their __table_base ranges). Slot 0 stays empty so
// a NULL function pointer faults.
import type { Func } from '../../../../main/machine/cpu/types.ts';

export class TableAllocator {
  private readonly used = new Map<number, number>();

  constructor(private readonly table: (Func | null)[]) {
    if (table.length === 0) table.push(null);
  }

  /** Reserve `count` consecutive slots aligned to `align`; the table grows when no free run fits. */
  alloc(count: number, align = 1): number {
    const n = Math.max(count, 1);
    const taken = [...this.used].sort((a, b) => a[0] - b[0]);
    let at = 1;
    for (const [s, c] of taken) {
      at = Math.ceil(at / align) * align;
      if (at + n <= s) break;
      at = Math.max(at, s + c);
    }
    at = Math.ceil(at / align) * align;
    while (this.table.length < at + n) this.table.push(null);
    for (let k = at; k < at + n; k++) this.table[k] = null;
    this.used.set(at, n);
    return at;
  }

  release(start: number): void {
    const n = this.used.get(start);
    if (n === undefined) return;
    for (let k = start; k < start + n; k++) this.table[k] = null;
    this.used.delete(start);
  }
}
