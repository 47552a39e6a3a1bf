// Differential test: every exported C function, at -O0 and -O2, on a grid of inputs, must give the same result
// run natively by V8, by our translator, and by our interpreter — and translator and interpreter must agree on the
// cycle count (they charge the same check points).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, makeMachine } from './util.ts';
import { instantiateNative } from '../native.ts';

const SRC = `
typedef int (*BinOp)(int, int);
struct Pair { int a; LONGLONG b; short c; };
static int g_counter;
static int table_data[64];

int I32Mix(int a, int b) {
  unsigned ua = (unsigned)a, ub = (unsigned)b;
  int r = a * 31 + b;
  r ^= (int)(ua >> (b & 31)) + (a << (b & 15)) + (a >> 3);
  r += (int)(ua / (ub | 1)) + (int)(ua % (ub | 1));
  if (b != 0 && !(a == (-2147483647 - 1) && b == -1)) r += a / b + a % b;
  r += __builtin_clz(ua | 1) + __builtin_ctz(ub | 0x80000000u) + __builtin_popcount(ua);
  r += (int)__builtin_rotateleft32(ua, b) ^ (int)__builtin_rotateright32(ub, a);
  r += (a < b) + (ua < ub) * 2 + (a >= b) * 4 + (ua >= ub) * 8 + (short)a + (signed char)b;
  return r;
}

LONGLONG I64Mix(LONGLONG a, LONGLONG b) {
  ULONGLONG ua = (ULONGLONG)a, ub = (ULONGLONG)b;
  LONGLONG r = a * 1000003 + b;
  r ^= (LONGLONG)(ua >> (b & 63)) + (LONGLONG)(ua << (a & 63)) + (a >> 7);
  r += (LONGLONG)(ua / (ub | 1)) - (LONGLONG)(ua % (ub | 1));
  if (b != 0 && !(a == (-9223372036854775807LL - 1) && b == -1)) r += a / b + a % b;
  r += __builtin_clzll(ua | 1) + __builtin_ctzll(ub | (1ULL << 63)) + __builtin_popcountll(ua);
  r += (LONGLONG)__builtin_rotateleft64(ua, (int)b) ^ (LONGLONG)__builtin_rotateright64(ub, (int)a);
  r += (a < b) + (ua < ub) * 2 + (int)a + (LONGLONG)(int)b + (LONGLONG)(unsigned)b + (signed char)a;
  return r;
}

// i64 through memory at unaligned addresses, as parameters and results of a call that is not inlined, and
// converted to and from floating point; a loop, so a small slice preempts it with i64 values live in its frame.
struct __attribute__((packed)) Unaligned { char c; LONGLONG v; short s; ULONGLONG w; };
static __attribute__((noinline)) LONGLONG Fold(LONGLONG x, ULONGLONG y, int k) {
  return (LONGLONG)((ULONGLONG)x * 0x9E3779B97F4A7C15ull ^ (y >> (k & 63))) + (x >> (64 - ((k & 63) | 1)));
}
LONGLONG I64Calls(LONGLONG a, LONGLONG b) {
  char buf[64];
  struct Unaligned *u = (struct Unaligned *)(buf + 3);
  LONGLONG r = 0, t;
  __builtin_memset(buf, 0x5a, sizeof buf);
  for (int i = 0; i < 40; i++) {
    u->v = a + i; u->w = (ULONGLONG)b ^ ((ULONGLONG)i << 40); u->c = (char)i; u->s = (short)(a >> 48);
    __builtin_memcpy(buf + 13 + (i & 7), &r, 8);
    __builtin_memcpy(&t, buf + 11 + (i & 5), 8);
    r = Fold(r + u->v, u->w, i) ^ t;
    r += (LONGLONG)((double)(a >> 12) * 0.5) + (LONGLONG)(ULONGLONG)(double)((ULONGLONG)b >> 12);
    r += (LONGLONG)(float)(int)(b >> 40) + (LONGLONG)((ULONGLONG)b >> 63) * 3 + u->s;
  }
  return r;
}

double FloatMix(int a, int b) {
  float x = (float)a / 3.0f, y = (float)b * 0.25f - 1.5f;
  double p = (double)a / 7.0, q = (double)(unsigned)b * 1e-3;
  double r = x * y + p / (q + 1.0) - __builtin_sqrt(p * p + 1.0) + __builtin_sqrtf(x * x + 2.0f);
  r += __builtin_floor(p) + __builtin_ceil(q) + __builtin_trunc(-p) + __builtin_rint(p / 2) + __builtin_fabsf(y);
  r += (p < q ? p : q) + (x > y ? x : y) + __builtin_copysign(1.0, -q) + __builtin_rintf(x * 0.5f);
  r += (double)(float)(LONGLONG)a * 3 + (double)(ULONGLONG)(unsigned)b + (float)(ULONGLONG)((ULONGLONG)b << 40);
  r += (int)(p * 1000.0) + (unsigned)(q * 10.0) + (LONGLONG)(x * 1e6f) + (int)(float)b;
  r += (x < y) + (p >= q) * 2 + (x == y) * 4 + (p != p) * 8;
  return r;
}

static int Add(int a, int b) { return a + b; }
static int Sub(int a, int b) { return a - b; }
static int Mul(int a, int b) { return a * b; }
static BinOp Ops[3] = { Add, Sub, Mul };

int Control(int a, int b) {
  int r = 0;
  for (int i = 0; i < (b & 15); i++) {
    switch ((a + i) & 7) {
      case 0: r += i; break;
      case 1: r -= a; break;
      case 2: r ^= b; break;
      case 3: r = Ops[i % 3](r, a); break;
      case 4: continue;
      case 5: r *= 3; break;
      default: r += Ops[(unsigned)a % 3](i, b);
    }
    if (r > 100000) break;
  }
  return r + (a > b ? a : b);
}

// -O2 makes these wasm selects: on comparisons (fused) and on plain values (INT_MIN among them) as conditions.
int Select(int a, int b) {
  unsigned ua = (unsigned)a, ub = (unsigned)b;
  int r = a < b ? a : b;
  r += ua > ub ? a : b;
  r ^= a == b ? 17 : b;
  r += (a & b) ? a : 5;
  r += a ? b : 3;
  r += (double)a / 3 < (double)b ? a : -b;
  return r;
}

static int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }
int Recurse(int a, int b) { return Fib((a & 15) + 2) + (b & 3); }

static LONGLONG SumPair(struct Pair p) { return p.a + p.b + p.c; }
int Memory(int a, int b) {
  char buf[100]; struct Pair p = { a, (LONGLONG)b << 20, (short)(a ^ b) };
  unsigned n = (unsigned)b % 90;
  __builtin_memset(buf, a & 0x7f, sizeof buf);
  __builtin_memcpy(buf + 3, &p, n < sizeof p ? n : sizeof p);
  __builtin_memmove(buf + 1, buf + 2, n);
  for (int i = 0; i < 64; i++) table_data[i] = table_data[i] * 7 + i + a;
  g_counter += a;
  int s = 0;
  for (unsigned i = 0; i < sizeof buf; i++) s = s * 3 + buf[i];
  return s + (int)SumPair(p) + table_data[b & 63] + g_counter;
}
`;
const EXPORTS = ['I32Mix', 'I64Mix', 'I64Calls', 'FloatMix', 'Control', 'Select', 'Recurse', 'Memory'];
const INTS = [0, 1, -1, 7, -123456, 0x7fffffff, -0x80000000, 0x12345678, 100];
const I64S = [0n, 1n, -1n, 123456789012345n, -9223372036854775808n, 9223372036854775807n, 0x7fffffffn, -77n];

