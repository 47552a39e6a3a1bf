// The machine's I/O bus: port-mapped devices registered by port ranges (8/16/32-bit in/out, as READ_PORT_UCHAR and
// friends reach them), and interrupt lines to the machine's interrupt controller. One device per file in devices/.

export type IoSize = 1 | 2 | 4;

/** A device's port handlers; `offset` is relative to the registered base. Missing handlers read all ones. */
export interface PortHandler {
  read(offset: number, size: IoSize): number;
  write(offset: number, value: number, size: IoSize): void;
}

interface Range { base: number; count: number; owner: string; handler: PortHandler }

const ONES: Record<IoSize, number> = { 1: 0xff, 2: 0xffff, 4: 0xffffffff };

export class IoBus {
  private readonly ranges: Range[] = [];
  /** Port → range, filled lazily (ports are 16-bit). */
  private readonly map = new Map<number, Range>();

  register(base: number, count: number, owner: string, handler: PortHandler): void {
    if (base < 0 || count <= 0 || base + count > 0x10000) throw new RangeError(`bad port range for ${owner}`);
    const clash = this.ranges.find((r) => base < r.base + r.count && r.base < base + count);
    if (clash) throw new Error(`ports 0x${base.toString(16)}.. of ${owner} overlap ${clash.owner}`);
    const r = { base, count, owner, handler };
    this.ranges.push(r);
    for (let p = base; p < base + count; p++) this.map.set(p, r);
  }

  /** Port read; an unclaimed port floats high (all ones), as on a PC. */
  in(port: number, size: IoSize = 1): number {
    const r = this.map.get(port & 0xffff);
    if (!r) return ONES[size];
    return (r.handler.read(port - r.base, size) & ONES[size]) >>> 0;
  }

  out(port: number, value: number, size: IoSize = 1): void {
    const r = this.map.get(port & 0xffff);
    if (r) r.handler.write(port - r.base, (value & ONES[size]) >>> 0, size);
  }

  /** Registered ranges in port order (for diagnostics and the debugger). */
  list(): { base: number; count: number; owner: string }[] {
    return this.ranges.map(({ base, count, owner }) => ({ base, count, owner })).sort((a, b) => a.base - b.base);
  }
}

/**
 * Level-triggered interrupt lines (0..23, as an I/O APIC has). Devices drive their line; the processor asks
 * for the highest-priority unmasked asserted line (lower number first, as the legacy PIC prioritises).
 */
export class InterruptController {
  static readonly LINES = 24;
  private level = 0;
  private mask = 0;
  /** Called when an unmasked line becomes asserted (the run loop wakes an idle machine). */
  onAssert: (line: number) => void = () => {};

  set(line: number, asserted: boolean): void {
    if (line < 0 || line >= InterruptController.LINES) throw new RangeError(`no interrupt line ${line}`);
    const bit = 1 << line, was = (this.level & bit) !== 0;
    this.level = asserted ? this.level | bit : this.level & ~bit;
    if (asserted && !was && !(this.mask & bit)) this.onAssert(line);
  }
  isAsserted(line: number): boolean { return (this.level & (1 << line)) !== 0; }
  setMasked(line: number, masked: boolean): void {
    const bit = 1 << line;
    this.mask = masked ? this.mask | bit : this.mask & ~bit;
    if (!masked && this.level & bit) this.onAssert(line);
  }
  /** The line to deliver next, or -1. */
  pending(): number {
    const p = this.level & ~this.mask;
    return p === 0 ? -1 : 31 - Math.clz32(p & -p);
  }
  saveState(): { mask: number } { return { mask: this.mask }; }
  /** Levels are re-driven by the devices' own restored state; only the mask is the controller's. */
  loadState(s: { mask: number }): void { this.mask = s.mask; }
}
