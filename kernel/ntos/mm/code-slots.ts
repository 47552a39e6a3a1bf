// Code slots: the routines our kernel implements in TypeScript have no machine code, yet the debugger needs an
// address for each (k's RetAddr, ln, bp nt!Name). A slot is 16 bytes of int 3 in an address space (system space for
// nt, hal and Wdf01000; a process's own space for its ntdll and KERNEL32 routines); a pool hands them out by routine
// name, in order, from a range set aside for it.
export const CODE_SLOT_SIZE = 16;
const INT3 = 0xcc;

export class CodeSlots {
  private readonly at = new Map<string, number>();
  private next: number;
  private readonly end: number;

  /** `count` slots from offset `start` of `memory`. */
  constructor(private readonly memory: { readonly u8: Uint8Array }, start: number, count: number) {
    this.next = start;
    this.end = start + count * CODE_SLOT_SIZE;
  }

  /** The slot already given to `name`, if any. */
  find(name: string): number | undefined { return this.at.get(name); }

  /** The slot of `name`, given out now (filled with int 3) the first time; 0 when the range is used up. */
  get(name: string): number {
    const known = this.at.get(name);
    if (known !== undefined) return known;
    if (this.next >= this.end) return 0;
    const at = this.next;
    this.next += CODE_SLOT_SIZE;
    this.at.set(name, at);
    this.memory.u8.fill(INT3, at, at + CODE_SLOT_SIZE);
    return at;
  }
}
