/*
 * DivideThread - a buggy driver: its worker thread divides by a count that is still zero.
 * Nothing handles the exception in a system thread: SYSTEM_THREAD_EXCEPTION_NOT_HANDLED.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
KSTART_ROUTINE DivideWorker;

static volatile ULONG g_Total = 100;
static volatile ULONG g_Samples;                        /* nobody ever sets it */
ULONG g_Average;

_Use_decl_annotations_
VOID DivideWorker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    g_Average = g_Total / g_Samples;                    /* BUG: division by zero */
    PsTerminateSystemThread(STATUS_SUCCESS);
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, DivideWorker, NULL);
    if (NT_SUCCESS(status)) {
        ZwClose(thread);
    }
    return status;
}
