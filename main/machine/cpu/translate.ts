// Translation of one wasm function to one JS function.
//
// Locals and operand-stack slots become JS locals (stack slots named by depth and type: si0, sj1...), structured
// control flow becomes labeled blocks/loops. Check points (function entry, loop heads, armed breakpoints) charge the
// cycle budget and test for a stop. A stop UNWINDS: the function records its frame (pc, locals, live stack) through
// P.save and returns; callers see P.u and save themselves too. Resuming calls the function with a saved frame as
// its last argument; `$E` (the entry state) then skips every statement before the saved point, so resumed code runs
// translated, at full speed. Resume points: K = 2*pc+1 "before pc" (check points), K = 2*pc+2 "inside the call at pc".
// While a function runs, the budget lives in its local $b (handed to P.b around calls and on every exit), and every
// slow path (budget spent, breakpoint, trap) leaves the function instead of rejoining the code, which keeps V8's
// optimized loops free of calls.

import { NULL_GUARD } from '../memory.ts';
import type { FuncCode } from './analyze.ts';
import { fill, sem } from './semantics.ts';
import { Status } from './status.ts';
import type { ModuleEnv } from './analyze.ts';
import { frameBases, frameFlag } from './frame.ts';
import { fillPair, PAIR_TEMPS, pairMem, pairOps } from './i64-pairs.ts';

/** How a module global is reached from code: the shared stack pointer, a constant, or a mutable cell. */
export type GlobalRef = { kind: 'sp' } | { kind: 'const'; v: number | bigint } | { kind: 'cell'; cell: { v: number | bigint } };

export interface TranslateInput {
  fid: number;
  name: string;
  fc: FuncCode;
  env: ModuleEnv;
  globals: GlobalRef[];
  memSize: number;
  /** Breakpoint pcs armed in this function. */
  bps: ReadonlySet<number>;
  /** Data breakpoints armed: 0 none, 1 check stores, 2 check loads and stores. */
  watch: 0 | 1 | 2;
  /** Interned signature id of a type index (for call_indirect checks). */
  sigOf(typeIndex: number): number;
  /** Whether a function index is a wasm function (translated: it takes the pair-result flag). */
  wasmFunc?(index: number): boolean;
}

export interface Translation {
  /** Factory source: new Function(...FACTORY_PARAMS, src) returns the function. */
  src: string;
  /** pcs where the translation has a check point (resumable "before pc"). */
  cps: Set<number>;
}

/** Views that start at NULL_GUARD (`U8G`...): their own bounds check is a load's range and alignment test. */
export const GUARDED_VIEWS = ['U8G', 'I8G', 'U16G', 'I16G', 'I32G', 'I64G', 'F32G', 'F64G'] as const;

/** The view of a load that is a bare element read (`I32[@ >> 2]`, `U8[@]`), else null. */
function plainView(tpl: string | undefined): string | null {
  const m = tpl ? /^(U8|I8|U16|I16|I32|I64|F32|F64)\[@( >> [123])?\]$/.exec(tpl) : null;
  return m ? m[1]! : null;
}

/**
 * A load through a view that starts at NULL_GUARD, indexed by the offset from the guard rotated right by log2(size):
 * below the guard, past the end or misaligned all land out of the view's bounds, so the element read itself is the
 * test and yields undefined (V8's own bounds check is then the only one in optimized code). Misaligned in-range
 * addresses take the DataView path.
 */
function guardedLoad(view: string, size: number, out: string, slowJs: string, fault: string, last: number): string {
  const k = Math.log2(size), x = `($a - ${NULL_GUARD})`;
  const idx = k ? `(${x} >>> ${k}) | (${x} << ${32 - k})` : `${x} | 0`;
  // Through $v: the fault path still needs the operand, which may share the result's slot.
  const slow = size > 1 ? `else if ((${x} >>> 0) <= ${last - NULL_GUARD}) ${out} = ${slowJs};\n` : '';
  return `if (($v = ${view}G[${idx}]) !== undefined) ${out} = $v;\n${slow}else ${fault}\n`;
}

