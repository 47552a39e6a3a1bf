/*
 * Crashy.c - a small legacy (NT-style) driver that can be told to make one of the classic
 * kernel-mode mistakes, so that you can watch the whole machine stop and then find out why.
 *
 * Pick the mistake with CRASHY_BUG below, build, deploy, and start the service:
 *   sc create Crashy type= kernel binPath= C:\DriverTest\Drivers\Crashy.sys
 *   sc start Crashy
 */
#include <ntddk.h>

#define CRASHY_BUG_NONE             0   /* behaves: creates its device and waits */
#define CRASHY_BUG_NULL_POINTER     1   /* writes through a pointer that was never set */
#define CRASHY_BUG_IRQL             2   /* touches pageable memory while holding a spin lock */
#define CRASHY_BUG_DOUBLE_FREE      3   /* gives the same pool block back twice */
#define CRASHY_BUG_DOUBLE_COMPLETE  4   /* completes the same IRP twice */

/* Change this line to choose your bug. */
#define CRASHY_BUG CRASHY_BUG_NULL_POINTER

#define CRASHY_TAG 'yhsC'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CrashyUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH CrashyCreateClose;

typedef struct _CRASHY_STATE {
    ULONG Opens;
} CRASHY_STATE, *PCRASHY_STATE;

static KSPIN_LOCK CrashyLock;
static UNICODE_STRING CrashyDeviceName = RTL_CONSTANT_STRING(L"\\Device\\Crashy");

/* Create and close: count the opens and complete the request, once. */
NTSTATUS CrashyCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
#if CRASHY_BUG == CRASHY_BUG_DOUBLE_COMPLETE
    IoCompleteRequest(Irp, IO_NO_INCREMENT);        /* BUG: the IRP went back to the I/O manager above */
#endif
    return STATUS_SUCCESS;
}

VOID CrashyUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteDevice(DriverObject->DeviceObject);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Crashy: unloaded\n");
}

/* The chosen mistake, made while the driver starts. */
static NTSTATUS CrashyMisbehave(PDEVICE_OBJECT Device)
{
#if CRASHY_BUG == CRASHY_BUG_NULL_POINTER
    PCRASHY_STATE state = NULL;                      /* BUG: never allocated */
    UNREFERENCED_PARAMETER(Device);
    state->Opens = 1;
#elif CRASHY_BUG == CRASHY_BUG_IRQL
    KIRQL oldIrql;
    PCRASHY_STATE state = (PCRASHY_STATE)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(CRASHY_STATE), CRASHY_TAG);
    UNREFERENCED_PARAMETER(Device);
    if (state == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeAcquireSpinLock(&CrashyLock, &oldIrql);        /* now at DISPATCH_LEVEL */
    state->Opens += 1;                               /* BUG: paged pool may not be touched here */
    KeReleaseSpinLock(&CrashyLock, oldIrql);
    ExFreePoolWithTag(state, CRASHY_TAG);
#elif CRASHY_BUG == CRASHY_BUG_DOUBLE_FREE
    PCRASHY_STATE state = (PCRASHY_STATE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(CRASHY_STATE), CRASHY_TAG);
    UNREFERENCED_PARAMETER(Device);
    if (state == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ExFreePoolWithTag(state, CRASHY_TAG);
    ExFreePoolWithTag(state, CRASHY_TAG);            /* BUG: already freed */
#elif CRASHY_BUG == CRASHY_BUG_DOUBLE_COMPLETE
    /* Send ourselves a create request, as opening \Device\Crashy would. */
    KEVENT done;
    IO_STATUS_BLOCK iosb;
    PIRP irp;
    KeInitializeEvent(&done, NotificationEvent, FALSE);
    irp = IoBuildSynchronousFsdRequest(IRP_MJ_FLUSH_BUFFERS, Device, NULL, 0, NULL, &done, &iosb);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_CREATE;
    (void)IoCallDriver(Device, irp);
#else
    UNREFERENCED_PARAMETER(Device);
#endif
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeSpinLock(&CrashyLock);
    DriverObject->DriverUnload = CrashyUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = CrashyCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CrashyCreateClose;

    status = IoCreateDevice(DriverObject, 0, &CrashyDeviceName, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Crashy: started with bug %d\n", CRASHY_BUG);
    status = CrashyMisbehave(device);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
    }
    return status;
}
