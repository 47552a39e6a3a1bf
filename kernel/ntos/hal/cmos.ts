// The HAL reads the wall-clock time from the CMOS real-time clock once at boot (index port 0x70, data port 0x71);
// the kernel's system time then runs on the machine clock. Register numbers are the PC's.
import type { IoBus } from '../../../main/machine/bus.ts';

const INDEX = 0x70, DATA = 0x71;

/** The RTC's time as Unix ms (UTC), or undefined when no RTC answers. */
export function readCmosTime(ports: IoBus): number | undefined {
  const reg = (r: number) => { ports.out(INDEX, r, 1); return ports.in(DATA, 1); };
  const statusB = reg(0x0b);
  if (statusB === 0xff) return undefined;
  const bin = (statusB & 0x04) !== 0;
  const v = (x: number) => (bin ? x : (x >> 4) * 10 + (x & 15));
  const hourRaw = reg(0x04);
  let hour = v(hourRaw & 0x7f);
  if (!(statusB & 0x02)) hour = (hour % 12) + (hourRaw & 0x80 ? 12 : 0); // 12-hour mode
  const year = v(reg(0x32)) * 100 + v(reg(0x09));
  return Date.UTC(year, v(reg(0x08)) - 1, v(reg(0x07)), hour, v(reg(0x02)), v(reg(0x00)));
}
