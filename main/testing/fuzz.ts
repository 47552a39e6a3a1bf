// Fuzzing helpers for the fault suite: a deterministic PRNG, mutators for bytes, text, JSON and wasm images, and a
// bounded runner. Every case gets its own seed (derived from the run seed and the case number), so a failure
// report names one case that reproduces alone. A watchdog thread ends the process with a message naming the case
// when one does not finish in time: a synchronous hang cannot be interrupted from its own thread.
import { Worker } from 'node:worker_threads';

// ---------------------------------------------------------------------------------------------------- PRNG

/** sfc32: small, fast, good enough statistically, and the same sequence on every platform. */
export class Rng {
  private a: number; private b: number; private c: number; private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9; this.b = 0x243f6a88; this.c = 0xb7e15162; this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** 0 <= n < max (max >= 1). */
  int(max: number): number { return max <= 1 ? 0 : Math.floor((this.u32() / 2 ** 32) * max); }
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }
  bool(p = 0.5): boolean { return this.u32() / 2 ** 32 < p; }
  pick<T>(items: readonly T[]): T { return items[this.int(items.length)]!; }
  bytes(n: number): Uint8Array { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff; return b; }
}

/** The seed of case `i` of a run: independent of how many random numbers earlier cases used. */
export function caseSeed(runSeed: number, i: number): number {
  let h = (runSeed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b); h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------------- case counts

/** `DRIVERLAB_FUZZ_LONG=1` (or `npm run fuzz`) multiplies every fuzz target's case count. */
export const LONG_RUN = /^(1|true|yes)$/i.test(process.env.DRIVERLAB_FUZZ_LONG ?? '');
const LONG_FACTOR = Number(process.env.DRIVERLAB_FUZZ_FACTOR ?? 20) || 20;
/** The number of cases to run: `n` in `npm test`, more in the long run. */
export function caseCount(n: number): number { return LONG_RUN ? n * LONG_FACTOR : n; }

// ---------------------------------------------------------------------------------------------------- byte mutators

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x3f, 0xc0, 0x0b, 0x60, 0x41];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** An unsigned LEB128 encoding, optionally padded to `width` bytes (padding is legal and a classic decoder trap). */
export function uleb(value: number, width = 0): Uint8Array {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let b = v & 0x7f; v >>>= 7;
    if (v !== 0 || out.length + 1 < width) b |= 0x80;
    out.push(b);
  } while (v !== 0 || out.length < width);
  return Uint8Array.from(out);
}

/** A LEB128 that never ends within 32 bits (too long or out of range), `n` bytes of continuation then a last byte. */
function overlongLeb(rng: Rng): Uint8Array {
  const n = rng.range(5, 12);
  const b = new Uint8Array(n);
  for (let i = 0; i < n - 1; i++) b[i] = 0x80 | rng.int(128);
  b[n - 1] = rng.bool() ? 0x7f : rng.int(128);
  return b;
}

export type ByteMutator = (rng: Rng, b: Uint8Array) => Uint8Array;

/** Generic byte mutations: bit flips, interesting bytes, truncation, insertion, deletion, duplication, LEB overflow. */
export const byteMutators: Record<string, ByteMutator> = {
  bitFlip: (rng, b) => { if (!b.length) return b; const c = b.slice(); const i = rng.int(c.length); c[i]! ^= 1 << rng.int(8); return c; },
  byteSet: (rng, b) => { if (!b.length) return b; const c = b.slice(); c[rng.int(c.length)] = rng.bool(0.7) ? rng.pick(INTERESTING) : rng.int(256); return c; },
  truncate: (rng, b) => b.slice(0, rng.int(b.length + 1)),
  insert: (rng, b) => { const i = rng.int(b.length + 1); return concat(b.subarray(0, i), rng.bytes(rng.range(1, 16)), b.subarray(i)); },
  delete: (rng, b) => { const i = rng.int(b.length + 1), n = rng.range(1, 32); return concat(b.subarray(0, i), b.subarray(Math.min(b.length, i + n))); },
  duplicate: (rng, b) => { const i = rng.int(b.length + 1), n = rng.range(1, 64); const chunk = b.subarray(i, i + n); return concat(b.subarray(0, i + chunk.length), chunk, b.subarray(i + chunk.length)); },
  lebOverflow: (rng, b) => { const i = rng.int(b.length + 1); return concat(b.subarray(0, i), overlongLeb(rng), b.subarray(Math.min(b.length, i + 1))); },
  zeroRun: (rng, b) => { if (!b.length) return b; const c = b.slice(); const i = rng.int(c.length); c.fill(rng.bool() ? 0 : 0xff, i, i + rng.range(1, 16)); return c; },
};

