/* dongtest - exercises the DongLpt classic driver from user mode: opens \\.\DongLpt<n>, writes and
   reads through WriteFile/ReadFile, then calls one I/O control per transfer method. Every failure
   prints the Win32 error from GetLastError. The exit code is the number of failed steps.
   Usage: dongtest [port number, default 1] */
#include <windows.h>
#include <winioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dongioctl.h"

static int g_failures;

static void Fail(const char *what)
{
    DWORD error = GetLastError();
    printf("  FAILED: %s, error %lu (0x%08lx)\n", what, error, error);
    if (error == ERROR_INVALID_FUNCTION) {
        printf("  (the driver does not handle this request)\n");
    }
    g_failures++;
}

static void Dump(const BYTE *data, DWORD length)
{
    DWORD i;
    for (i = 0; i < length; i++) {
        printf("%s%02x", (i % 16) == 0 ? "  " : " ", data[i]);
        if ((i % 16) == 15 || i + 1 == length) {
            printf("\n");
        }
    }
}

static void TestReadWrite(HANDLE device)
{
    static const char message[] = "Hello, dongle";
    BYTE buffer[64];
    DWORD done = 0;

    printf("WriteFile %u bytes\n", (unsigned)sizeof(message));
    if (!WriteFile(device, message, sizeof(message), &done, NULL)) {
        Fail("WriteFile");
    } else {
        printf("  wrote %lu bytes\n", done);
    }

    printf("ReadFile up to %u bytes\n", (unsigned)sizeof(buffer));
    memset(buffer, 0, sizeof(buffer));
    if (!ReadFile(device, buffer, sizeof(buffer), &done, NULL)) {
        Fail("ReadFile");
    } else {
        printf("  read %lu bytes\n", done);
        Dump(buffer, done);
    }
}

static void TestVersion(HANDLE device)
{
    DONG_VERSION version;
    DWORD returned = 0;

    printf("IOCTL_DONG_GET_VERSION (0x%08lx, METHOD_BUFFERED)\n", (unsigned long)IOCTL_DONG_GET_VERSION);
    memset(&version, 0, sizeof(version));
    if (!DeviceIoControl(device, IOCTL_DONG_GET_VERSION, NULL, 0, &version, sizeof(version), &returned, NULL)) {
        Fail("IOCTL_DONG_GET_VERSION");
        return;
    }
    printf("  driver version %u.%u, port 0x%lx, %lu bytes returned\n", version.Major, version.Minor,
           version.PortBase, returned);
}

static void TestDirect(HANDLE device)
{
    DONG_TRANSFER transfer;
    BYTE out[32], in[32];
    DWORD returned = 0, i;

    for (i = 0; i < sizeof(out); i++) {
        out[i] = (BYTE)(0xA0 + i);
    }
    transfer.Offset = 16;

    printf("IOCTL_DONG_WRITE_DATA (0x%08lx, METHOD_IN_DIRECT) %u bytes at offset %lu\n",
           (unsigned long)IOCTL_DONG_WRITE_DATA, (unsigned)sizeof(out), transfer.Offset);
    if (!DeviceIoControl(device, IOCTL_DONG_WRITE_DATA, &transfer, sizeof(transfer), out, sizeof(out), &returned, NULL)) {
        Fail("IOCTL_DONG_WRITE_DATA");
        return;
    }
    printf("  %lu bytes sent\n", returned);

    printf("IOCTL_DONG_READ_DATA (0x%08lx, METHOD_OUT_DIRECT) %u bytes at offset %lu\n",
           (unsigned long)IOCTL_DONG_READ_DATA, (unsigned)sizeof(in), transfer.Offset);
    memset(in, 0, sizeof(in));
    if (!DeviceIoControl(device, IOCTL_DONG_READ_DATA, &transfer, sizeof(transfer), in, sizeof(in), &returned, NULL)) {
        Fail("IOCTL_DONG_READ_DATA");
        return;
    }
    printf("  %lu bytes received\n", returned);
    Dump(in, returned);
    if (returned != sizeof(in) || memcmp(in, out, sizeof(in)) != 0) {
        printf("  FAILED: the data read back differs from the data written\n");
        g_failures++;
    } else {
        printf("  data verified\n");
    }
}

