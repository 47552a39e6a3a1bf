/*
 * IoClassic - a classic (NT4-style, non-PnP) test driver for the I/O manager: one named device with a DOS
 * link, buffered read/write into a small store, one I/O control per transfer method, a cancel-safe queue for
 * requests it holds pending, an I/O timer, a work item and an event-log entry when it starts.
 */
#include <ntddk.h>
#include "IoClassicIoctl.h"

#define IOC_STORE_SIZE 256
#define IOC_EVENT_STARTED ((NTSTATUS)0x40AA0001L)  /* informational, facility-less message id */

typedef struct _IOC_EXTENSION {
    PDEVICE_OBJECT Self;
    UCHAR Store[IOC_STORE_SIZE];
    ULONG StoreLength;
    IOC_STATS Stats;
    IO_CSQ Queue;
    PIRP Held[8];           /* the queue's storage: a small array, oldest first */
    ULONG HeldCount;
} IOC_EXTENSION, *PIOC_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IocUnload;
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH IocCreate;
_Dispatch_type_(IRP_MJ_CLEANUP) DRIVER_DISPATCH IocCleanup;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH IocClose;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH IocRead;
_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH IocWrite;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH IocDeviceControl;
IO_TIMER_ROUTINE IocTimer;
IO_WORKITEM_ROUTINE IocWork;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\IoClassic0");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\IoClassic1");

