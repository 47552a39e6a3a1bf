/* time.h - calendar time and processor time (ucrtbase.dll). time_t is 64-bit, as in the UCRT. */
#pragma once
#ifndef _INC_TIME
#define _INC_TIME

#include <corecrt.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef _CLOCK_T_DEFINED
#define _CLOCK_T_DEFINED
typedef long clock_t;
#endif

#ifndef _TIME_T_DEFINED
#define _TIME_T_DEFINED
typedef __int64 __time64_t;
typedef __time64_t time_t;
#endif

#define CLOCKS_PER_SEC ((clock_t)1000)

#ifndef _TM_DEFINED
#define _TM_DEFINED
struct tm {
  int tm_sec;   /* seconds after the minute - [0, 60] */
  int tm_min;   /* minutes after the hour - [0, 59] */
  int tm_hour;  /* hours since midnight - [0, 23] */
  int tm_mday;  /* day of the month - [1, 31] */
  int tm_mon;   /* months since January - [0, 11] */
  int tm_year;  /* years since 1900 */
  int tm_wday;  /* days since Sunday - [0, 6] */
  int tm_yday;  /* days since January 1 - [0, 365] */
  int tm_isdst; /* daylight savings time flag */
};
#endif

_ACRTIMP time_t __cdecl time(time_t *_Time);
_ACRTIMP __time64_t __cdecl _time64(__time64_t *_Time);
_ACRTIMP clock_t __cdecl clock(void);
_ACRTIMP double __cdecl difftime(time_t _Time1, time_t _Time2);
_ACRTIMP time_t __cdecl mktime(struct tm *_Tm);
_ACRTIMP struct tm *__cdecl localtime(const time_t *_Time);
_ACRTIMP struct tm *__cdecl gmtime(const time_t *_Time);
_ACRTIMP errno_t __cdecl localtime_s(struct tm *_Tm, const time_t *_Time);
_ACRTIMP errno_t __cdecl gmtime_s(struct tm *_Tm, const time_t *_Time);
_ACRTIMP char *__cdecl asctime(const struct tm *_Tm);
_ACRTIMP char *__cdecl ctime(const time_t *_Time);
_ACRTIMP size_t __cdecl strftime(char *_Buffer, size_t _SizeInBytes, const char *_Format, const struct tm *_Tm);
_ACRTIMP size_t __cdecl wcsftime(wchar_t *_Buffer, size_t _SizeInWords, const wchar_t *_Format, const struct tm *_Tm);

#ifdef __cplusplus
}
#endif

#endif /* _INC_TIME */
