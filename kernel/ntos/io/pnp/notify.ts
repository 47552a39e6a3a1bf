// PnP notifications a driver registers for: IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange)
// calls the driver's routine with a DEVICE_INTERFACE_CHANGE_NOTIFICATION (GUID_DEVICE_INTERFACE_ARRIVAL/REMOVAL,
// the class and the symbolic link) whenever an interface of the class is enabled or disabled, at PASSIVE_LEVEL on
// a system thread (as PnP's notification worker does), and at once for the enabled ones when the driver asked for
// PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES. IoUnregisterPlugPlayNotification(Ex) ends it.
import type { Kernel } from '../../kernel.ts';
import type { RoutineTable } from '../../routine.ts';
import { allocate } from '../../ex/pool-routines.ts';
import { tagValue } from '../../ex/pool.ts';
import { writeCounted, writeWide } from '../../rtl/strings.ts';
import { struct } from '../../../layout/access.ts';
import { pnp } from './manager.ts';
import { readGuid, writeGuid, type DeviceInterface } from './interfaces.ts';

/** The event GUIDs, as kernel/inc/shared/wdmguid.h defines them (the notify test compares them in C). */
const ARRIVAL = '{cb3a4004-46f0-11d0-b08f-00609713053f}';
const REMOVAL = '{cb3a4005-46f0-11d0-b08f-00609713053f}';

interface Registration { entry: number; guid: string; routine: number; context: number; live: boolean }

const registrations = new WeakMap<Kernel, Map<number, Registration>>();

function table(k: Kernel): Map<number, Registration> {
  let t = registrations.get(k);
  if (!t) {
    const map = new Map<number, Registration>();
    registrations.set(k, t = map);
    pnp(k).interfaces.listen((e) => deliver(k, [...map.values()].filter((r) => r.guid === e.iface.guid), e.kind === 'arrival' ? ARRIVAL : REMOVAL, e.iface));
  }
  return t;
}

const pool = (k: Kernel, size: number) => allocate(k, { size, tag: tagValue('PnpN'), poolType: k.enumValue('POOL_TYPE', 'PagedPool'), paged: true, zero: true, raise: false, cacheAligned: false });

/** Calls each registration's routine with a notification for `iface`, on a system thread at PASSIVE_LEVEL. */
function deliver(k: Kernel, to: Registration[], event: string, iface: DeviceInterface): void {
  if (!to.length) return;
  const io = k.io;
  io.startSystemThread('PnpNotifyDeviceClassChange', function* () {
    for (const r of to) {
      if (!r.live) continue;
      const size = io.size('DEVICE_INTERFACE_CHANGE_NOTIFICATION');
      const us = io.size('UNICODE_STRING');
      const at = pool(k, size + us + (iface.link.length + 1) * 2);
      if (!at) return 0;
      const n = io.at('DEVICE_INTERFACE_CHANGE_NOTIFICATION', at);
      n.set('Version', 1).set('Size', size).set('SymbolicLinkName', at + size);
      writeGuid(k, at + struct(k.layouts, 'DEVICE_INTERFACE_CHANGE_NOTIFICATION').field('Event'), event);
      writeGuid(k, at + struct(k.layouts, 'DEVICE_INTERFACE_CHANGE_NOTIFICATION').field('InterfaceClassGuid'), iface.guid);
      writeWide(k, at + size + us, iface.link, true);
      writeCounted(k, at + size, { length: iface.link.length * 2, max: (iface.link.length + 1) * 2, buffer: at + size + us });
      yield* io.callPointer(r.routine, [at, r.context]);
      io.pool.free(at);
    }
    return 0;
  });
}

export const notifyRoutines: RoutineTable = {
  /** NTSTATUS IoRegisterPlugPlayNotification(IO_NOTIFICATION_EVENT_CATEGORY, ULONG Flags, PVOID CategoryData,
   *  PDRIVER_OBJECT, PDRIVER_NOTIFICATION_CALLBACK_ROUTINE, PVOID Context, PVOID *NotificationEntry). */
  IoRegisterPlugPlayNotification: (k, category: number, flags: number, data: number, driver: number, routine: number, context: number, out: number) => {
    if (!out || !routine || !driver) return k.constant('STATUS_INVALID_PARAMETER') | 0;
    k.memory.writeU32(out, 0);
    // Target-device and hardware-profile events have no source in this kernel yet: refused rather than never called.
    if (category !== k.enumValue('IO_NOTIFICATION_EVENT_CATEGORY', 'EventCategoryDeviceInterfaceChange')) return k.constant('STATUS_NOT_SUPPORTED') | 0;
    if (!data) return k.constant('STATUS_INVALID_PARAMETER') | 0;
    const entry = pool(k, 16);
    if (!entry) return k.constant('STATUS_INSUFFICIENT_RESOURCES') | 0;
    const r: Registration = { entry, guid: readGuid(k, data), routine, context, live: true };
    table(k).set(entry, r);
    k.memory.writeU32(out, entry);
    if (flags & k.constant('PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES')) {
      for (const i of pnp(k).interfaces.list(r.guid)) deliver(k, [r], ARRIVAL, i);
    }
    return 0;
  },
  IoUnregisterPlugPlayNotification: (k, entry: number) => unregister(k, entry),
  IoUnregisterPlugPlayNotificationEx: (k, entry: number) => unregister(k, entry),
};

function unregister(k: Kernel, entry: number): number {
  const r = table(k).get(entry >>> 0);
  if (!r) return k.constant('STATUS_INVALID_PARAMETER') | 0;
  r.live = false;
  table(k).delete(r.entry);
  k.io.pool.free(r.entry);
  return 0;
}
