// printf-style formatting as the Windows kernel (DbgPrint, _vsnprintf, RtlStringCbPrintf) and the UCRT do it,
// reading the wasm32 C ABI's va_list: a pointer to the packed arguments, each at its natural alignment.

/** What the formatter needs to read from an address space. */
export interface FormatMemory {
  u8(addr: number): number;
  u16(addr: number): number;
  u32(addr: number): number;
  u64(addr: number): bigint;
  f64(addr: number): number;
  /** A NUL-terminated 8-bit string. */
  cstr(addr: number, max?: number): string;
  /** A NUL-terminated UTF-16 string. */
  wstr(addr: number, max?: number): string;
  /** A counted string (UNICODE_STRING when wide, ANSI_STRING otherwise) at addr; the caller knows the layout. */
  countedString(addr: number, wide: boolean): string;
  /** How a pointer value prints with %p (kernel: the 64-bit VA). */
  pointer(value: number): bigint;
}

class VaList {
  constructor(private mem: FormatMemory, private p: number) {}
  private align(n: number) { this.p = (this.p + n - 1) & ~(n - 1); }
  i32(): number { this.align(4); const v = this.mem.u32(this.p) | 0; this.p += 4; return v; }
  u32(): number { return this.i32() >>> 0; }
  i64(): bigint { this.align(8); const v = BigInt.asIntN(64, this.mem.u64(this.p)); this.p += 8; return v; }
  f64(): number { this.align(8); const v = this.mem.f64(this.p); this.p += 8; return v; }
}

const SPEC = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|w|I64|I32|I|z|j|t|L)?([diouxXcCsSpZneEfgGaA%])/g;

/** Format `fmt` with arguments read from the va_list at `va`. */
export function formatVa(mem: FormatMemory, fmt: string, va: number): string {
  const args = new VaList(mem, va);
  return fmt.replace(SPEC, (_m, flags: string, width?: string, prec?: string, size?: string, conv?: string) => {
    if (conv === '%') return '%';
    const w = width === '*' ? args.i32() : width ? parseInt(width, 10) : 0;
    const p = prec === '*' ? args.i32() : prec !== undefined ? parseInt(prec, 10) : undefined;
    const left = flags.includes('-');
    const zero = flags.includes('0') && !left;
    const is64 = size === 'll' || size === 'I64' || size === 'j';
    let body: string;
    let sign = '';
    switch (conv) {
      case 'd': case 'i': {
        const v = is64 ? args.i64() : BigInt(size === 'h' ? (args.i32() << 16) >> 16 : size === 'hh' ? (args.i32() << 24) >> 24 : args.i32());
        if (v < 0n) sign = '-'; else if (flags.includes('+')) sign = '+'; else if (flags.includes(' ')) sign = ' ';
        body = (v < 0n ? -v : v).toString();
        if (p !== undefined) body = body.padStart(p, '0');
        break;
      }
      case 'u': case 'o': case 'x': case 'X': {
        let v = is64 ? BigInt.asUintN(64, args.i64()) : BigInt(args.u32());
        if (size === 'h') v &= 0xffffn; else if (size === 'hh') v &= 0xffn;
        const radix = conv === 'u' ? 10 : conv === 'o' ? 8 : 16;
        body = v.toString(radix);
        if (conv === 'X') body = body.toUpperCase();
        if (p !== undefined) body = body.padStart(p, '0');
        if (flags.includes('#') && v !== 0n) sign = conv === 'o' ? '0' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : '';
        break;
      }
      case 'p': body = mem.pointer(args.u32()).toString(16).toUpperCase().padStart(16, '0'); break;
      case 'c': case 'C': {
        const wide = conv === 'C' ? size !== 'h' : size === 'w' || size === 'l';
        body = String.fromCharCode(args.i32() & (wide ? 0xffff : 0xff));
        break;
      }
      case 's': case 'S': {
        const wide = size === 'w' || size === 'l' || (conv === 'S' && size !== 'h');
        const ptr = args.u32();
        body = ptr === 0 ? '(null)' : wide ? mem.wstr(ptr, p) : mem.cstr(ptr, p);
        if (p !== undefined) body = body.slice(0, p);
        break;
      }
      case 'Z': {
        const ptr = args.u32();
        body = ptr === 0 ? '(null)' : mem.countedString(ptr, size === 'w');
        break;
      }
      case 'e': case 'E': case 'f': case 'g': case 'G': case 'a': case 'A': {
        const v = args.f64();
        const pp = p ?? 6;
        if (conv === 'f') body = Math.abs(v).toFixed(pp);
        else if (conv === 'e' || conv === 'E') body = Math.abs(v).toExponential(pp).replace(/e([+-])(\d)$/, 'e$10$2');
        else body = String(Math.abs(v));
        if (conv === 'E' || conv === 'G') body = body.toUpperCase();
        if (v < 0 || Object.is(v, -0)) sign = '-'; else if (flags.includes('+')) sign = '+';
        break;
      }
      case 'n': args.u32(); body = ''; break;
      default: body = '';
    }
    const len = sign.length + body.length;
    if (len >= w) return sign + body;
    if (left) return sign + body + ' '.repeat(w - len);
    if (zero && p === undefined && conv !== 's' && conv !== 'S' && conv !== 'c') return sign + '0'.repeat(w - len) + body;
    return ' '.repeat(w - len) + sign + body;
  });
}