static void TestNeither(HANDLE device)
{
    DONG_STATUS status;
    DWORD returned = 0;

    printf("IOCTL_DONG_QUERY_STATUS (0x%08lx, METHOD_NEITHER)\n", (unsigned long)IOCTL_DONG_QUERY_STATUS);
    memset(&status, 0xFF, sizeof(status));
    if (!DeviceIoControl(device, IOCTL_DONG_QUERY_STATUS, NULL, 0, &status, sizeof(status), &returned, NULL)) {
        Fail("IOCTL_DONG_QUERY_STATUS");
        return;
    }
    printf("  present %lu, open count %lu, bytes written %lu, bytes read %lu\n", status.Present, status.OpenCount,
           status.BytesWritten, status.BytesRead);
}

static void TestChallenge(HANDLE device)
{
    ULONG challenge = GetTickCount() ^ 0x1234ABCDUL, response = 0;
    DWORD returned = 0;

    printf("IOCTL_DONG_CHALLENGE (0x%08lx, METHOD_BUFFERED) challenge 0x%08lx\n", (unsigned long)IOCTL_DONG_CHALLENGE,
           challenge);
    if (!DeviceIoControl(device, IOCTL_DONG_CHALLENGE, &challenge, sizeof(challenge), &response, sizeof(response),
                         &returned, NULL)) {
        Fail("IOCTL_DONG_CHALLENGE");
        return;
    }
    if (returned != sizeof(response) || response != DongResponse(challenge)) {
        printf("  FAILED: response 0x%08lx (%lu bytes), expected 0x%08lx\n", response, returned,
               DongResponse(challenge));
        g_failures++;
        return;
    }
    printf("  response 0x%08lx is genuine\n", response);
}

/* A code the driver does not know must fail cleanly (STATUS_INVALID_DEVICE_REQUEST -> ERROR_INVALID_FUNCTION). */
static void TestUnknownIoctl(HANDLE device)
{
    DWORD unknown = CTL_CODE(FILE_DEVICE_DONGLPT, 0x8FF, METHOD_BUFFERED, FILE_ANY_ACCESS);
    DWORD returned = 0, error;

    printf("Unknown IOCTL 0x%08lx\n", (unsigned long)unknown);
    if (DeviceIoControl(device, unknown, NULL, 0, NULL, 0, &returned, NULL)) {
        printf("  FAILED: the driver accepted an unknown control code\n");
        g_failures++;
        return;
    }
    error = GetLastError();
    printf("  rejected as expected, error %lu\n", error);
}

int main(int argc, char *argv[])
{
    WCHAR name[32];
    int port = 1;
    HANDLE device;

    if (argc > 1) {
        port = atoi(argv[1]);
        if (port < 1 || port > 9) {
            printf("usage: dongtest [port number 1-9]\n");
            return 1;
        }
    }
    swprintf(name, sizeof(name) / sizeof(name[0]), DONG_WIN32_NAME_FORMAT, port);

    printf("Opening %ls\n", name);
    device = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        DWORD error = GetLastError();
        printf("CreateFile failed, error %lu\n", error);
        if (error == ERROR_FILE_NOT_FOUND) {
            printf("No such device: is the DongLpt driver installed and started?\n");
        } else if (error == ERROR_ACCESS_DENIED) {
            printf("Access denied: another program may have the device open.\n");
        }
        return 1;
    }

    TestReadWrite(device);
    TestVersion(device);
    TestDirect(device);
    TestNeither(device);
    TestChallenge(device);
    TestUnknownIoctl(device);

    CloseHandle(device);
    printf("%d step(s) failed\n", g_failures);
    return g_failures;
}