/** Memory views the templates name; the factory receives them as `$U8`... and each function copies the ones it uses. */
const VIEWS = ['U8', 'I8', 'U16', 'I16', 'I32', 'I64', 'F32', 'F64', 'DV', ...GUARDED_VIEWS] as const;
export const FACTORY_PARAMS = ['P', 'H', ...VIEWS.map((v) => `$${v}`), 'TBL', 'FS', 'G', 'EMPTY'] as const;

interface Node { src: string; minK: number; maxK: number }
const none = (src: string): Node => ({ src, minK: -1, maxK: -1 });

export function numLiteral(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return v < 0 ? `(${v})` : String(v);
}

/** Set the pair `out` to an i64 constant. */
function pairConst(out: string, v: bigint): string {
  return `${out} = ${numLiteral(Number(BigInt.asIntN(32, v)))}; ${out}h = ${numLiteral(Number(BigInt.asIntN(32, v >> 32n)))};`;
}

export function translate(t: TranslateInput): Translation {
  const { fc, fid } = t;
  const code = fc.body.code;
  const n = code.length;
  const stackVars = new Set<string>();
  const cps = new Set<number>();
  const resumeStacks = new Map<number, string[]>(); // K → stack slot names to restore
  const calleeRefs = new Set<number>();
  const labels: { pc: number; kind: 'block' | 'loop' | 'if' }[] = [];
  const loopHeads = new Set<number>(); // check points whose resume test is hoisted before their loop

  // An i64 local or slot `v` is the int32 pair v (lo), vh (hi) (i64-pairs.ts); it is a BigInt only at the edges.
  const jNames = new Set<string>();
  [...fc.locals].forEach((l, k) => { if (l === 'j') jNames.add(`l${k}`); });
  const sv = (depth: number, l: string) => { const name = `s${l}${depth}`; stackVars.add(name); if (l === 'j') jNames.add(name); return name; };
  const isJ = (v: string) => jNames.has(v);
  const halves = (v: string) => (isJ(v) ? [v, `${v}h`] : [v]);
  /** A variable's value as the rest of the system holds it (an i64 as its BigInt). */
  const val = (v: string) => (isJ(v) ? `H.j64(${v}, ${v}h)` : v);
  /** Assign a value held as the rest of the system holds it (an i64 as a BigInt) to a variable. */
  const setVal = (v: string, e: string) => (isJ(v) ? `$j = ${e}; ${v} = H.lo($j); ${v}h = H.hi($j);` : `${v} = ${e};`);
  const copy = (d: string, src: string) => (isJ(d) ? `${d} = ${src}; ${d}h = ${src}h;` : `${d} = ${src};`);
  const slots = (stk: string, upTo = stk.length) => { const out: string[] = []; for (let d = 0; d < upTo; d++) out.push(sv(d, stk[d]!)); return out; };
  const list = (names: string[]) => (names.length ? `[${names.map(val).join(', ')}]` : 'EMPTY');
  const stop = (K: number, names: string[]) => `{ $K = ${K}; $S = ${list(names)}; break $X; }`;
  const trap = (pc: number, code: number, addr: string, write: number) =>
    `{ P.trap(${code}, ${fid}, ${pc}, ${addr}, ${write}); ${stop(2 * pc + 1, slots(fc.stk[pc]!))} }`;
  const lim = (size: number) => t.memSize - size;
  // Data breakpoints need every access's address: no unchecked frame accesses while they are armed.
  const frame = t.watch === 0 ? frameBases(fc, t.memSize) : { bases: new Map(), access: new Map<number, number>() };
  const setLocal = (k: number, v: string) => `${copy(`l${k}`, v)}\n` + (frame.bases.has(k) ? frameFlag(k, frame.bases.get(k)!) : '');

  function checkPoint(pc: number): Node {
    const K = 2 * pc + 1;
    const names = slots(fc.stk[pc]!);
    cps.add(pc);
    resumeStacks.set(K, names);
    // Slow paths leave the function and never rejoin the loop, so V8 keeps loop invariants (views, maps) hoisted.
    // Resuming here, the breakpoint (if any) has been reported already: the suppression run() armed is spent.
    const hoisted = loopHeads.has(pc);
    let s = t.bps.has(pc) ? `if ($E === ${K}) { $E = 0; P.sup = false; } else { P.bp(${fid}, ${pc}); ${stop(K, names)} }\n` : hoisted ? '' : `if ($E === ${K}) $E = 0;\n`;
    const w = fc.cpW[pc]!;
    // Budget spent: refund this check point and stop before it (P.chk, after the body, says why).
    if (w > 0) s += `if (($b -= ${w}) < 0) { $b += ${w}; $K = ${K}; $S = ${list(names)}; break $C; }\n`;
    // A loop head's resume test sits before the loop (see seq), so the loop itself never tests $E here.
    return hoisted ? none(s) : { src: s, minK: K, maxK: K };
  }

  function printSeq(nodes: Node[]): string {
    let lastCp = -1;
    nodes.forEach((x, j) => { if (x.maxK >= 0) lastCp = j; });
    let out = '', run = '';
    const flush = (guard: boolean) => { if (run) out += guard ? `if ($E === 0) {\n${run}}\n` : run; run = ''; };
    nodes.forEach((x, j) => {
      if (x.maxK < 0) { run += x.src; return; }
      flush(true);
      out += j < lastCp ? `if ($E === 0 || ($E >= ${x.minK} && $E <= ${x.maxK})) {\n${x.src}}\n` : x.src;
    });
    flush(false);
    return out;
  }

  function branchTo(pc: number, depth: number, stk: string): string {
    const th = fc.th[pc]!, tn = fc.tn[pc]!;
    return jump(depth, th, tn, stk);
  }
  function jump(depth: number, th: number, tn: number, stk: string): string {
    const h = stk.length;
    let s = '';
    if (depth === labels.length) return ret(stk);
    for (let k = 0; k < tn; k++) {
      const dst = sv(th + k, stk[h - tn + k]!), src = sv(h - tn + k, stk[h - tn + k]!);
      if (dst !== src) s += `${copy(dst, src)} `;
    }
    const l = labels[labels.length - 1 - depth]!;
    return s + (l.kind === 'loop' ? `continue L${l.pc};` : `break L${l.pc};`);
  }
  function ret(stk: string): string {
    const r = fc.type.results.length, h = stk.length;
    if (r === 0) return '{ P.b = $b; return; }';
    if (r === 1) {
      const v = sv(h - 1, stk[h - 1]!);
      // A translated caller passes $J = 1 and takes an i64 result as lo plus P.jh, with no BigInt.
      if (isJ(v)) return `{ P.b = $b; if ($J === 1) { P.jh = ${v}h; return ${v}; } return ${val(v)}; }`;
      return `{ P.b = $b; return ${v}; }`;
    }
    return `{ P.b = $b; return [${slots(stk).slice(h - r).map(val).join(', ')}]; }`;
  }

  function globalGet(idx: number): string {
    const g = t.globals[idx]!;
    if (g.kind === 'sp') return 'P.sp';
    if (g.kind === 'const') return typeof g.v === 'bigint' ? `${g.v}n` : numLiteral(g.v);
    return `G[${idx}].v`;
  }

  function call(pc: number, stk: string, callee: string, indirect: boolean): Node {
    const ins = code[pc]!;
    const np = fc.callP[pc]!, nr = fc.callR[pc]!;
    const h = stk.length;
    const base = h - np - (indirect ? 1 : 0);
    const args = slots(stk).slice(base, base + np).map(val);
    const K = 2 * pc + 2;
    const after = fc.stk[pc + 1];
    resumeStacks.set(K, slots(stk, base));
    const ft = indirect ? t.env.types[ins.a]! : t.env.funcType(ins.a)!;
    const res = ft.results.map((_, k) => sv(base + k, after![base + k]!));
    const pairRes = nr === 1 && isJ(res[0]!);
    const assign = (e: string) => (nr === 0 ? `${e};` : pairRes
      ? `$r = ${e}; if (typeof $r === 'number') { ${res[0]} = $r; ${res[0]}h = P.jh; } else { ${setVal(res[0]!, '$r')} }`
      : nr === 1 ? setVal(res[0]!, e) : `$r = ${e}; ${res.map((r, k) => setVal(r, `$r[${k}]`)).join(' ')}`);
    // Only a direct call of a wasm function: a host routine must not see the extra arguments.
    const pairArgs = pairRes && !indirect && t.wasmFunc?.(ins.a) ? [...args, 'undefined', '1'] : args;
    // The callee charges the shared budget: hand it over and take it back.
    let s = `if ($E === ${K}) { $E = 0; P.b = $b; ${assign('P.rn()')} } else `;
    if (indirect) {
      const idx = sv(h - 1, 'i');
      s += `{ $f = TBL[${idx} >>> 0]; if ($f == null || $f.sig !== ${t.sigOf(ins.a)}) ${trap(pc, Status.ACCESS_VIOLATION, `${idx} >>> 0`, 0)} P.b = $b; ${assign(`$f.js(${args.join(', ')})`)} }\n`;
    } else s += `{ P.b = $b; ${assign(`${callee}.js(${pairArgs.join(', ')})`)} }\n`;
    s += `$b = P.b;\nif (P.u !== 0) ${stop(K, slots(after ?? stk, after ? after.length : base))}\n`;
    return { src: s, minK: K, maxK: K };
  }

  function memAccess(pc: number, stk: string): string {
    const ins = code[pc]!;
    const s = sem.get(ins.op)!;
    const m = s.mem!;
    const h = stk.length, nIn = s.in.length;
    const ops = slots(stk).slice(h - nIn);
    const size = m.size, off = ins.b >>> 0, last = lim(size);
    const exact = off ? `(${ops[0]} >>> 0) + ${off}` : `${ops[0]} >>> 0`;
    const fault = trap(pc, Status.ACCESS_VIOLATION, exact, m.store ? 1 : 0);
    // An i64 access is one or two 32-bit (or narrower) ones on the pair, after the same check of the whole access.
    const pm = pairMem.get(ins.op);
    const flat = ops.flatMap(halves), outs = m.store ? [] : halves(sv(h - 1, s.out));
    const slowT = pm ? pm.js : s.js, fastT = pm ? pm.fast : m.fast;
    const access = (js: string, at = '$a') =>
      pm ? `{ ${fillPair(js, flat, outs, at)} }` : m.store ? `${fill(js, ops, at)};` : `${sv(h - 1, s.out)} = ${fill(js, ops, at)};`;
    let src: string;
    const guarded = m.store || pm ? null : plainView(size > 1 ? m.fast : s.js);
    if (off < NULL_GUARD) {
      // The address as an int32: a sum that wraps past 4 GiB lands below NULL_GUARD (never mapped) and faults as it
      // must; the exact address is only computed for the fault. One unsigned compare tests both ends.
      src = `$a = ${off ? `(${ops[0]} + ${off}) | 0` : ops[0]};\n`;
      const inRange = `(($a - ${NULL_GUARD}) >>> 0) <= ${last - NULL_GUARD}`;
      if (guarded && off === 0) {
        // Only without an offset: measured, frame-relative loads (-O0's `offset=8` on the frame pointer) got slower.
        src += guardedLoad(guarded, size, sv(h - 1, s.out), fill(s.js, ops), fault, last);
      } else if (fastT && size > 1) {
        // Rotating right by log2(size) moves misaligned low bits to the top, so one compare also tests alignment.
        const k = Math.log2(size), x = `($a - ${NULL_GUARD})`;
        src += `if ((((${x} >>> ${k}) | (${x} << ${32 - k})) >>> 0) <= ${(last - NULL_GUARD) / size}) ${access(fastT)}\n`;
        src += `else if (${inRange}) ${access(slowT)}\nelse ${fault}\n`;
      } else src += `if (${inRange}) ${access(slowT)}\nelse ${fault}\n`;
    } else {
      src = `$a = ${exact};\nif ($a > ${last}) ${fault}\n${access(slowT)}\n`;
    }
    const L = frame.access.get(pc);
    if (L !== undefined) {
      // A frame access: its base's flag already says every frame access is mapped and aligned.
      const at = `(${ops[0]} + ${off})`;
      src = `if ($g${L}) ${access(size > 1 ? fastT! : slowT, at)}\nelse {\n${src}}\n`;
    }
    if (t.watch === 2 || (t.watch === 1 && m.store)) {
      const after = fc.stk[pc + 1]!;
      src += `if ($a < P.wh && $a + ${size} > P.wl && P.wr($a, ${size}, ${m.store ? 1 : 0})) ${stop(2 * (pc + 1) + 1, slots(after))}\n`;
    }
    return src;
  }

  /** Translate instructions [from, to) of one nesting level; `to` is the level's else/end. */
  function seq(from: number, to: number): Node[] {
    const nodes: Node[] = [];
    // A comparison whose 0/1 result feeds the next br_if/if/select directly is not materialized.
    let fused: { name: string; expr: string } | null = null;
    const cond = (name: string) => {
      const c = fused && fused.name === name ? fused.expr : `${name} !== 0`;
      fused = null;
      return c;
    };
    /** All ones when the condition holds, else 0, computed without a branch. */
    const mask = (name: string) => {
      const c = fused && fused.name === name ? `-(${fused.expr} | 0)` : `((${name} | -${name}) >> 31)`;
      fused = null;
      return c;
    };
    for (let pc = from; pc < to; pc++) {
      const stk = fc.stk[pc];
      if (stk === null || stk === undefined) break; // the rest of this level is unreachable
      if (fc.cpW[pc]! > 0 || t.bps.has(pc)) nodes.push(checkPoint(pc));
      const ins = code[pc]!;
      const h = stk.length;
      const top = (k = 0) => sv(h - 1 - k, stk[h - 1 - k]!);
      const s = sem.get(ins.op);
      if (s) {
        if (s.mem) { nodes.push(none(memAccess(pc, stk))); continue; }
        const nIn = s.in.length;
        const ops = slots(stk).slice(h - nIn);
        const next = code[pc + 1]?.op;
        // i64 ops: the pair form when there is one, else the BigInt template on joined operands.
        const po = pairOps.get(ins.op), flat = ops.flatMap(halves), vals = ops.map(val);
        const test = po && 'cond' in po ? fillPair(po.cond, flat, []) : s.js.endsWith(' ? 1 : 0') ? fill(s.js.slice(0, -' ? 1 : 0'.length), vals) : null;
        if (s.out === 'i' && !s.traps && test !== null && (next === 0x0d || next === 0x04 || next === 0x1b || next === 0x1c)
          && !(fc.cpW[pc + 1]! > 0 || t.bps.has(pc + 1))) {
          fused = { name: sv(h - nIn, 'i'), expr: `(${test})` };
          continue;
        }
        let src = '';
        for (const tr of s.traps ?? []) src += `if (${fill(tr.cond, vals)}) ${trap(pc, tr.code, '0', 0)}\n`;
        const out = sv(h - nIn, s.out);
        if (po && 'cond' in po) src += `${out} = (${test}) ? 1 : 0;\n`;
        else if (po) src += `${fillPair(po.js, flat, halves(out))}\n`;
        else src += `${setVal(out, fill(s.js, vals))}\n`;
        nodes.push(none(src));
        continue;
      }
      switch (ins.op) {
        case 0x00: nodes.push(none(`${trap(pc, Status.ILLEGAL_INSTRUCTION, '0', 0)}\n`)); break;
        case 0x01: break;
        case 0x02: case 0x03: case 0x04: {
          const end = fc.match[pc]!;
          const kind = ins.op === 0x02 ? 'block' : ins.op === 0x03 ? 'loop' : 'if';
          labels.push({ pc, kind });
          if (kind === 'if') {
            const c0 = cond(top());
            const elseAt = code[fc.tgt[pc]! - 1]!.op === 0x05 && fc.tgt[pc]! - 1 !== end ? fc.tgt[pc]! - 1 : -1;
            const thenN = seq(pc + 1, elseAt >= 0 ? elseAt : end);
            if (elseAt >= 0 && t.bps.has(elseAt) && fc.stk[elseAt] != null) thenN.push(checkPoint(elseAt));
            const elseN = elseAt >= 0 ? seq(elseAt + 1, end) : [];
            if (t.bps.has(end) && fc.stk[end] != null) (elseAt >= 0 ? elseN : thenN).push(checkPoint(end));
            const range = (ns: Node[]) => {
              const ks = ns.filter((x) => x.maxK >= 0);
              return ks.length ? [ks[0]!.minK, ks[ks.length - 1]!.maxK] as const : null;
            };
            const tr = range(thenN), er = range(elseN);
            let c = c0;
            if (tr && er) c = `$E !== 0 ? $E <= ${tr[1]} : ${c0}`;
            else if (tr) c = `$E !== 0 || ${c0}`;
            else if (er) c = `$E === 0 && ${c0}`;
            const src = `L${pc}: if (${c}) {\n${printSeq(thenN)}} else {\n${printSeq(elseN)}}\n`;
            const all = [tr, er].filter((x) => x !== null) as (readonly [number, number])[];
            nodes.push(all.length ? { src, minK: all[0]![0], maxK: all[all.length - 1]![1] } : none(src));
          } else {
            // A loop whose first instruction is its check point: resuming there is decided once, before the loop.
            const head = kind === 'loop' && fc.cpW[pc + 1]! > 0 && !t.bps.has(pc + 1) && fc.stk[pc + 1] != null ? 2 * (pc + 1) + 1 : -1;
            if (head > 0) loopHeads.add(pc + 1);
            const body = seq(pc + 1, end);
            if (t.bps.has(end) && fc.stk[end] != null) body.push(checkPoint(end));
            const ks = body.filter((x) => x.maxK >= 0);
            const inner = printSeq(body);
            let src = kind === 'loop' ? `L${pc}: for (;;) {\n${inner}break L${pc};\n}\n` : `L${pc}: {\n${inner}}\n`;
            if (head > 0) {
              src = `if ($E === ${head}) $E = 0;\n` + src;
              nodes.push({ src, minK: head, maxK: ks.length ? ks[ks.length - 1]!.maxK : head });
            } else nodes.push(ks.length ? { src, minK: ks[0]!.minK, maxK: ks[ks.length - 1]!.maxK } : none(src));
          }
          labels.pop();
          // Results of the structure now sit in the slots at its base; continue after its end.
          pc = end;
          break;
        }
        case 0x0c: nodes.push(none(`${branchTo(pc, ins.a, stk)}\n`)); break;
        case 0x0d: {
          const rest = stk.slice(0, -1);
          nodes.push(none(`if (${cond(top())}) { ${branchTo(pc, ins.a, rest)} }\n`));
          break;
        }
        case 0x0e: {
          const idx = top(), rest = stk.slice(0, -1);
          const tbl = fc.tables.get(pc)!;
          const targets = ins.t!;
          let src = `switch (${idx}) {\n`;
          targets.forEach((d, k) => {
            const body = jump(d, tbl[3 * k + 1]!, tbl[3 * k + 2]!, rest);
            src += k === targets.length - 1 ? `default: { ${body} }\n` : `case ${k}: { ${body} }\n`;
          });
          nodes.push(none(src + '}\n'));
          break;
        }
        case 0x0f: nodes.push(none(`${ret(stk)}\n`)); break;
        case 0x10: calleeRefs.add(ins.a); nodes.push(call(pc, stk, `FN${ins.a}`, false)); break;
        case 0x11: nodes.push(call(pc, stk, '', true)); break;
        case 0x1a: break;
        case 0x1b: case 0x1c: {
          const c = top(), b = top(1), a = top(2);
          // i32 select without a branch: V8 compiles `?:` to a jump, mispredicted half the time on data-dependent
          // conditions (heap sort's larger child), where native wasm uses a conditional move.
          if (a[1] === 'i') nodes.push(none(`${a} = ${b} ^ ((${a} ^ ${b}) & ${mask(c)});\n`));
          else if (isJ(a)) nodes.push(none(`if (!(${cond(c)})) { ${a} = ${b}; ${a}h = ${b}h; }\n`));
          else nodes.push(none(`${a} = ${cond(c)} ? ${a} : ${b};\n`));
          break;
        }
        case 0x20: nodes.push(none(`${copy(sv(h, fc.locals[ins.a]!), `l${ins.a}`)}\n`)); break;
        case 0x21: case 0x22: nodes.push(none(setLocal(ins.a, top()))); break;
        case 0x23: {
          const g = t.globals[ins.a]!, out = sv(h, fc.stk[pc + 1]![h]!);
          nodes.push(none(g.kind === 'const' && typeof g.v === 'bigint' ? `${pairConst(out, g.v)}\n` : `${setVal(out, globalGet(ins.a))}\n`));
          break;
        }
        case 0x24: {
          const g = t.globals[ins.a]!;
          if (g.kind === 'sp') nodes.push(none(`if ((${top()} >>> 0) < P.spl) ${trap(pc, Status.STACK_OVERFLOW, `${top()} >>> 0`, 1)}\nP.sp = ${top()};\n`));
          else if (g.kind === 'cell') nodes.push(none(`G[${ins.a}].v = ${val(top())};\n`));
          else throw new Error('set of a constant global');
          break;
        }
        case 0x41: nodes.push(none(`${sv(h, 'i')} = ${numLiteral(ins.a)};\n`)); break;
        case 0x42: nodes.push(none(`${pairConst(sv(h, 'j'), ins.v as bigint)}\n`)); break;
        case 0x43: nodes.push(none(`${sv(h, 'f')} = ${numLiteral(ins.v as number)};\n`)); break;
        case 0x44: nodes.push(none(`${sv(h, 'd')} = ${numLiteral(ins.v as number)};\n`)); break;
        case 0x3f: nodes.push(none(`${sv(h, 'i')} = ${t.memSize / 65536};\n`)); break;
        case 0x40: nodes.push(none(`${top()} = -1;\n`)); break;
        case 0xfc0a: case 0xfc0b: {
          const [d, x, len] = slots(stk).slice(h - 3) as [string, string, string];
          const bad = (p: string) => `((${p} >>> 0) < ${NULL_GUARD} || (${p} >>> 0) + (${len} >>> 0) > ${t.memSize})`;
          let src = '';
          if (ins.op === 0xfc0a) {
            src += `if (${len} !== 0 && (${bad(d)} || ${bad(x)})) ${trap(pc, Status.ACCESS_VIOLATION, `${bad(x)} ? ${x} >>> 0 : ${d} >>> 0`, 1)}\n`;
            src += `U8.copyWithin(${d} >>> 0, ${x} >>> 0, (${x} >>> 0) + (${len} >>> 0));\n`;
          } else {
            src += `if (${len} !== 0 && ${bad(d)}) ${trap(pc, Status.ACCESS_VIOLATION, `${d} >>> 0`, 1)}\n`;
            src += `U8.fill(${x}, ${d} >>> 0, (${d} >>> 0) + (${len} >>> 0));\n`;
          }
          if (t.watch > 0) {
            src += `if (${len} !== 0 && (${d} >>> 0) < P.wh && (${d} >>> 0) + (${len} >>> 0) > P.wl && P.wr(${d} >>> 0, ${len} >>> 0, 1)) ${stop(2 * (pc + 1) + 1, slots(fc.stk[pc + 1]!))}\n`;
          }
          nodes.push(none(src));
          break;
        }
        default: throw new Error(`untranslatable opcode 0x${ins.op.toString(16)}`);
      }
    }
    return nodes;
  }

  const body = seq(0, n - 1);
  if (t.bps.has(n - 1) && fc.stk[n - 1] != null) body.push(checkPoint(n - 1));
  const finalStk = fc.stk[n - 1];
  const bodySrc = printSeq(body) + (finalStk != null ? `${ret(finalStk)}\n` : '');

  // Declarations and the resume prologue.
  const nParams = fc.type.params.length;
  const decl: string[] = [];
  const declare = (v: string) => decl.push(...halves(v).map((x) => `${x} = 0`));
  // i64 parameters arrive as BigInts ($pK) and are split on entry.
  for (let k = 0; k < fc.locals.length; k++) if (k >= nParams || isJ(`l${k}`)) declare(`l${k}`);
  for (const v of stackVars) declare(v);
  decl.push('$j = 0n', ...PAIR_TEMPS.map((x) => `${x} = 0`));
  for (const L of frame.bases.keys()) decl.push(`$g${L} = false`);
  const flags = [...frame.bases].map(([L, b]) => frameFlag(L, b)).join('');
  const paramFlags = [...frame.bases].filter(([L]) => L < nParams).map(([L, b]) => frameFlag(L, b)).join('');
  const params = [...Array(nParams).keys()].map((k) => (isJ(`l${k}`) ? `$p${k}` : `l${k}`));
  const splitParams = params.filter((p) => p[0] === '$').map((p) => `${setVal(`l${p.slice(2)}`, p)}\n`).join('');
  const groups = new Map<string, number[]>();
  for (const [K, names] of resumeStacks) {
    const key = names.join(',');
    groups.set(key, [...(groups.get(key) ?? []), K]);
  }
  let restore = `$E = $R.k; const $L = $R.locals;\n`;
  for (let k = 0; k < fc.locals.length; k++) restore += `${setVal(`l${k}`, `$L[${k}]`)}\n`;
  restore += flags + 'const $T = $R.stack;\nswitch ($E) {\n';
  for (const [key, Ks] of groups) {
    if (!key) continue;
    restore += Ks.map((K) => `case ${K}:`).join(' ') + ' ' + key.split(',').map((v, d) => setVal(v, `$T[${d}]`)).join(' ') + ' break;\n';
  }
  restore += '}\n';
  const nr = fc.type.results.length;
  const zeroResult = nr === 0 ? '' : nr === 1 ? (fc.type.results[0] === 0x7e ? '0n' : '0') : '[]';
  const views = VIEWS.filter((v) => new RegExp(`\\b${v}\\b`).test(bodySrc));
  // Prefixed so a C function named like a factory parameter or view (H, P, G, DV, I32...) cannot shadow it.
  const fname = t.name.replace(/[^A-Za-z0-9_$]/g, '_');
  const src =
    [...calleeRefs].map((k) => `const FN${k} = FS[${k}];`).join('\n') + '\n' +
    `return function w$${fname}(${[...params, '$R', '$J'].join(', ')}) {\n` +
    // Views as function constants: V8 then checks and hoists them once instead of reloading closure slots.
    (views.length ? `const ${views.map((v) => `${v} = $${v}`).join(', ')};\n` : '') +
    `let ${['$E = 0', '$K = 0', '$S = EMPTY', '$a = 0', '$v = 0', '$b = P.b', '$f = null', '$r = null', ...decl].join(', ')};\n` +
    splitParams + paramFlags +
    `if ($R !== undefined) {\n${restore}}\n` +
    `$X: {\n$C: {\n${bodySrc}}\nP.b = $b; P.chk(${fid}, ($K - 1) >> 1); $b = P.b;\n}\n` +
    `P.b = $b;\nP.save(${fid}, $K, [${[...Array(fc.locals.length).keys()].map((k) => val(`l${k}`)).join(', ')}], $S);\n` +
    `return ${zeroResult};\n};\n`;
  return { src, cps };
}