/** Apply 1..max random byte mutations. */
export function mutateBytes(rng: Rng, b: Uint8Array, max = 3, mutators: Record<string, ByteMutator> = byteMutators): Uint8Array {
  const ops = Object.values(mutators);
  let out = b;
  for (let k = rng.range(1, max); k > 0; k--) out = rng.pick(ops)(rng, out);
  return out;
}

// ---------------------------------------------------------------------------------------------------- wasm-aware mutators

export interface WasmSectionSpan {
  id: number; headerStart: number; sizeStart: number; payloadStart: number; end: number;
  /** Custom sections: the name, and where the data after it starts. */
  name?: string; dataStart?: number;
}

/** The section layout of a (well-formed) wasm image, read leniently; stops at the first thing that does not fit. */
export function wasmSections(b: Uint8Array): WasmSectionSpan[] {
  const out: WasmSectionSpan[] = [];
  let p = 8;
  const leb = (): number | undefined => {
    let r = 0, s = 0;
    for (let k = 0; k < 5; k++) { if (p >= b.length) return undefined; const x = b[p++]!; r += (x & 0x7f) * 2 ** s; s += 7; if (!(x & 0x80)) return r; }
    return undefined;
  };
  while (p < b.length) {
    const headerStart = p, id = b[p++]!, sizeStart = p;
    const size = leb();
    if (size === undefined || p + size > b.length) break;
    const span: WasmSectionSpan = { id, headerStart, sizeStart, payloadStart: p, end: p + size };
    if (id === 0) {
      const q = p, n = leb();
      if (n !== undefined && p + n <= span.end) { span.name = new TextDecoder().decode(b.subarray(p, p + n)); span.dataStart = p + n; }
      p = q;
    }
    out.push(span);
    p = span.end;
  }
  return out;
}

/** Rewrite one section's size field (a lie: too big, too small, zero, or an overlong LEB). */
export function lieAboutSectionSize(rng: Rng, b: Uint8Array, s: WasmSectionSpan): Uint8Array {
  const real = s.end - s.payloadStart;
  const size = rng.pick([0, 1, real - 1, real + 1, real + rng.range(2, 4096), 0xffffffff, rng.int(real + 1), 0x7fffffff]);
  const field = rng.bool(0.2) ? overlongLeb(rng) : uleb(Math.max(0, size), rng.bool(0.3) ? 5 : 0);
  return concat(b.subarray(0, s.sizeStart), field, b.subarray(s.payloadStart));
}

/** The image with one section's payload replaced (its size field rewritten to match). */
export function replaceSection(b: Uint8Array, s: WasmSectionSpan, payload: Uint8Array): Uint8Array {
  return concat(b.subarray(0, s.sizeStart), uleb(payload.length), payload, b.subarray(s.end));
}

/**
 * Apply mutations inside a section's payload (so the rest of the image stays well-formed). The size field then
 * matches the new payload, or (keepSize, random by default) keeps the old size: a lie.
 */
export function mutateInside(rng: Rng, b: Uint8Array, s: WasmSectionSpan, max = 3, keepSize = rng.bool(0.5)): Uint8Array {
  // A custom section keeps its name (mostly): the damage is to what the reader of that section sees.
  const from = s.dataStart !== undefined && rng.bool(0.9) ? s.dataStart : s.payloadStart;
  const payload = concat(b.subarray(s.payloadStart, from), mutateBytes(rng, b.subarray(from, s.end), max));
  if (!keepSize) return replaceSection(b, s, payload);
  return concat(b.subarray(0, s.sizeStart), uleb(s.end - s.payloadStart), payload, b.subarray(s.end));
}

/** Mutations of a wasm image: generic bytes, section-size lies, damage inside one section, dropped or swapped sections. */
export function mutateWasm(rng: Rng, b: Uint8Array, pickSection?: (s: WasmSectionSpan) => boolean): Uint8Array {
  const all = wasmSections(b);
  const sections = pickSection ? all.filter(pickSection) : all;
  const s = sections.length ? rng.pick(sections) : undefined;
  const kind = rng.int(10);
  if (!s || kind === 0) return mutateBytes(rng, b);
  if (kind <= 2) return lieAboutSectionSize(rng, b, s);
  if (kind <= 7) return mutateInside(rng, b, s);
  if (kind === 8) return concat(b.subarray(0, s.headerStart), b.subarray(s.end)); // section dropped
  const t = rng.pick(all); // two sections swapped
  if (t === s) return concat(b.subarray(0, s.end), b.subarray(s.headerStart, s.end), b.subarray(s.end)); // duplicated
  const [x, y] = s.headerStart < t.headerStart ? [s, t] : [t, s];
  return concat(b.subarray(0, x.headerStart), b.subarray(y.headerStart, y.end), b.subarray(x.end, y.headerStart), b.subarray(x.headerStart, x.end), b.subarray(y.end));
}

