/*
 * VersionProbe.c - one driver binary, many Windows versions: what it was compiled for (NTDDI_VERSION),
 * what the running system is (RtlIsNtDdiVersionAvailable), and a routine looked up at run time
 * (MmGetSystemRoutineAddress) instead of imported, so the driver still loads where it is missing.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VersionProbeUnload;

/* The shape of the routine we look up by name (it takes the same arguments as ExAllocatePool2). */
typedef PVOID (NTAPI *ALLOCATE_POOL2)(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag);

VOID VersionProbeUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name;
    ALLOCATE_POOL2 allocate;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = VersionProbeUnload;

    /* Fixed when the driver was compiled: the lowest Windows it was built to run on. */
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VersionProbe: built for NTDDI_VERSION 0x%08x\n", (ULONG)NTDDI_VERSION);

    /* Asked at run time: is the system we are running on at least this version? */
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VersionProbe: Windows 10 (NTDDI_WIN10) available: %s\n",
               RtlIsNtDdiVersionAvailable(NTDDI_WIN10) ? "yes" : "no");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VersionProbe: Windows 10 1607 (NTDDI_WIN10_RS1) available: %s\n",
               RtlIsNtDdiVersionAvailable(NTDDI_WIN10_RS1) ? "yes" : "no");

    /* A routine newer systems have: look it up by name rather than import it. */
    RtlInitUnicodeString(&name, L"ExAllocatePool2");
    allocate = (ALLOCATE_POOL2)MmGetSystemRoutineAddress(&name);
    if (allocate != NULL) {
        PVOID p = allocate(POOL_FLAG_NON_PAGED, 16, 'brPV');
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VersionProbe: ExAllocatePool2 found at %p, allocated %p\n", (PVOID)allocate, p);
        if (p != NULL) {
            ExFreePoolWithTag(p, 'brPV');
        }
    } else {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VersionProbe: ExAllocatePool2 is not on this system\n");
    }
    RtlInitUnicodeString(&name, L"NoSuchRoutineOnAnyWindows");
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VersionProbe: NoSuchRoutineOnAnyWindows -> %p\n", MmGetSystemRoutineAddress(&name));
    return STATUS_SUCCESS;
}
