/*
 * corecrt.h - the CRT's common base: the import macro, the size/pointer types,
 * and the small macros every CRT header uses.
 *
 * A driver's CRT calls (memcpy, strlen, _snprintf ...) are satisfied by the
 * kernel image, as on Windows where ntoskrnl.exe exports them; user-mode images
 * get them from the universal CRT. _ACRTIMP is the one place that decides.
 */
#ifndef _INC_CORECRT
#define _INC_CORECRT
#pragma once

#ifdef _KERNEL_MODE
#define _CRT_IMPORT_MODULE "ntoskrnl.exe"
#else
#define _CRT_IMPORT_MODULE "ucrtbase.dll"
#endif
#ifndef _ACRTIMP
#define _ACRTIMP __attribute__((import_module(_CRT_IMPORT_MODULE)))
#endif
#ifndef _CRTIMP
#define _CRTIMP _ACRTIMP
#endif
#ifndef _DCRTIMP
#define _DCRTIMP           /* data imports are resolved by the loader by name */
#endif

#ifdef __cplusplus
#define _CRT_BEGIN_C_HEADER extern "C" {
#define _CRT_END_C_HEADER }
#define _CRT_EXTERN_C extern "C"
#else
#define _CRT_BEGIN_C_HEADER
#define _CRT_END_C_HEADER
#define _CRT_EXTERN_C extern
#endif

#ifndef __CRTDECL
#define __CRTDECL __cdecl
#endif
#ifndef _CRTNOALIAS
#define _CRTNOALIAS
#define _CRTRESTRICT
#endif
#ifndef _CRT_INSECURE_DEPRECATE
#define _CRT_INSECURE_DEPRECATE(replacement)
#define _CRT_INSECURE_DEPRECATE_MEMORY(replacement)
#define _CRT_DEPRECATE_TEXT(text)
#define _CRT_NONSTDC_DEPRECATE(name)
#define _CRT_OBSOLETE(name)
#endif
#ifndef _CRT_STRINGIZE
#define _CRT_STRINGIZE_(x) #x
#define _CRT_STRINGIZE(x) _CRT_STRINGIZE_(x)
#define _CRT_WIDE_(s) L ## s
#define _CRT_WIDE(s) _CRT_WIDE_(s)
#define _CRT_CONCATENATE_(a, b) a ## b
#define _CRT_CONCATENATE(a, b) _CRT_CONCATENATE_(a, b)
#endif
#ifndef _CRT_GUARDOVERFLOW
#define _CRT_GUARDOVERFLOW
#define _CRT_HYBRIDPATCHABLE
#define _CRT_JIT_INTRINSIC
#endif

#ifndef _SIZE_T_DEFINED
#define _SIZE_T_DEFINED
typedef __SIZE_TYPE__ size_t;
#endif
#ifndef _PTRDIFF_T_DEFINED
#define _PTRDIFF_T_DEFINED
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#endif
#ifndef _INTPTR_T_DEFINED
#define _INTPTR_T_DEFINED
typedef __INTPTR_TYPE__ intptr_t;
#endif
#ifndef _UINTPTR_T_DEFINED
#define _UINTPTR_T_DEFINED
typedef __UINTPTR_TYPE__ uintptr_t;
#endif
#if !defined(_WCHAR_T_DEFINED) && !defined(__cplusplus)
#define _WCHAR_T_DEFINED
typedef __WCHAR_TYPE__ wchar_t;
#endif
#ifndef _WCTYPE_T_DEFINED
#define _WCTYPE_T_DEFINED
typedef unsigned short wint_t;
typedef unsigned short wctype_t;
#endif
#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef _RSIZE_T_DEFINED
#define _RSIZE_T_DEFINED
typedef size_t rsize_t;
#endif
#ifndef _TIME_T_DEFINED
#define _TIME_T_DEFINED
typedef long __time32_t;
typedef long long __time64_t;
typedef __time64_t time_t;
#endif

#ifndef RSIZE_MAX
#define RSIZE_MAX (((size_t)-1) >> 1)
#endif

#endif /* _INC_CORECRT */
