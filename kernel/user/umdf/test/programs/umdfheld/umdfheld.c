/* umdfheld - overlapped I/O to a UMDF driver that holds a request: IOCTL 0x801 stays pending in the driver (the
   call returns ERROR_IO_PENDING at once), IOCTL 0x802 makes the driver complete it, and GetOverlappedResult then
   reports the held request done. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#define IOCTL_HELD_WAIT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HELD_SIGNAL CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

static BOOL Call(HANDLE device, DWORD code, OVERLAPPED *ov)
{
    memset(ov, 0, sizeof(*ov));
    ov->hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    return DeviceIoControl(device, code, NULL, 0, NULL, 0, NULL, ov);
}

int wmain(int argc, WCHAR *argv[])
{
    HANDLE device;
    OVERLAPPED wait, signal;
    DWORD bytes = 0;

    if (argc < 2) {
        printf("usage: umdfheld <device path>\n");
        return 2;
    }
    device = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed: %lu\n", GetLastError());
        return 1;
    }
    if (Call(device, IOCTL_HELD_WAIT, &wait) || GetLastError() != ERROR_IO_PENDING) {
        printf("the wait did not pend: %lu\n", GetLastError());
        return 1;
    }
    printf("wait pending\n");
    if (WaitForSingleObject(wait.hEvent, 0) != WAIT_TIMEOUT) {
        printf("the wait ended before the signal\n");
        return 1;
    }
    if (!Call(device, IOCTL_HELD_SIGNAL, &signal) && GetLastError() != ERROR_IO_PENDING) {
        printf("signal failed: %lu\n", GetLastError());
        return 1;
    }
    if (!GetOverlappedResult(device, &signal, &bytes, TRUE)) {
        printf("signal result failed: %lu\n", GetLastError());
        return 1;
    }
    if (!GetOverlappedResult(device, &wait, &bytes, TRUE)) {
        printf("wait result failed: %lu\n", GetLastError());
        return 1;
    }
    printf("wait completed\n");
    CloseHandle(wait.hEvent);
    CloseHandle(signal.hEvent);
    CloseHandle(device);
    return 0;
}
