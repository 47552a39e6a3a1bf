/* umdfio - a user program that talks to a UMDF driver: it opens the device path it is given, sends an IOCTL
   with a message and prints what came back, then tries a read (which the template's queue does not handle). */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#define IOCTL_UMDFIO_ECHO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)

int wmain(int argc, WCHAR *argv[])
{
    HANDLE device;
    char message[] = "hello from user mode";
    char reply[64];
    DWORD bytes = 0;

    if (argc < 2) {
        printf("usage: umdfio <device path>\n");
        return 2;
    }
    device = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed: %lu\n", GetLastError());
        return 1;
    }
    memset(reply, 0, sizeof(reply));
    if (!DeviceIoControl(device, IOCTL_UMDFIO_ECHO, message, (DWORD)strlen(message), reply, sizeof(reply) - 1, &bytes, NULL)) {
        printf("DeviceIoControl failed: %lu\n", GetLastError());
        CloseHandle(device);
        return 1;
    }
    printf("DeviceIoControl returned %lu bytes: %s\n", bytes, reply);
    if (!ReadFile(device, reply, sizeof(reply), &bytes, NULL)) {
        printf("ReadFile failed: %lu\n", GetLastError());
    }
    CloseHandle(device);
    return 0;
}
