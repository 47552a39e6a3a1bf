// IRPs drivers build to send to other drivers: IoBuildDeviceIoControlRequest and IoBuildSynchronousFsdRequest
// (threaded IRPs the I/O manager finishes: IO_STATUS_BLOCK filled, event set, IRP freed) and
// IoBuildAsynchronousFsdRequest (the caller's completion routine must free it with IoFreeIrp).
import type { IoManager, IrpOrigin } from './iomgr.ts';
import { allocateIrp, freeIrp, nextLocation } from './irp.ts';
import { allocateMdl, probeAndLockPages } from './mdl.ts';
import { buildIoctlBuffers } from './file.ts';

export function buildDeviceIoControlRequest(io: IoManager, code: number, device: number, input: number, inputLength: number,
  output: number, outputLength: number, internal: boolean, event: number, iosb: number): number {
  if (!io.devices.has(device >>> 0)) return 0;
  const irp = allocateIrp(io, io.at('DEVICE_OBJECT', device).get('StackSize'));
  const sl = io.at('IO_STACK_LOCATION', nextLocation(io, irp));
  sl.set('MajorFunction', io.c(internal ? 'IRP_MJ_INTERNAL_DEVICE_CONTROL' : 'IRP_MJ_DEVICE_CONTROL'))
    .set('Parameters.DeviceIoControl.IoControlCode', code)
    .set('Parameters.DeviceIoControl.InputBufferLength', inputLength)
    .set('Parameters.DeviceIoControl.OutputBufferLength', outputLength);
  if (buildIoctlBuffers(io, irp, code, input, inputLength, output, outputLength) !== undefined) { freeIrp(io, irp); return 0; }
  const b = io.at('IRP', irp).set('UserIosb', iosb).set('UserEvent', event);
  const origin: IrpOrigin = { kind: 'ioctl-build', userIosb: iosb, userEvent: event || undefined };
  if (b.get('Flags') & io.c('IRP_INPUT_OPERATION')) origin.copyBack = { to: output, max: outputLength };
  io.irps.set(irp, origin);
  return irp;
}

export function buildFsdRequest(io: IoManager, major: number, device: number, buffer: number, length: number, offset: number,
  event: number, iosb: number, synchronous: boolean): number {
  if (!io.devices.has(device >>> 0)) return 0;
  const d = io.at('DEVICE_OBJECT', device);
  const irp = allocateIrp(io, d.get('StackSize'));
  const b = io.at('IRP', irp).set('UserIosb', iosb).set('UserEvent', event).set('UserBuffer', buffer);
  const sl = io.at('IO_STACK_LOCATION', nextLocation(io, irp)).set('MajorFunction', major);
  const origin: IrpOrigin = { kind: synchronous ? 'synchronous-fsd' : 'asynchronous-fsd', userIosb: iosb || undefined, userEvent: event || undefined };
  const read = major === io.c('IRP_MJ_READ'), write = major === io.c('IRP_MJ_WRITE');
  if (read || write) {
    sl.set(read ? 'Parameters.Read.Length' : 'Parameters.Write.Length', length);
    if (offset) sl.set(read ? 'Parameters.Read.ByteOffset' : 'Parameters.Write.ByteOffset', io.mem.readU64(offset));
    const flags = d.get('Flags');
    if (flags & io.c('DO_BUFFERED_IO') && length) {
      const sys = io.alloc(length, 'IoBf');
      if (write) io.mem.u8.copyWithin(sys, buffer, buffer + length);
      b.set('AssociatedIrp.SystemBuffer', sys)
        .set('Flags', io.c('IRP_BUFFERED_IO') | io.c('IRP_DEALLOCATE_BUFFER') | (read ? io.c('IRP_INPUT_OPERATION') : 0));
      if (read) origin.copyBack = { to: buffer, max: length };
    } else if (flags & io.c('DO_DIRECT_IO') && length) {
      const mdl = allocateMdl(io, buffer, length, false, irp);
      if (probeAndLockPages(io, mdl, read) !== undefined) { io.mdls.delete(mdl); io.pool.free(mdl); freeIrp(io, irp); return 0; }
    }
  }
  if (synchronous) io.irps.set(irp, origin);
  return irp;
}
