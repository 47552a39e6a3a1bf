/*
 * DoubleFree - a buggy driver: an error path frees a buffer the normal path already freed.
 */
#include <ntddk.h>

#define DF_TAG 'eerF'

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PVOID buffer;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, DF_TAG);
    if (buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExFreePoolWithTag(buffer, DF_TAG);
    ExFreePoolWithTag(buffer, DF_TAG);                  /* BUG: already freed */
    return STATUS_UNSUCCESSFUL;
}
