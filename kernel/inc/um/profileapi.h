/* profileapi.h - the high-resolution performance counter (kernel32.dll). */
#pragma once
#include <minwindef.h>
#include <apisetcconv.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount);
WINBASEAPI BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency);

#ifdef __cplusplus
}
#endif
