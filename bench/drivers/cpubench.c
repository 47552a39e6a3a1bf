/* A CPU-bound driver for the processor benchmark: CRC32 over 1 MiB, a heap sort and 64-bit hashing, as driver code
   writes them. */
typedef unsigned int ULONG;
typedef unsigned char UCHAR;
typedef int LONG;
typedef unsigned long long ULONGLONG;
typedef long long LONGLONG;

static ULONG CrcTable[256];
static UCHAR Buffer[1 << 20];
static LONG Numbers[1 << 17];
static ULONGLONG Words[1 << 16];
volatile LONG Ticks;

static void CrcInit(void)
{
    for (ULONG i = 0; i < 256; i++) {
        ULONG c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
        CrcTable[i] = c;
    }
}

ULONG Crc32(const UCHAR *p, ULONG n)
{
    ULONG c = 0xFFFFFFFFu;
    while (n--) c = CrcTable[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

static void SiftDown(LONG *a, LONG root, LONG end)
{
    while (2 * root + 1 < end) {
        LONG child = 2 * root + 1;
        if (child + 1 < end && a[child] < a[child + 1]) child++;
        if (a[root] >= a[child]) return;
        LONG t = a[root]; a[root] = a[child]; a[child] = t;
        root = child;
    }
}

void HeapSort(LONG *a, LONG n)
{
    for (LONG i = n / 2 - 1; i >= 0; i--) SiftDown(a, i, n);
    for (LONG end = n - 1; end > 0; end--) {
        LONG t = a[0]; a[0] = a[end]; a[end] = t;
        SiftDown(a, 0, end);
    }
}

/* 64-bit integer work (i64 in wasm): splitmix64 fills a buffer, FNV-1a 64 hashes it, a LONGLONG accumulates. */
static ULONGLONG SplitMix64(ULONGLONG *state)
{
    ULONGLONG z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

ULONGLONG Fnv1a64(const UCHAR *p, ULONG n)
{
    ULONGLONG h = 0xCBF29CE484222325ull;
    while (n--) { h ^= *p++; h *= 0x100000001B3ull; }
    return h;
}

ULONG BenchI64(ULONG rounds)
{
    ULONGLONG state = rounds, h = 0;
    LONGLONG acc = 0;
    for (ULONG r = 0; r < rounds; r++) {
        for (ULONG i = 0; i < sizeof Words / sizeof Words[0]; i++) Words[i] = SplitMix64(&state);
        h ^= Fnv1a64((const UCHAR *)Words, sizeof Words);
        for (ULONG i = 0; i < sizeof Words / sizeof Words[0]; i++) acc += ((LONGLONG)Words[i] >> 7) - (LONGLONG)(Words[i] & 0xFFFF) * (LONGLONG)i;
    }
    return (ULONG)(h ^ (h >> 32) ^ (ULONGLONG)acc ^ ((ULONGLONG)acc >> 32));
}

/* Armed with a breakpoint during the benchmark; never called by it. */
LONG TimerDpc(LONG x) { Ticks += x; return Ticks; }

/* Called in a loop with a breakpoint on it, to measure breakpoint latency. */
__attribute__((noinline)) LONG Probe(LONG x) { return x + 1; }

ULONG BenchCrc(ULONG rounds)
{
    ULONG seed = 1, x = 0;
    CrcInit();
    for (ULONG i = 0; i < sizeof Buffer; i++) { seed = seed * 1103515245u + 12345u; Buffer[i] = (UCHAR)(seed >> 16); }
    for (ULONG r = 0; r < rounds; r++) x ^= Crc32(Buffer, sizeof Buffer) + r;
    return x;
}

ULONG BenchSort(LONG n)
{
    ULONG seed = 7, sum = 0;
    for (LONG i = 0; i < n; i++) { seed = seed * 1103515245u + 12345u; Numbers[i] = (LONG)(seed >> 8); }
    HeapSort(Numbers, n);
    for (LONG i = 1; i < n; i++) if (Numbers[i - 1] > Numbers[i]) return 0;
    for (LONG i = 0; i < n; i += 97) sum = sum * 31 + (ULONG)Numbers[i];
    return sum;
}

LONG BenchProbe(LONG n)
{
    LONG s = 0;
    for (LONG i = 0; i < n; i++) s += Probe(i);
    return s;
}

/* Spins forever: two of these threads measure the context switch. */
LONG Spin(LONG x)
{
    for (;;) Ticks += x;
}
