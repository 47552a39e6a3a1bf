// !object: an object of the namespace by path (\Device, \Driver\Echo, \GLOBAL??) or by address, and a directory's
// entries by hash bucket, from the tree the stub publishes at nt!ObpRootDirectoryObject.
import { directoryHash, type ObjectRecord } from '../../../formats/kd/ntdata-ob.ts';
import { BAD_NT_SYMBOLS, readObjects } from '../nt-tables.ts';
import type { KdSession } from '../session.ts';
import type { CommandTable } from './types.ts';

const hex16 = (v: bigint) => BigInt.asUintN(64, v).toString(16).padStart(16, '0');

function byPath(objs: ObjectRecord[], path: string): number | undefined {
  let at = objs.findIndex((o) => o.parent === -1);
  for (const part of path.split('\\').filter(Boolean)) {
    const next = objs.findIndex((o, i) => o.parent === at && i !== at && o.name.toLowerCase() === part.toLowerCase());
    if (next < 0) return undefined;
    at = next;
  }
  return at < 0 ? undefined : at;
}

function describe(objs: ObjectRecord[], i: number): string {
  const o = objs[i]!;
  const dir = o.parent >= 0 ? objs[o.parent]! : undefined;
  const lines = [`Object: ${hex16(o.address)}  Type: (${hex16(o.typeAddress)}) ${o.type}`,
    `    HandleCount: ${o.handleCount}  PointerCount: ${o.pointerCount}`,
    `    Directory Object: ${dir ? hex16(dir.address) : '00000000'}  Name: ${o.parent < 0 ? '\\' : o.name}`];
  if (o.type === 'SymbolicLink') lines.push('    Flags: 00000000 ( Local )', `    Target String is '${o.target ?? ''}'`);
  if (o.type === 'Directory') {
    // Each bucket's chain starts with the newest entry, as the object manager links them.
    const entries = objs.filter((e, k) => e.parent === i && k !== i).reverse();
    const buckets = new Map<number, ObjectRecord[]>();
    for (const e of entries) { const h = directoryHash(e.name); buckets.set(h, [...(buckets.get(h) ?? []), e]); }
    lines.push('', `    Hash Address          Type                      Name`, `    ---- -------          ----                      ----`);
    for (const h of [...buckets.keys()].sort((a, b) => a - b)) {
      buckets.get(h)!.forEach((e, k) => lines.push(`${k === 0 ? `     ${String(h).padStart(2, '0')}  ` : '         '}${hex16(e.address)} ${e.type.padEnd(25)} ${e.name}`));
    }
  }
  return lines.join('\n');
}

export const objectCommands: CommandTable = {
  '!object': async (s, args) => {
    const objs = await readObjects(s);
    if (!objs) return BAD_NT_SYMBOLS;
    const what = args.trim() || '\\';
    let i: number | undefined;
    if (what.startsWith('\\')) i = byPath(objs, what);
    else {
      const va = await s.eval(what);
      const k = objs.findIndex((o) => o.address === va);
      i = k < 0 ? undefined : k;
    }
    if (i === undefined) return `Object ${what} not found`;
    return describe(objs, i);
  },
};
