// Breakpoints: bp, bu, bm, ba, bl, bc, bd, be. Code breakpoints are written to the target as KD breakpoints; `ba`
// programs the debug registers; `bu` stays deferred until its module loads.
import { formatAddress } from '../../symbols/format.ts';
import { entryOf, formatSymbolAt } from '../modules.ts';
import { ExprError } from '../expr.ts';
import { wildcard, type Breakpoint, type KdSession } from '../session.ts';
import type { CommandTable } from './types.ts';

function nextId(s: KdSession): number {
  for (let i = 0; ; i++) if (!s.breakpoints.some((b) => b.id === i)) return i;
}

/** `bp 3 expr` sets breakpoint number 3; otherwise the lowest free number. */
function splitId(args: string): { id?: number; expr: string } {
  const m = /^(\d+)\s+(.+)$/.exec(args);
  return m ? { id: parseInt(m[1]!, 10), expr: m[2]! } : { expr: args };
}

async function setCode(s: KdSession, kind: 'bp' | 'bu', args: string): Promise<string> {
  const { id, expr } = splitId(args.trim());
  if (!expr) return kind === 'bp' ? `Couldn't resolve error at ''` : '';
  let address: bigint | undefined;
  try { address = await s.eval(expr); } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    if (kind === 'bp') {
      // WinDbg turns an unresolved bp into a deferred one and says so.
      const b: Breakpoint = { id: id ?? nextId(s), kind: 'bu', expr, enabled: true };
      s.breakpoints.push(b);
      return `Bp expression '${expr}' could not be resolved, adding deferred bp`;
    }
  }
  const existing = address !== undefined ? s.breakpoints.find((b) => b.address === address && b.kind !== 'ba') : undefined;
  if (existing) return `breakpoint ${existing.id} redefined`;
  const b: Breakpoint = { id: id ?? nextId(s), kind, expr, address, enabled: true };
  s.breakpoints.push(b);
  if (address !== undefined && !(await s.armBreakpoint(b))) {
    s.breakpoints.splice(s.breakpoints.indexOf(b), 1);
    return `Unable to insert breakpoint ${b.id} at ${formatAddress(address)}, Win32 error 0n998\n    "Invalid access to memory location."`;
  }
  return '';
}

function selectIds(s: KdSession, args: string): Breakpoint[] {
  const a = args.trim();
  if (a === '*') return [...s.breakpoints];
  const ids = new Set<number>();
  for (const part of a.split(/[\s,]+/).filter(Boolean)) {
    const r = /^(\d+)-(\d+)$/.exec(part);
    if (r) for (let i = parseInt(r[1]!, 10); i <= parseInt(r[2]!, 10); i++) ids.add(i);
    else ids.add(parseInt(part, 10));
  }
  return s.breakpoints.filter((b) => ids.has(b.id));
}

function blLine(s: KdSession, b: Breakpoint): string {
  const head = `${String(b.id).padStart(6)} ${b.enabled ? 'e' : 'd'}`;
  if (b.address === undefined) return `${head}u             0001 (0001) (${b.expr})`;
  const sym = s.symbolAt(b.address);
  const act = `${b.enabled ? 'Disable' : 'Enable'} Clear  `;
  let src = '';
  if (sym?.module.symbols) {
    const l = sym.module.symbols.lineForAddress(Number(b.address - sym.module.base));
    if (l) src = `  [${l.file} @ ${l.line}]`;
  }
  // A processor breakpoint shows its access and size where a code breakpoint's source column goes; an address with
  // no symbol (on a stack) has nothing after the count.
  if (b.access) return `${head} ${act}${formatAddress(b.address)} ${b.access.kind} ${b.access.size} 0001 (0001)${sym ? ` ${formatSymbolAt(sym, b.address)}` : ''}`;
  return `${head} ${act}${formatAddress(b.address)}${src}     0001 (0001) ${formatSymbolAt(sym, b.address)}`;
}

export const breakpointCommands: CommandTable = {
  bp: (s, a) => setCode(s, 'bp', a),
  bu: (s, a) => setCode(s, 'bu', a),
  bm: async (s, args) => {
    const pat = args.trim().replace(/^\/a\s+/, '');
    const bang = pat.indexOf('!');
    const mods = bang >= 0 ? s.modules.filter((m) => wildcard(pat.slice(0, bang), m.name)) : s.modules;
    const fpat = bang >= 0 ? pat.slice(bang + 1) : pat;
    const out: string[] = [];
    for (const m of mods) {
      s.ensureSymbols(m);
      const fns = m.symbols ? m.symbols.functions.filter((f) => f.hasDebugInfo && wildcard(fpat, f.name)).map((f) => ({ name: f.name, address: m.base + BigInt(entryOf(m, f.lowPc)) })) :
        (m.exports ?? []).filter((e) => wildcard(fpat, e.name));
      for (const f of fns) {
        const existing = s.breakpoints.find((b) => b.address === f.address && b.kind !== 'ba');
        if (existing) { out.push(`breakpoint ${existing.id} redefined`); continue; }
        const b: Breakpoint = { id: nextId(s), kind: 'bm', expr: `${m.name}!${f.name}`, address: f.address, enabled: true };
        s.breakpoints.push(b);
        await s.armBreakpoint(b);
        out.push(`${String(b.id).padStart(3)}: ${formatAddress(f.address)} @!"${m.name}!${f.name}"`);
      }
    }
    if (!out.length) return `No matching code symbols found, no breakpoints set.\n  If you are using public symbols, try 'bm /a ${pat}'`;
    return out.join('\n');
  },
  ba: async (s, args) => {
    const m = /^(?:(\d+)\s+)?([erw])([1248])\s+(.+)$/i.exec(args.trim());
    if (!m) return `       ^ Syntax error in 'ba ${args}'`;
    if (s.breakpoints.filter((b) => b.kind === 'ba').length >= 4) return 'Too many data breakpoints for processor 0, use a software breakpoint instead.';
    const address = await s.eval(m[4]!);
    const b: Breakpoint = { id: m[1] ? parseInt(m[1], 10) : nextId(s), kind: 'ba', expr: m[4]!, address, enabled: true, access: { kind: m[2]!.toLowerCase() as 'e' | 'r' | 'w', size: Number(m[3]) } };
    s.breakpoints.push(b);
    await s.programDebugRegisters();
    return '';
  },
  bl: (s) => [...s.breakpoints].sort((a, b) => a.id - b.id).map((b) => blLine(s, b)).join('\n'),
  bc: async (s, args) => {
    for (const b of selectIds(s, args)) { s.breakpoints.splice(s.breakpoints.indexOf(b), 1); await s.disarmBreakpoint(b); }
    return '';
  },
  bd: async (s, args) => {
    for (const b of selectIds(s, args)) { b.enabled = false; await s.disarmBreakpoint(b); }
    return '';
  },
  be: async (s, args) => {
    for (const b of selectIds(s, args)) {
      b.enabled = true;
      if (b.kind === 'ba') await s.programDebugRegisters(); else await s.armBreakpoint(b);
    }
    return '';
  },
};
