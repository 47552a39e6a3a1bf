/* stdio.h - C runtime stream I/O and formatting (ucrtbase.dll in user mode).
   FILE is opaque; stdin/stdout/stderr come from __acrt_iob_func as in the real UCRT. */
#pragma once
#ifndef _INC_STDIO
#define _INC_STDIO

#include <corecrt.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Keep calls to these as written. clang would rewrite some (fprintf(f, "text") into fwrite, sprintf(b, "%s", s)
   into strcpy), and the new call would not carry the DLL it is imported from; MSVC never does this. */
#ifdef _KERNEL_MODE
#pragma function(sprintf, vsprintf)
#else
#pragma function(fprintf, sprintf, snprintf, vprintf, vfprintf, vsprintf, vsnprintf, fwrite, scanf, fscanf, sscanf)
#endif

#ifdef _KERNEL_MODE
/* A driver has no streams: ntoskrnl.exe exports only the formatters that write into a buffer. */
_ACRTIMP int __cdecl sprintf(char *_Buffer, const char *_Format, ...);
_ACRTIMP int __cdecl _snprintf(char *_Buffer, size_t _BufferCount, const char *_Format, ...);
_ACRTIMP int __cdecl vsprintf(char *_Buffer, const char *_Format, va_list _ArgList);
_ACRTIMP int __cdecl _vsnprintf(char *_Buffer, size_t _BufferCount, const char *_Format, va_list _ArgList);
_ACRTIMP int __cdecl swprintf(wchar_t *_Buffer, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl _snwprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl _vsnwprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, va_list _ArgList);
#define EOF (-1)
#else /* user mode: the universal CRT */

#ifndef _FILE_DEFINED
#define _FILE_DEFINED
typedef struct _iobuf {
  void *_Placeholder;
} FILE;
#endif

typedef __int64 fpos_t;

_ACRTIMP FILE *__cdecl __acrt_iob_func(unsigned _Ix);
#define stdin (__acrt_iob_func(0))
#define stdout (__acrt_iob_func(1))
#define stderr (__acrt_iob_func(2))

#define BUFSIZ 512
#define EOF (-1)
#ifndef WEOF
#define WEOF ((wint_t)(0xFFFF))
#endif
#define FILENAME_MAX 260
#define FOPEN_MAX 20
#define _SYS_OPEN 20
#define L_tmpnam 260
#define TMP_MAX 2147483647
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_SET 0
#define _IOFBF 0x0000
#define _IOLBF 0x0040
#define _IONBF 0x0004

/* Narrow formatted output. snprintf/vsnprintf are the C99 forms (always terminate, return the full
   length); _snprintf/_vsnprintf do not terminate on truncation and return -1. */
_ACRTIMP int __cdecl printf(const char *_Format, ...);
_ACRTIMP int __cdecl fprintf(FILE *_Stream, const char *_Format, ...);
_ACRTIMP int __cdecl sprintf(char *_Buffer, const char *_Format, ...);
_ACRTIMP int __cdecl snprintf(char *_Buffer, size_t _BufferCount, const char *_Format, ...);
_ACRTIMP int __cdecl _snprintf(char *_Buffer, size_t _BufferCount, const char *_Format, ...);
_ACRTIMP int __cdecl vprintf(const char *_Format, va_list _ArgList);
_ACRTIMP int __cdecl vfprintf(FILE *_Stream, const char *_Format, va_list _ArgList);
_ACRTIMP int __cdecl vsprintf(char *_Buffer, const char *_Format, va_list _ArgList);
_ACRTIMP int __cdecl vsnprintf(char *_Buffer, size_t _BufferCount, const char *_Format, va_list _ArgList);
_ACRTIMP int __cdecl _vsnprintf(char *_Buffer, size_t _BufferCount, const char *_Format, va_list _ArgList);
_ACRTIMP int __cdecl _scprintf(const char *_Format, ...);

/* Narrow formatted input (basic conversions). */
_ACRTIMP int __cdecl scanf(const char *_Format, ...);
_ACRTIMP int __cdecl fscanf(FILE *_Stream, const char *_Format, ...);
_ACRTIMP int __cdecl sscanf(const char *_Buffer, const char *_Format, ...);

