/*
 * ExportLib - an export driver: a kernel-mode DLL other drivers link against (ExportLib.lib). It is never started
 * as a service; the system loads it for the first driver that imports from it and calls DllInitialize.
 */
#define EXPORTLIB_BUILD
#include <ntddk.h>
#include "ExportLib.h"

#define ADLER_MOD 65521

DRIVER_INITIALIZE DriverEntry;
NTSTATUS DllInitialize(_In_ PUNICODE_STRING RegistryPath);
NTSTATUS DllUnload(VOID);

static volatile LONG g_Calls;
static BOOLEAN g_Initialized;

NTSTATUS DllInitialize(PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    g_Initialized = TRUE;
    return STATUS_SUCCESS;
}

NTSTATUS DllUnload(VOID)
{
    return STATUS_SUCCESS;
}

ULONG NTAPI ExportLibAdler32(const UCHAR *Data, ULONG Length)
{
    ULONG a = 1, b = 0, i;

    for (i = 0; i < Length; i++) {
        a = (a + Data[i]) % ADLER_MOD;
        b = (b + a) % ADLER_MOD;
    }
    InterlockedIncrement(&g_Calls);
    return (b << 16) | a;
}

LONG NTAPI ExportLibCallCount(VOID)
{
    return g_Calls;
}

BOOLEAN NTAPI ExportLibInitialized(VOID)
{
    return g_Initialized;
}

/* Required of every driver image; an export driver's is never called. */
_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}
