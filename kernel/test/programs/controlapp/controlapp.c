/* controlapp - opens KmdfControl's control device through its symbolic link and asks it, [times] times, how many
   requests it has served. Exit code 0 when every request succeeded. */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include "Control.h"

int main(int argc, char *argv[])
{
    int times = argc > 1 ? atoi(argv[1]) : 1;
    ULONG count = 0;
    DWORD returned = 0;
    int i;
    HANDLE device = CreateFileW(L"\\\\.\\KmdfControl", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("Cannot open \\\\.\\KmdfControl: error %lu\n", GetLastError());
        return 1;
    }
    for (i = 0; i < times; i++) {
        if (!DeviceIoControl(device, IOCTL_KMDFCONTROL_COUNT, NULL, 0, &count, sizeof(count), &returned, NULL)) {
            printf("DeviceIoControl failed: error %lu\n", GetLastError());
            CloseHandle(device);
            return 1;
        }
        printf("Request %d: the control device has served %lu (%lu bytes back)\n", i + 1, count, returned);
    }
    CloseHandle(device);
    return 0;
}
