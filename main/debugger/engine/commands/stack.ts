// Stacks and locals: k, kb, kn, kp, kv, .frame, dv. Frames come from the stopped thread's context; names and
// source lines from the symbols.
import { formatAddress, formatValue } from '../../symbols/format.ts';
import { dvLines } from '../../symbols/views.ts';
import type { ContextFrame, ThreadContext } from '../../../formats/kd/context.ts';
import { formatSymbolAt, type DebugModule } from '../modules.ts';
import { toVA } from '../../../machine/memory.ts';
import type { KdSession } from '../session.ts';
import type { CommandTable } from './types.ts';
import { registers } from './data.ts';

function callSite(s: KdSession, f: ContextFrame, withSource = true): string {
  if (!f.pc) return f.function;
  const sym = s.symbolAt(f.pc);
  // A driver frame whose module has no symbols loaded shows as module+offset, as WinDbg shows it without a PDB.
  let text = sym ? formatSymbolAt(sym, f.pc) : f.function;
  if (withSource && sym?.module.symbols) {
    const l = sym.module.symbols.lineForAddress(Number(f.pc - sym.module.base));
    if (l) text += ` [${l.file} @ ${l.line}]`;
  }
  return text;
}

async function params(s: KdSession, f: ContextFrame): Promise<string> {
  const sym = s.symbolAt(f.pc);
  const m = sym?.module;
  const fn = sym?.fn;
  if (!m?.symbols || !fn?.hasDebugInfo) return callSite(s, f);
  const acc = s.frameAccessor(f, m);
  const rel = Number(f.pc - m.base);
  const read = (a: number, n: number) => s.memory.readSync(a, n);
  const text = await s.memory.sync(() => fn.params.map((p) => {
    const r = m.symbols!.read(p, acc, rel);
    return `${formatTypeName(p.type)} ${p.name} = ${r.bytes ? formatValue(p.type, r.bytes, { readMemory: read }) : '<value unavailable>'}`;
  }).join(', '));
  const l = m.symbols.lineForAddress(rel);
  return `${m.name}!${fn.name}(${text})${sym!.offset ? `+0x${sym!.offset.toString(16)}` : ''}${l ? ` [${l.file} @ ${l.line}]` : ''}`;
}

import { typeSpelling } from '../../symbols/format.ts';
function formatTypeName(t: Parameters<typeof typeSpelling>[0]): string { return typeSpelling(t); }

async function stack(s: KdSession, variant: string, args: string): Promise<string> {
  const ctx = await s.getContext();
  const numbered = variant.includes('n');
  const withArgs = variant === 'kb' || variant === 'kv';
  const max = args ? parseInt(args, 16) || ctx.frames.length : ctx.frames.length;
  const lines: string[] = [];
  if (s.implicitThreadSet) lines.push('  *** Stack trace for last set context - .thread/.cxr resets it');
  // x64 kb/kv keep the Child-SP column; kv's FPO and trap-frame notes are x86-only (our frames have no trap frames).
  const head = withArgs ? 'Child-SP          RetAddr           : Args to Child                                                           : Call Site' : 'Child-SP          RetAddr           Call Site';
  lines.push(`${numbered ? ' # ' : ''}${head}`);
  for (let i = 0; i < Math.min(max, ctx.frames.length); i++) {
    const f = ctx.frames[i]!;
    const n = numbered ? `${i.toString(16).padStart(2, '0')} ` : '';
    const site = variant === 'kp' || variant === 'kP' ? await params(s, f) : callSite(s, f);
    if (withArgs) {
      lines.push(`${n}${formatAddress(s.frameSp(ctx, f, i))} ${formatAddress(s.retAddr(ctx, i))} : ${childArgs(f)} : ${site}`);
    } else lines.push(`${n}${formatAddress(s.frameSp(ctx, f, i))} ${formatAddress(s.retAddr(ctx, i))} ${site}`);
  }
  return lines.join('\n');
}

/** kb's "Args to Child": the frame's first four wasm locals (its first parameters, as x64's home slots hold them). */
function childArgs(f: ContextFrame): string {
  return [0, 1, 2, 3].map((k) => { const v = f.locals[k]; return formatAddress(BigInt.asUintN(64, BigInt(typeof v === 'bigint' ? v : Number.isInteger(v) ? (v as number) >>> 0 : 0))); }).join(' ');
}

