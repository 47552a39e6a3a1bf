/*
 * LeakyTimer - a buggy legacy driver: DriverEntry arms a one-shot timer whose KTIMER and KDPC live in pool it
 * allocated, and DriverUnload forgets both (no KeCancelTimer, no ExFreePoolWithTag).
 * With Driver Verifier the leak stops the system at unload (0xC4/0x62); without it the timer fires later and its
 * DPC calls into the unloaded image (0xCE DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS).
 */
#include <ntddk.h>

#define LEAKY_TAG 'kaeL'

typedef struct _LEAKY_CONTEXT {
    KTIMER Timer;
    KDPC Dpc;
    LONG Fired;
} LEAKY_CONTEXT, *PLEAKY_CONTEXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LeakyUnload;
KDEFERRED_ROUTINE LeakyDpc;

_Use_decl_annotations_
VOID LeakyDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    InterlockedIncrement(&((PLEAKY_CONTEXT)Context)->Fired);
}

_Use_decl_annotations_
VOID LeakyUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    /* BUG: the timer stays armed and its memory is never freed. */
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PLEAKY_CONTEXT ctx;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);
    ctx = (PLEAKY_CONTEXT)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(LEAKY_CONTEXT), LEAKY_TAG);
    if (ctx == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeTimer(&ctx->Timer);
    KeInitializeDpc(&ctx->Dpc, LeakyDpc, ctx);
    due.QuadPart = -5 * 10000000LL;     /* five seconds from now */
    KeSetTimer(&ctx->Timer, due, &ctx->Dpc);
    DriverObject->DriverUnload = LeakyUnload;
    return STATUS_SUCCESS;
}
