// A simple index of our WDK headers (kernel/inc) for the editor's completion and hover: routine prototypes
// (including the FORCEINLINE wrappers of WDF), role typedefs (DRIVER_INITIALIZE, EVT_WDF_*), structs, enums,
// typedefs and macros. It reads the declarations, it does not preprocess: good enough to name and describe them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { includeDirs, includeRoot } from '../../toolchain/clang.ts';
import { ApiError, type HeaderSymbol, type ImageKind } from '../contract.ts';

const MAX_SIG = 4000;
const squash = (t: string) => t.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

/** Blank out comments (keeping newlines so offsets and lines stay right). */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g,
    (m) => (m.startsWith('/') ? m.replace(/[^\n]/g, ' ') : m));
}

/** Remove `word(` ... `)` groups (balanced) for words matching `re`, e.g. __attribute__((...)) and SAL annotations. */
function removeCalls(text: string, re: RegExp): string {
  let out = '';
  let i = 0;
  const g = new RegExp(re.source, 'g');
  for (let m = g.exec(text); m; m = g.exec(text)) {
    let j = m.index + m[0].length;
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if (text[j] !== '(') continue;
    let depth = 0;
    for (; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) break;
    }
    out += text.slice(i, m.index) + ' ';
    i = j + 1;
    g.lastIndex = i;
  }
  return out + text.slice(i);
}

const ATTRS = /\b(?:__attribute__|__declspec|__pragma|_Function_class_|DECLSPEC_ALIGN)\b/;
const SAL = /\b_[A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_(?=\s*\()/;
const BARE_SAL = /\b_(?:In|Out|Inout|Must_inspect_result|Use_decl_annotations|Kernel_entry|Success|Ret_maybenull|Null_terminated|Reserved|Outptr|Inout_opt|In_opt|Out_opt|Post|Pre|IRQL_requires_same|Check_return|Printf_format_string|Frees_ptr|Struct_size_bytes)[A-Za-z_]*\b/g;

/** The last top-level (...) group of a declaration and the identifier before it: the declared function's name. */
function functionShape(decl: string): { name: string; before: string; params: string } | undefined {
  let end = decl.length - 1;
  while (end >= 0 && /\s/.test(decl[end]!)) end--;
  if (decl[end] !== ')') return undefined;
  let depth = 0, start = end;
  for (; start >= 0; start--) {
    if (decl[start] === ')') depth++;
    else if (decl[start] === '(' && --depth === 0) break;
  }
  const before = decl.slice(0, start);
  const m = /([A-Za-z_]\w*)\s*\)?\s*$/.exec(before);
  if (!m) return undefined;
  return { name: m[1]!, before, params: decl.slice(start + 1, end) };
}

const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'defined']);

