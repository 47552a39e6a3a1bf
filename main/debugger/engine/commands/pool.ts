// Pool: !pool <address> (the blocks of the pool page holding it, the one it falls in starred) and !poolused
// [flags [tag]] (usage per tag, nonpaged and paged), from nt!PoolBigPageTable and nt!PoolTrackTable.
import type { BlockRecord, TagRecord } from '../../../formats/kd/ntdata-pool.ts';
import { wildcard, type KdSession } from '../session.ts';
import { BAD_NT_SYMBOLS, readPoolBlocks, readPoolTags } from '../nt-tables.ts';
import type { CommandTable } from './types.ts';

const PAGE = 0x1000n;
const hex16 = (v: bigint) => BigInt.asUintN(64, v).toString(16).padStart(16, '0');
const OWNER_UNKNOWN = '\t\tOwning component : Unknown (update pooltag.txt)';

async function pool(s: KdSession, args: string): Promise<string> {
  if (!args.trim()) return 'Usage: !pool <address> [detail]';
  const va = await s.eval(args.trim().split(/\s+/)[0]!);
  const blocks = await readPoolBlocks(s);
  if (!blocks) return BAD_NT_SYMBOLS;
  const hit = blocks.find((b) => !b.free && va >= b.address && va < b.address + BigInt(b.size)) ?? blocks.find((b) => va >= b.address && va < b.address + BigInt(b.size));
  if (hit && hit.size >= Number(PAGE)) {
    return [`Pool page ${hex16(va)} region is ${hit.paged ? 'Paged' : 'Nonpaged'} pool`,
      `*${hex16(hit.address)} : large page allocation, tag ${hit.tag}, size 0x${hit.size.toString(16)} bytes`, OWNER_UNKNOWN].join('\n');
  }
  const page = va & ~(PAGE - 1n);
  const inPage = blocks.filter((b) => b.address >= page && b.address < page + PAGE && b.size < Number(PAGE) && (b === hit || !blocks.some((o) => o !== b && !o.free && b.free && o.address === b.address)));
  if (!inPage.length) {
    return [`Pool page ${hex16(va)} region is Unknown`, `${hex16(va)} is not a valid large pool allocation, checking large session pool...`,
      `${hex16(va)} is not valid pool. Checking for freed (or corrupt) pool`,
      `Address ${hex16(va)} could not be read. It may be a freed, invalid or paged out page`].join('\n');
  }
  const lines = [`Pool page ${hex16(va)} region is ${inPage[0]!.paged ? 'Paged' : 'Nonpaged'} pool`];
  let previous = 0;
  for (const b of inPage) {
    const mine = b === hit;
    lines.push(`${mine ? '*' : ' '}${hex16(b.address)} size: ${b.size.toString(16).padStart(4)} previous size: ${previous.toString(16).padStart(4)}  ${b.free ? '(Free)     ' : '(Allocated)'} ${mine ? '*' : ' '}${b.tag}`);
    if (mine) lines.push(OWNER_UNKNOWN);
    previous = b.size;
  }
  return lines.join('\n');
}

const num = (n: number, w: number) => String(n).padStart(w);

async function poolused(s: KdSession, args: string): Promise<string> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const flags = words[0] ? Number(await s.eval(words[0])) : 0;
  const pattern = words[1];
  if ((flags & 6) === 6) return 'Sorting by paged and nonpaged pool at once is not supported (use 2 or 4).';
  const tags = await readPoolTags(s);
  if (!tags) return BAD_NT_SYMBOLS;
  const verbose = (flags & 1) !== 0;
  const npDiff = (t: TagRecord) => t.nonPagedAllocs - t.nonPagedFrees, pDiff = (t: TagRecord) => t.pagedAllocs - t.pagedFrees;
  let rows = tags.filter((t) => (!pattern || wildcard(pattern, t.tag.trimEnd()) || wildcard(pattern, t.tag)) && (verbose || npDiff(t) || pDiff(t)));
  const by = flags & 2 ? 'NonPaged Pool Consumed' : flags & 4 ? 'Paged Pool Consumed' : 'Tag';
  rows = rows.sort(flags & 2 ? (a, b) => b.nonPagedBytes - a.nonPagedBytes || a.tag.localeCompare(b.tag)
    : flags & 4 ? (a, b) => b.pagedBytes - a.pagedBytes || a.tag.localeCompare(b.tag) : (a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const note = (t: TagRecord) => `\tUNKNOWN pooltag '${t.tag}', please update pooltag.txt`;
  const lines = [` Sorting by ${by}`, ''];
  if (verbose) {
    lines.push('               NonPaged                                         Paged',
      ' Tag      Allocs      Frees      Diff         Used      Allocs      Frees      Diff         Used', '');
    for (const t of rows) {
      lines.push(` ${t.tag} ${num(t.nonPagedAllocs, 10)} ${num(t.nonPagedFrees, 10)} ${num(npDiff(t), 9)} ${num(t.nonPagedBytes, 12)} ${num(t.pagedAllocs, 11)} ${num(t.pagedFrees, 10)} ${num(pDiff(t), 9)} ${num(t.pagedBytes, 12)}${note(t)}`);
    }
  } else {
    lines.push('               NonPaged                  Paged', ' Tag     Allocs         Used     Allocs         Used', '');
    for (const t of rows) lines.push(` ${t.tag} ${num(npDiff(t), 9)} ${num(t.nonPagedBytes, 12)} ${num(pDiff(t), 10)} ${num(t.pagedBytes, 12)}${note(t)}`);
  }
  const sum = (f: (t: TagRecord) => number) => rows.reduce((n, t) => n + f(t), 0);
  lines.push('', verbose
    ? ` TOTAL ${num(sum((t) => t.nonPagedAllocs), 9)} ${num(sum((t) => t.nonPagedFrees), 10)} ${num(sum(npDiff), 9)} ${num(sum((t) => t.nonPagedBytes), 12)} ${num(sum((t) => t.pagedAllocs), 11)} ${num(sum((t) => t.pagedFrees), 10)} ${num(sum(pDiff), 9)} ${num(sum((t) => t.pagedBytes), 12)}`
    : ` TOTAL ${num(sum(npDiff), 8)} ${num(sum((t) => t.nonPagedBytes), 12)} ${num(sum(pDiff), 10)} ${num(sum((t) => t.pagedBytes), 12)}`);
  return lines.join('\n');
}

export const poolCommands: CommandTable = { '!pool': (s, a) => pool(s, a), '!poolused': (s, a) => poolused(s, a) };
