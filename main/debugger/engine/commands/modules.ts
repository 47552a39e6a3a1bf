// Modules and symbols: lm, x, ln, !lmi, !dh, .reload, .sympath, .srcpath, .symfix.
import { formatAddress, formatValue, formatXLine } from '../../symbols/format.ts';
import { sizeOf } from '../../symbols/types.ts';
import { entryOf, loadModuleSymbols, formatSymbolAt, type DebugModule } from '../modules.ts';
import { wildcard, type KdSession } from '../session.ts';
import type { CommandTable } from './types.ts';

function symText(m: DebugModule): string {
  switch (m.state) {
    case 'private': return `(private pdb symbols)  ${m.symbolFile}`;
    case 'export': return `(export symbols)       ${m.file}`;
    case 'none': return '(no symbols)           ';
    default: return '(deferred)             ';
  }
}

function stamp(t: number): string {
  return `${new Date(t * 1000).toUTCString().replace(/ GMT$/, '')} (${t.toString(16).toUpperCase().padStart(8, '0')})`;
}

function lm(s: KdSession, args: string): string {
  const words = args.trim().split(/\s+/).filter(Boolean);
  let verbose = false, pattern: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    if (w === 'v') verbose = true;
    else if (w === 'm') pattern = words[++i];
    else if (w === 'mv' || w === 'vm') { verbose = true; pattern = words[++i]; }
  }
  const mods = [...s.modules].sort((a, b) => (a.base < b.base ? -1 : 1)).filter((m) => !pattern || wildcard(pattern, m.name));
  const lines = ['start             end                 module name'];
  for (const m of mods) {
    lines.push(`${formatAddress(m.base)} ${formatAddress(m.base + BigInt(m.size))}   ${m.name.padEnd(10)} ${symText(m)}`.trimEnd());
    if (verbose) {
      if (m.state === 'private') lines.push(`    Loaded symbol image file: ${m.symbolFile}`);
      lines.push(`    Image path: ${m.path}`, `    Image name: ${m.file}`, `    Timestamp:        ${stamp(m.timestamp)}`,
        '    CheckSum:         00000000', `    ImageSize:        ${m.size.toString(16).toUpperCase().padStart(8, '0')}`,
        '    Translations:     0000.04b0 0000.04e4 0409.04b0 0409.04e4');
    }
  }
  if (!pattern && s.unloaded.length) {
    lines.push('', 'Unloaded modules:');
    for (const m of s.unloaded) lines.push(`${formatAddress(m.base)} ${formatAddress(m.base + BigInt(m.size))}   ${m.file}`);
  }
  return lines.join('\n');
}

/** The letter index DML output of `x` starts with (links that list the symbols starting with each letter; our
 *  terminal has no links, so it shows as the plain line). */
const DML_INDEX = ` ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').join(' ')}`;

async function x(s: KdSession, args: string): Promise<string> {
  const flags = /^(\/[A-Za-z0-9]+\s+)*/.exec(args.trim())![0];
  const pat = args.trim().slice(flags.length);
  const dml = /\/D\b/.test(flags) || s.preferDml;
  const bang = pat.indexOf('!');
  const mods = bang >= 0 ? s.modules.filter((m) => wildcard(pat.slice(0, bang), m.name)) : s.modules;
  const spat = bang >= 0 ? pat.slice(bang + 1) : pat;
  const out: string[] = [];
  for (const m of mods) {
    s.ensureSymbols(m);
    if (m.symbols) {
      for (const r of m.symbols.lookupName(spat)) {
        if (r.function) {
          if (!r.function.hasDebugInfo) continue;
          out.push(formatXLine(m.base + BigInt(entryOf(m, r.function.lowPc)), m.name, r.name, { params: r.function.params }));
        } else if (r.global?.offset !== undefined) {
          const g = r.global;
          const va = m.base + BigInt(m.dataOffset + g.offset!);
          const bytes = await s.memory.read(va, Math.max(1, sizeOf(g.type)));
          const valueText = bytes ? await s.memory.sync(() => formatValue(g.type, bytes, { readMemory: (a, n) => s.memory.readSync(a, n) })) : undefined;
          out.push(formatXLine(va, m.name, r.name, { valueText }));
        }
      }
    } else for (const e of m.exports ?? []) if (wildcard(spat, e.name)) out.push(`${formatAddress(e.address)} ${m.name}!${e.name} (<no parameter info>)`);
  }
  return (dml ? [DML_INDEX, '', ...out] : out).join('\n');
}

async function ln(s: KdSession, args: string): Promise<string> {
  const va = args.trim() ? await s.eval(args.trim()) : s.stop?.pc ?? 0n;
  const at = s.symbolAt(va);
  if (!at) return '';
  const m = at.module;
  const start = va - BigInt(at.offset);
  let next: { name: string; address: bigint } | undefined;
  if (m.symbols) {
    const f = m.symbols.functions.find((x) => m.base + BigInt(entryOf(m, x.lowPc)) > start);
    if (f) next = { name: f.name, address: m.base + BigInt(entryOf(m, f.lowPc)) };
  } else next = (m.exports ?? []).filter((e) => e.address > start).sort((a, b) => (a.address < b.address ? -1 : 1))[0];
  const lines: string[] = [];
  let l = '';
  if (m.symbols) { const li = m.symbols.lineForAddress(Number(va - m.base)); if (li) l = `[${li.file} @ ${li.line}] `; }
  lines.push(`${l}(${formatAddress(start)})   ${formatSymbolAt(at, va)}${next ? `   |  (${formatAddress(next.address)})   ${m.name}!${next.name}` : ''}`);
  if (at.exact) lines.push('Exact matches:', `    ${m.name}!${at.name} (${at.fn?.hasDebugInfo ? at.fn.params.map((p) => p.name).join(', ') : '<no parameter info>'})`);
  return lines.join('\n');
}