/* Characters and lines. */
_ACRTIMP int __cdecl puts(const char *_Buffer);
_ACRTIMP int __cdecl fputs(const char *_Buffer, FILE *_Stream);
_ACRTIMP int __cdecl putchar(int _Character);
_ACRTIMP int __cdecl putc(int _Character, FILE *_Stream);
_ACRTIMP int __cdecl fputc(int _Character, FILE *_Stream);
_ACRTIMP int __cdecl getchar(void);
_ACRTIMP int __cdecl getc(FILE *_Stream);
_ACRTIMP int __cdecl fgetc(FILE *_Stream);
_ACRTIMP int __cdecl ungetc(int _Character, FILE *_Stream);
_ACRTIMP char *__cdecl fgets(char *_Buffer, int _MaxCount, FILE *_Stream);
_ACRTIMP char *__cdecl gets_s(char *_Buffer, size_t _Size);
_ACRTIMP void __cdecl perror(const char *_ErrorMessage);

/* Files (a subset). */
_ACRTIMP FILE *__cdecl fopen(const char *_FileName, const char *_Mode);
_ACRTIMP errno_t __cdecl fopen_s(FILE **_Stream, const char *_FileName, const char *_Mode);
_ACRTIMP int __cdecl fclose(FILE *_Stream);
_ACRTIMP size_t __cdecl fread(void *_Buffer, size_t _ElementSize, size_t _ElementCount, FILE *_Stream);
_ACRTIMP size_t __cdecl fwrite(const void *_Buffer, size_t _ElementSize, size_t _ElementCount, FILE *_Stream);
_ACRTIMP int __cdecl fflush(FILE *_Stream);
_ACRTIMP int __cdecl fseek(FILE *_Stream, long _Offset, int _Origin);
_ACRTIMP long __cdecl ftell(FILE *_Stream);
_ACRTIMP void __cdecl rewind(FILE *_Stream);
_ACRTIMP int __cdecl feof(FILE *_Stream);
_ACRTIMP int __cdecl ferror(FILE *_Stream);
_ACRTIMP void __cdecl clearerr(FILE *_Stream);
_ACRTIMP int __cdecl setvbuf(FILE *_Stream, char *_Buffer, int _Mode, size_t _Size);
_ACRTIMP int __cdecl _fileno(FILE *_Stream);
_ACRTIMP int __cdecl remove(const char *_FileName);
_ACRTIMP int __cdecl rename(const char *_OldFileName, const char *_NewFileName);

/* Wide formatted I/O. swprintf/vswprintf take a count (the ISO C form). */
_ACRTIMP int __cdecl wprintf(const wchar_t *_Format, ...);
_ACRTIMP int __cdecl fwprintf(FILE *_Stream, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl swprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl _swprintf(wchar_t *_Buffer, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl _snwprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, ...);
_ACRTIMP int __cdecl vwprintf(const wchar_t *_Format, va_list _ArgList);
_ACRTIMP int __cdecl vfwprintf(FILE *_Stream, const wchar_t *_Format, va_list _ArgList);
_ACRTIMP int __cdecl vswprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, va_list _ArgList);
_ACRTIMP int __cdecl _vsnwprintf(wchar_t *_Buffer, size_t _BufferCount, const wchar_t *_Format, va_list _ArgList);
_ACRTIMP int __cdecl wscanf(const wchar_t *_Format, ...);
_ACRTIMP int __cdecl swscanf(const wchar_t *_Buffer, const wchar_t *_Format, ...);
_ACRTIMP wint_t __cdecl putwchar(wchar_t _Character);
_ACRTIMP wint_t __cdecl getwchar(void);
_ACRTIMP wint_t __cdecl fputwc(wchar_t _Character, FILE *_Stream);
_ACRTIMP wint_t __cdecl fgetwc(FILE *_Stream);
_ACRTIMP int __cdecl _putws(const wchar_t *_Buffer);
_ACRTIMP int __cdecl fputws(const wchar_t *_Buffer, FILE *_Stream);
_ACRTIMP wchar_t *__cdecl fgetws(wchar_t *_Buffer, int _BufferCount, FILE *_Stream);
_ACRTIMP FILE *__cdecl _wfopen(const wchar_t *_FileName, const wchar_t *_Mode);

#endif /* _KERNEL_MODE */

#ifdef __cplusplus
}
#endif

#endif /* _INC_STDIO */
