/* processenv.h - standard handles and the command line (kernel32.dll). */
#pragma once
#include <minwindef.h>
#include <apisetcconv.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI HANDLE WINAPI GetStdHandle(DWORD nStdHandle);
WINBASEAPI BOOL WINAPI SetStdHandle(DWORD nStdHandle, HANDLE hHandle);

WINBASEAPI LPWSTR WINAPI GetCommandLineW(VOID);
WINBASEAPI LPSTR WINAPI GetCommandLineA(VOID);
#ifdef UNICODE
#define GetCommandLine GetCommandLineW
#else
#define GetCommandLine GetCommandLineA
#endif

WINBASEAPI DWORD WINAPI GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize);
WINBASEAPI DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize);
#ifdef UNICODE
#define GetEnvironmentVariable GetEnvironmentVariableW
#else
#define GetEnvironmentVariable GetEnvironmentVariableA
#endif

#ifdef __cplusplus
}
#endif
