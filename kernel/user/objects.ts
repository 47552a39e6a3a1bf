// What a user handle refers to. Handles live in the process's handle table of the object manager (the same table
// NtCreateFile puts file handles in), so CloseHandle, WaitForSingleObject and DuplicateHandle see one handle space.
// Objects the kernel's components own (device files) keep their own header; the user-mode objects below are
// bodiless headers with their state in TypeScript.
import type { ObjectHeader, ObjectTypeName } from '../ntos/ob/namespace.ts';
import type { UserProcess, UserThread } from './process.ts';

export interface Packet { bytes: number; key: number; overlapped: number; status: number }

export type UserObject =
  | { kind: 'event'; manual: boolean; signalled: boolean }
  | { kind: 'thread'; thread: UserThread }
  | { kind: 'process'; process: UserProcess }
  | { kind: 'console'; input: boolean }
  | { kind: 'disk'; path: string; data: Uint8Array; size: number; pos: number; writable: boolean; dirty: boolean }
  | { kind: 'port'; packets: Packet[] };

/** Extra state of a device file opened from user mode: overlapped handles and completion-port association. */
export interface DeviceFileExtra { overlapped: boolean; port?: { object: Extract<UserObject, { kind: 'port' }>; key: number } }

const objects = new WeakMap<ObjectHeader, UserObject>();
const deviceExtras = new WeakMap<ObjectHeader, DeviceFileExtra>();

export function userObjectOf(h: ObjectHeader): UserObject | undefined { return objects.get(h); }
export function deviceExtraOf(h: ObjectHeader): DeviceFileExtra | undefined { return deviceExtras.get(h); }
export function setDeviceExtra(h: ObjectHeader, x: DeviceFileExtra): void { deviceExtras.set(h, x); }

/** A bodiless object header for a user-mode object. */
export function newHeader(type: ObjectTypeName, o: UserObject): ObjectHeader {
  const h: ObjectHeader = { type, body: 0, pointerCount: 0, handleCount: 0, permanent: false };
  objects.set(h, o);
  return h;
}

export function typeOf(o: UserObject): ObjectTypeName {
  switch (o.kind) {
    case 'event': return 'Event';
    case 'thread': return 'Thread';
    case 'process': return 'Process';
    case 'port': return 'IoCompletion';
    default: return 'File';
  }
}