// ---------------------------------------------------------------------------------------------------- text mutators

const TEXT_TOKENS = ['[', ']', '=', ',', '"', '""', ';', '\\', '%', '%%', '%13%', '%Undefined%', '$ARCH$', '\r', '\n', '\r\n', '\t', ' ',
  '\0', '\uFEFF', '\uFFFD', 'é', '𝄞', '[Version]', '[Strings]', '[Manufacturer]', 'Signature="$Windows NT$"', 'CopyFiles=', 'AddService=',
  'x'.repeat(300), '[' + 'A'.repeat(260) + ']', '0xffffffff', '-1', '\\\n'];

/** Mutations of text: lines dropped, duplicated, swapped or truncated; tokens inserted; characters changed. */
export function mutateText(rng: Rng, text: string, max = 4): string {
  let lines = text.split('\n');
  for (let k = rng.range(1, max); k > 0; k--) {
    const i = rng.int(lines.length);
    const line = lines[i] ?? '';
    switch (rng.int(8)) {
      case 0: lines.splice(i, 1); break;
      case 1: lines.splice(i, 0, line); break;
      case 2: { const j = rng.int(lines.length); [lines[i], lines[j]] = [lines[j] ?? '', line]; break; }
      case 3: lines[i] = line.slice(0, rng.int(line.length + 1)); break;
      case 4: { const at = rng.int(line.length + 1); lines[i] = line.slice(0, at) + rng.pick(TEXT_TOKENS) + line.slice(at); break; }
      case 5: { const at = rng.int(line.length + 1); lines[i] = line.slice(0, at) + String.fromCharCode(rng.int(0x80)) + line.slice(at + 1); break; }
      case 6: lines = lines.slice(0, rng.int(lines.length + 1)); break;
      case 7: lines.splice(i, 0, rng.pick(TEXT_TOKENS) + rng.pick(TEXT_TOKENS) + rng.pick(TEXT_TOKENS)); break;
    }
  }
  return lines.join(rng.bool(0.1) ? '\r\n' : '\n');
}

// ---------------------------------------------------------------------------------------------------- JSON mutators

/** A random JSON-like value (and a few non-JSON ones a buggy peer could hand a Channel). */
export function randomValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 3 ? 8 : 11)) {
    case 0: return null;
    case 1: return rng.bool();
    case 2: return rng.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), NaN, Infinity, 1e308, -0]);
    case 3: return rng.int(1000);
    case 4: return rng.pick(['', 'x', 'KmdfHelloWorld', '../x', 'a'.repeat(rng.range(30, 70)), '\u0000', '__proto__', 'Debug', 'kmdf']);
    case 5: return 'y'.repeat(rng.pick([100, 5000, 70_000]));
    case 6: return undefined;
    case 7: return rng.pick(['toString', 'constructor', 'hasOwnProperty', 'valueOf']);
    case 8: return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth + 1));
    case 9: case 10: {
      const o: Record<string, unknown> = {};
      for (let k = rng.int(4); k > 0; k--) o[rng.pick(['kind', 'id', 'method', 'params', 'project', 'path', 'text', '__proto__', 'constructor', 'x'])] = randomValue(rng, depth + 1);
      return o;
    }
  }
  return null;
}

/** Replace, delete or add one value somewhere inside a JSON-like value (returns a new value). */
export function mutateJson(rng: Rng, v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object' || depth > 6 || rng.bool(0.25)) {
    return rng.bool(0.15) && typeof v === 'string' ? v + rng.pick(['\u0000', '/..', 'x'.repeat(300), '"']) : randomValue(rng);
  }
  if (Array.isArray(v)) {
    const c = [...v];
    if (!c.length || rng.bool(0.2)) c.push(randomValue(rng)); else { const i = rng.int(c.length); c[i] = mutateJson(rng, c[i], depth + 1); }
    return c;
  }
  const c: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  const keys = Object.keys(c);
  const r = rng.int(10);
  if (!keys.length || r === 0) Object.defineProperty(c, rng.pick(['extra', '__proto__', 'constructor', 'toString', '']), { value: randomValue(rng), enumerable: true, configurable: true, writable: true });
  else if (r === 1) delete c[rng.pick(keys)];
  else { const k = rng.pick(keys); c[k] = mutateJson(rng, c[k], depth + 1); }
  return c;
}

// ---------------------------------------------------------------------------------------------------- the bounded runner

export interface FuzzOptions {
  /** Shown in failure reports (e.g. 'INF parser'). */
  name: string;
  seed: number;
  cases: number;
  /** A case that runs longer than this is a hang: the watchdog ends the process naming the case (default 10 s). */
  caseTimeoutMs?: number;
  /** Stop after this many failing cases (default 5). */
  maxFailures?: number;
}