for (const config of ['Debug', 'Release'] as const) {
  test(`translator, interpreter and V8 agree (${config})`, async () => {
    const bytes = await build(SRC, config, EXPORTS);
    const native = await instantiateNative(bytes, {}, { pages: 512, memoryBase: 0x200000 });
    const tr = makeMachine(), ip = makeMachine({ engine: 'interpret' });
    const imT = tr.load(bytes), imI = ip.load(bytes);
    let checked = 0;
    for (const name of EXPORTS) {
      const grid: [unknown, unknown][] = [];
      const vals = name.startsWith('I64') ? I64S : INTS;
      for (const a of vals) for (const b of vals) grid.push([a, b]);
      for (const [a, b] of grid) {
        const want = native.exports[name]!(a, b);
        const t = tr.call(imT, name, [a as number, b as number]);
        const i = ip.call(imI, name, [a as number, b as number]);
        const what = `${name}(${a}, ${b})`;
        assert.equal(t.stops.at(-1)!.reason, 'exited', what);
        assert.ok(Object.is(t.result, want), `${what}: translator ${t.result} vs V8 ${want}`);
        assert.ok(Object.is(i.result, want), `${what}: interpreter ${i.result} vs V8 ${want}`);
        assert.equal(t.cycles, i.cycles, `${what}: cycle counts differ`);
        if (name === 'I64Calls') {
          // Preempted every 1000 cycles (more than any one region costs, so each slice progresses): frames with
          // live i64 values unwind and resume, with the same results and cycles.
          const ts = tr.call(imT, name, [a as number, b as number], 1000), is = ip.call(imI, name, [a as number, b as number], 1000);
          assert.ok(ts.stops.length > 2, `${what}: preempted`);
          assert.ok(Object.is(ts.result, want), `${what} in slices: translator ${ts.result} vs V8 ${want}`);
          assert.ok(Object.is(is.result, want), `${what} in slices: interpreter ${is.result} vs V8 ${want}`);
          assert.equal(ts.cycles, is.cycles, `${what} in slices: cycle counts differ`);
          assert.equal(ts.cycles, t.cycles, `${what}: slicing does not change the cycle count`);
        }
        checked++;
      }
    }
    assert.ok(checked > 300);
  });
}
