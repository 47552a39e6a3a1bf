/*
 * WildPointer - a buggy driver: it writes through a pointer that was never set from an allocation, into system
 * address space where nothing is mapped.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;

typedef struct _WILD_STATE { ULONG Magic; ULONG Count; } WILD_STATE, *PWILD_STATE;

/* A stale value standing in for a pointer the driver forgot to set. */
static volatile ULONG_PTR g_StateAddress = 0xDEAD0000;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PWILD_STATE state = (PWILD_STATE)g_StateAddress;

    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    state->Count = 1;                                   /* BUG: unmapped system address */
    return STATUS_SUCCESS;
}
