// Time on the target. The machine has no wall clock: its clock is the processor's executed-cycle count (plus idle
// time the scheduler skips). This file is the one place that turns cycles into NT time units.
import { TICKS_PER_SECOND } from '../../../main/machine/devices/device.ts';

/** NT counts time in 100 ns units ("interrupt time" since boot, "system time" since 1601). */
export const UNITS_PER_SECOND = 10_000_000;
/** Processor cycles in one 100 ns unit. */
export const CYCLES_PER_UNIT = TICKS_PER_SECOND / UNITS_PER_SECOND;
/** The clock interrupt interval (KeQueryTimeIncrement): 15.625 ms, as a default Windows timer resolution. */
export const CLOCK_INCREMENT = 156_250;
/** KeQueryPerformanceCounter's frequency (10 MHz, as on current Windows). */
export const PERFORMANCE_FREQUENCY = 10_000_000;
/** 100 ns units from 1601-01-01 to 1970-01-01 (FILETIME epoch to Unix epoch). */
export const EPOCH_1970 = 116_444_736_000_000_000n;
/** Boot time used when no RTC is given: a fixed date keeps labs deterministic (2024-01-15 09:00:00 UTC). */
export const DEFAULT_BOOT_MS = Date.UTC(2024, 0, 15, 9, 0, 0);

export const unitsToCycles = (units: number): number => units * CYCLES_PER_UNIT;
export const cyclesToUnits = (cycles: number): number => Math.floor(cycles / CYCLES_PER_UNIT);
export const microsecondsToCycles = (us: number): number => us * (TICKS_PER_SECOND / 1_000_000);
export const msToUnits = (ms: number): number => ms * 10_000;

/** System time (100 ns since 1601) of a Unix time in ms. */
export function systemTimeOfMs(ms: number): bigint { return EPOCH_1970 + BigInt(Math.round(ms)) * 10_000n; }

/** The kernel's view of time: interrupt time from cycles, system time from the boot time. */
export class KernelClock {
  /** System time at boot (cycle 0 of this kernel's processor). */
  constructor(private readonly now: () => number, readonly bootSystemTime: bigint) {}
  get cycles(): number { return this.now(); }
  /** 100 ns units since boot. */
  interruptTime(): number { return cyclesToUnits(this.now()); }
  /** Clock ticks since boot (KeQueryTickCount). */
  tickCount(): number { return Math.floor(this.interruptTime() / CLOCK_INCREMENT); }
  /** System time as the clock interrupt last updated it (KeQuerySystemTime): a tick's granularity. */
  systemTime(): bigint { return this.bootSystemTime + BigInt(this.tickCount() * CLOCK_INCREMENT); }
  /** System time to the 100 ns unit (KeQuerySystemTimePrecise). */
  systemTimePrecise(): bigint { return this.bootSystemTime + BigInt(this.interruptTime()); }
  /**
   * The cycle at which an NT timeout ends: negative = relative (100 ns units), positive = absolute system time.
   */
  deadlineOf(timeout: bigint): number {
    if (timeout < 0n) return this.now() + unitsToCycles(Number(-timeout));
    const rel = timeout - this.systemTimePrecise();
    return this.now() + (rel > 0n ? unitsToCycles(Number(rel)) : 0);
  }
}
