/*
 * string.h - memory and narrow-string routines. In kernel mode they are
 * imported from ntoskrnl.exe, in user mode from the universal CRT (corecrt.h).
 */
#ifndef _INC_STRING
#define _INC_STRING
#pragma once
#include <corecrt.h>

_CRT_BEGIN_C_HEADER

#ifndef NULL
#define NULL ((void *)0)
#endif

_ACRTIMP void *__cdecl memcpy(void *_Dst, const void *_Src, size_t _Size);
_ACRTIMP void *__cdecl memmove(void *_Dst, const void *_Src, size_t _Size);
_ACRTIMP void *__cdecl memset(void *_Dst, int _Val, size_t _Size);
_ACRTIMP int   __cdecl memcmp(const void *_Buf1, const void *_Buf2, size_t _Size);
_ACRTIMP void *__cdecl memchr(const void *_Buf, int _Val, size_t _MaxCount);
_ACRTIMP errno_t __cdecl memcpy_s(void *_Dst, rsize_t _DstSize, const void *_Src, rsize_t _MaxCount);
_ACRTIMP errno_t __cdecl memmove_s(void *_Dst, rsize_t _DstSize, const void *_Src, rsize_t _MaxCount);

_ACRTIMP size_t __cdecl strlen(const char *_Str);
_ACRTIMP size_t __cdecl strnlen(const char *_Str, size_t _MaxCount);
_ACRTIMP char  *__cdecl strcpy(char *_Dst, const char *_Src);
_ACRTIMP char  *__cdecl strncpy(char *_Dst, const char *_Src, size_t _Count);
_ACRTIMP char  *__cdecl strcat(char *_Dst, const char *_Src);
_ACRTIMP char  *__cdecl strncat(char *_Dst, const char *_Src, size_t _Count);
_ACRTIMP int    __cdecl strcmp(const char *_Str1, const char *_Str2);
_ACRTIMP int    __cdecl strncmp(const char *_Str1, const char *_Str2, size_t _MaxCount);
_ACRTIMP int    __cdecl _stricmp(const char *_Str1, const char *_Str2);
_ACRTIMP int    __cdecl _strnicmp(const char *_Str1, const char *_Str2, size_t _MaxCount);
_ACRTIMP char  *__cdecl strchr(const char *_Str, int _Val);
_ACRTIMP char  *__cdecl strrchr(const char *_Str, int _Ch);
_ACRTIMP char  *__cdecl strstr(const char *_Str, const char *_SubStr);
_ACRTIMP size_t __cdecl strspn(const char *_Str, const char *_Control);
_ACRTIMP size_t __cdecl strcspn(const char *_Str, const char *_Control);
_ACRTIMP char  *__cdecl strpbrk(const char *_Str, const char *_Control);
_ACRTIMP char  *__cdecl _strlwr(char *_Str);
_ACRTIMP char  *__cdecl _strupr(char *_Str);
_ACRTIMP char  *__cdecl _strrev(char *_Str);
_ACRTIMP char  *__cdecl _strset(char *_Str, int _Val);
_ACRTIMP char  *__cdecl _strnset(char *_Str, int _Val, size_t _MaxCount);
_ACRTIMP errno_t __cdecl strcpy_s(char *_Dst, rsize_t _SizeInBytes, const char *_Src);
_ACRTIMP errno_t __cdecl strncpy_s(char *_Dst, rsize_t _SizeInBytes, const char *_Src, rsize_t _MaxCount);
_ACRTIMP errno_t __cdecl strcat_s(char *_Dst, rsize_t _SizeInBytes, const char *_Src);
_ACRTIMP errno_t __cdecl strncat_s(char *_Dst, rsize_t _SizeInBytes, const char *_Src, rsize_t _MaxCount);
#ifndef _KERNEL_MODE
_ACRTIMP char  *__cdecl strtok(char *_Str, const char *_Delim);
_ACRTIMP char  *__cdecl strtok_s(char *_Str, const char *_Delim, char **_Context);
_ACRTIMP char  *__cdecl _strdup(const char *_Src);
_ACRTIMP char  *__cdecl strerror(int _ErrorMessage);
_ACRTIMP int    __cdecl _memicmp(const void *_Buf1, const void *_Buf2, size_t _Size);
#define strdup _strdup
#define stricmp _stricmp
#define strnicmp _strnicmp
#endif

_CRT_END_C_HEADER

#include <wchar.h>

#endif /* _INC_STRING */