export function indexHeaderText(text: string, header: string): HeaderSymbol[] {
  const out: HeaderSymbol[] = [];
  const rawLines = text.split('\n');
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  /** The comment block right above a line (our headers say what a routine is for there). */
  const docAbove = (line: number): string | undefined => {
    const doc: string[] = [];
    for (let i = line - 2; i >= 0; i--) {
      const l = rawLines[i]!.trim();
      if (l.startsWith('//')) doc.unshift(l.replace(/^\/\/+\s?/, ''));
      else if (l.endsWith('*/')) {
        let j = i;
        while (j >= 0 && !rawLines[j]!.includes('/*')) j--;
        doc.unshift(...rawLines.slice(Math.max(j, 0), i + 1).map((x) => x.replace(/^\s*(\/\*+|\*+\/?|\*)\s?/, '').replace(/\*\/\s*$/, '')));
        break;
      } else break;
    }
    const d = doc.join('\n').trim();
    return d ? d.slice(0, MAX_SIG) : undefined;
  };
  const add = (name: string, kind: HeaderSymbol['kind'], signature: string, offset: number) => {
    const line = lineAt(offset);
    out.push({ name, kind, signature: signature.slice(0, MAX_SIG), header, line, ...(docAbove(line) ? { doc: docAbove(line)! } : {}) });
  };

  let code = stripComments(text);
  // Macros first, then blank the preprocessor lines (with their continuations) out of the code.
  code = code.replace(/^[ \t]*#[^\n]*(?:\\\n[^\n]*)*/gm, (line, offset: number) => {
    const m = /^[ \t]*#\s*define\s+([A-Za-z_]\w*)(\([^)]*\))?(.*)$/s.exec(line);
    if (m) {
      const [, name, args = '', body = ''] = m;
      const b = squash(body.replace(/\\\n/g, ' '));
      if (b && !name!.startsWith('_')) add(name!, 'macro', squash(`#define ${name}${args} ${b}`), offset);
    }
    return line.replace(/[^\n]/g, ' ');
  });

  const declare = (stmt: string, offset: number) => {
    let d = removeCalls(stmt, ATTRS);
    const importName = /import_name\s*\(\s*"([^"]+)"/.exec(stmt)?.[1];
    d = squash(d.replace(/^\s*extern\s+"C"\s*/, ''));
    if (!d) return;
    const display = squash(removeCalls(stmt, ATTRS));
    if (d.startsWith('typedef ')) {
      const body = d.slice(8);
      const agg = /^(struct|union|enum)\s*(\w*)\s*\{([\s\S]*)\}\s*([^;]*)$/.exec(body);
      if (agg) {
        const [, kw, tag, members, names] = agg;
        const aliases = names!.split(',').map((x) => x.replace(/\*/g, '').trim()).filter((x) => /^\w+$/.test(x));
        const primary = aliases[0] ?? tag!;
        if (kw === 'enum') {
          for (const e of members!.split(',')) {
            const en = /^\s*([A-Za-z_]\w*)/.exec(e);
            if (en) add(en[1]!, 'enumerator', `${squash(e)}  (${primary})`, offset);
          }
        }
        const lines = kw === 'enum'
          ? members!.split(',').map(squash).filter(Boolean).map((m) => `    ${m},`)
          : members!.split(';').map(squash).filter(Boolean).map((m) => `    ${m};`);
        const sig = `typedef ${kw} ${tag ? tag + ' ' : ''}{\n${lines.join('\n')}\n} ${squash(names!)};`;
        const k = kw as 'struct' | 'union' | 'enum';
        if (primary) add(primary, k, sig, offset);
        for (const a of aliases.slice(1)) {
          const ptr = names!.split(',').find((x) => x.replace(/\*/g, '').trim() === a)?.includes('*') ? '*' : '';
          add(a, 'typedef', `typedef ${kw} ${tag || primary} ${ptr}${a};`, offset);
        }
        return;
      }
      const fn = functionShape(removeCalls(body, SAL));
      if (fn) {
        const name = /\(\s*(?:\w+\s+)?\*?\s*(\w+)\s*\)\s*$/.exec(fn.before)?.[1] ?? fn.name;
        add(name, 'callback', `typedef ${display.replace(/^typedef\s+/, '')};`, offset);
        return;
      }
      const names = body.split(',');
      const first = /(\w+)\s*$/.exec(names[0]!);
      if (first) add(first[1]!, 'typedef', `typedef ${names[0]!.trim()};`, offset);
      for (const n of names.slice(1)) {
        const nm = /(\w+)\s*$/.exec(n);
        if (nm) add(nm[1]!, 'typedef', `typedef ${names[0]!.replace(/\w+\s*$/, '').trim()} ${n.trim()};`, offset);
      }
      return;
    }
    const agg = /^(struct|union|enum)\s+(\w+)\s*\{([\s\S]*)\}\s*$/.exec(d);
    if (agg) { add(agg[2]!, agg[1] as 'struct', `${agg[1]} ${agg[2]} {\n${agg[3]!.split(';').map(squash).filter(Boolean).map((m) => `    ${m};`).join('\n')}\n};`, offset); return; }
    const fn = functionShape(removeCalls(d, SAL).replace(BARE_SAL, ' '));
    if (!fn || KEYWORDS.has(fn.name)) return;
    if (importName && importName !== fn.name) return; // an import thunk behind an inline wrapper: not for learners
    if (!/[A-Za-z_]/.test(fn.before.replace(fn.name, ''))) return; // a bare call, not a declaration
    add(fn.name, 'function', `${display.replace(/\b(?:extern|FORCEINLINE|__inline|inline|static)\b\s*/g, '').trim()};`, offset);
  };

  // Walk top-level statements: `;` ends one; a `{` either opens an aggregate (kept), a function body (skipped)
  // or an extern "C" block (transparent).
  let start = 0, i = 0, transparent = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '"' || c === "'") { const q = c; i++; while (i < code.length && code[i] !== q) i += code[i] === '\\' ? 2 : 1; i++; continue; }
    if (c === ';') { declare(code.slice(start, i), firstNonSpace(code, start)); start = ++i; continue; }
    if (c === '}' && transparent > 0) { transparent--; start = ++i; continue; }
    if (c === '{') {
      const head = code.slice(start, i);
      if (/^\s*extern\s+"C"\s*$/.test(head)) { transparent++; start = ++i; continue; }
      const close = matchBrace(code, i);
      if (/\)\s*$/.test(removeCalls(head, ATTRS)) && !/\btypedef\b|=/.test(head)) {
        declare(head, firstNonSpace(code, start)); // an inline function: its prototype is the part before the body
        start = i = close + 1;
        continue;
      }
      i = close + 1; // an aggregate: keep going to its `;`
      continue;
    }
    i++;
  }
  return out;
}

