// Ready-made command views over a symbol module, for the debugger's `dv` and `dt`.
import type { FrameAccessor } from '../../formats/dwarf/expr.ts';
import { FormatOptions, formatDt, formatDvLines, formatValue } from './format.ts';
import type { SymbolModule } from './module.ts';
import { sizeOf } from './types.ts';

/** `dv` for the frame stopped at `codeOffset`: parameters then locals in scope, as WinDbg lists them. */
export function dvLines(m: SymbolModule, codeOffset: number, frame: FrameAccessor, opts: FormatOptions = {}, inlineDepth = 0): string[] {
  const vars = m.variablesAt(codeOffset, inlineDepth);
  if (!vars || !vars.function.hasDebugInfo) return ['Unable to enumerate locals, HRESULT 0x80004005'];
  const read = opts.readMemory ?? ((a: number, n: number) => frame.readMemory(a, n));
  return formatDvLines([...vars.params, ...vars.locals].map((v) => {
    const r = m.read(v, frame, codeOffset);
    return { name: v.name, value: r.bytes ? formatValue(v.type, r.bytes, { ...opts, readMemory: read }) : '<value unavailable>' };
  }));
}

/** `dt [module!]Type` (types only) or, with the object's linear address and memory, its member values. */
export function dtLines(m: SymbolModule, typeName: string, object?: { address: number; readMemory: (a: number, n: number) => Uint8Array },
  opts: FormatOptions = {}, recurse = 0): string[] {
  const t = m.typeByName(typeName);
  if (!t) return [`Symbol ${typeName} not found.`];
  if (!object) return formatDt(t, undefined, opts, recurse);
  return formatDt(t, object.readMemory(object.address, sizeOf(t)), { ...opts, readMemory: opts.readMemory ?? object.readMemory }, recurse);
}
