/* strsafe.h - bounded string copy, concatenation, length and formatting that always terminate the
   destination and report truncation as an HRESULT. Inline, like the real header, over the CRT. */
#pragma once
#ifndef _STRSAFE_H_INCLUDED_
#define _STRSAFE_H_INCLUDED_

#include <stdio.h>
#include <string.h>
#include <stdarg.h>
#include <wchar.h>
#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STRSAFEAPI static __inline HRESULT __stdcall
#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026L)

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef wchar_t *STRSAFE_LPWSTR;
typedef const wchar_t *STRSAFE_LPCWSTR;

/* Copy at most cchDest-1 characters and terminate; truncation is reported, not hidden. */
STRSAFEAPI StringCchCopyNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToCopy) {
  size_t i = 0;
  if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  while (i < cchDest - 1 && i < cchToCopy && pszSrc[i]) { pszDest[i] = pszSrc[i]; i++; }
  pszDest[i] = 0;
  return (i < cchToCopy && pszSrc[i]) ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}
STRSAFEAPI StringCchCopyNW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc, size_t cchToCopy) {
  size_t i = 0;
  if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  while (i < cchDest - 1 && i < cchToCopy && pszSrc[i]) { pszDest[i] = pszSrc[i]; i++; }
  pszDest[i] = 0;
  return (i < cchToCopy && pszSrc[i]) ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}
STRSAFEAPI StringCchCopyA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc) {
  return StringCchCopyNA(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH);
}
STRSAFEAPI StringCchCopyW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc) {
  return StringCchCopyNW(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH);
}
STRSAFEAPI StringCbCopyA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc) {
  return StringCchCopyA(pszDest, cbDest / sizeof(char), pszSrc);
}
STRSAFEAPI StringCbCopyW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc) {
  return StringCchCopyW(pszDest, cbDest / sizeof(wchar_t), pszSrc);
}

STRSAFEAPI StringCchLengthA(STRSAFE_LPCSTR psz, size_t cchMax, size_t *pcchLength) {
  size_t n = 0;
  if (psz == NULL || cchMax > STRSAFE_MAX_CCH) { if (pcchLength) *pcchLength = 0; return STRSAFE_E_INVALID_PARAMETER; }
  while (n < cchMax && psz[n]) n++;
  if (n == cchMax) { if (pcchLength) *pcchLength = 0; return STRSAFE_E_INVALID_PARAMETER; }
  if (pcchLength) *pcchLength = n;
  return S_OK;
}
STRSAFEAPI StringCchLengthW(STRSAFE_LPCWSTR psz, size_t cchMax, size_t *pcchLength) {
  size_t n = 0;
  if (psz == NULL || cchMax > STRSAFE_MAX_CCH) { if (pcchLength) *pcchLength = 0; return STRSAFE_E_INVALID_PARAMETER; }
  while (n < cchMax && psz[n]) n++;
  if (n == cchMax) { if (pcchLength) *pcchLength = 0; return STRSAFE_E_INVALID_PARAMETER; }
  if (pcchLength) *pcchLength = n;
  return S_OK;
}
STRSAFEAPI StringCbLengthA(STRSAFE_LPCSTR psz, size_t cbMax, size_t *pcbLength) {
  size_t n = 0;
  HRESULT hr = StringCchLengthA(psz, cbMax / sizeof(char), &n);
  if (pcbLength) *pcbLength = n * sizeof(char);
  return hr;
}
STRSAFEAPI StringCbLengthW(STRSAFE_LPCWSTR psz, size_t cbMax, size_t *pcbLength) {
  size_t n = 0;
  HRESULT hr = StringCchLengthW(psz, cbMax / sizeof(wchar_t), &n);
  if (pcbLength) *pcbLength = n * sizeof(wchar_t);
  return hr;
}

STRSAFEAPI StringCchCatA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc) {
  size_t len = 0;
  if (StringCchLengthA(pszDest, cchDest, &len) != S_OK) return STRSAFE_E_INVALID_PARAMETER;
  return StringCchCopyA(pszDest + len, cchDest - len, pszSrc);
}
STRSAFEAPI StringCchCatW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc) {
  size_t len = 0;
  if (StringCchLengthW(pszDest, cchDest, &len) != S_OK) return STRSAFE_E_INVALID_PARAMETER;
  return StringCchCopyW(pszDest + len, cchDest - len, pszSrc);
}
STRSAFEAPI StringCbCatA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc) {
  return StringCchCatA(pszDest, cbDest / sizeof(char), pszSrc);
}
STRSAFEAPI StringCbCatW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc) {
  return StringCchCatW(pszDest, cbDest / sizeof(wchar_t), pszSrc);
}

/* Formatting: the CRT's counted vsnprintf reports the full length, so truncation is detectable. */
STRSAFEAPI StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat, va_list argList) {
  int n;
  if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  n = vsnprintf(pszDest, cchDest, pszFormat, argList);
  pszDest[cchDest - 1] = 0;
  return (n < 0 || (size_t)n >= cchDest) ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}
STRSAFEAPI StringCchVPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat, va_list argList) {
  int n;
  if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  n = vswprintf(pszDest, cchDest, pszFormat, argList);
  pszDest[cchDest - 1] = 0;
  return (n < 0 || (size_t)n >= cchDest) ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}
static __inline HRESULT __cdecl StringCchPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat, ...) {
  HRESULT hr;
  va_list ap;
  va_start(ap, pszFormat);
  hr = StringCchVPrintfA(pszDest, cchDest, pszFormat, ap);
  va_end(ap);
  return hr;
}
static __inline HRESULT __cdecl StringCchPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat, ...) {
  HRESULT hr;
  va_list ap;
  va_start(ap, pszFormat);
  hr = StringCchVPrintfW(pszDest, cchDest, pszFormat, ap);
  va_end(ap);
  return hr;
}
static __inline HRESULT __cdecl StringCbPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszFormat, ...) {
  HRESULT hr;
  va_list ap;
  va_start(ap, pszFormat);
  hr = StringCchVPrintfA(pszDest, cbDest / sizeof(char), pszFormat, ap);
  va_end(ap);
  return hr;
}
static __inline HRESULT __cdecl StringCbPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszFormat, ...) {
  HRESULT hr;
  va_list ap;
  va_start(ap, pszFormat);
  hr = StringCchVPrintfW(pszDest, cbDest / sizeof(wchar_t), pszFormat, ap);
  va_end(ap);
  return hr;
}

#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCchCopyN StringCchCopyNW
#define StringCbCopy StringCbCopyW
#define StringCchCat StringCchCatW
#define StringCbCat StringCbCatW
#define StringCchLength StringCchLengthW
#define StringCbLength StringCbLengthW
#define StringCchPrintf StringCchPrintfW
#define StringCbPrintf StringCbPrintfW
#define StringCchVPrintf StringCchVPrintfW
#else
#define StringCchCopy StringCchCopyA
#define StringCchCopyN StringCchCopyNA
#define StringCbCopy StringCbCopyA
#define StringCchCat StringCchCatA
#define StringCbCat StringCbCatA
#define StringCchLength StringCchLengthA
#define StringCbLength StringCbLengthA
#define StringCchPrintf StringCchPrintfA
#define StringCbPrintf StringCbPrintfA
#define StringCchVPrintf StringCchVPrintfA
#endif

#ifdef __cplusplus
}
#endif

#endif /* _STRSAFE_H_INCLUDED_ */
