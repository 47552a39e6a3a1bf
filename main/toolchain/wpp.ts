// tracewpp: WPP software tracing as Visual Studio's driver templates use it. From the trace header's
// `begin_wpp config` block (FUNC lines) and WPP_CONTROL_GUIDS, and from each source's trace calls, we generate the
// source's .tmh: WPP_INIT_TRACING/WPP_CLEANUP, the WPP_BIT_* flags, and one macro per call site that hands the
// binary arguments to the tracing runtime. The formats (as TMF data) go into the image's "driverlab.wpp" section.
//
// Runtime imports (real routine names): kernel mode ntoskrnl.exe!EtwRegister, EtwUnregister, WmiTraceMessage;
// user mode advapi32.dll!EventRegister, EventUnregister, TraceMessage. Trace calls pass
// (LoggerHandle 0, MessageFlags, &MessageGuid, MessageNumber, then (pointer, size) pairs, NULL).
import { createHash } from 'node:crypto';

export interface WppFunc { name: string; fixed: Record<string, string>; params: string[] } // FUNC TraceEvents(LEVEL, FLAGS, MSG, ...)
export interface WppConfig { funcs: WppFunc[]; controlName?: string; controlGuid?: string; bits: string[] }
export interface WppMessage { guid: string; number: number; file: string; line: number; func: string; level: string; flags: string; format: string; args: string[] }

/** Read FUNC lines and the control GUID from the scan-configuration header (e.g. Trace.h). */
export function readWppConfig(header: string): WppConfig {
  const funcs: WppFunc[] = [];
  const block = /begin_wpp\s+config([\s\S]*?)end_wpp/g;
  for (let m; (m = block.exec(header)); ) {
    for (const f of m[1].matchAll(/FUNC\s+(\w+)\s*(?:\{([^}]*)\})?\s*\(([^)]*)\)/g)) {
      const fixed: Record<string, string> = {};
      for (const kv of (f[2] ?? '').split(',')) { const [k, v] = kv.split('=').map((s) => s.trim()); if (k && v) fixed[k.toUpperCase()] = v; }
      funcs.push({ name: f[1], fixed, params: f[3].split(',').map((s) => s.trim()).filter(Boolean) });
    }
  }
  if (funcs.length === 0) funcs.push({ name: 'DoTraceMessage', fixed: {}, params: ['FLAGS', 'MSG', '...'] });
  const flat = header.replace(/\\\r?\n/g, ' ').replace(/\/\/[^\n]*/g, '');
  const g = /WPP_DEFINE_CONTROL_GUID\s*\(\s*(\w+)\s*,\s*\(([^)]*)\)/.exec(flat);
  const bits = [...flat.matchAll(/WPP_DEFINE_BIT\s*\(\s*(\w+)\s*\)/g)].map((b) => b[1]);
  return { funcs, controlName: g?.[1], controlGuid: g ? g[2].split(',').map((s) => s.trim()).join('-').toUpperCase() : undefined, bits };
}

