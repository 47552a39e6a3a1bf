// The KMDF in-flight recorder (IFR): every framework-side event of a driver goes into a bounded per-driver log
// that outlives the driver's unload, so `!wdfkd.wdflogdump <driver>` can show what led to a failure.
import { formatIfrLog } from '../../main/formats/kd/ntdata-wdf.ts';

export interface IfrEntry { seq: number; level: 'TRACE_LEVEL_INFORMATION' | 'TRACE_LEVEL_WARNING' | 'TRACE_LEVEL_ERROR' | 'TRACE_LEVEL_VERBOSE'; func: string; text: string }

/** Entries kept per driver (the real log is a fixed-size circular buffer too). */
export const IFR_CAPACITY = 512;

export class IfrLog {
  private readonly entries: IfrEntry[] = [];
  private seq = 0;
  constructor(readonly driver: string) {}

  add(func: string, text: string, level: IfrEntry['level'] = 'TRACE_LEVEL_INFORMATION'): void {
    this.entries.push({ seq: ++this.seq, level, func, text });
    if (this.entries.length > IFR_CAPACITY) this.entries.shift();
  }
  error(func: string, text: string): void { this.add(func, text, 'TRACE_LEVEL_ERROR'); }
  warn(func: string, text: string): void { this.add(func, text, 'TRACE_LEVEL_WARNING'); }

  all(): readonly IfrEntry[] { return this.entries; }

  /** The lines `!wdflogdump` prints for this driver: `seq: Function - message`. */
  dump(): string[] { return formatIfrLog(this.driver, this.entries); }
}
