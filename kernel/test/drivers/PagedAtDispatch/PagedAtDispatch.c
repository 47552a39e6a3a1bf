/*
 * PagedAtDispatch - a buggy driver: it keeps a counter in paged pool and updates it while holding a spin lock,
 * at DISPATCH_LEVEL, where a page fault cannot be served.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

static KSPIN_LOCK g_Lock;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    volatile ULONG *counter;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    counter = (volatile ULONG *)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(ULONG), 'gaPD');
    if (counter == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&g_Lock);
    KeAcquireSpinLock(&g_Lock, &oldIrql);
    *counter += 1;                                      /* BUG: paged memory at DISPATCH_LEVEL */
    KeReleaseSpinLock(&g_Lock, oldIrql);
    ExFreePoolWithTag((PVOID)counter, 'gaPD');
    return STATUS_SUCCESS;
}
