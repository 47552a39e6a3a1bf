/*
 * PassiveAtDispatch - a buggy driver: it holds a spin lock (IRQL DISPATCH_LEVEL) while calling
 * IoCreateSymbolicLink, which the WDK documents as IRQL == PASSIVE_LEVEL (its code is pageable).
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

static KSPIN_LOCK g_Lock;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\Passive1");
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\Passive0");
    KIRQL oldIrql;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&g_Lock);
    KeAcquireSpinLock(&g_Lock, &oldIrql);
    status = IoCreateSymbolicLink(&link, &target);     /* BUG: PASSIVE_LEVEL only */
    KeReleaseSpinLock(&g_Lock, oldIrql);
    return status;
}
