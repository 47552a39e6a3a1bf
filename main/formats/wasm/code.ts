// Decoding a function body into an instruction array (one Instr per instruction, with its code address).

import { ByteReader } from './reader.ts';
import { opInfo } from './opcodes.ts';
import type { FuncBody, Instr, ValType } from './types.ts';

const MAX_LOCALS = 50000;

/**
 * Decode the body that starts at `r.pos` (its size field). `payloadStart` is the file offset of the code section
 * payload, so each instruction's `off` is relative to it.
 */
export function decodeBody(r: ByteReader, payloadStart: number): FuncBody {
  const start = r.pos - payloadStart;
  const size = r.u32();
  const end = r.pos + size;
  if (end > r.end) r.fail('function body exceeds code section');
  const body = new ByteReader(r.bytes, r.pos, end);
  const locals: ValType[] = [];
  const groups = body.u32();
  for (let g = 0; g < groups; g++) {
    const n = body.u32();
    const t = body.u8();
    if (locals.length + n > MAX_LOCALS) body.fail('too many locals');
    for (let i = 0; i < n; i++) locals.push(t);
  }
  const codeStart = body.pos - payloadStart;
  const code: Instr[] = [];
  let depth = 1;
  while (depth > 0) {
    if (body.done) body.fail('function body does not end with end');
    const off = body.pos - payloadStart;
    let op = body.u8();
    if (op === 0xfc) op = 0xfc00 | body.u32();
    const info = opInfo(op);
    if (!info) return body.fail(`unsupported opcode 0x${op.toString(16)}`);
    const ins: Instr = { op, a: 0, b: 0, v: 0, t: null, off };
    switch (info.imm) {
      case 'none': break;
      case 'block': ins.a = body.s33(); depth++; break;
      case 'label': case 'func': case 'local': case 'global': case 'table': case 'data': case 'elem':
        ins.a = body.u32(); break;
      case 'br_table': { const t = body.vec(() => body.u32()); t.push(body.u32()); ins.t = t; break; }
      case 'call_indirect': ins.a = body.u32(); ins.b = body.u32(); break;
      case 'memarg': {
        ins.a = body.u32();
        if (ins.a & 0x40) body.fail('multiple memories are not supported');
        ins.b = body.u32();
        break;
      }
      case 'mem': if (body.u8() !== 0) body.fail('memory index must be 0'); break;
      case 'mem_mem': if (body.u8() !== 0 || body.u8() !== 0) body.fail('memory index must be 0'); break;
      case 'data_mem': ins.a = body.u32(); if (body.u8() !== 0) body.fail('memory index must be 0'); break;
      case 'elem_table': case 'table_table': ins.a = body.u32(); ins.b = body.u32(); break;
      case 'i32': ins.a = body.s32(); break;
      case 'i64': ins.v = body.s64(); break;
      case 'f32': ins.v = body.f32(); break;
      case 'f64': ins.v = body.f64(); break;
      case 'select_t': ins.t = body.vec(() => body.u8()); break;
      case 'reftype': ins.a = body.u8(); break;
    }
    if (op === 0x0b) depth--;
    code.push(ins);
  }
  if (body.pos !== end) body.fail('function body has bytes after its final end');
  r.pos = end;
  return { locals, code, start, codeStart, end: end - payloadStart };
}
