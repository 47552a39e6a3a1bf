/*
 * CsqFilter - a small WDM function driver written against the WDK, used to check that
 * our km headers compile real driver code unchanged. It exercises PnP and power
 * handling, a device interface, a remove lock, a cancel-safe IRP queue drained by a
 * system thread, completion routines, IRPs it builds itself, MDLs and a classic
 * cancel routine.
 */
#include <initguid.h>
#include <ntddk.h>
#include <wdmguid.h>
#include <wdmsec.h>

/* {6C8A4D21-7E0B-4F8A-9D0E-2B51C8F1A377} */
DEFINE_GUID(GUID_DEVINTERFACE_CSQFILTER, 0x6c8a4d21, 0x7e0b, 0x4f8a, 0x9d, 0x0e, 0x2b, 0x51, 0xc8, 0xf1, 0xa3, 0x77);

#define CSQ_TAG 'fQsC'
#define IOCTL_CSQ_QUEUE   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CSQ_FLUSH   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CSQ_FORWARD CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

C_ASSERT(IOCTL_CSQ_QUEUE == 0x00222400);
C_ASSERT(IoGetFunctionCodeFromCtlCode(IOCTL_CSQ_FLUSH) == 0x901);
C_ASSERT(DEVICE_TYPE_FROM_CTL_CODE(IOCTL_CSQ_FORWARD) == FILE_DEVICE_UNKNOWN);
C_ASSERT(sizeof(GUID) == 16);
C_ASSERT(IRP_MJ_PNP == 0x1b && IRP_MN_START_DEVICE == 0 && IRP_MN_REMOVE_DEVICE == 2);
C_ASSERT(FIELD_OFFSET(IO_STACK_LOCATION, MajorFunction) == 0 && FIELD_OFFSET(IO_STACK_LOCATION, Parameters) == 8);  /* as on x64 */
C_ASSERT(sizeof(KIRQL) == 1 && DISPATCH_LEVEL == 2 && HIGH_LEVEL == 15);
C_ASSERT(STATUS_CANCELLED == (NTSTATUS)0xC0000120L && STATUS_DELETE_PENDING == (NTSTATUS)0xC0000056L);
C_ASSERT(sizeof(PCI_COMMON_HEADER) == PCI_COMMON_HDR_LENGTH && sizeof(PCI_COMMON_CONFIG) == 256);
C_ASSERT(FIELD_OFFSET(PCI_COMMON_CONFIG, DeviceSpecific) == PCI_COMMON_HDR_LENGTH && FIELD_OFFSET(PCI_COMMON_CONFIG, VendorID) == 0);

typedef struct _FDO_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT LowerDevice;
    PDEVICE_OBJECT Pdo;
    IO_REMOVE_LOCK RemoveLock;
    UNICODE_STRING InterfaceName;
    BOOLEAN Started;

    IO_CSQ Csq;
    LIST_ENTRY PendingIrps;
    KSPIN_LOCK QueueLock;
    KEVENT WorkReady;
    KEVENT Stop;
    PKTHREAD Worker;

    PIRP HeldIrp;                   /* held with a classic cancel routine */
    WCHAR Description[128];
} FDO_EXTENSION, *PFDO_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE CsqAddDevice;
DRIVER_UNLOAD CsqUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH CsqCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH CsqDeviceControl;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH CsqPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH CsqPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) DRIVER_DISPATCH CsqPassThrough;
IO_COMPLETION_ROUTINE CsqSignalCompletion;
DRIVER_CANCEL CsqCancelHeldIrp;
KSTART_ROUTINE CsqWorkerThread;
IO_CSQ_INSERT_IRP CsqInsertIrp;
IO_CSQ_REMOVE_IRP CsqRemoveIrp;
IO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp;
IO_CSQ_ACQUIRE_LOCK CsqAcquireLock;
IO_CSQ_RELEASE_LOCK CsqReleaseLock;
IO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE CsqInterfaceChange;

