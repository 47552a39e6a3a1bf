/* ctype.h - character classification and case mapping (C locale). */
#pragma once
#ifndef _INC_CTYPE
#define _INC_CTYPE

#include <corecrt.h>

#ifdef __cplusplus
extern "C" {
#endif

_ACRTIMP int __cdecl isalpha(int _C);
_ACRTIMP int __cdecl isupper(int _C);
_ACRTIMP int __cdecl islower(int _C);
_ACRTIMP int __cdecl isdigit(int _C);
_ACRTIMP int __cdecl isxdigit(int _C);
_ACRTIMP int __cdecl isspace(int _C);
_ACRTIMP int __cdecl ispunct(int _C);
_ACRTIMP int __cdecl isblank(int _C);
_ACRTIMP int __cdecl isalnum(int _C);
_ACRTIMP int __cdecl isprint(int _C);
_ACRTIMP int __cdecl isgraph(int _C);
_ACRTIMP int __cdecl iscntrl(int _C);
_ACRTIMP int __cdecl toupper(int _C);
_ACRTIMP int __cdecl tolower(int _C);
_ACRTIMP int __cdecl _toupper(int _C);
_ACRTIMP int __cdecl _tolower(int _C);
_ACRTIMP int __cdecl __isascii(int _C);
_ACRTIMP int __cdecl __toascii(int _C);
#define isascii __isascii
#define toascii __toascii

_ACRTIMP int __cdecl iswalpha(wint_t _C);
_ACRTIMP int __cdecl iswupper(wint_t _C);
_ACRTIMP int __cdecl iswlower(wint_t _C);
_ACRTIMP int __cdecl iswdigit(wint_t _C);
_ACRTIMP int __cdecl iswxdigit(wint_t _C);
_ACRTIMP int __cdecl iswspace(wint_t _C);
_ACRTIMP int __cdecl iswpunct(wint_t _C);
_ACRTIMP int __cdecl iswalnum(wint_t _C);
_ACRTIMP int __cdecl iswprint(wint_t _C);
_ACRTIMP int __cdecl iswgraph(wint_t _C);
_ACRTIMP int __cdecl iswcntrl(wint_t _C);
_ACRTIMP wint_t __cdecl towupper(wint_t _C);
_ACRTIMP wint_t __cdecl towlower(wint_t _C);

#ifdef __cplusplus
}
#endif

#endif /* _INC_CTYPE */
