/*
 * Asserty - a legacy driver whose DriverEntry checks a count it got wrong with ASSERT. In a Debug build (DBG=1)
 * with a kernel debugger attached, RtlAssert prints the assertion and asks the debugger what to do (boipt); in a
 * Release build ASSERT is compiled out.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AssertyUnload;

/* The count the driver expects to find at start. */
static volatile LONG g_Count = 7;

VOID AssertyUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Asserty: unloaded\n");
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = AssertyUnload;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Asserty: checking the count\n");
    ASSERT(g_Count == 42);                               /* BUG: the count is 7 */
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Asserty: past the ASSERT\n");
    return STATUS_SUCCESS;
}
