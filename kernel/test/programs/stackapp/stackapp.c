/* stackapp - sends KmdfStack's IOCTL through its device stack and prints which drivers saw it on the way down
   (each one adds its name to the buffer). Exit code 0 when the request succeeded. */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include "Public.h"

int main(void)
{
    char path[KMDFSTACK_PATH_MAX] = "";
    DWORD returned = 0;
    HANDLE device = CreateFileW(L"\\\\.\\KmdfStack", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("Cannot open \\\\.\\KmdfStack: error %lu\n", GetLastError());
        return 1;
    }
    if (!DeviceIoControl(device, IOCTL_KMDFSTACK_WHO_SEES, path, sizeof(path), path, sizeof(path), &returned, NULL)) {
        printf("DeviceIoControl failed: error %lu\n", GetLastError());
        CloseHandle(device);
        return 1;
    }
    printf("Seen by: %s (%lu bytes back)\n", path, returned);
    CloseHandle(device);
    return 0;
}
