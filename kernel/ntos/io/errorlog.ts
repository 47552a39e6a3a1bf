// The System event log the I/O manager writes: IoAllocateErrorLogEntry hands the driver an IO_ERROR_LOG_PACKET,
// IoWriteErrorLogEntry records it with the driver as the source (what `wevtutil qe System` and Event Viewer show).
import type { IoManager } from './iomgr.ts';
import { driverByObject } from './driver.ts';

export interface EventLogEntry {
  channel: 'System';
  /** The source: the driver's service name. */
  source: string;
  /** Event ID as Event Viewer shows it: the low 16 bits of the ErrorCode. */
  eventId: number;
  /** Error, Warning, Information, from the ErrorCode's severity. */
  level: 'Error' | 'Warning' | 'Information' | 'Success';
  errorCode: number;
  finalStatus: number;
  uniqueErrorValue: number;
  majorFunction: number;
  sequenceNumber: number;
  ioControlCode: number;
  eventCategory: number;
  /** DumpData as ULONGs. */
  dumpData: number[];
  strings: string[];
  /** System time (100 ns since 1601) when written, from the processor clock. */
  timeCreated: bigint;
  /** \Device\... name of the device that logged it, if any. */
  device?: string;
}

const LEVELS: EventLogEntry['level'][] = ['Success', 'Information', 'Warning', 'Error'];

export function allocateErrorLogEntry(io: IoManager, ioObject: number, entrySize: number): number {
  if (entrySize < io.size('IO_ERROR_LOG_PACKET') - 4 || entrySize > io.c('ERROR_LOG_MAXIMUM_SIZE')) return 0;
  const entry = io.alloc(entrySize, 'IoEr');
  io.errorLogEntries.set(entry, { ioObject, size: entrySize });
  return entry;
}

export function freeErrorLogEntry(io: IoManager, entry: number): void {
  if (!io.errorLogEntries.delete(entry)) return;
  io.pool.free(entry);
}

export function writeErrorLogEntry(io: IoManager, entry: number, now: bigint): void {
  const meta = io.errorLogEntries.get(entry);
  if (!meta) return;
  const p = io.at('IO_ERROR_LOG_PACKET', entry);
  const dev = io.devices.get(meta.ioObject);
  const driver = dev?.driver ?? driverByObject(io, meta.ioObject);
  const errorCode = p.get('ErrorCode');
  const dumpSize = p.get('DumpDataSize');
  const dumpAt = p.addr('DumpData');
  const dumpData: number[] = [];
  for (let i = 0; i + 4 <= dumpSize && dumpAt + i + 4 <= entry + meta.size; i += 4) dumpData.push(io.mem.readU32(dumpAt + i));
  const strings: string[] = [];
  let at = entry + p.get('StringOffset');
  for (let i = 0; i < p.get('NumberOfStrings') && at < entry + meta.size; i++) {
    const s = io.mem.readWString(at, (entry + meta.size - at) / 2);
    strings.push(s);
    at += 2 * (s.length + 1);
  }
  io.eventLog.push({
    channel: 'System', source: driver?.service ?? 'System', eventId: errorCode & 0xffff, level: LEVELS[errorCode >>> 30]!,
    errorCode: errorCode >>> 0, finalStatus: p.get('FinalStatus') >>> 0, uniqueErrorValue: p.get('UniqueErrorValue') >>> 0,
    majorFunction: p.get('MajorFunctionCode'), sequenceNumber: p.get('SequenceNumber'), ioControlCode: p.get('IoControlCode') >>> 0,
    eventCategory: p.get('EventCategory'), dumpData, strings, timeCreated: now,
    device: dev ? io.k.ob.pathOf(dev.header) : undefined,
  });
  freeErrorLogEntry(io, entry);
}
