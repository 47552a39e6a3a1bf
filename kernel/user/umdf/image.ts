// Tiny images for the in-box binaries that are ours in TypeScript (WUDFRd.sys, WUDFHost.exe): a relocatable wasm
// module (dylink.0) whose one exported entry calls one imported routine with its own arguments, so the loader maps
// it like any image (lm lists it, its entry runs through the normal path) while the work is the routine's.
const leb = (n: number): number[] => { const out: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const text = (t: string): number[] => { const b = [...new TextEncoder().encode(t)]; return [...leb(b.length), ...b]; };
const section = (id: number, payload: number[]): number[] => [id, ...leb(payload.length), ...payload];

/** An image exporting `entry` (i32 x params → i32) that calls `module!routine` with the same arguments. */
export function trampolineImage(o: { module: string; routine: string; entry: string; params: number; name: string }): Uint8Array {
  const I32 = 0x7f;
  const params = Array(o.params).fill(I32);
  const type = [0x60, ...leb(params.length), ...params, 1, I32];
  const body = [0x00, ...params.flatMap((_, i) => [0x20, ...leb(i)]), 0x10, 0x00, 0x0b]; // local.get each; call 0; end
  const header = JSON.stringify({ format: 1, name: o.name, kind: 'inbox', machine: 'x64', entry: o.entry, configuration: 'Release' });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(0, [...text('dylink.0'), 1, ...leb(4), 0, 0, 0, 0]), // WASM_DYLINK_MEM_INFO: no data, no table
    ...section(1, [1, ...type]),
    ...section(2, [1, ...text(o.module), ...text(o.routine), 0x00, 0]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...text(o.entry), 0x00, 1]),
    ...section(10, [1, ...leb(body.length), ...body]),
    ...section(0, [...text('driverlab.image'), ...new TextEncoder().encode(header)]),
  ]);
}