static PVOID g_NotificationEntry;
static PDEVICE_OBJECT g_ControlDevice;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CsqAddDevice)
#pragma alloc_text(PAGE, CsqUnload)
#pragma alloc_text(PAGE, CsqWorkerThread)
#endif

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;
    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = CsqPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = CsqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CsqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CsqDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = CsqPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = CsqPower;
    DriverObject->DriverExtension->AddDevice = CsqAddDevice;
    DriverObject->DriverUnload = CsqUnload;

    /* A control device only administrators may open, and a watch on our interface class. */
    {
        UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\CsqFilterControl");
        NTSTATUS status = IoCreateDeviceSecure(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                                               &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, &GUID_DEVINTERFACE_CSQFILTER, &g_ControlDevice);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        g_ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
        status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                                PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                                (PVOID)&GUID_DEVINTERFACE_CSQFILTER, DriverObject, CsqInterfaceChange, NULL,
                                                &g_NotificationEntry);
        if (!NT_SUCCESS(status)) {
            IoDeleteDevice(g_ControlDevice);
            return status;
        }
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS CsqInterfaceChange(PVOID NotificationStructure, PVOID Context)
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION change = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;
    UNREFERENCED_PARAMETER(Context);
    if (IsEqualGUID(&change->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        KdPrint(("CsqFilter: interface %wZ arrived\n", change->SymbolicLinkName));
    } else if (IsEqualGUID(&change->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        KdPrint(("CsqFilter: interface %wZ removed\n", change->SymbolicLinkName));
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID CsqUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    IoUnregisterPlugPlayNotificationEx(g_NotificationEntry);
    IoDeleteDevice(g_ControlDevice);
}

/* ---- cancel-safe queue callbacks ---- */

_Use_decl_annotations_
VOID CsqInsertIrp(PIO_CSQ Csq, PIRP Irp)
{
    PFDO_EXTENSION fdo = CONTAINING_RECORD(Csq, FDO_EXTENSION, Csq);
    InsertTailList(&fdo->PendingIrps, &Irp->Tail.Overlay.ListEntry);
}

_Use_decl_annotations_
VOID CsqRemoveIrp(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

_Use_decl_annotations_
PIRP CsqPeekNextIrp(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
    PFDO_EXTENSION fdo = CONTAINING_RECORD(Csq, FDO_EXTENSION, Csq);
    PLIST_ENTRY entry = (Irp == NULL) ? fdo->PendingIrps.Flink : Irp->Tail.Overlay.ListEntry.Flink;

    while (entry != &fdo->PendingIrps) {
        PIRP next = CONTAINING_RECORD(entry, IRP, Tail.Overlay.ListEntry);
        PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(next);
        if (PeekContext == NULL || stack->FileObject == (PFILE_OBJECT)PeekContext) {
            return next;
        }
        entry = entry->Flink;
    }
    return NULL;
}

_Use_decl_annotations_
VOID CsqAcquireLock(PIO_CSQ Csq, PKIRQL Irql)
{
    PFDO_EXTENSION fdo = CONTAINING_RECORD(Csq, FDO_EXTENSION, Csq);
    KeAcquireSpinLock(&fdo->QueueLock, Irql);
}

_Use_decl_annotations_
VOID CsqReleaseLock(PIO_CSQ Csq, KIRQL Irql)
{
    PFDO_EXTENSION fdo = CONTAINING_RECORD(Csq, FDO_EXTENSION, Csq);
    KeReleaseSpinLock(&fdo->QueueLock, Irql);
}

_Use_decl_annotations_
VOID CsqCompleteCanceledIrp(PIO_CSQ Csq, PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

/* ---- the worker thread drains the queue ---- */

_Use_decl_annotations_
VOID CsqWorkerThread(PVOID StartContext)
{
    PFDO_EXTENSION fdo = (PFDO_EXTENSION)StartContext;
    PVOID objects[2];
    KWAIT_BLOCK waitBlocks[2];
    NTSTATUS status;

    PAGED_CODE();
    objects[0] = &fdo->Stop;
    objects[1] = &fdo->WorkReady;
    C_ASSERT(RTL_NUMBER_OF(objects) <= THREAD_WAIT_OBJECTS);

    for (;;) {
        PIRP irp;
        status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode, FALSE, NULL, waitBlocks);
        if (status == STATUS_WAIT_0) {
            break;
        }
        while ((irp = IoCsqRemoveNextIrp(&fdo->Csq, NULL)) != NULL) {
            LARGE_INTEGER delay;
            delay.QuadPart = -10 * 1000 * 10;   /* 10 ms, relative */
            KeDelayExecutionThread(KernelMode, FALSE, &delay);
            irp->IoStatus.Status = STATUS_SUCCESS;
            irp->IoStatus.Information = 0;
            IoCompleteRequest(irp, IO_NO_INCREMENT);
            IoReleaseRemoveLock(&fdo->RemoveLock, irp);
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS CsqStartWorker(_Inout_ PFDO_EXTENSION fdo)
{
    HANDLE thread;
    OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &attributes, NULL, NULL, CsqWorkerThread, fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode, (PVOID *)&fdo->Worker, NULL);
    ZwClose(thread);
    return status;
}

static VOID CsqStopWorker(_Inout_ PFDO_EXTENSION fdo)
{
    if (fdo->Worker != NULL) {
        KeSetEvent(&fdo->Stop, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(fdo->Worker, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(fdo->Worker);
        fdo->Worker = NULL;
    }
}

/* ---- AddDevice ---- */

_Use_decl_annotations_
NTSTATUS CsqAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT device;
    PFDO_EXTENSION fdo;
    NTSTATUS status;
    ULONG length = 0;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(FDO_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    fdo = (PFDO_EXTENSION)device->DeviceExtension;
    RtlZeroMemory(fdo, sizeof(*fdo));
    fdo->Self = device;
    fdo->Pdo = PhysicalDeviceObject;
    IoInitializeRemoveLock(&fdo->RemoveLock, CSQ_TAG, 0, 0);
    InitializeListHead(&fdo->PendingIrps);
    KeInitializeSpinLock(&fdo->QueueLock);
    KeInitializeEvent(&fdo->WorkReady, SynchronizationEvent, FALSE);
    KeInitializeEvent(&fdo->Stop, NotificationEvent, FALSE);
    status = IoCsqInitialize(&fdo->Csq, CsqInsertIrp, CsqRemoveIrp, CsqPeekNextIrp, CsqAcquireLock, CsqReleaseLock,
                             CsqCompleteCanceledIrp);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    status = IoGetDeviceProperty(PhysicalDeviceObject, DevicePropertyDeviceDescription, sizeof(fdo->Description),
                                 fdo->Description, &length);
    if (!NT_SUCCESS(status)) {
        fdo->Description[0] = UNICODE_NULL;
    }

    status = IoRegisterDeviceInterface(PhysicalDeviceObject, &GUID_DEVINTERFACE_CSQFILTER, NULL, &fdo->InterfaceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    fdo->LowerDevice = IoAttachDeviceToDeviceStack(device, PhysicalDeviceObject);
    if (fdo->LowerDevice == NULL) {
        RtlFreeUnicodeString(&fdo->InterfaceName);
        IoDeleteDevice(device);
        return STATUS_NO_SUCH_DEVICE;
    }
    device->Flags |= fdo->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

/* ---- create, close, pass-through ---- */

_Use_decl_annotations_
NTSTATUS CsqCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS CsqPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION fdo = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = IoAcquireRemoveLock(&fdo->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(fdo->LowerDevice, Irp);
    IoReleaseRemoveLock(&fdo->RemoveLock, Irp);
    return status;
}

/* ---- a classic cancel routine for the one held IRP ---- */

_Use_decl_annotations_
VOID CsqCancelHeldIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION fdo = (PFDO_EXTENSION)DeviceObject->DeviceExtension;

    /* Called with the cancel spin lock held. */
    if (fdo->HeldIrp == Irp) {
        fdo->HeldIrp = NULL;
    }
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

/* Signals the event passed as context and keeps the IRP for the dispatch routine. */
_Use_decl_annotations_
NTSTATUS CsqSignalCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Sends an internal request of our own down the stack and waits for it. */
static NTSTATUS CsqForwardOwnRequest(_In_ PFDO_EXTENSION fdo, _In_reads_bytes_(Length) PVOID Buffer, _In_ ULONG Length)
{
    KEVENT event;
    IO_STATUS_BLOCK ioStatus;
    PIRP irp;
    PMDL mdl;
    NTSTATUS status;
    PVOID copy;

    copy = ExAllocatePool2(POOL_FLAG_NON_PAGED, Length, CSQ_TAG);
    if (copy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, Buffer, Length);

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    irp = IoBuildDeviceIoControlRequest(IOCTL_CSQ_FORWARD, fdo->LowerDevice, copy, Length, NULL, 0, TRUE, &event, &ioStatus);
    if (irp == NULL) {
        ExFreePoolWithTag(copy, CSQ_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoCallDriver(fdo->LowerDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = ioStatus.Status;
    }

    /* The same buffer once more, described by an MDL, in an IRP we allocate ourselves. */
    if (NT_SUCCESS(status)) {
        irp = IoAllocateIrp(fdo->LowerDevice->StackSize, FALSE);
        mdl = IoAllocateMdl(copy, Length, FALSE, FALSE, NULL);
        if (irp == NULL || mdl == NULL) {
            if (irp != NULL) IoFreeIrp(irp);
            if (mdl != NULL) IoFreeMdl(mdl);
            ExFreePoolWithTag(copy, CSQ_TAG);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        MmBuildMdlForNonPagedPool(mdl);
        irp->MdlAddress = mdl;
        {
            PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
            next->MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
            next->Parameters.DeviceIoControl.IoControlCode = IOCTL_CSQ_FORWARD;
            next->Parameters.DeviceIoControl.InputBufferLength = Length;
        }
        KeClearEvent(&event);
        IoSetCompletionRoutine(irp, CsqSignalCompletion, &event, TRUE, TRUE, TRUE);
        status = IoCallDriver(fdo->LowerDevice, irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        }
        status = irp->IoStatus.Status;
        IoFreeMdl(mdl);
        IoFreeIrp(irp);
    }
    ExFreePoolWithTag(copy, CSQ_TAG);
    return status;
}

_Use_decl_annotations_
NTSTATUS CsqDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION fdo = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    KIRQL irql;

    status = IoAcquireRemoveLock(&fdo->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_CSQ_QUEUE:
        /* The worker thread completes it; the remove lock stays held until then. */
        IoCsqInsertIrp(&fdo->Csq, Irp, NULL);
        KeSetEvent(&fdo->WorkReady, IO_NO_INCREMENT, FALSE);
        return STATUS_PENDING;

    case IOCTL_CSQ_FLUSH:
        /* Hold this one with a classic cancel routine until the next flush. */
        IoAcquireCancelSpinLock(&irql);
        if (fdo->HeldIrp != NULL && IoSetCancelRoutine(fdo->HeldIrp, NULL) != NULL) {
            PIRP held = fdo->HeldIrp;
            fdo->HeldIrp = NULL;
            IoReleaseCancelSpinLock(irql);
            held->IoStatus.Status = STATUS_SUCCESS;
            IoCompleteRequest(held, IO_NO_INCREMENT);
            IoAcquireCancelSpinLock(&irql);
        }
        if (Irp->Cancel) {
            IoReleaseCancelSpinLock(irql);
            status = STATUS_CANCELLED;
            break;
        }
        IoMarkIrpPending(Irp);
        IoSetCancelRoutine(Irp, CsqCancelHeldIrp);
        fdo->HeldIrp = Irp;
        IoReleaseCancelSpinLock(irql);
        IoReleaseRemoveLock(&fdo->RemoveLock, Irp);
        return STATUS_PENDING;

    case IOCTL_CSQ_FORWARD:
        status = CsqForwardOwnRequest(fdo, Irp->AssociatedIrp.SystemBuffer, stack->Parameters.DeviceIoControl.InputBufferLength);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&fdo->RemoveLock, Irp);
    return status;
}

/* ---- Plug and Play and power ---- */

_Use_decl_annotations_
NTSTATUS CsqPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION fdo = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    KEVENT started;

    status = IoAcquireRemoveLock(&fdo->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        /* The bus driver starts the hardware first: forward, wait, then start ourselves. */
        KeInitializeEvent(&started, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, CsqSignalCompletion, &started, TRUE, TRUE, TRUE);
        status = IoCallDriver(fdo->LowerDevice, Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&started, Executive, KernelMode, FALSE, NULL);
            status = Irp->IoStatus.Status;
        }
        if (NT_SUCCESS(status)) {
            status = CsqStartWorker(fdo);
        }
        if (NT_SUCCESS(status)) {
            status = IoSetDeviceInterfaceState(&fdo->InterfaceName, TRUE);
            fdo->Started = NT_SUCCESS(status);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&fdo->RemoveLock, Irp);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_QUERY_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (fdo->Started) {
            IoSetDeviceInterfaceState(&fdo->InterfaceName, FALSE);
        }
        CsqStopWorker(fdo);
        {
            PIRP irp;
            while ((irp = IoCsqRemoveNextIrp(&fdo->Csq, NULL)) != NULL) {
                irp->IoStatus.Status = STATUS_DELETE_PENDING;
                IoCompleteRequest(irp, IO_NO_INCREMENT);
                IoReleaseRemoveLock(&fdo->RemoveLock, irp);
            }
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(fdo->LowerDevice, Irp);
        IoReleaseRemoveLockAndWait(&fdo->RemoveLock, Irp);
        IoDetachDevice(fdo->LowerDevice);
        RtlFreeUnicodeString(&fdo->InterfaceName);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(fdo->LowerDevice, Irp);
    IoReleaseRemoveLock(&fdo->RemoveLock, Irp);
    return status;
}

_Use_decl_annotations_
NTSTATUS CsqPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION fdo = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    if (stack->MinorFunction == IRP_MN_SET_POWER && stack->Parameters.Power.Type == DevicePowerState) {
        PoSetPowerState(DeviceObject, DevicePowerState, stack->Parameters.Power.State);
    }
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(fdo->LowerDevice, Irp);
    return status;
}
