/* conio.h - direct console I/O: unbuffered, unechoed key reads and console writes. */
#pragma once
#ifndef _INC_CONIO
#define _INC_CONIO

#include <corecrt.h>

#ifdef __cplusplus
extern "C" {
#endif

_ACRTIMP int __cdecl _getch(void);
_ACRTIMP int __cdecl _getche(void);
_ACRTIMP int __cdecl _ungetch(int _Character);
_ACRTIMP int __cdecl _kbhit(void);
_ACRTIMP int __cdecl _putch(int _Character);
_ACRTIMP int __cdecl _cputs(const char *_Buffer);
_ACRTIMP int __cdecl _cprintf(const char *_Format, ...);
_ACRTIMP wint_t __cdecl _getwch(void);
_ACRTIMP wint_t __cdecl _putwch(wchar_t _Character);
_ACRTIMP int __cdecl _cputws(const wchar_t *_Buffer);

/* The old POSIX-style names map to the underscored functions (oldnames.lib does this on Windows). */
#ifndef _CRT_NO_POSIX_NAMES
#define getch _getch
#define getche _getche
#define ungetch _ungetch
#define kbhit _kbhit
#define putch _putch
#define cputs _cputs
#define cprintf _cprintf
#endif

#ifdef __cplusplus
}
#endif

#endif /* _INC_CONIO */
