// DbgPrint flood for `npm run bench dbgprint`: FloodLines(n) prints n numbered lines as fast as the driver can,
// so the bench can check that every line reaches the debug output, in order.
#include <ntddk.h>

__declspec(dllexport) ULONG FloodLines(ULONG count)
{
    ULONG i;
    for (i = 0; i < count; i++) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "DBGFLOOD: line %lu of %lu\n", i, count);
    }
    return count;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    return STATUS_SUCCESS;
}
