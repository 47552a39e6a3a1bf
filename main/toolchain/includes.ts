// Windows finds `#include "driver.h"` when the file is Driver.h; clang's file system is case-sensitive. For every
// include a project writes, we add the spelling it uses next to the real file so projects made on Windows build as is.
import path from 'node:path';
import { put, type Tree } from './clang.ts';

function node(tree: Tree, absDir: string): Tree | undefined {
  let n: Tree | string | Uint8Array | undefined = tree;
  for (const p of absDir.split('/').filter(Boolean)) {
    if (n === undefined || typeof n === 'string' || n instanceof Uint8Array) return undefined;
    n = n[p];
  }
  return n === undefined || typeof n === 'string' || n instanceof Uint8Array ? undefined : n;
}

/** Resolve `name` in `dir` ignoring case, one path component at a time; returns the real entry. */
function findIgnoringCase(tree: Tree, dir: string, name: string): Tree | string | Uint8Array | undefined {
  let cur: Tree | undefined = node(tree, dir);
  const parts = name.split(/[\\/]/).filter(Boolean);
  for (let i = 0; i < parts.length && cur; i++) {
    const hit: string | undefined = parts[i] in cur ? parts[i] : Object.keys(cur).find((k) => k.toLowerCase() === parts[i].toLowerCase());
    if (!hit) return undefined;
    const n: Tree | string | Uint8Array = cur[hit];
    if (i === parts.length - 1) return n;
    cur = typeof n === 'string' || n instanceof Uint8Array ? undefined : n;
  }
  return undefined;
}

function exists(tree: Tree, file: string): boolean {
  const n = node(tree, path.posix.dirname(file));
  return !!n && path.posix.basename(file) in n;
}

/** Add case aliases for the includes in `texts` (file path → text), searched in the includer's folder then `dirs`. */
export function aliasIncludes(tree: Tree, texts: Map<string, string>, dirs: string[]): void {
  for (const [file, text] of texts) {
    for (const m of text.matchAll(/^\s*#\s*include\s*([<"])([^>"]+)[>"]/gm)) {
      const name = m[2].replace(/\\/g, '/');
      const search = m[1] === '"' ? [path.dirname(file), ...dirs] : dirs;
      if (search.some((d) => exists(tree, path.posix.join(d, name)))) continue;
      for (const d of search) {
        const hit = findIgnoringCase(tree, d, name);
        if (hit !== undefined) { put(tree, path.posix.join(d, name), hit); break; }
      }
    }
  }
}
