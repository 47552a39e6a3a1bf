// A small reader for the wasm images we link: imports, exports, function names, custom sections, and which
// function bodies call which functions (for the linker's "referenced in function" message).

export interface WasmImport { module: string; name: string; kind: 'func' | 'table' | 'memory' | 'global' | 'tag'; funcIndex?: number }
export interface WasmExport { name: string; kind: 'func' | 'table' | 'memory' | 'global' | 'tag'; index: number }
export interface WasmImage {
  imports: WasmImport[];
  exports: WasmExport[];
  importedFuncs: number;                // function indices below this are imports
  functionNames: Map<number, string>;   // from the `name` section
  customSections: Map<string, Uint8Array[]>;
  codeBodies: Uint8Array[];             // one per defined function, in index order after the imports
}

const KINDS = ['func', 'table', 'memory', 'global', 'tag'] as const;

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array, start = 0, readonly end = b.length) { this.pos = start; }
  byte(): number { if (this.pos >= this.end) throw new Error('wasm: unexpected end'); return this.b[this.pos++]; }
  u32(): number {
    let r = 0, shift = 0, x;
    do { x = this.byte(); r += (x & 0x7f) * 2 ** shift; shift += 7; } while (x & 0x80);
    return r;
  }
  /** Skip a signed or unsigned LEB of any width. */
  leb(): void { while (this.byte() & 0x80); }
  bytes(n: number): Uint8Array { const s = this.b.subarray(this.pos, this.pos + n); this.pos += n; return s; }
  name(): string { return new TextDecoder().decode(this.bytes(this.u32())); }
  limits(): void { const f = this.byte(); this.u32(); if (f & 1) this.u32(); }
}

export function readWasm(bytes: Uint8Array): WasmImage {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a wasm module');
  const img: WasmImage = { imports: [], exports: [], importedFuncs: 0, functionNames: new Map(), customSections: new Map(), codeBodies: [] };
  const r = new Reader(bytes, 8);
  while (r.pos < bytes.length) {
    const id = r.byte(), size = r.u32(), end = r.pos + size;
    const s = new Reader(bytes, r.pos, end);
    if (id === 0) {
      const name = s.name();
      const body = bytes.subarray(s.pos, end);
      if (!img.customSections.has(name)) img.customSections.set(name, []);
      img.customSections.get(name)!.push(body);
      if (name === 'name') readNames(new Reader(bytes, s.pos, end), img.functionNames);
    } else if (id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        const module = s.name(), name = s.name(), k = s.byte();
        const imp: WasmImport = { module, name, kind: KINDS[k] };
        if (k === 0) { s.u32(); imp.funcIndex = img.importedFuncs++; }
        else if (k === 1) { s.byte(); s.limits(); }
        else if (k === 2) s.limits();
        else if (k === 3) { s.byte(); s.byte(); }
        else if (k === 4) { s.byte(); s.u32(); }
        img.imports.push(imp);
      }
    } else if (id === 7) {
      for (let n = s.u32(); n > 0; n--) { const name = s.name(); const k = s.byte(); img.exports.push({ name, kind: KINDS[k], index: s.u32() }); }
    } else if (id === 10) {
      for (let n = s.u32(); n > 0; n--) { const len = s.u32(); img.codeBodies.push(bytes.subarray(s.pos, s.pos + len)); s.pos += len; }
    }
    r.pos = end;
  }
  return img;
}

function readNames(s: Reader, out: Map<number, string>): void {
  while (s.pos < s.end) {
    const sub = s.byte(), size = s.u32(), end = s.pos + size;
    if (sub === 1) for (let n = s.u32(); n > 0; n--) { const idx = s.u32(); out.set(idx, s.name()); }
    s.pos = end;
  }
}

