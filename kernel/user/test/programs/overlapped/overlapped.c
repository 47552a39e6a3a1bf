/* overlapped - overlapped I/O against the IoClassic driver: a request the driver holds pending returns
   ERROR_IO_PENDING at once; a second thread releases it 50 ms later and the first thread's wait on the
   OVERLAPPED's event ends; GetOverlappedResult then gives the bytes. A held request cancelled with CancelIoEx
   ends with ERROR_OPERATION_ABORTED. */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include "IoClassicIoctl.h"

static HANDLE g_device;

static DWORD WINAPI Releaser(LPVOID parameter)
{
    OVERLAPPED ov;
    DWORD n = 0;
    (void)parameter;
    Sleep(50);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!DeviceIoControl(g_device, IOCTL_IOC_RELEASE, NULL, 0, NULL, 0, NULL, &ov) && GetLastError() != ERROR_IO_PENDING) {
        printf("release failed, error %lu\n", GetLastError());
        return 1;
    }
    if (!GetOverlappedResult(g_device, &ov, &n, TRUE)) {
        printf("release result failed, error %lu\n", GetLastError());
        return 1;
    }
    printf("released after %s\n", "50 ms");
    CloseHandle(ov.hEvent);
    return 7;
}

int main(void)
{
    OVERLAPPED ov;
    ULONG value = 0;
    DWORD n = 0, code = 0, start, waited;
    HANDLE thread;
    BOOL ok;

    g_device = CreateFileW(L"\\\\.\\IoClassic1", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    if (g_device == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed, error %lu\n", GetLastError());
        return 1;
    }
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    ok = DeviceIoControl(g_device, IOCTL_IOC_PEND, NULL, 0, &value, sizeof(value), NULL, &ov);
    printf("pend: returned %d, error %lu\n", ok, GetLastError());
    printf("completed: %d\n", ov.Internal != STATUS_PENDING ? 1 : 0); /* what HasOverlappedIoCompleted tests */
    printf("wait 0 ms: %lu\n", WaitForSingleObject(ov.hEvent, 0));
    if (!GetOverlappedResult(g_device, &ov, &n, FALSE)) {
        printf("not yet: error %lu\n", GetLastError());
    }

    start = GetTickCount();
    thread = CreateThread(NULL, 0, Releaser, NULL, 0, NULL);
    printf("wait: %lu\n", WaitForSingleObject(ov.hEvent, INFINITE));
    waited = GetTickCount() - start;
    printf("waited at least 50 ms: %s\n", waited >= 50 ? "yes" : "no");
    if (!GetOverlappedResult(g_device, &ov, &n, TRUE)) {
        printf("result failed, error %lu\n", GetLastError());
        return 1;
    }
    printf("value 0x%08lx, %lu bytes\n", value, n);
    WaitForSingleObject(thread, INFINITE);
    GetExitCodeThread(thread, &code);
    printf("releaser exit code %lu\n", code);
    CloseHandle(thread);

    /* A held request cancelled by its issuer. */
    ResetEvent(ov.hEvent);
    ok = DeviceIoControl(g_device, IOCTL_IOC_PEND, NULL, 0, &value, sizeof(value), NULL, &ov);
    printf("pend again: returned %d, error %lu\n", ok, GetLastError());
    CancelIoEx(g_device, &ov);
    ok = GetOverlappedResult(g_device, &ov, &n, TRUE);
    printf("after cancel: returned %d, error %lu\n", ok, GetLastError());

    CloseHandle(ov.hEvent);
    CloseHandle(g_device);
    return 0;
}
