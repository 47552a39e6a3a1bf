// An image's link timestamp: deterministic (FNV-1a of the bytes), so the same build always shows the same value.
export function imageTimestamp(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) { h ^= bytes[i]!; h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}