/** The rows of !thread's stack and !analyze's `STACK_TEXT:` (kb without header). */
export function stackRows(s: KdSession, ctx: ThreadContext, withSource = false, from = 0): string[] {
  return ctx.frames.slice(from).map((f, j) => {
    const i = j + from;
    return `${formatAddress(s.frameSp(ctx, f, i))} ${formatAddress(s.retAddr(ctx, i))} : ${childArgs(f)} : ${callSite(s, f, withSource)}`;
  });
}

/** `dv /t` (each variable's type first) and `dv /V` (where it lives: its address and @rsp offset, or its register). */
async function dvDetailed(s: KdSession, ctx: ThreadContext, f: ContextFrame, m: DebugModule, types: boolean, where: boolean): Promise<string[]> {
  const rel = Number(f.pc - m.base), syms = m.symbols!;
  const vars = syms.variablesAt(rel);
  if (!vars) return ['Unable to enumerate locals, HRESULT 0x80004005'];
  const acc = s.frameAccessor(f, m), sp = s.frameSp(ctx, f, s.frame);
  const read = (a: number, n: number) => s.memory.readSync(a, n);
  const all = [...vars.params, ...vars.locals];
  const w = Math.max(0, ...all.map((v) => v.name.length));
  return s.memory.sync(() => all.map((v) => {
    const r = syms.read(v, acc, rel);
    const value = r.bytes ? formatValue(v.type, r.bytes, { readMemory: read }) : '<value unavailable>';
    const name = types ? `${typeSpelling(v.type)} ${v.name}` : v.name.padStart(w);
    if (!where) return `${name} = ${value}`;
    const l = r.location;
    const at = l.kind === 'memory' ? `${formatAddress(toVA(l.address))} @rsp+0x${(toVA(l.address) - sp).toString(16).padStart(4, '0')}`
      : l.kind === 'wasm' && l.space === 'local' ? `${'<register>'.padEnd(17)} @l${l.index}`.padEnd(29) : '<unavailable>'.padEnd(29);
    return `${at} ${name.padStart(types ? 0 : 16)} = ${value}`;
  }));
}

export const stackCommands: CommandTable = {
  k: (s, a) => stack(s, 'k', a), kn: (s, a) => stack(s, 'kn', a), kb: (s, a) => stack(s, 'kb', a),
  kp: (s, a) => stack(s, 'kp', a), kP: (s, a) => stack(s, 'kp', a), kv: (s, a) => stack(s, 'kv', a),
  '.frame': async (s, args) => {
    const ctx = await s.getContext();
    // `.frame /r N`: the frame line, then its registers as `r` prints them with that frame selected.
    const withRegs = /^\/r\b/.test(args);
    const which = args.replace(/^\/r\s*/, '').trim();
    if (which) {
      const n = parseInt(which, 16);
      if (!Number.isFinite(n) || n < 0 || n >= ctx.frames.length) return `Frame ${which} out of range`;
      s.frame = n;
    }
    const f = ctx.frames[s.frame]!;
    const line = `${s.frame.toString(16).padStart(2, '0')} ${formatAddress(s.frameSp(ctx, f, s.frame))} ${formatAddress(s.retAddr(ctx, s.frame))} ${callSite(s, f)}`;
    return withRegs ? `${line}\n${await registers(s, '')}` : line;
  },
  dv: async (s, args) => {
    const ctx = await s.getContext();
    const f = ctx.frames[s.frame];
    const sym = f && s.symbolAt(f.pc);
    const m = sym?.module;
    if (!f || !m?.symbols || !sym?.fn?.hasDebugInfo) return 'Unable to enumerate locals, HRESULT 0x80004005';
    const acc = s.frameAccessor(f, m);
    const flags = (args.match(/\/\w+/g) ?? []).join('');
    const want = args.replace(/\/\w+\s*/g, '').trim();
    if (/[tV]/.test(flags)) return (await dvDetailed(s, ctx, f, m, /t/.test(flags), /V/.test(flags))).filter((l) => !want || new RegExp(`\\b${want} = `).test(l)).join('\n');
    const lines = await s.memory.sync(() => dvLines(m.symbols!, Number(f.pc - m.base), acc, { readMemory: (a, n) => s.memory.readSync(a, n) }));
    return (want ? lines.filter((l) => l.trim().startsWith(`${want} `)) : lines).join('\n');
  },
};
