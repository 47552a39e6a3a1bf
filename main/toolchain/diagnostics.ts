// Compiler diagnostics in MSBuild's shape: `<file>(<line>,<col>): error C2065: 'x': undeclared identifier`.
// clang's message is mapped to the MSVC code and wording where the two clearly mean the same thing.

export interface Diagnostic { file: string; line: number; column: number; severity: 'error' | 'warning'; code: string; message: string }

interface ClangDiag { file: string; line: number; column: number; level: string; text: string; flag?: string; notes: string[] }

/** Parse clang's `file:line:col: level: text [-Wflag]` output (with -fno-caret-diagnostics). */
export function parseClang(stderr: string): ClangDiag[] {
  const out: ClangDiag[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^(.+?):(\d+):(\d+): (fatal error|error|warning|note): (.*)$/.exec(line);
    if (!m) continue;
    let text = m[5], flag: string | undefined;
    const f = / \[(-W[^\],]+)(?:,[^\]]*)?\]$/.exec(text);
    if (f) { flag = f[1]; text = text.slice(0, f.index); }
    if (m[4] === 'note') { out.at(-1)?.notes.push(text); continue; }
    out.push({ file: m[1], line: +m[2], column: +m[3], level: m[4], text, flag, notes: [] });
  }
  return out;
}

type SourceLine = (file: string, line: number) => string | undefined;

/** The first token at or after (line, column), as MSVC names it in "missing ';' before '}'". */
function tokenAt(src: SourceLine, file: string, line: number, column: number): string | undefined {
  for (let l = line, c = column - 1; l < line + 20; l++, c = 0) {
    const text = src(file, l);
    if (text === undefined) return undefined;
    const m = /^\s*(\w+|"(?:[^"\\]|\\.)*"|\S)/.exec(text.slice(c));
    if (m) return m[1];
  }
  return undefined;
}

const declaredHere = (d: ClangDiag) => d.notes.map((n) => /^'([^']+)' declared here$/.exec(n)?.[1]).find(Boolean);
const ctx = (how: string) => (how === 'passing' ? 'function' : how === 'assigning' ? '=' : how === 'returning' ? 'return' : 'initializing');

