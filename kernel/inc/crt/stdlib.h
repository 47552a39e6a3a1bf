/* stdlib.h - C runtime memory, conversions, sorting, random numbers and process exit (ucrtbase.dll in user mode). */
#pragma once
#ifndef _INC_STDLIB
#define _INC_STDLIB

#include <corecrt.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fff
#define _MAX_PATH 260
#define _MAX_DRIVE 3
#define _MAX_DIR 256
#define _MAX_FNAME 256
#define _MAX_EXT 256
#define _MAX_ENV 32767

#ifndef _countof
#define _countof(_Array) (sizeof(_Array) / sizeof(_Array[0]))
#endif
#ifndef __min
#define __max(a, b) (((a) > (b)) ? (a) : (b))
#define __min(a, b) (((a) < (b)) ? (a) : (b))
#endif

typedef struct _div_t { int quot; int rem; } div_t;
typedef struct _ldiv_t { long quot; long rem; } ldiv_t;
typedef struct _lldiv_t { long long quot; long long rem; } lldiv_t;

#ifndef _KERNEL_MODE
/* User mode only: a driver has no process to exit, no environment and no CRT heap (it uses pool). */
/* errno is per thread, so it is a function-backed lvalue. */
#ifndef errno
_ACRTIMP int *__cdecl _errno(void);
#define errno (*_errno())
#endif

/* Memory. */
_ACRTIMP void *__cdecl malloc(size_t _Size);
_ACRTIMP void *__cdecl calloc(size_t _Count, size_t _Size);
_ACRTIMP void *__cdecl realloc(void *_Block, size_t _Size);
_ACRTIMP void __cdecl free(void *_Block);

/* Process control. */
_ACRTIMP __declspec(noreturn) void __cdecl exit(int _Code);
_ACRTIMP __declspec(noreturn) void __cdecl _exit(int _Code);
_ACRTIMP __declspec(noreturn) void __cdecl abort(void);
_ACRTIMP int __cdecl atexit(void(__cdecl *_Function)(void));
_ACRTIMP char *__cdecl getenv(const char *_VarName);
_ACRTIMP wchar_t *__cdecl _wgetenv(const wchar_t *_VarName);
_ACRTIMP int __cdecl system(const char *_Command);

/* The arguments the startup code parsed, for code outside main. */
_ACRTIMP int *__cdecl __p___argc(void);
_ACRTIMP char ***__cdecl __p___argv(void);
_ACRTIMP wchar_t ***__cdecl __p___wargv(void);
#define __argc (*__p___argc())
#define __argv (*__p___argv())
#define __wargv (*__p___wargv())

#endif /* !_KERNEL_MODE */

/* Number conversions. */
_ACRTIMP int __cdecl atoi(const char *_String);
_ACRTIMP long __cdecl atol(const char *_String);
_ACRTIMP long long __cdecl atoll(const char *_String);
_ACRTIMP double __cdecl atof(const char *_String);
_ACRTIMP long __cdecl strtol(const char *_String, char **_EndPtr, int _Radix);
_ACRTIMP unsigned long __cdecl strtoul(const char *_String, char **_EndPtr, int _Radix);
_ACRTIMP long long __cdecl strtoll(const char *_String, char **_EndPtr, int _Radix);
_ACRTIMP unsigned long long __cdecl strtoull(const char *_String, char **_EndPtr, int _Radix);
_ACRTIMP double __cdecl strtod(const char *_String, char **_EndPtr);
_ACRTIMP __int64 __cdecl _strtoi64(const char *_String, char **_EndPtr, int _Radix);
_ACRTIMP unsigned __int64 __cdecl _strtoui64(const char *_String, char **_EndPtr, int _Radix);
_ACRTIMP int __cdecl _wtoi(const wchar_t *_String);
_ACRTIMP long __cdecl _wtol(const wchar_t *_String);
_ACRTIMP long __cdecl wcstol(const wchar_t *_String, wchar_t **_EndPtr, int _Radix);
_ACRTIMP unsigned long __cdecl wcstoul(const wchar_t *_String, wchar_t **_EndPtr, int _Radix);
_ACRTIMP char *__cdecl _itoa(int _Value, char *_Buffer, int _Radix);
_ACRTIMP char *__cdecl _ltoa(long _Value, char *_Buffer, int _Radix);
_ACRTIMP char *__cdecl _ultoa(unsigned long _Value, char *_Buffer, int _Radix);
_ACRTIMP wchar_t *__cdecl _itow(int _Value, wchar_t *_Buffer, int _Radix);

/* Arithmetic. */
_ACRTIMP int __cdecl abs(int _Number);
_ACRTIMP long __cdecl labs(long _Number);
_ACRTIMP long long __cdecl llabs(long long _Number);
_ACRTIMP div_t __cdecl div(int _Numerator, int _Denominator);
_ACRTIMP ldiv_t __cdecl ldiv(long _Numerator, long _Denominator);

/* Random numbers (a per-thread linear congruential generator, as the UCRT's). */
_ACRTIMP int __cdecl rand(void);
_ACRTIMP void __cdecl srand(unsigned int _Seed);

/* Sorting and searching. */
typedef int(__cdecl *_CoreCrtNonSecureSearchSortCompareFunction)(const void *, const void *);
_ACRTIMP void __cdecl qsort(void *_Base, size_t _NumOfElements, size_t _SizeOfElements,
                            _CoreCrtNonSecureSearchSortCompareFunction _CompareFunction);
_ACRTIMP void *__cdecl bsearch(const void *_Key, const void *_Base, size_t _NumOfElements, size_t _SizeOfElements,
                               _CoreCrtNonSecureSearchSortCompareFunction _CompareFunction);

/* Multibyte and wide characters. */
_ACRTIMP size_t __cdecl mbstowcs(wchar_t *_Dest, const char *_Source, size_t _MaxCount);
_ACRTIMP size_t __cdecl wcstombs(char *_Dest, const wchar_t *_Source, size_t _MaxCount);

#ifdef __cplusplus
}
#endif

#endif /* _INC_STDLIB */