function firstNonSpace(t: string, i: number): number { while (i < t.length && /\s/.test(t[i]!)) i++; return i; }
function matchBrace(t: string, open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i] === '{') depth++;
    else if (t[i] === '}' && --depth === 0) return i;
  }
  return t.length - 1;
}

function listHeaders(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try { names = readdirSync(dir).sort(); } catch { return out; }
  for (const n of names) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) out.push(...listHeaders(p));
    else if (/\.(h|hpp)$/i.test(n)) out.push(p);
  }
  return out;
}

const cache = new Map<string, { stamp: string; symbols: HeaderSymbol[] }>();

/** The index for one image kind: every header on its include path (first declaration of a name wins). */
export function headerIndex(kind: ImageKind, root = includeRoot): HeaderSymbol[] {
  const files = includeDirs(kind).flatMap((d) => listHeaders(path.join(root, d)));
  const stamp = files.map((f) => `${f}:${statSync(f).mtimeMs}`).join('|');
  const key = `${root}|${kind}`;
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.symbols;
  const seen = new Map<string, HeaderSymbol>();
  for (const f of files) {
    const rel = path.relative(root, f).split(path.sep).join('/');
    for (const sym of indexHeaderText(readFileSync(f, 'utf8'), rel)) {
      const prev = seen.get(sym.name);
      // A prototype or a type beats a macro of the same name (e.g. a routine also #defined for compatibility).
      if (!prev || (prev.kind === 'macro' && sym.kind !== 'macro')) seen.set(sym.name, sym);
    }
  }
  const symbols = [...seen.values()];
  cache.set(key, { stamp, symbols });
  return symbols;
}

/** One of our headers by the path debug info names (the build's include folder), for the editor to show read-only.
 *  Anything outside that folder is refused: this is not a general file reader. */
export function readHeader(file: string, root = includeRoot): { path: string; text: string } {
  const full = path.resolve(file.replace(/\\/g, '/'));
  const rel = path.relative(root, full);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel) || !/\.(h|hpp)$/i.test(rel)) throw new ApiError('NOT_FOUND', `${path.basename(file)} not found: it is not one of the WDK's headers.`);
  let text: string;
  try { text = readFileSync(full, 'utf8'); } catch { throw new ApiError('NOT_FOUND', `${path.basename(file)} not found.`); }
  return { path: `inc/${rel.split(path.sep).join('/')}`, text };
}
