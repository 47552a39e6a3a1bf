/* tchar.h - generic-text mappings: one source builds as Unicode (_UNICODE, what Visual Studio sets)
   or as narrow characters. Every _t name maps to the wide or the narrow CRT function. */
#pragma once
#ifndef _INC_TCHAR
#define _INC_TCHAR

#include <corecrt.h>

#ifdef _UNICODE

#ifndef _TCHAR_DEFINED_CRT
#define _TCHAR_DEFINED_CRT
typedef wchar_t _TCHAR;
typedef wchar_t _TSCHAR;
typedef wchar_t _TUCHAR;
typedef wchar_t _TXCHAR;
typedef wint_t _TINT;
#endif

#define __T(x) L##x
#define _TEOF WEOF

#define _tmain wmain
#define _tWinMain wWinMain
#define _tenviron _wenviron
#define __targv __wargv

#define _tprintf wprintf
#define _ftprintf fwprintf
#define _stprintf _swprintf
#define _sntprintf _snwprintf
#define _vtprintf vwprintf
#define _vftprintf vfwprintf
#define _vstprintf vswprintf
#define _vsntprintf _vsnwprintf
#define _tscanf wscanf
#define _stscanf swscanf
#define _fgetts fgetws
#define _fputts fputws
#define _putts _putws
#define _gettchar getwchar
#define _puttchar putwchar
#define _fgettc fgetwc
#define _fputtc fputwc
#define _tfopen _wfopen
#define _tgetenv _wgetenv

#define _tcslen wcslen
#define _tcsnlen wcsnlen
#define _tcscpy wcscpy
#define _tcsncpy wcsncpy
#define _tcscat wcscat
#define _tcsncat wcsncat
#define _tcscmp wcscmp
#define _tcsncmp wcsncmp
#define _tcsicmp _wcsicmp
#define _tcsnicmp _wcsnicmp
#define _tcschr wcschr
#define _tcsrchr wcsrchr
#define _tcsstr wcsstr
#define _tcsdup _wcsdup
#define _tcstok wcstok
#define _tcsupr _wcsupr
#define _tcslwr _wcslwr
#define _tcstol wcstol
#define _tcstoul wcstoul
#define _ttoi _wtoi
#define _tstoi _wtoi
#define _ttol _wtol
#define _tstol _wtol
#define _itot _itow

#define _istalpha iswalpha
#define _istupper iswupper
#define _istlower iswlower
#define _istdigit iswdigit
#define _istxdigit iswxdigit
#define _istspace iswspace
#define _istpunct iswpunct
#define _istalnum iswalnum
#define _istprint iswprint
#define _istgraph iswgraph
#define _istcntrl iswcntrl
#define _totupper towupper
#define _totlower towlower

#define _gettch _getwch
#define _puttch _putwch

#else /* narrow */

#ifndef _TCHAR_DEFINED_CRT
#define _TCHAR_DEFINED_CRT
typedef char _TCHAR;
typedef signed char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef char _TXCHAR;
typedef int _TINT;
#endif

#define __T(x) x
#define _TEOF EOF

#define _tmain main
#define _tWinMain WinMain
#define _tenviron _environ
#define __targv __argv

#define _tprintf printf
#define _ftprintf fprintf
#define _stprintf sprintf
#define _sntprintf _snprintf
#define _vtprintf vprintf
#define _vftprintf vfprintf
#define _vstprintf vsprintf
#define _vsntprintf _vsnprintf
#define _tscanf scanf
#define _stscanf sscanf
#define _fgetts fgets
#define _fputts fputs
#define _putts puts
#define _gettchar getchar
#define _puttchar putchar
#define _fgettc fgetc
#define _fputtc fputc
#define _tfopen fopen
#define _tgetenv getenv

#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsicmp _stricmp
#define _tcsnicmp _strnicmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsdup _strdup
#define _tcstok strtok
#define _tcsupr _strupr
#define _tcslwr _strlwr
#define _tcstol strtol
#define _tcstoul strtoul
#define _ttoi atoi
#define _tstoi atoi
#define _ttol atol
#define _tstol atol
#define _itot _itoa

#define _istalpha isalpha
#define _istupper isupper
#define _istlower islower
#define _istdigit isdigit
#define _istxdigit isxdigit
#define _istspace isspace
#define _istpunct ispunct
#define _istalnum isalnum
#define _istprint isprint
#define _istgraph isgraph
#define _istcntrl iscntrl
#define _totupper toupper
#define _totlower tolower

#define _gettch _getch
#define _puttch _putch

#endif /* _UNICODE */

#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#endif /* _INC_TCHAR */