static NTSTATUS IocFinish(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

/* ---- the cancel-safe queue: an array guarded by the cancel spin lock, as old drivers guarded their queues ---- */
static VOID IocInsertIrp(PIO_CSQ Csq, PIRP Irp)
{
    PIOC_EXTENSION ext = CONTAINING_RECORD(Csq, IOC_EXTENSION, Queue);
    if (ext->HeldCount < ARRAYSIZE(ext->Held)) ext->Held[ext->HeldCount++] = Irp;
    ext->Stats.Pending = ext->HeldCount;
}

static VOID IocRemoveIrp(PIO_CSQ Csq, PIRP Irp)
{
    PIOC_EXTENSION ext = CONTAINING_RECORD(Csq, IOC_EXTENSION, Queue);
    ULONG i, j;
    for (i = 0; i < ext->HeldCount; i++) {
        if (ext->Held[i] == Irp) {
            for (j = i + 1; j < ext->HeldCount; j++) ext->Held[j - 1] = ext->Held[j];
            ext->HeldCount--;
            break;
        }
    }
    ext->Stats.Pending = ext->HeldCount;
}

static PIRP IocPeekNextIrp(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    PIOC_EXTENSION ext = CONTAINING_RECORD(Csq, IOC_EXTENSION, Queue);
    ULONG i = 0;
    if (Irp != NULL) {
        while (i < ext->HeldCount && ext->Held[i] != Irp) i++;
        i++;
    }
    for (; i < ext->HeldCount; i++) {
        PIRP candidate = ext->Held[i];
        if (PeekContext == NULL || IoGetCurrentIrpStackLocation(candidate)->FileObject == (PFILE_OBJECT)PeekContext) {
            return candidate;
        }
    }
    return NULL;
}

static VOID IocAcquireLock(PIO_CSQ Csq, PKIRQL Irql)
{
    UNREFERENCED_PARAMETER(Csq);
    IoAcquireCancelSpinLock(Irql);
}

static VOID IocReleaseLock(PIO_CSQ Csq, KIRQL Irql)
{
    UNREFERENCED_PARAMETER(Csq);
    IoReleaseCancelSpinLock(Irql);
}

static VOID IocCompleteCanceled(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    IocFinish(Irp, STATUS_CANCELLED, 0);
}

/* ---- dispatch ---- */
NTSTATUS IocCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIOC_EXTENSION ext = DeviceObject->DeviceExtension;
    ext->Stats.Opens++;
    return IocFinish(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS IocCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIOC_EXTENSION ext = DeviceObject->DeviceExtension;
    PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PIRP pending;
    ext->Stats.Cleanups++;
    /* Requests this handle left pending end with it. */
    while ((pending = IoCsqRemoveNextIrp(&ext->Queue, file)) != NULL) {
        IocFinish(pending, STATUS_CANCELLED, 0);
    }
    return IocFinish(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS IocClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIOC_EXTENSION ext = DeviceObject->DeviceExtension;
    ext->Stats.Closes++;
    return IocFinish(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS IocWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIOC_EXTENSION ext = DeviceObject->DeviceExtension;
    ULONG length = IoGetCurrentIrpStackLocation(Irp)->Parameters.Write.Length;
    if (length > IOC_STORE_SIZE) {
        return IocFinish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    RtlCopyMemory(ext->Store, Irp->AssociatedIrp.SystemBuffer, length);
    ext->StoreLength = length;
    ext->Stats.BytesHeld = length;
    return IocFinish(Irp, STATUS_SUCCESS, length);
}

NTSTATUS IocRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIOC_EXTENSION ext = DeviceObject->DeviceExtension;
    ULONG length = IoGetCurrentIrpStackLocation(Irp)->Parameters.Read.Length;
    if (length > ext->StoreLength) {
        length = ext->StoreLength;
    }
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, ext->Store, length);
    return IocFinish(Irp, STATUS_SUCCESS, length);
}

VOID IocWork(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PIOC_EXTENSION ext = DeviceObject->DeviceExtension;
    ext->Stats.WorkItemsRun++;
    IoFreeWorkItem((PIO_WORKITEM)Context);
}

NTSTATUS IocDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIOC_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG i;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_IOC_GET_STATS:
        if (outLen < sizeof(IOC_STATS)) return IocFinish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &ext->Stats, sizeof(IOC_STATS));
        return IocFinish(Irp, STATUS_SUCCESS, sizeof(IOC_STATS));

    case IOCTL_IOC_READ_XOR: {   /* out-direct: input key buffered, output through the MDL */
        PUCHAR out;
        UCHAR key;
        if (inLen < 1 || Irp->MdlAddress == NULL) return IocFinish(Irp, STATUS_INVALID_PARAMETER, 0);
        key = *(PUCHAR)Irp->AssociatedIrp.SystemBuffer;
        out = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (out == NULL) return IocFinish(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        for (i = 0; i < outLen && i < ext->StoreLength; i++) out[i] = ext->Store[i] ^ key;
        return IocFinish(Irp, STATUS_SUCCESS, i);
    }

    case IOCTL_IOC_SUM: {        /* in-direct: the "output" buffer carries data in, through the MDL */
        PUCHAR data;
        ULONG sum = 0;
        if (Irp->MdlAddress == NULL) return IocFinish(Irp, STATUS_INVALID_PARAMETER, 0);
        data = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority);
        if (data == NULL) return IocFinish(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        for (i = 0; i < MmGetMdlByteCount(Irp->MdlAddress); i++) sum += data[i];
        return IocFinish(Irp, STATUS_SUCCESS, sum);
    }

    case IOCTL_IOC_MAGIC:        /* neither: the caller's own pointer, probed when it comes from user mode */
        if (outLen < sizeof(ULONG)) return IocFinish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        if (Irp->RequestorMode != KernelMode) {
            ProbeForWrite(Irp->UserBuffer, outLen, sizeof(ULONG));
        }
        *(PULONG)Irp->UserBuffer = IOC_MAGIC;
        return IocFinish(Irp, STATUS_SUCCESS, sizeof(ULONG));

    case IOCTL_IOC_PEND:
        IoCsqInsertIrp(&ext->Queue, Irp, NULL);
        return STATUS_PENDING;

    case IOCTL_IOC_RELEASE: {
        PIRP held = IoCsqRemoveNextIrp(&ext->Queue, NULL);
        if (held == NULL) return IocFinish(Irp, STATUS_NOT_FOUND, 0);
        if (IoGetCurrentIrpStackLocation(held)->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(ULONG)) {
            *(PULONG)held->AssociatedIrp.SystemBuffer = IOC_MAGIC;
            IocFinish(held, STATUS_SUCCESS, sizeof(ULONG));
        } else {
            IocFinish(held, STATUS_SUCCESS, 0);
        }
        return IocFinish(Irp, STATUS_SUCCESS, 0);
    }

    case IOCTL_IOC_ASK_SELF: {   /* an IRP the driver builds and sends to a device (itself), as to a lower driver */
        IO_STATUS_BLOCK iosb;
        IOC_STATS stats;
        NTSTATUS status;
        PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_IOC_GET_STATS, DeviceObject, NULL, 0, &stats, sizeof(stats),
                                                 FALSE, NULL, &iosb);
        if (irp == NULL) return IocFinish(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        status = IoCallDriver(DeviceObject, irp);
        if (!NT_SUCCESS(status) || outLen < sizeof(ULONG)) return IocFinish(Irp, status, 0);
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = (ULONG)iosb.Information * 1000 + stats.Opens;
        return IocFinish(Irp, STATUS_SUCCESS, sizeof(ULONG));
    }

    case IOCTL_IOC_QUEUE_WORK: {
        PIO_WORKITEM work = IoAllocateWorkItem(DeviceObject);
        if (work == NULL) return IocFinish(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        IoQueueWorkItem(work, IocWork, DelayedWorkQueue, work);
        return IocFinish(Irp, STATUS_SUCCESS, 0);
    }

    default:
        return IocFinish(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

VOID IocTimer(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PIOC_EXTENSION ext = DeviceObject->DeviceExtension;
    UNREFERENCED_PARAMETER(Context);
    ext->Stats.TimerTicks++;
}

static VOID IocLogStarted(PDEVICE_OBJECT DeviceObject)
{
    PIO_ERROR_LOG_PACKET entry = IoAllocateErrorLogEntry(DeviceObject, (UCHAR)(sizeof(IO_ERROR_LOG_PACKET) + sizeof(ULONG)));
    if (entry == NULL) return;
    entry->ErrorCode = IOC_EVENT_STARTED;
    entry->UniqueErrorValue = 7;
    entry->FinalStatus = STATUS_SUCCESS;
    entry->DumpDataSize = 2 * sizeof(ULONG);
    entry->DumpData[0] = 0x378;
    entry->DumpData[1] = IOC_STORE_SIZE;
    IoWriteErrorLogEntry(entry);
}

VOID IocUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;
    if (device != NULL) {
        IoStopTimer(device);
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(device);
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    PIOC_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = IocUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = IocCreate;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = IocCleanup;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IocClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = IocRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = IocWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = IocDeviceControl;

    status = IoCreateDevice(DriverObject, sizeof(IOC_EXTENSION), &g_DeviceName, FILE_DEVICE_IOCLASSIC, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) return status;
    device->Flags |= DO_BUFFERED_IO;
    ext = device->DeviceExtension;
    ext->Self = device;
    IoCsqInitialize(&ext->Queue, IocInsertIrp, IocRemoveIrp, IocPeekNextIrp, IocAcquireLock, IocReleaseLock, IocCompleteCanceled);

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    status = IoInitializeTimer(device, IocTimer, NULL);
    if (NT_SUCCESS(status)) IoStartTimer(device);
    IocLogStarted(device);
    return STATUS_SUCCESS;
}
