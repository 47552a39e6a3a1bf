/* echoapp - user-mode test for the Echo driver. It finds the device through the interface GUID the
   driver registers, opens it, and checks that what it writes comes back on read: 512 bytes, then
   30720 bytes. With -Async it opens the device for overlapped I/O and runs a writer thread (events)
   and a reader thread (an I/O completion port) at the same time.
   Usage: echoapp [-Async] */
#include <windows.h>
#include <cfgmgr32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <initguid.h>
#include "public.h"

#define SMALL_TRANSFER 512
#define LARGE_TRANSFER (30 * 1024)
#define ASYNC_REQUESTS 32     /* per thread */
#define ASYNC_IN_FLIGHT 4     /* writes outstanding at once */
#define ASYNC_SIZE 512
#define ASYNC_TIMEOUT_MS 20000

/* Finds the first present Echo interface and copies its symbolic link into path. */
static BOOL FindEchoDevice(WCHAR *path, size_t pathChars)
{
    CONFIGRET cr;
    ULONG chars = 0;
    WCHAR *list = NULL;

    /* The list can grow between the two calls (a device arrives), so retry on CR_BUFFER_SMALL. */
    do {
        cr = CM_Get_Device_Interface_List_SizeW(&chars, (LPGUID)&GUID_DEVINTERFACE_ECHO, NULL,
                                                CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
        if (cr != CR_SUCCESS) {
            printf("CM_Get_Device_Interface_List_Size failed, CONFIGRET 0x%lx\n", cr);
            return FALSE;
        }
        free(list);
        list = (WCHAR *)malloc(chars * sizeof(WCHAR));
        if (list == NULL) {
            printf("Out of memory\n");
            return FALSE;
        }
        cr = CM_Get_Device_Interface_ListW((LPGUID)&GUID_DEVINTERFACE_ECHO, NULL, list, chars,
                                           CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
    } while (cr == CR_BUFFER_SMALL);

    if (cr != CR_SUCCESS) {
        printf("CM_Get_Device_Interface_List failed, CONFIGRET 0x%lx\n", cr);
        free(list);
        return FALSE;
    }
    if (list[0] == L'\0') {
        printf("No Echo device is present. Is the driver installed (devcon install echo.inf root\\ECHO)?\n");
        free(list);
        return FALSE;
    }
    if (wcslen(list) >= pathChars) {
        printf("Device path too long\n");
        free(list);
        return FALSE;
    }
    wcscpy(path, list);
    free(list);
    return TRUE;
}

static void FillPattern(BYTE *buffer, DWORD size)
{
    DWORD i;
    for (i = 0; i < size; i++) {
        buffer[i] = (BYTE)((i * 7 + size) & 0xFF);
    }
}

/* Writes size bytes, reads them back and compares. */
static BOOL WriteReadVerify(HANDLE device, DWORD size)
{
    BYTE *out = (BYTE *)malloc(size);
    BYTE *in = (BYTE *)malloc(size);
    DWORD done = 0, i;
    BOOL ok = FALSE;

    if (out == NULL || in == NULL) {
        printf("Out of memory\n");
        goto cleanup;
    }
    FillPattern(out, size);
    memset(in, 0, size);

    if (!WriteFile(device, out, size, &done, NULL)) {
        printf("WriteFile of %lu bytes failed, error %lu\n", size, GetLastError());
        goto cleanup;
    }
    printf("Wrote %lu bytes\n", done);
    if (done != size) {
        printf("Short write: %lu of %lu bytes\n", done, size);
        goto cleanup;
    }

    if (!ReadFile(device, in, size, &done, NULL)) {
        printf("ReadFile of %lu bytes failed, error %lu\n", size, GetLastError());
        goto cleanup;
    }
    printf("Read %lu bytes\n", done);
    if (done != size) {
        printf("Short read: %lu of %lu bytes\n", done, size);
        goto cleanup;
    }

    for (i = 0; i < size; i++) {
        if (in[i] != out[i]) {
            printf("Mismatch at offset %lu: wrote 0x%02x, read 0x%02x\n", i, out[i], in[i]);
            goto cleanup;
        }
    }
    printf("Verified %lu bytes\n", size);
    ok = TRUE;

cleanup:
    free(out);
    free(in);
    return ok;
}

typedef struct _ASYNC_CONTEXT {
    HANDLE Device;
    HANDLE Port;          /* reader only */
    DWORD Completed;
    DWORD Bytes;
    DWORD Error;          /* first failure, 0 if none */
} ASYNC_CONTEXT;

/* Writer: keeps ASYNC_IN_FLIGHT overlapped writes outstanding, each signalling its own event.
   It has its own handle, so its completions do not go to the reader's completion port. */
static DWORD WINAPI WriterThread(LPVOID parameter)
{
    ASYNC_CONTEXT *ctx = (ASYNC_CONTEXT *)parameter;
    OVERLAPPED ov[ASYNC_IN_FLIGHT];
    HANDLE events[ASYNC_IN_FLIGHT];
    static BYTE data[ASYNC_IN_FLIGHT][ASYNC_SIZE];
    DWORD issued = 0, i, n;

    for (i = 0; i < ASYNC_IN_FLIGHT; i++) {
        events[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (events[i] == NULL) {
            ctx->Error = GetLastError();
            return 1;
        }
        FillPattern(data[i], ASYNC_SIZE);
    }

    while (issued < ASYNC_REQUESTS && ctx->Error == 0) {
        DWORD batch = 0, wait;
        for (i = 0; i < ASYNC_IN_FLIGHT && issued < ASYNC_REQUESTS; i++, issued++, batch++) {
            memset(&ov[i], 0, sizeof(ov[i]));
            ResetEvent(events[i]);
            ov[i].hEvent = events[i];
            if (!WriteFile(ctx->Device, data[i], ASYNC_SIZE, NULL, &ov[i]) && GetLastError() != ERROR_IO_PENDING) {
                ctx->Error = GetLastError();
                break;
            }
        }
        if (batch == 0) {
            break;
        }
        wait = WaitForMultipleObjects(batch, events, TRUE, ASYNC_TIMEOUT_MS);
        if (wait == WAIT_TIMEOUT) {
            printf("Writer: timed out, cancelling\n");
            CancelIoEx(ctx->Device, NULL);
            ctx->Error = WAIT_TIMEOUT;
        }
        for (i = 0; i < batch; i++) {
            if (GetOverlappedResult(ctx->Device, &ov[i], &n, TRUE)) {
                ctx->Completed++;
                ctx->Bytes += n;
            } else if (ctx->Error == 0) {
                ctx->Error = GetLastError();
            }
        }
    }

    for (i = 0; i < ASYNC_IN_FLIGHT; i++) {
        CloseHandle(events[i]);
    }
    return ctx->Error == 0 ? 0 : 1;
}

/* Reader: issues all its reads at once and collects them from the completion port. */
static DWORD WINAPI ReaderThread(LPVOID parameter)
{
    ASYNC_CONTEXT *ctx = (ASYNC_CONTEXT *)parameter;
    static OVERLAPPED ov[ASYNC_REQUESTS];
    static BYTE data[ASYNC_REQUESTS][ASYNC_SIZE];
    DWORD i, pending = 0;

    for (i = 0; i < ASYNC_REQUESTS; i++) {
        memset(&ov[i], 0, sizeof(ov[i]));
        if (ReadFile(ctx->Device, data[i], ASYNC_SIZE, NULL, &ov[i]) || GetLastError() == ERROR_IO_PENDING) {
            pending++; /* a read that completes at once still queues a completion packet */
        } else {
            ctx->Error = GetLastError();
            break;
        }
    }

    while (pending > 0) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        LPOVERLAPPED done = NULL;
        if (!GetQueuedCompletionStatus(ctx->Port, &bytes, &key, &done, ASYNC_TIMEOUT_MS)) {
            DWORD error = GetLastError();
            if (done == NULL) { /* nothing dequeued: the wait itself failed or timed out */
                printf("Reader: GetQueuedCompletionStatus failed, error %lu; cancelling\n", error);
                CancelIoEx(ctx->Device, NULL);
                if (ctx->Error == 0) ctx->Error = error;
                break;
            }
            if (ctx->Error == 0) ctx->Error = error; /* a read completed with an error */
        } else {
            ctx->Completed++;
            ctx->Bytes += bytes;
        }
        pending--;
    }
    return ctx->Error == 0 ? 0 : 1;
}

static BOOL RunAsync(const WCHAR *path)
{
    ASYNC_CONTEXT writer, reader;
    HANDLE writeHandle, readHandle, port, threads[2];
    DWORD writerExit = 1, readerExit = 1;

    writeHandle = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                              FILE_FLAG_OVERLAPPED, NULL);
    if (writeHandle == INVALID_HANDLE_VALUE) {
        printf("CreateFile (overlapped, for writing) failed, error %lu\n", GetLastError());
        return FALSE;
    }
    readHandle = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                             FILE_FLAG_OVERLAPPED, NULL);
    if (readHandle == INVALID_HANDLE_VALUE) {
        printf("CreateFile (overlapped, for reading) failed, error %lu\n", GetLastError());
        CloseHandle(writeHandle);
        return FALSE;
    }
    port = CreateIoCompletionPort(readHandle, NULL, 1, 0);
    if (port == NULL) {
        printf("CreateIoCompletionPort failed, error %lu\n", GetLastError());
        CloseHandle(readHandle);
        CloseHandle(writeHandle);
        return FALSE;
    }

    memset(&writer, 0, sizeof(writer));
    memset(&reader, 0, sizeof(reader));
    writer.Device = writeHandle;
    reader.Device = readHandle;
    reader.Port = port;

    printf("Starting %d overlapped writes and %d overlapped reads of %d bytes\n", ASYNC_REQUESTS, ASYNC_REQUESTS,
           ASYNC_SIZE);
    threads[0] = CreateThread(NULL, 0, ReaderThread, &reader, 0, NULL);
    threads[1] = CreateThread(NULL, 0, WriterThread, &writer, 0, NULL);
    if (threads[0] == NULL || threads[1] == NULL) {
        printf("CreateThread failed, error %lu\n", GetLastError());
        CancelIoEx(readHandle, NULL);
        CancelIoEx(writeHandle, NULL);
    }
    if (threads[0] != NULL && threads[1] != NULL) {
        WaitForMultipleObjects(2, threads, TRUE, INFINITE);
    } else if (threads[0] != NULL || threads[1] != NULL) {
        WaitForSingleObject(threads[0] != NULL ? threads[0] : threads[1], INFINITE);
    }
    if (threads[0] != NULL) {
        GetExitCodeThread(threads[0], &readerExit);
        CloseHandle(threads[0]);
    }
    if (threads[1] != NULL) {
        GetExitCodeThread(threads[1], &writerExit);
        CloseHandle(threads[1]);
    }

    printf("Writer: %lu writes completed, %lu bytes%s\n", writer.Completed, writer.Bytes,
           writer.Error ? "" : ", no errors");
    if (writer.Error) printf("Writer: error %lu\n", writer.Error);
    printf("Reader: %lu reads completed, %lu bytes%s\n", reader.Completed, reader.Bytes,
           reader.Error ? "" : ", no errors");
    if (reader.Error) printf("Reader: error %lu\n", reader.Error);

    CloseHandle(port);
    CloseHandle(readHandle);
    CloseHandle(writeHandle);
    return writerExit == 0 && readerExit == 0;
}

int main(int argc, char *argv[])
{
    WCHAR path[MAX_PATH];
    BOOL async = FALSE;
    HANDLE device;
    int i;

    for (i = 1; i < argc; i++) {
        if (_stricmp(argv[i], "-Async") == 0) {
            async = TRUE;
        } else {
            printf("usage: echoapp [-Async]\n");
            return 1;
        }
    }

    if (!FindEchoDevice(path, MAX_PATH)) {
        return 1;
    }
    printf("DevicePath: %ls\n", path);

    if (async) {
        BOOL ok = RunAsync(path);
        printf(ok ? "Asynchronous test passed\n" : "Asynchronous test FAILED\n");
        return ok ? 0 : 1;
    }

    device = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        printf("CreateFile failed, error %lu\n", GetLastError());
        return 1;
    }
    printf("Opened the device\n");

    if (!WriteReadVerify(device, SMALL_TRANSFER) || !WriteReadVerify(device, LARGE_TRANSFER)) {
        CloseHandle(device);
        printf("Test FAILED\n");
        return 1;
    }
    CloseHandle(device);
    printf("Test passed\n");
    return 0;
}
