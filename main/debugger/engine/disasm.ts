// `u` and the instruction line after a stop: the wasm instruction at a code address (our processor's instruction
// set), shown as WinDbg shows x64 code: address, instruction bytes, mnemonic, operands. Bytes host images hold in
// their code slots are int 3 (0xcc), as at nt!DbgBreakPointWithStatus.
import { opInfo, opName, type Instr, type WasmModule } from '../../formats/wasm/index.ts';
import { formatAddress } from '../symbols/format.ts';

export interface Decoded { text: string; length: number }

function operands(m: WasmModule, ins: Instr): string {
  const info = opInfo(ins.op);
  switch (info?.imm) {
    case 'local': case 'global': case 'label': case 'table': case 'data': case 'elem': return String(ins.a);
    case 'func': return m.names?.functions.get(ins.a) ?? `func${ins.a}`;
    case 'call_indirect': return `(type ${ins.a})`;
    case 'memarg': return ins.b ? `offset=${ins.b}` : '';
    case 'i32': return String(ins.a);
    case 'i64': case 'f32': case 'f64': return String(ins.v);
    case 'br_table': return (ins.t ?? []).join(' ');
    default: return '';
  }
}

/** The instruction at a module-relative code offset, or undefined when none starts there. */
export function instructionAt(m: WasmModule, rel: number): { ins: Instr; next?: Instr; end: number } | undefined {
  const body = m.bodies.find((b) => rel >= b.codeStart && rel < b.end);
  if (!body) return undefined;
  const i = body.code.findIndex((x) => x.off === rel);
  if (i < 0) return undefined;
  return { ins: body.code[i]!, next: body.code[i + 1], end: body.code[i + 1]?.off ?? body.end };
}

/** One disassembly line: ``fffff801`00011234 2001            local.get 1``. */
export function formatInstruction(va: bigint, bytes: Uint8Array, mnemonic: string, ops: string): string {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${formatAddress(va)} ${hex.padEnd(16)}${ops ? `${mnemonic.padEnd(8)}${mnemonic.length >= 8 ? ' ' : ''}${ops}` : mnemonic}`;
}

/** Decode at `va` given the module (if code) and the bytes read from the target there. */
export function decodeAt(m: WasmModule | undefined, base: bigint | undefined, va: bigint, bytes: Uint8Array): Decoded {
  if (m && base !== undefined) {
    const at = instructionAt(m, Number(va - base));
    if (at) {
      const len = at.end - at.ins.off;
      return { text: formatInstruction(va, bytes.subarray(0, len), opName(at.ins.op), operands(m, at.ins)), length: len };
    }
  }
  if (bytes[0] === 0xcc) return { text: formatInstruction(va, bytes.subarray(0, 1), 'int', '3'), length: 1 };
  if (!bytes.length) return { text: `${formatAddress(va)} ??              ???`, length: 1 };
  return { text: formatInstruction(va, bytes.subarray(0, 1), '???', ''), length: 1 };
}
