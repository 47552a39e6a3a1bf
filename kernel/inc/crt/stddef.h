/* stddef.h - NULL, offsetof and the standard size/pointer types. */
#ifndef _INC_STDDEF
#define _INC_STDDEF
#pragma once
#include <corecrt.h>

#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void *)0)
#endif
#endif

#ifndef offsetof
#define offsetof(s, m) __builtin_offsetof(s, m)
#endif

typedef struct { long long __ll; long double __ld; } max_align_t;

#ifdef __cplusplus
namespace std { typedef decltype(nullptr) nullptr_t; }
using ::std::nullptr_t;
#endif

#endif /* _INC_STDDEF */