/** Blank comments and string/char contents' line structure is kept, so offsets map to lines. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) => (m[0] === '/' ? m.replace(/[^\n]/g, ' ') : m));
}

interface Site { line: number; func: string; args: string[] }

/** Find calls to the FUNC names, with their top-level arguments and the enclosing C function. */
function findSites(src: string, names: string[]): Site[] {
  const s = stripComments(src);
  const sites: Site[] = [];
  const lineAt = (i: number) => s.slice(0, i).split('\n').length;
  let depth = 0, lastCallName = '', currentFunc = '';
  const re = new RegExp(`\\b(${names.join('|')})\\s*\\(|"(?:[^"\\\\\\n]|\\\\.)*"|^[ \\t]*#[^\\n]*|[{}]|\\b([A-Za-z_]\\w*)\\s*\\(`, 'gm');
  for (let m; (m = re.exec(s)); ) {
    const t = m[0];
    if (t === '{') { if (depth === 0) currentFunc = lastCallName; depth++; continue; }
    if (t === '}') { depth = Math.max(0, depth - 1); continue; }
    if (t[0] === '"' || /^\s*#/.test(t)) continue;
    if (m[2]) { if (depth === 0) lastCallName = m[2]; continue; }
    // A trace call: collect arguments up to the matching parenthesis.
    const args: string[] = [];
    let i = m.index + t.length, d = 1, cur = '';
    for (; i < s.length && d > 0; i++) {
      const c = s[i];
      if (c === '"' || c === "'") { const q = /^(["'])(?:[^\\\n]|\\.)*?\1/.exec(s.slice(i)); if (q) { cur += q[0]; i += q[0].length - 1; continue; } }
      if (c === '(') d++;
      if (c === ')' && --d === 0) break;
      if (c === ',' && d === 1) { args.push(cur.trim()); cur = ''; continue; }
      cur += c;
    }
    args.push(cur.trim());
    sites.push({ line: lineAt(m.index), func: m[1], args });
    re.lastIndex = i;
  }
  return sites;
}

/** Argument kinds by format specification: how the tmh passes each one. */
function argKinds(format: string): string[] {
  const kinds: string[] = [];
  for (const m of format.matchAll(/%(?:!(\w+)!|([-+ #0]*\d*(?:\.\d+)?)(I64|ll|l|h|hh|w|I|z)?([diuxXcCsSpZoeEfgG%]))/g)) {
    if (m[1]) {
      const k = m[1].toUpperCase();
      if (['FUNC', 'LINE', 'FILE', 'LEVEL', 'FLAGS', 'COMPNAME'].includes(k)) continue;
      kinds.push(k === 'GUID' ? 'guid' : k === 'USTR' ? 'ustr' : k === 'ASTR' ? 'astr' : k === 'WSTR' ? 'wstr' : k === 'PTR' ? 'ptr' : 'int:' + k);
      continue;
    }
    const [, , , size, conv] = m;
    if (conv === '%') continue;
    if (conv === 's') kinds.push(size === 'w' || size === 'l' ? 'wstr' : 'astr');
    else if (conv === 'S') kinds.push(size === 'h' ? 'astr' : 'wstr');
    else if (conv === 'Z') kinds.push(size === 'w' ? 'ustr' : 'ansistr');
    else if (conv === 'p') kinds.push('ptr');
    else if ('eEfgG'.includes(conv)) kinds.push('double');
    else kinds.push(size === 'I64' || size === 'll' ? 'int64' : 'int');
  }
  return kinds;
}

const C_TYPE: Record<string, string> = { int: 'int', int64: 'long long', ptr: 'const void*', double: 'double' };

/** One macro argument's (pointer, size) pair. */
function pair(kind: string, v: string, i: number): { decl: string; pass: string } {
  const t = `wpp_a${i}`;
  if (kind === 'astr') return { decl: `const char* ${t} = (const char*)(${v});`, pass: `${t}, WppDlStrSize(${t})` };
  if (kind === 'wstr') return { decl: `const unsigned short* ${t} = (const unsigned short*)(${v});`, pass: `${t}, WppDlWStrSize(${t})` };
  if (kind === 'guid') return { decl: `const void* ${t} = (const void*)(${v});`, pass: `${t}, 16` };
  if (kind === 'ustr' || kind === 'ansistr') return { decl: `const struct { unsigned short Length, MaximumLength; void* Buffer; }* ${t} = (const void*)(${v});`, pass: `${t} ? ${t}->Buffer : (void*)0, ${t} ? ${t}->Length : 0` };
  const ct = C_TYPE[kind] ?? 'int';
  return { decl: `${ct} ${t} = (${ct})(${v});`, pass: `&${t}, sizeof(${t})` };
}

function literal(expr: string): string | undefined {
  const parts = expr.match(/L?"(?:[^"\\]|\\.)*"/g);
  if (!parts || expr.replace(/L?"(?:[^"\\]|\\.)*"/g, '').trim()) return undefined;
  return parts.map((p) => JSON.parse(p.replace(/^L/, '').replace(/\\([^"\\\/bfnrtu])/g, '$1'))).join('');
}

/** A stable GUID for a source file's messages (tracewpp makes one per file). */
export function fileGuid(project: string, file: string): string {
  const h = createHash('sha1').update(`${project}\0${file.toLowerCase()}`).digest('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const guidInit = (g: string) => {
  const p = g.split('-');
  const b = p[3] + p[4];
  return `{0x${p[0]}, 0x${p[1]}, 0x${p[2]}, {${[...b.matchAll(/../g)].map((x) => '0x' + x[0]).join(', ')}}}`;
};

export interface TmhResult { text: string; messages: WppMessage[]; problems: { line: number; message: string }[] }

/** Generate `<file>.tmh` for one source. */
export function generateTmh(opts: { project: string; file: string; source: string; config: WppConfig; kernelMode: boolean }): TmhResult {
  const { config } = opts;
  const base = opts.file.split(/[\\/]/).pop()!;
  const id = base.replace(/\W/g, '_');
  const guid = fileGuid(opts.project, base);
  const messages: WppMessage[] = [];
  const problems: { line: number; message: string }[] = [];
  const km = opts.kernelMode;
  const mod = km ? 'ntoskrnl.exe' : 'advapi32.dll';
  const o: string[] = [];
  o.push(`// ${base}.tmh: generated by DriverLab tracewpp from ${base}. Do not edit.`);
  o.push(`#ifndef WPP_DL_COMMON_${id}`, `#define WPP_DL_COMMON_${id}`);
  o.push(`#ifndef WPP_DL_RUNTIME`, `#define WPP_DL_RUNTIME`);
  o.push(`__attribute__((import_module("${mod}"), import_name("${km ? 'WmiTraceMessage' : 'TraceMessage'}"))) long WppDlTraceMessage(unsigned long long LoggerHandle, unsigned long MessageFlags, const void* MessageGuid, unsigned short MessageNumber, ...);`);
  o.push(`__attribute__((import_module("${mod}"), import_name("${km ? 'EtwRegister' : 'EventRegister'}"))) long WppDlRegister(const void* ProviderId, void* EnableCallback, void* CallbackContext, unsigned long long* RegHandle);`);
  o.push(`__attribute__((import_module("${mod}"), import_name("${km ? 'EtwUnregister' : 'EventUnregister'}"))) long WppDlUnregister(unsigned long long RegHandle);`);
  o.push(`static __inline unsigned long WppDlStrSize(const char* s) { unsigned long n = 0; if (!s) return 0; while (s[n]) n++; return n + 1; }`);
  o.push(`static __inline unsigned long WppDlWStrSize(const unsigned short* s) { unsigned long n = 0; if (!s) return 0; while (s[n]) n++; return 2 * (n + 1); }`);
  // TRACE_MESSAGE_SEQUENCE | TRACE_MESSAGE_GUID | TRACE_MESSAGE_TIMESTAMP | TRACE_MESSAGE_SYSTEMINFO
  o.push(`#define WPP_DL_MESSAGE_FLAGS 0x2B`);
  o.push(`#endif`);
  // Flags: WPP_BIT_<name> is the bit's index, as tracewpp numbers them.
  o.push(`#ifdef WPP_CONTROL_GUIDS`, `#ifndef WPP_DL_BITS_DEFINED`, `#define WPP_DL_BITS_DEFINED`);
  o.push(`#define WPP_DEFINE_CONTROL_GUID(Name, Guid, Bits) Bits`, `#define WPP_DEFINE_BIT(Name) WPP_BIT_ ## Name,`);
  o.push(`enum WPP_DEFINE_BIT_ENUM { WPP_CONTROL_GUIDS WPP_LAST_BIT };`);
  o.push(`#undef WPP_DEFINE_CONTROL_GUID`, `#undef WPP_DEFINE_BIT`, `#endif`, `#endif`);
  if (config.controlGuid) {
    const p = config.controlGuid.split('-');
    const cg = `${p[0]}-${p[1]}-${p[2]}-${p[3]}-${p[4]}`;
    o.push(`static const struct { unsigned long a; unsigned short b, c; unsigned char d[8]; } WPP_DL_ControlGuid = ${guidInit(cg)};`);
  } else {
    o.push(`static const struct { unsigned long a; unsigned short b, c; unsigned char d[8]; } WPP_DL_ControlGuid = {0};`);
  }
  o.push(`static unsigned long long WPP_DL_RegHandle;`);
  o.push(`#define WPP_INIT_TRACING(...) ((void)WppDlRegister(&WPP_DL_ControlGuid, (void*)0, (void*)0, &WPP_DL_RegHandle))`);
  o.push(`#define WPP_CLEANUP(...) ((void)WppDlUnregister(WPP_DL_RegHandle))`);
  o.push(`#define WPP_DL_CAT2(a, b) a##b`, `#define WPP_DL_CAT(a, b) WPP_DL_CAT2(a, b)`);
  o.push(`#endif`);
  o.push(`static const struct { unsigned long a; unsigned short b, c; unsigned char d[8]; } WPP_DL_MsgGuid_${id} = ${guidInit(guid)};`);
  for (const f of config.funcs) o.push(`#undef ${f.name}`, `#define ${f.name} WPP_DL_CAT(WPP_DL_${f.name}_${id}_, __LINE__)`);

  const seen = new Set<string>();
  let number = 10;
  const sites = findSites(opts.source, config.funcs.map((f) => f.name));
  for (const site of sites) {
    const key = `${site.func}:${site.line}`;
    if (seen.has(key)) { problems.push({ line: site.line, message: `more than one ${site.func} call on one line` }); continue; }
    seen.add(key);
    const f = config.funcs.find((x) => x.name === site.func)!;
    const named = f.params.filter((p) => p !== '...');
    const get = (p: string) => f.fixed[p] ?? site.args[named.indexOf(p)];
    const msgExpr = site.args[named.indexOf('MSG')] ?? '';
    const format = literal(msgExpr);
    const level = get('LEVEL') ?? 'TRACE_LEVEL_NONE';
    const flags = get('FLAGS') ?? '';
    const extra = site.args.slice(named.length);
    const kinds = format !== undefined ? argKinds(format) : extra.map(() => 'int');
    if (format === undefined) problems.push({ line: site.line, message: `${site.func}: the message must be a string literal` });
    if (kinds.length !== extra.length) problems.push({ line: site.line, message: `${site.func}: the format has ${kinds.length} argument(s) but ${extra.length} given` });
    const num = number++;
    messages.push({ guid, number: num, file: base, line: site.line, func: enclosing(opts.source, site.line), level, flags, format: format ?? msgExpr, args: kinds });
    const params = [...named.map((p) => `WPP_P_${p}`), ...extra.map((_, i) => `wpp_v${i}`)];
    const pairs = extra.map((_, i) => pair(kinds[i] ?? 'int', `wpp_v${i}`, i));
    o.push(`#define WPP_DL_${site.func}_${id}_${site.line}(${params.join(', ')}) do { ${pairs.map((p) => p.decl).join(' ')} ` +
      `WppDlTraceMessage(0, WPP_DL_MESSAGE_FLAGS, &WPP_DL_MsgGuid_${id}, ${num}${pairs.map((p) => ', ' + p.pass).join('')}, (void*)0); } while (0)`);
  }
  return { text: o.join('\n') + '\n', messages, problems };
}

/** The C function around a line (for %!FUNC!), found as tracewpp does: the last definition opened before it. */
function enclosing(source: string, line: number): string {
  const s = stripComments(source).split('\n').slice(0, line).join('\n');
  let depth = 0, name = '', candidate = '';
  for (const m of s.matchAll(/"(?:[^"\\\n]|\\.)*"|^[ \t]*#[^\n]*|[{}]|\b([A-Za-z_]\w*)\s*\(/gm)) {
    if (m[0] === '{') { if (depth === 0) name = candidate; depth++; }
    else if (m[0] === '}') depth = Math.max(0, depth - 1);
    else if (m[1] && depth === 0) candidate = m[1];
  }
  return depth > 0 ? name : '';
}
