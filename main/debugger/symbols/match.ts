// Name and path matching the way the debugger's commands do it.

/** WinDbg-style wildcard match: `*` any run, `?` one character, case-insensitive. */
export function matchesWildcard(name: string, pattern: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(name);
}

/**
 * Whether two source paths name the same file, as a breakpoint on `file:line` means it: case-insensitive, either
 * slash, and by file name when the directories differ (the build ran in another tree than the learner's project).
 */
export function sameSourceFile(a: string, b: string): boolean {
  const base = (p: string) => p.replace(/\\/g, '/').toLowerCase().split('/').pop();
  return base(a) === base(b);
}
