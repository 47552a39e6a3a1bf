/* debugapi.h - talking to a debugger from user mode (kernel32.dll). OutputDebugString also reaches the kernel debugger. */
#pragma once
#include <minwindef.h>
#include <apisetcconv.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI VOID WINAPI OutputDebugStringW(LPCWSTR lpOutputString);
WINBASEAPI VOID WINAPI OutputDebugStringA(LPCSTR lpOutputString);
#ifdef UNICODE
#define OutputDebugString OutputDebugStringW
#else
#define OutputDebugString OutputDebugStringA
#endif

WINBASEAPI VOID WINAPI DebugBreak(VOID);
WINBASEAPI BOOL WINAPI IsDebuggerPresent(VOID);

#ifdef __cplusplus
}
#endif
