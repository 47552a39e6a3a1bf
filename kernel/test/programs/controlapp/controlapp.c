/* controlapp - opens KmdfControl's control device through its symbolic link and asks it, [times] times, how many
   requests it has served; `controlapp forward <device name> <ioctl>` has it send that IOCTL to another device and
   prints the text that device answered. Exit code 0 when every request succeeded. */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "Control.h"

static int Forward(HANDLE device, const char *name, const char *code)
{
    KMDFCONTROL_FORWARD forward;
    char answer[128];
    DWORD returned = 0;
    int i;

    ZeroMemory(&forward, sizeof(forward));
    ZeroMemory(answer, sizeof(answer));
    forward.IoControlCode = strtoul(code, NULL, 0);
    for (i = 0; name[i] && i < 63; i++) {
        forward.TargetName[i] = (WCHAR)name[i];
    }
    if (!DeviceIoControl(device, IOCTL_KMDFCONTROL_FORWARD, &forward, sizeof(forward), answer, sizeof(answer), &returned, NULL)) {
        printf("Forwarding IOCTL 0x%08lX to %s failed: error %lu\n", forward.IoControlCode, name, GetLastError());
        return 1;
    }
    answer[sizeof(answer) - 1] = '\0';
    printf("%s answered IOCTL 0x%08lX with %lu bytes: %s\n", name, forward.IoControlCode, returned, answer);
    return 0;
}

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
    if (argc > 3 && strcmp(argv[1], "forward") == 0) {
        int r = Forward(device, argv[2], argv[3]);
        CloseHandle(device);
        return r;
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
