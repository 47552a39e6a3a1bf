/* stuckio - sends one synchronous DeviceIoControl to the device named on its command line (IoClassic1 with the
   IoClassic driver's IOCTL_IOC_PEND, which that driver queues until released or cancelled; NeverComplete with any
   code, which that driver never completes) and blocks in it: the process-exit tests end it with taskkill. */
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

    int i;
    wcscpy(path, L"\\\\.\\");
    for (i = 0; name[i] != 0 && i < 40; i++) path[4 + i] = (WCHAR)name[i];
    path[4 + i] = 0;
    device = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed, error %lu\n", GetLastError());
        return 1;
    }
    printf("waiting on %s\n", name);
    ok = DeviceIoControl(device, IOCTL_IOC_PEND, NULL, 0, &value, sizeof(value), &n, NULL);
    printf("returned %d, error %lu\n", ok, ok ? 0 : GetLastError());
    CloseHandle(device);
    return 0;
}
