// `u`: disassembly of our processor's (wasm) instructions, with the source line headers WinDbg shows.
import { decodeAt } from '../disasm.ts';
import { formatSymbolAt } from '../modules.ts';
import { parseNumber } from '../expr.ts';
import type { KdSession } from '../session.ts';
import type { CommandTable } from './types.ts';

let next: bigint | undefined;

async function unassemble(s: KdSession, args: string): Promise<string> {
  const m = /^(.*?)(?:\s+[lL]\s*(\S+))?$/.exec(args.trim())!;
  let va = m[1] ? await s.eval(m[1]) : next ?? (await s.getContext()).frames[s.frame]?.pc ?? s.stop?.pc ?? 0n;
  const count = m[2] ? Number(parseNumber(m[2]) ?? 8n) : 8;
  const out: string[] = [];
  let lastHeader = '';
  for (let i = 0; i < count; i++) {
    const sym = s.symbolAt(va);
    const mod = sym?.module;
    let header = formatSymbolAt(sym, va);
    const line = mod?.symbols?.lineForAddress(Number(va - mod.base));
    if (line) header = `${sym?.name ? `${mod!.name}!${sym.name}${sym.offset ? `+0x${sym.offset.toString(16)}` : ''}` : header} [${line.file} @ ${line.line}]`;
    const key = line ? `${line.file}:${line.line}` : sym?.name ?? '';
    // An address in no module has no symbol header (u 0 prints only its ?? lines).
    if (sym && (i === 0 || key !== lastHeader)) out.push(`${header}:`);
    lastHeader = key;
    const bytes = (await s.memory.read(va, 16)) ?? new Uint8Array(0);
    const d = decodeAt(mod?.wasm, mod?.base, va, bytes);
    out.push(d.text);
    va += BigInt(d.length);
    // Past a function's last instruction: the next function's body starts with its size and local declarations,
    // which are not instructions; go on at its first instruction, as u goes on into the next function.
    if (mod?.wasm) {
      const rel = Number(va - mod.base);
      const b = mod.wasm.bodies.find((x) => rel >= x.start && rel < x.codeStart);
      if (b) va = mod.base + BigInt(b.codeStart);
    }
  }
  next = va;
  return out.join('\n');
}

export const codeCommands: CommandTable = { u: (s, a) => unassemble(s, a) };
