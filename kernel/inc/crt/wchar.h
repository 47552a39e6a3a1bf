/*
 * wchar.h - wide-string routines (wchar_t is 16-bit UTF-16, -fshort-wchar).
 * Imported from ntoskrnl.exe in kernel mode, the universal CRT otherwise.
 */
#ifndef _INC_WCHAR
#define _INC_WCHAR
#pragma once
#include <corecrt.h>
#include <stdarg.h>

_CRT_BEGIN_C_HEADER

#ifndef WCHAR_MIN
#define WCHAR_MIN 0x0000
#define WCHAR_MAX 0xffff
#endif
#ifndef WEOF
#define WEOF ((wint_t)0xFFFF)
#endif

_ACRTIMP size_t   __cdecl wcslen(const wchar_t *_String);
_ACRTIMP size_t   __cdecl wcsnlen(const wchar_t *_Source, size_t _MaxCount);
_ACRTIMP wchar_t *__cdecl wcscpy(wchar_t *_Dst, const wchar_t *_Src);
_ACRTIMP wchar_t *__cdecl wcsncpy(wchar_t *_Dst, const wchar_t *_Src, size_t _Count);
_ACRTIMP wchar_t *__cdecl wcscat(wchar_t *_Dst, const wchar_t *_Src);
_ACRTIMP wchar_t *__cdecl wcsncat(wchar_t *_Dst, const wchar_t *_Src, size_t _Count);
_ACRTIMP int      __cdecl wcscmp(const wchar_t *_String1, const wchar_t *_String2);
_ACRTIMP int      __cdecl wcsncmp(const wchar_t *_String1, const wchar_t *_String2, size_t _MaxCount);
_ACRTIMP int      __cdecl _wcsicmp(const wchar_t *_String1, const wchar_t *_String2);
_ACRTIMP int      __cdecl _wcsnicmp(const wchar_t *_String1, const wchar_t *_String2, size_t _MaxCount);
_ACRTIMP wchar_t *__cdecl wcschr(const wchar_t *_Str, wchar_t _Ch);
_ACRTIMP wchar_t *__cdecl wcsrchr(const wchar_t *_Str, wchar_t _Ch);
_ACRTIMP wchar_t *__cdecl wcsstr(const wchar_t *_Str, const wchar_t *_SubStr);
_ACRTIMP size_t   __cdecl wcsspn(const wchar_t *_Str, const wchar_t *_Control);
_ACRTIMP size_t   __cdecl wcscspn(const wchar_t *_Str, const wchar_t *_Control);
_ACRTIMP wchar_t *__cdecl wcspbrk(const wchar_t *_Str, const wchar_t *_Control);
_ACRTIMP wchar_t *__cdecl _wcslwr(wchar_t *_String);
_ACRTIMP wchar_t *__cdecl _wcsupr(wchar_t *_String);
_ACRTIMP wchar_t *__cdecl _wcsrev(wchar_t *_Str);
_ACRTIMP wchar_t *__cdecl _wcsnset(wchar_t *_Str, wchar_t _Val, size_t _MaxCount);
_ACRTIMP errno_t  __cdecl wcscpy_s(wchar_t *_Dst, rsize_t _SizeInWords, const wchar_t *_Src);
_ACRTIMP errno_t  __cdecl wcsncpy_s(wchar_t *_Dst, rsize_t _SizeInWords, const wchar_t *_Src, rsize_t _MaxCount);
_ACRTIMP errno_t  __cdecl wcscat_s(wchar_t *_Dst, rsize_t _SizeInWords, const wchar_t *_Src);
_ACRTIMP errno_t  __cdecl wcsncat_s(wchar_t *_Dst, rsize_t _SizeInWords, const wchar_t *_Src, rsize_t _MaxCount);
_ACRTIMP long     __cdecl wcstol(const wchar_t *_String, wchar_t **_EndPtr, int _Radix);
_ACRTIMP unsigned long __cdecl wcstoul(const wchar_t *_String, wchar_t **_EndPtr, int _Radix);
_ACRTIMP wint_t   __cdecl towlower(wint_t _C);
_ACRTIMP wint_t   __cdecl towupper(wint_t _C);
_ACRTIMP size_t   __cdecl wcstombs(char *_Dest, const wchar_t *_Source, size_t _MaxCount);
_ACRTIMP size_t   __cdecl mbstowcs(wchar_t *_Dest, const char *_Source, size_t _MaxCount);

/* Wide formatted output into a buffer. */
_ACRTIMP int __cdecl _snwprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl _vsnwprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, va_list _ArgList);
_ACRTIMP int __cdecl swprintf_s(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl vswprintf_s(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, va_list _ArgList);
_ACRTIMP int __cdecl _snwprintf_s(wchar_t *_Buffer, size_t _BufferCount, size_t _MaxCount, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl _vsnwprintf_s(wchar_t *_Buffer, size_t _BufferCount, size_t _MaxCount, const wchar_t *_Format, va_list _ArgList);
#ifdef _KERNEL_MODE
/* ntoskrnl.exe exports the classic form without a buffer size. */
_ACRTIMP int __cdecl swprintf(wchar_t *_Buffer, const wchar_t *_Format, ...);
#else
_ACRTIMP int __cdecl swprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl vswprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, va_list _ArgList);
_ACRTIMP wchar_t *__cdecl _wcsdup(const wchar_t *_String);
#define wcsdup _wcsdup
#define wcsicmp _wcsicmp
#define wcsnicmp _wcsnicmp
#endif

/* Wide memory helpers, inline as in the CRT. */
static __inline wchar_t *__cdecl wmemcpy(wchar_t *_S1, const wchar_t *_S2, size_t _N)
{
    return (wchar_t *)__builtin_memcpy(_S1, _S2, _N * sizeof(wchar_t));
}
static __inline wchar_t *__cdecl wmemmove(wchar_t *_S1, const wchar_t *_S2, size_t _N)
{
    return (wchar_t *)__builtin_memmove(_S1, _S2, _N * sizeof(wchar_t));
}
static __inline wchar_t *__cdecl wmemset(wchar_t *_S, wchar_t _C, size_t _N)
{
    wchar_t *_Su = _S;
    for (; 0 < _N; ++_Su, --_N) *_Su = _C;
    return _S;
}
static __inline int __cdecl wmemcmp(const wchar_t *_S1, const wchar_t *_S2, size_t _N)
{
    for (; 0 < _N; ++_S1, ++_S2, --_N)
        if (*_S1 != *_S2) return *_S1 < *_S2 ? -1 : 1;
    return 0;
}
static __inline wchar_t *__cdecl wmemchr(const wchar_t *_S, wchar_t _C, size_t _N)
{
    for (; 0 < _N; ++_S, --_N)
        if (*_S == _C) return (wchar_t *)_S;
    return 0;
}

_CRT_END_C_HEADER

#endif /* _INC_WCHAR */
