// What every device has: a name, state out/in as plain JSON-able data, and optionally a deadline in the machine's
// clock. There is no wall clock inside a machine: time is the executed-instruction clock the processor reports
// (plus idle time skipped to the next deadline), counted in ticks.

/** Nominal speed of the instruction clock: this many ticks (executed instructions) are one second of machine time. */
export const TICKS_PER_SECOND = 100_000_000;
export const ticksToMs = (t: number): number => (t * 1000) / TICKS_PER_SECOND;
export const msToTicks = (ms: number): number => Math.round((ms * TICKS_PER_SECOND) / 1000);
/** The first tick at which ticksToMs(tick) >= ms: where a deadline set in milliseconds is due (rounding to the
 *  nearest tick could land a hair before it, and a timer checked there would never fire). */
export function dueTick(ms: number): number {
  let t = Math.ceil((ms * TICKS_PER_SECOND) / 1000);
  while (ticksToMs(t) < ms) t++;
  return t;
}

/** The machine's time base as devices see it. */
export interface Clock { readonly ticks: number }

export interface Device {
  readonly name: string;
  saveState(): unknown;
  loadState(state: unknown): void;
  /** Earliest tick at which `advance` must run, if the device has something timed pending. */
  nextDeadline?(): number | undefined;
  /** Called when the clock reached or passed the device's deadline. */
  advance?(now: number): void;
  /** Power-on / reset defaults (registers as hardware reset leaves them; persistent data such as a disk stays). */
  reset?(): void;
}

export const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
export const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