/** clang text → [MSVC code, MSVC text], or undefined when there is no clear match. */
function toMsvc(d: ClangDiag, src: SourceLine): [string, string] | undefined {
  const t = d.text;
  let m: RegExpExecArray | null;
  if ((m = /^use of undeclared identifier '([^']+)'/.exec(t))) return ['C2065', `'${m[1]}': undeclared identifier`];
  if ((m = /^call to undeclared (?:library )?function '([^']+)'/.exec(t))) return ['C4013', `'${m[1]}' undefined; assuming extern returning int`];
  if ((m = /^expected '(.+?)'/.exec(t))) {
    const tok = tokenAt(src, d.file, d.line, d.column);
    return ['C2143', `syntax error: missing '${m[1]}'${tok ? ` before '${tok}'` : ''}`];
  }
  if (/^too few arguments to function call/.test(t)) return ['C2198', `'${declaredHere(d) ?? 'function'}': too few arguments for call`];
  if (/^too many arguments to function call/.test(t)) return ['C2197', `'${declaredHere(d) ?? 'function'}': too many arguments for call`];
  if ((m = /^incompatible pointer types (passing|assigning to|initializing|returning) '(.+?)' (?:to parameter of type|from|with an expression of type|from a function with result type) '(.+?)'/.exec(t))) {
    const [from, to] = m[1] === 'passing' || m[1] === 'returning' ? [m[2], m[3]] : [m[3], m[2]];
    return ['C4133', `'${ctx(m[1].split(' ')[0])}': incompatible types - from '${from}' to '${to}'`];
  }
  if ((m = /^incompatible (?:integer to pointer|pointer to integer) conversion (passing|assigning to|initializing|returning) '(.+?)' (?:to parameter of type|from|with an expression of type|from a function with result type) '(.+?)'/.exec(t))) {
    const [from, to] = m[1] === 'passing' || m[1] === 'returning' ? [m[2], m[3]] : [m[3], m[2]];
    return ['C4047', `'${ctx(m[1].split(' ')[0])}': '${to}' differs in levels of indirection from '${from}'`];
  }
  if ((m = /^assigning to '(.+?)' from incompatible type '(.+?)'/.exec(t))) return ['C2440', `'=': cannot convert from '${m[2]}' to '${m[1]}'`];
  if ((m = /^initializing '(.+?)' with an expression of incompatible type '(.+?)'/.exec(t))) return ['C2440', `'initializing': cannot convert from '${m[2]}' to '${m[1]}'`];
  if ((m = /^passing '(.+?)' to parameter of incompatible type '(.+?)'/.exec(t))) return ['C2440', `'function': cannot convert from '${m[1]}' to '${m[2]}'`];
  if ((m = /^returning '(.+?)' from a function with incompatible result type '(.+?)'/.exec(t))) return ['C2440', `'return': cannot convert from '${m[1]}' to '${m[2]}'`];
  if ((m = /^unused variable '([^']+)'/.exec(t))) {
    const rest = src(d.file, d.line)?.slice(d.column - 1 + m[1].length) ?? '';
    return /^\s*(\[[^\]]*\]\s*)*=/.test(rest)
      ? ['C4189', `'${m[1]}': local variable is initialized but not referenced`]
      : ['C4101', `'${m[1]}': unreferenced local variable`];
  }
  if ((m = /^variable '([^']+)' set but not used/.exec(t))) return ['C4189', `'${m[1]}': local variable is initialized but not referenced`];
  if ((m = /^unknown type name '([^']+)'/.exec(t))) return ['C2061', `syntax error: identifier '${m[1]}'`];
  if ((m = /^no member named '([^']+)' in '(.+?)'/.exec(t))) return ['C2039', `'${m[1]}': is not a member of '${m[2].replace(/^(struct|union) /, '')}'`];
  if ((m = /^'(.+?)' file not found/.exec(t))) return ['C1083', `Cannot open include file: '${m[1]}': No such file or directory`];
  if ((m = /^redefinition of '([^']+)'/.exec(t))) return ['C2086', `'${m[1]}': redefinition`];
  if ((m = /^conflicting types for '([^']+)'/.exec(t))) return ['C2371', `'${m[1]}': redefinition; different basic types`];
  if ((m = /^non-void function '?([^' ]*)'? ?(?:does not|should) return a value/.exec(t))) return ['C4716', `'${m[1] || 'function'}': must return a value`];
  if (/^expected expression/.test(t)) return ['C2059', `syntax error: '${tokenAt(src, d.file, d.line, d.column) ?? ''}'`];
  if ((m = /^use of undeclared label '([^']+)'/.exec(t))) return ['C2094', `label '${m[1]}' was undefined`];
  return undefined;
}

/** Turn clang's stderr into diagnostics; `src` reads a source line (1-based) to word messages as MSVC does. */
export function toDiagnostics(stderr: string, src: SourceLine): Diagnostic[] {
  return parseClang(stderr).map((d) => {
    const severity = d.level === 'warning' ? 'warning' : 'error';
    const ms = toMsvc(d, src);
    return { file: d.file, line: d.line, column: d.column, severity, code: ms?.[0] ?? 'clang', message: ms?.[1] ?? d.text + (d.flag ? ` [${d.flag}]` : '') };
  });
}

/** One diagnostic as MSBuild prints it. */
const FATAL = new Set(['C1083', 'LNK1120', 'LNK1104', 'C1003', 'C1004']);

export function formatDiagnostic(d: Diagnostic): string {
  const sev = FATAL.has(d.code) ? `fatal ${d.severity}` : d.severity;
  // Linker and tool messages have no position: `Driver.obj : error LNK2019: ...`.
  if (!d.line) return `${d.file || 'LINK'} : ${sev} ${d.code}: ${d.message}`;
  return `${d.file}(${d.line},${d.column}): ${sev} ${d.code}: ${d.message}`;
}
