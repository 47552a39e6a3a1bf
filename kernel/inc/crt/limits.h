/* limits.h - integer limits for wasm32 (long is 32 bits, as in LLP64 Windows). */
#ifndef _INC_LIMITS
#define _INC_LIMITS
#pragma once

#define CHAR_BIT      8
#define SCHAR_MIN     (-128)
#define SCHAR_MAX     127
#define UCHAR_MAX     0xff
#ifdef __CHAR_UNSIGNED__
#define CHAR_MIN      0
#define CHAR_MAX      UCHAR_MAX
#else
#define CHAR_MIN      SCHAR_MIN
#define CHAR_MAX      SCHAR_MAX
#endif
#define MB_LEN_MAX    5
#define SHRT_MIN      (-32768)
#define SHRT_MAX      32767
#define USHRT_MAX     0xffff
#define INT_MIN       (-2147483647 - 1)
#define INT_MAX       2147483647
#define UINT_MAX      0xffffffff
#define LONG_MIN      (-2147483647L - 1)
#define LONG_MAX      2147483647L
#define ULONG_MAX     0xffffffffUL
#define LLONG_MAX     9223372036854775807LL
#define LLONG_MIN     (-9223372036854775807LL - 1)
#define ULLONG_MAX    0xffffffffffffffffULL
#define _I8_MIN       (-127 - 1)
#define _I8_MAX       127
#define _UI8_MAX      0xffu
#define _I16_MIN      (-32767 - 1)
#define _I16_MAX      32767
#define _UI16_MAX     0xffffu
#define _I32_MIN      (-2147483647 - 1)
#define _I32_MAX      2147483647
#define _UI32_MAX     0xffffffffu
#define _I64_MIN      (-9223372036854775807LL - 1)
#define _I64_MAX      9223372036854775807LL
#define _UI64_MAX     0xffffffffffffffffULL
#ifndef SIZE_MAX
#define SIZE_MAX      0xffffffffUL
#endif

#endif /* _INC_LIMITS */