export const moduleCommands: CommandTable = {
  lm: (s, a) => lm(s, a),
  x: (s, a) => x(s, a),
  ln: (s, a) => ln(s, a),
  '.reload': async (s, args) => {
    await s.refreshModules();
    const force = /\/f/i.test(args);
    const only = args.replace(/\/\w+/g, '').trim();
    for (const m of s.modules) {
      if (only && !wildcard(only.replace(/\.sys$/i, ''), m.name)) continue;
      if (m.exportDirectory) continue;
      if (force || m.state !== 'private') { m.state = 'deferred'; if (force) loadModuleSymbols(m, s.sympath, s.workDir); }
    }
    return 'Loading Kernel Symbols\n...............................................................\nLoading User Symbols\n\nLoading unloaded module list\n.';
  },
  '.sympath': (s, args) => setPath(s, 'sympath', args, 'Symbol search path is'),
  '.sympath+': (s, args) => setPath(s, 'sympath', `+ ${args}`, 'Symbol search path is'),
  '.srcpath': (s, args) => setPath(s, 'srcpath', args, 'Source search path is'),
  '.srcpath+': (s, args) => setPath(s, 'srcpath', `+ ${args}`, 'Source search path is'),
  '.symfix': (s, args) => {
    const entry = `srv*${args.trim() || 'C:\\ProgramData\\Dbg\\sym'}*https://msdl.microsoft.com/download/symbols`;
    if (!s.sympath.includes(entry)) s.sympath = [entry, ...s.sympath.filter((p) => !p.toLowerCase().startsWith('srv*'))];
    return '';
  },
  '!lmi': (s, args) => {
    const m = s.findModule(args.trim().replace(/\.sys$/i, ''));
    if (!m) return `${args.trim()} not found`;
    s.ensureSymbols(m);
    return [`Loaded Module Info: [${args.trim()}] `, `         Module: ${m.name}`, `   Base Address: ${formatAddress(m.base)}`,
      `     Image Name: ${m.file}`, '   Machine Type: 34404 (X64)', `     Time Stamp: ${m.timestamp.toString(16)} ${new Date(m.timestamp * 1000).toUTCString()}`,
      `           Size: ${m.size.toString(16)}`, '       CheckSum: 0',
      `    Symbol Type: ${m.state === 'private' ? 'DWARF - Symbols loaded successfully from symbol search path.' : m.state === 'export' ? 'EXPORT - Symbols loaded from the export directory.' : 'NONE - No symbols found.'}`,
      ...(m.symbolFile ? [`    Load Report: private symbols & lines, not source indexed`, `                 ${m.symbolFile}`] : [])].join('\n');
  },
  '!dh': (s, args) => {
    const m = s.findModule(args.replace(/-\w+/g, '').trim());
    if (!m) return `Unable to read image header at ${args.trim()}`;
    s.ensureSymbols(m);
    const lines = [`File Type: ${/\.sys$/i.test(m.file) ? 'EXECUTABLE IMAGE' : 'DLL'}`, 'FILE HEADER VALUES', '    8664 machine (X64)',
      `${m.timestamp.toString(16).padStart(8, '0')} time date stamp ${new Date(m.timestamp * 1000).toUTCString()}`, '', 'OPTIONAL HEADER VALUES',
      `${m.size.toString(16).padStart(8)} size of image`, `${formatAddress(m.base)} image base`];
    if (m.wasm) {
      lines.push('', 'SECTIONS (wasm):');
      lines.push(`   code: ${m.wasm.code.length.toString(16)} bytes at ${formatAddress(m.base)}`, `   data: at ${formatAddress(m.base + BigInt(m.dataOffset))}`);
      for (const c of m.wasm.customs) lines.push(`   custom ${c.name}`);
    }
    return lines.join('\n');
  },
};

function setPath(s: KdSession, which: 'sympath' | 'srcpath', args: string, label: string): string {
  const a = args.trim();
  if (a.startsWith('+')) {
    const add = a.slice(1).trim().split(';').filter(Boolean);
    s[which] = [...s[which], ...add.filter((p) => !s[which].includes(p))];
  } else if (a) s[which] = a.split(';').filter(Boolean);
  const text = s[which].join(';');
  const lines = [`${label}: ${text || '<empty>'}`];
  if (which === 'sympath') lines.push(`Expanded ${label}: ${text.toLowerCase() || '<empty>'}`);
  if (a && which === 'sympath') lines.push('', '************* Path validation summary **************', 'Response                         Time (ms)     Location',
    ...s.sympath.map((p) => `${p.toLowerCase().startsWith('srv*') ? 'Deferred' : 'OK'.padEnd(8)}                                       ${p}`));
  return lines.join('\n');
}