/** Function indices a code body calls directly (`call`, `return_call`). */
export function directCalls(body: Uint8Array): number[] {
  const r = new Reader(body);
  const calls: number[] = [];
  for (let groups = r.u32(); groups > 0; groups--) { r.u32(); r.byte(); } // locals
  while (r.pos < body.length) {
    const op = r.byte();
    if (op === 0x10 || op === 0x12) { calls.push(r.u32()); continue; }
    skipImmediates(r, op);
  }
  return calls;
}

function blockType(r: Reader): void { const b = r.b[r.pos]; if (b === 0x40 || b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c || b === 0x7b || b === 0x70 || b === 0x6f) r.pos++; else r.leb(); }

function skipImmediates(r: Reader, op: number): void {
  if (op === 0x02 || op === 0x03 || op === 0x04) return blockType(r);
  if (op === 0x0c || op === 0x0d) return void r.u32();
  if (op === 0x0e) { for (let n = r.u32(); n >= 0; n--) r.u32(); return; }               // br_table: n labels + default
  if (op === 0x11 || op === 0x13) { r.u32(); r.u32(); return; }                           // call_indirect type table
  if (op === 0x1c) { for (let n = r.u32(); n > 0; n--) r.byte(); return; }                // select t*
  if (op >= 0x20 && op <= 0x26) return void r.u32();                                      // local/global/table get/set
  if (op >= 0x28 && op <= 0x3e) { memarg(r); return; }                                    // loads/stores
  if (op === 0x3f || op === 0x40) return void r.byte();                                   // memory.size/grow
  if (op === 0x41 || op === 0x42) return r.leb();                                         // i32/i64.const
  if (op === 0x43) { r.pos += 4; return; }
  if (op === 0x44) { r.pos += 8; return; }
  if (op === 0xd0) return void r.byte();                                                  // ref.null t
  if (op === 0xd2) return void r.u32();                                                   // ref.func
  if (op === 0x06 || op === 0x07 || op === 0x08) return op === 0x06 ? blockType(r) : void r.u32(); // try/catch/throw
  if (op === 0x09 || op === 0x18) return void r.u32();                                    // rethrow/delegate
  if (op === 0xfc) return prefixFC(r);
  if (op === 0xfd) return prefixFD(r);
  if (op === 0xfe) { if (r.u32() === 3) r.byte(); else memarg(r); return; }             // atomics (fence: one 0 byte)
}

function memarg(r: Reader): void { const align = r.u32(); if (align & 0x40) r.u32(); r.u32(); }

function prefixFC(r: Reader): void {
  const sub = r.u32();
  if (sub <= 7) return;                                                 // trunc_sat
  if (sub === 8) { r.u32(); r.u32(); return; }                          // memory.init seg mem
  if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) return void r.u32();
  if (sub === 10 || sub === 12 || sub === 14) { r.u32(); r.u32(); return; }
  if (sub === 11) return void r.u32();
}

function prefixFD(r: Reader): void {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) return memarg(r);          // v128 loads/stores
  if (sub === 12 || sub === 13) { r.pos += 16; return; }                // v128.const, i8x16.shuffle
  if (sub >= 21 && sub <= 34) { r.pos += 1; return; }                   // extract/replace lane
  if (sub >= 84 && sub <= 91) { memarg(r); r.pos += 1; return; }        // load/store lane
}

/** The name of a function by index, or a placeholder as the linker would show. */
export function functionName(img: WasmImage, index: number): string {
  return img.functionNames.get(index) ?? `function[${index}]`;
}

/** Append a custom section (an image's own header data, such as the entry point or WPP message formats). */
export function appendCustomSection(bytes: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const content = [...uleb(nameBytes.length), ...nameBytes];
  const size = content.length + payload.length;
  const head = Uint8Array.from([0, ...uleb(size), ...content]);
  const out = new Uint8Array(bytes.length + head.length + payload.length);
  out.set(bytes); out.set(head, bytes.length); out.set(payload, bytes.length + head.length);
  return out;
}

function uleb(n: number): number[] {
  const o: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n);
  return o;
}
