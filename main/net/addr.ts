// IPv4 and MAC addresses as plain numbers and bytes, and the Internet checksum.

export type Ip = number; // host-order uint32

export function parseIp(s: string): Ip {
  const p = s.trim().split('.').map((x) => (/^\d{1,3}$/.test(x) ? Number(x) : NaN));
  if (p.length !== 4 || p.some((x) => !(x >= 0 && x <= 255))) throw new Error(`bad IPv4 address ${s}`);
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}
export const isIp = (s: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(s.trim());
export const formatIp = (ip: Ip): string => [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');

export const BROADCAST_MAC = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
export const macEquals = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
export const macKey = (m: Uint8Array): string => [...m].map((b) => b.toString(16).padStart(2, '0')).join('-');
export const isMulticastMac = (m: Uint8Array): boolean => (m[0]! & 1) === 1;
/** The Ethernet group address of an IPv4 multicast address (01-00-5E + low 23 bits). */
export function multicastMac(ip: Ip): Uint8Array {
  return new Uint8Array([0x01, 0x00, 0x5e, (ip >>> 16) & 0x7f, (ip >>> 8) & 255, ip & 255]);
}
export const isMulticastIp = (ip: Ip): boolean => ip >>> 28 === 0xe;

/** One's-complement sum over `data` (plus an initial partial sum), folded; the checksum is its complement. */
export function onesSum(data: Uint8Array, start = 0, end = data.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (data[i]! << 8) | data[i + 1]!;
  if (i < end) sum += data[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
export const checksum = (data: Uint8Array, start = 0, end = data.length, initial = 0): number => ~onesSum(data, start, end, initial) & 0xffff;

export function be16(b: Uint8Array, o: number): number { return (b[o]! << 8) | b[o + 1]!; }
export function be32(b: Uint8Array, o: number): number { return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0; }
export function put16(b: Uint8Array, o: number, v: number): void { b[o] = (v >>> 8) & 255; b[o + 1] = v & 255; }
export function put32(b: Uint8Array, o: number, v: number): void { b[o] = v >>> 24; b[o + 1] = (v >>> 16) & 255; b[o + 2] = (v >>> 8) & 255; b[o + 3] = v & 255; }
