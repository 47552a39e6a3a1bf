// KDNET: KD packets inside UDP datagrams, each datagram encrypted and authenticated with keys derived from the
// `w.x.y.z` key the target's bcdedit /dbgsettings and the host's `-k net:port=…,key=…` share. A datagram sealed
// with another key fails authentication and is dropped, so a debugger with the wrong key never connects.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual, pbkdf2Sync } from 'node:crypto';
import type { KdLink } from './link.ts';

const MAGIC = 0x4d444247; // "MDBG": marks a KDNET datagram
const VERSION = 2;
const HEADER = 4 + 1 + 1 + 16; // magic, version, channel, iv
const TAG = 16; // truncated HMAC-SHA256

/** A KDNET key is four dot-separated parts of [0-9a-z] (bcdedit's rule); returns why not, or undefined when valid. */
export function checkKey(key: string): string | undefined {
  const parts = key.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^[0-9a-z]+$/.test(p))) return 'The key must be four parts of letters and digits separated by dots (w.x.y.z).';
  return undefined;
}

export interface KdnetKeys { enc: Buffer; mac: Buffer }

/** Encryption and authentication keys derived from the text key (the same text gives the same keys on both sides). */
export function deriveKeys(key: string): KdnetKeys {
  const bad = checkKey(key.toLowerCase());
  if (bad) throw new Error(bad);
  const master = pbkdf2Sync(key.toLowerCase(), 'DriverLab KDNET', 1000, 64, 'sha256');
  return { enc: master.subarray(0, 32), mac: master.subarray(32) };
}

export function seal(keys: KdnetKeys, payload: Uint8Array, channel = 0): Uint8Array {
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-ctr', keys.enc, iv);
  const body = Buffer.concat([c.update(payload), c.final()]);
  const head = Buffer.alloc(HEADER);
  head.writeUInt32BE(MAGIC, 0); head[4] = VERSION; head[5] = channel; iv.copy(head, 6);
  const tag = createHmac('sha256', keys.mac).update(head).update(body).digest().subarray(0, TAG);
  return new Uint8Array(Buffer.concat([head, body, tag]));
}

/** The payload of an authentic datagram, or undefined (wrong key, tampered, not KDNET). */
export function open(keys: KdnetKeys, datagram: Uint8Array): Uint8Array | undefined {
  if (datagram.length < HEADER + TAG) return undefined;
  const d = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.length);
  if (d.readUInt32BE(0) !== MAGIC || d[4] !== VERSION) return undefined;
  const head = d.subarray(0, HEADER), body = d.subarray(HEADER, d.length - TAG), tag = d.subarray(d.length - TAG);
  const want = createHmac('sha256', keys.mac).update(head).update(body).digest().subarray(0, TAG);
  if (!timingSafeEqual(want, tag)) return undefined;
  const dc = createDecipheriv('aes-256-ctr', keys.enc, head.subarray(6, 22));
  return new Uint8Array(Buffer.concat([dc.update(body), dc.final()]));
}

/**
 * Wraps a datagram link: what goes out is sealed, what comes in is opened; datagrams that fail authentication are
 * counted and dropped. Both ends of a KDNET connection wrap their UDP link with their own copy of the key.
 */
export class KdnetLink implements KdLink {
  readonly mode = 'datagram' as const;
  rejected = 0;
  private readonly keys: KdnetKeys;
  constructor(private readonly inner: KdLink, key: string) { this.keys = deriveKeys(key); }
  send(bytes: Uint8Array): void { this.inner.send(seal(this.keys, bytes)); }
  onReceive(cb: (bytes: Uint8Array) => void): void {
    this.inner.onReceive((d) => {
      const p = open(this.keys, d);
      if (p) cb(p); else this.rejected++;
    });
  }
  close(): void { this.inner.close(); }
}
