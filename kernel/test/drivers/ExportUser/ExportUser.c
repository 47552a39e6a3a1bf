/*
 * ExportUser - a legacy driver that calls the ExportLib export driver (links ExportLib.lib): DriverEntry checksums a
 * message through the library and reports the result on the debugger.
 */
#include <ntddk.h>
#include "ExportLib.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ExportUserUnload;

static const UCHAR g_Message[] = "Wikipedia";

_Use_decl_annotations_
VOID ExportUserUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG sum;

    UNREFERENCED_PARAMETER(RegistryPath);
    if (!ExportLibInitialized()) {
        return STATUS_DRIVER_UNABLE_TO_LOAD;
    }
    sum = ExportLibAdler32(g_Message, sizeof(g_Message) - 1);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "ExportUser: adler32 %08x after %d call(s)\n", sum, ExportLibCallCount());
    DriverObject->DriverUnload = ExportUserUnload;
    return STATUS_SUCCESS;
}