export interface FuzzStats {
  cases: number;
  /** How many cases ended in each outcome the check reported (e.g. 'ok', 'STATUS_INVALID_IMAGE_FORMAT'). */
  outcomes: Map<string, number>;
  slowestMs: number;
  slowestCase: number;
}

export class FuzzFailure extends Error {}

/** A thread that watches the current case's deadline and ends the process if it passes. */
class Watchdog {
  private readonly sab = new SharedArrayBuffer(24);
  private readonly slots = new BigInt64Array(this.sab); // [0] deadline (ms since epoch, 0 = idle), [1] case, [2] stop
  private readonly worker: Worker;
  constructor(name: string, seed: number) {
    this.worker = new Worker(`
      const { workerData } = require('node:worker_threads');
      const fs = require('node:fs');
      const s = new BigInt64Array(workerData.sab), w = new Int32Array(workerData.sab);
      for (;;) {
        Atomics.wait(w, 4, 0, 100);
        if (Atomics.load(s, 2) !== 0n) break;
        const d = Number(Atomics.load(s, 0));
        if (d && Date.now() > d) {
          fs.writeSync(2, '\\nfuzz ' + workerData.name + ': case ' + Atomics.load(s, 1) + ' (run seed 0x' + workerData.seed.toString(16) +
            ') did not finish in time: a hang. Reproduce it with that seed and case number.\\n');
          process.kill(process.pid, 'SIGKILL');
        }
      }`, { eval: true, workerData: { sab: this.sab, name, seed } });
    this.worker.unref();
  }
  arm(i: number, ms: number): void { Atomics.store(this.slots, 1, BigInt(i)); Atomics.store(this.slots, 0, BigInt(Date.now() + ms)); }
  disarm(): void { Atomics.store(this.slots, 0, 0n); }
  async stop(): Promise<void> { Atomics.store(this.slots, 2, 1n); Atomics.notify(new Int32Array(this.sab), 4); await this.worker.terminate(); }
}

function describeInput(x: unknown): string {
  if (x instanceof Uint8Array) return `${x.length} bytes: ${Buffer.from(x.subarray(0, 64)).toString('hex')}${x.length > 64 ? '…' : ''}`;
  if (typeof x === 'string') return JSON.stringify(x.length > 400 ? x.slice(0, 400) + '…' : x);
  try { const s = JSON.stringify(x); return s === undefined ? String(x) : s.length > 400 ? s.slice(0, 400) + '…' : s; } catch { return String(x); }
}

/**
 * Run `cases` cases: `generate` makes case i's input from its own Rng, `check` runs the code under test and asserts
 * the outcome, returning a label for the tally (or nothing). Throws a FuzzFailure listing the failing cases
 * (case number, run seed, the input) if any check threw; a case over its time bound ends the process.
 */
export async function fuzz<T>(opts: FuzzOptions, generate: (rng: Rng, i: number) => T,
  check: (input: T, i: number) => string | void | Promise<string | void>): Promise<FuzzStats> {
  const timeout = opts.caseTimeoutMs ?? 10_000;
  const dog = new Watchdog(opts.name, opts.seed);
  const stats: FuzzStats = { cases: 0, outcomes: new Map(), slowestMs: 0, slowestCase: -1 };
  const failures: string[] = [];
  try {
    for (let i = 0; i < opts.cases; i++) {
      const input = generate(new Rng(caseSeed(opts.seed, i)), i);
      dog.arm(i, timeout);
      const t0 = performance.now();
      try {
        const label = await check(input, i);
        if (label) stats.outcomes.set(label, (stats.outcomes.get(label) ?? 0) + 1);
      } catch (e) {
        failures.push(`case ${i} (run seed 0x${opts.seed.toString(16)}): ${(e as Error)?.stack ?? String(e)}\n  input: ${describeInput(input)}`);
        if (failures.length >= (opts.maxFailures ?? 5)) break;
      } finally {
        dog.disarm();
      }
      const ms = performance.now() - t0;
      if (ms > stats.slowestMs) { stats.slowestMs = ms; stats.slowestCase = i; }
      stats.cases++;
    }
  } finally {
    await dog.stop();
  }
  if (failures.length) throw new FuzzFailure(`fuzz ${opts.name}: ${failures.length} failing case(s)\n${failures.join('\n\n')}`);
  return stats;
}

/** A one-line summary for test output: cases, slowest case, outcomes. */
export function summary(name: string, s: FuzzStats): string {
  const o = [...s.outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  return `${name}: ${s.cases} cases, slowest ${s.slowestMs.toFixed(1)} ms (case ${s.slowestCase}); ${o}`;
}

/** Await a promise, failing if it does not settle in `ms` (for async code, whose thread stays free). */
export function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error(`${what} did not finish within ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}
