/* stuckio - sends one synchronous DeviceIoControl to the device named on its command line (IoClassic1 with the
   IoClassic driver's IOCTL_IOC_PEND, which that driver queues until released or cancelled; NeverComplete with any
   code, which that driver never completes) and blocks in it: the process-exit tests end it with taskkill. With
   "overlapped" after the name it leaves the request pending and returns from main instead. */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <string.h>
#include "IoClassicIoctl.h"

int main(int argc, char **argv)
{
    WCHAR path[64];
    HANDLE device;
    ULONG value = 0;
    DWORD n = 0;
    BOOL ok;
    const char *name = argc > 1 ? argv[1] : "IoClassic1";
    BOOL overlapped = argc > 2 && strcmp(argv[2], "overlapped") == 0;
    OVERLAPPED ov;

    int i;
    wcscpy(path, L"\\\\.\\");
    for (i = 0; name[i] != 0 && i < 40; i++) path[4 + i] = (WCHAR)name[i];
    path[4 + i] = 0;
    device = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, overlapped ? FILE_FLAG_OVERLAPPED : 0, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed, error %lu\n", GetLastError());
        return 1;
    }
    if (overlapped) {   /* leave the request outstanding and exit: the process's exit cancels it */
        memset(&ov, 0, sizeof(ov));
        ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
        ok = DeviceIoControl(device, IOCTL_IOC_PEND, NULL, 0, &value, sizeof(value), NULL, &ov);
        printf("left pending on %s: returned %d, error %lu\n", name, ok, GetLastError());
        return 3;
    }
    printf("waiting on %s\n", name);
    ok = DeviceIoControl(device, IOCTL_IOC_PEND, NULL, 0, &value, sizeof(value), &n, NULL);
    printf("returned %d, error %lu\n", ok, ok ? 0 : GetLastError());
    CloseHandle(device);
    return 0;
}
