/*
 * LptIrq - an interrupt-driven classic NT driver for the lab dongle on LPT1 (ports 0x378-0x37A, ISA IRQ 7).
 *
 *   \Device\LptIrq0, \DosDevices\LptIrq1
 *
 * WriteFile queues the bytes as challenges: the dispatch routine starts the transfer under the interrupt spin
 * lock (KeSynchronizeExecution) and returns STATUS_PENDING. Each answer raises IRQ 7; the ISR reads the answer,
 * sends the next byte, and after the last one asks for its DpcForIsr (IoRequestDpc), which completes the IRP.
 * ReadFile returns the answers collected so far. DriverUnload disconnects the interrupt.
 */
#include <ntddk.h>

#define LPT_PORT_BASE       0x378
#define LPT_IRQ             7
#define LPT_REG_DATA        0
#define LPT_REG_STATUS      1
#define LPT_REG_CONTROL     2
#define LPT_CTL_STROBE      0x01
#define LPT_CTL_IDLE        0x0C    /* nINIT high, SELECT_IN */
#define LPT_CTL_IRQ_ENABLE  0x10
#define LPT_CTL_INPUT       0x20
#define LPT_STATUS_NACK     0x40    /* low once after an answer */
#define LPT_ANSWERS         256

typedef struct _LPT_EXTENSION {
    PDEVICE_OBJECT DeviceObject;
    PUCHAR PortBase;
    PKINTERRUPT Interrupt;
    PIRP CurrentIrp;                /* the write in progress (guarded by the interrupt spin lock) */
    PUCHAR Buffer;
    ULONG Length;
    ULONG Index;
    UCHAR Answers[LPT_ANSWERS];
    ULONG AnswerCount;
} LPT_EXTENSION, *PLPT_EXTENSION;

/* What the test reads: [0] IRQL in the ISR, [1] ISR calls, [2] claimed, [3] DPCs, [4] IRQL in the DPC,
   [5] vector, [6] DIRQL, [7] IoConnectInterrupt status, [8] IoConnectInterruptEx status, [9] IRQL inside
   KeSynchronizeExecution, [10] ISRs that found no answer, [11] KeGetCurrentIrql after KeAcquireInterruptSpinLock. */
LONG Stats[16];
PKINTERRUPT ExInterrupt;
/* Set by the storm test: the ISR claims every interrupt without quieting the port (the classic storm bug). */
BOOLEAN StormBug;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LptUnload;
KSERVICE_ROUTINE LptIsr;
KSERVICE_ROUTINE LptSecondIsr;
IO_DPC_ROUTINE LptDpcForIsr;
KSYNCHRONIZE_ROUTINE LptStartTransfer;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH LptCreateClose;
_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH LptWrite;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH LptRead;

/* Send one challenge byte: the dongle answers on the falling edge of STROBE and raises the interrupt. */
static VOID LptSend(_In_ PLPT_EXTENSION Ext, _In_ UCHAR Challenge)
{
    WRITE_PORT_UCHAR(Ext->PortBase + LPT_REG_DATA, Challenge);
    WRITE_PORT_UCHAR(Ext->PortBase + LPT_REG_CONTROL, LPT_CTL_IDLE | LPT_CTL_IRQ_ENABLE | LPT_CTL_STROBE);
    KeStallExecutionProcessor(1);
    WRITE_PORT_UCHAR(Ext->PortBase + LPT_REG_CONTROL, LPT_CTL_IDLE | LPT_CTL_IRQ_ENABLE);
}

BOOLEAN LptIsr(_In_ PKINTERRUPT Interrupt, _In_opt_ PVOID ServiceContext)
{
    PLPT_EXTENSION ext = (PLPT_EXTENSION)ServiceContext;
    UCHAR status, answer;
    UNREFERENCED_PARAMETER(Interrupt);

    Stats[0] = KeGetCurrentIrql();
    Stats[1]++;
    if (StormBug) return TRUE;
    status = READ_PORT_UCHAR(ext->PortBase + LPT_REG_STATUS);   /* acknowledges: the line drops */
    if ((status & LPT_STATUS_NACK) != 0 || ext->CurrentIrp == NULL) {
        Stats[10]++;
        return FALSE;                                           /* not our device's interrupt */
    }
    Stats[2]++;
    WRITE_PORT_UCHAR(ext->PortBase + LPT_REG_CONTROL, LPT_CTL_IDLE | LPT_CTL_IRQ_ENABLE | LPT_CTL_INPUT);
    answer = READ_PORT_UCHAR(ext->PortBase + LPT_REG_DATA);
    WRITE_PORT_UCHAR(ext->PortBase + LPT_REG_CONTROL, LPT_CTL_IDLE | LPT_CTL_IRQ_ENABLE);
    if (ext->AnswerCount < LPT_ANSWERS) ext->Answers[ext->AnswerCount++] = answer;
    ext->Index++;
    if (ext->Index < ext->Length) LptSend(ext, ext->Buffer[ext->Index]);
    else IoRequestDpc(ext->DeviceObject, ext->CurrentIrp, NULL);
    return TRUE;
}

/* A second ISR on a shared line that never claims (ConnectEx below). */
BOOLEAN LptSecondIsr(_In_ PKINTERRUPT Interrupt, _In_opt_ PVOID ServiceContext)
{
    UNREFERENCED_PARAMETER(Interrupt);
    UNREFERENCED_PARAMETER(ServiceContext);
    Stats[12]++;
    return FALSE;
}

VOID LptDpcForIsr(_In_ PKDPC Dpc, _In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp, _In_opt_ PVOID Context)
{
    PLPT_EXTENSION ext = (PLPT_EXTENSION)DeviceObject->DeviceExtension;
    KIRQL old;
    ULONG done;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);

    Stats[3]++;
    Stats[4] = KeGetCurrentIrql();
    old = KeAcquireInterruptSpinLock(ext->Interrupt);
    Stats[11] = KeGetCurrentIrql();
    done = ext->Index;
    ext->CurrentIrp = NULL;
    KeReleaseInterruptSpinLock(ext->Interrupt, old);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = done;
    IoCompleteRequest(Irp, IO_PARALLEL_INCREMENT);
}

/* Runs at the interrupt's SynchronizeIrql holding its spin lock: the ISR cannot run meanwhile. */
BOOLEAN LptStartTransfer(_In_opt_ PVOID Context)
{
    PIRP irp = (PIRP)Context;
    PLPT_EXTENSION ext = (PLPT_EXTENSION)IoGetCurrentIrpStackLocation(irp)->DeviceObject->DeviceExtension;

    Stats[9] = KeGetCurrentIrql();
    if (ext->CurrentIrp != NULL) return FALSE;
    ext->CurrentIrp = irp;
    ext->Buffer = (PUCHAR)irp->AssociatedIrp.SystemBuffer;
    ext->Length = IoGetCurrentIrpStackLocation(irp)->Parameters.Write.Length;
    ext->Index = 0;
    LptSend(ext, ext->Buffer[0]);
    return TRUE;
}

NTSTATUS LptWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PLPT_EXTENSION ext = (PLPT_EXTENSION)DeviceObject->DeviceExtension;

    if (IoGetCurrentIrpStackLocation(Irp)->Parameters.Write.Length == 0) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    IoMarkIrpPending(Irp);
    if (!KeSynchronizeExecution(ext->Interrupt, LptStartTransfer, Irp)) {
        Irp->IoStatus.Status = STATUS_DEVICE_BUSY;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
    }
    return STATUS_PENDING;
}

NTSTATUS LptRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PLPT_EXTENSION ext = (PLPT_EXTENSION)DeviceObject->DeviceExtension;
    ULONG length = IoGetCurrentIrpStackLocation(Irp)->Parameters.Read.Length;
    KIRQL old = KeAcquireInterruptSpinLock(ext->Interrupt);
    ULONG n = ext->AnswerCount < length ? ext->AnswerCount : length;

    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, ext->Answers, n);
    RtlMoveMemory(ext->Answers, ext->Answers + n, ext->AnswerCount - n);
    ext->AnswerCount -= n;
    KeReleaseInterruptSpinLock(ext->Interrupt, old);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = n;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS LptCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

/* IoConnectInterruptEx (CONNECT_FULLY_SPECIFIED) of a second, sharing ISR on the same line, for a PDO the caller names. */
NTSTATUS ConnectEx(_In_ PDEVICE_OBJECT Pdo, _In_ BOOLEAN Share)
{
    IO_CONNECT_INTERRUPT_PARAMETERS params;
    RtlZeroMemory(&params, sizeof(params));
    params.Version = CONNECT_FULLY_SPECIFIED;
    params.FullySpecified.PhysicalDeviceObject = Pdo;
    params.FullySpecified.InterruptObject = &ExInterrupt;
    params.FullySpecified.ServiceRoutine = LptSecondIsr;
    params.FullySpecified.ServiceContext = NULL;
    params.FullySpecified.Vector = (ULONG)Stats[5];
    params.FullySpecified.Irql = (KIRQL)Stats[6];
    params.FullySpecified.SynchronizeIrql = (KIRQL)Stats[6];
    params.FullySpecified.InterruptMode = LevelSensitive;
    params.FullySpecified.ShareVector = Share;
    params.FullySpecified.ProcessorEnableMask = 1;
    Stats[8] = IoConnectInterruptEx(&params);
    return Stats[8];
}

VOID DisconnectEx(VOID)
{
    IO_DISCONNECT_INTERRUPT_PARAMETERS params;
    if (ExInterrupt == NULL) return;
    params.Version = CONNECT_FULLY_SPECIFIED;
    params.ConnectionContext.InterruptObject = ExInterrupt;
    IoDisconnectInterruptEx(&params);
    ExInterrupt = NULL;
}

VOID LptUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT dev = DriverObject->DeviceObject;
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\LptIrq1");

    DisconnectEx();
    if (dev != NULL) {
        PLPT_EXTENSION ext = (PLPT_EXTENSION)dev->DeviceExtension;
        WRITE_PORT_UCHAR(ext->PortBase + LPT_REG_CONTROL, LPT_CTL_IDLE);   /* interrupts off at the port */
        IoDisconnectInterrupt(ext->Interrupt);
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(dev);
    }
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LptIrq0");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\LptIrq1");
    PDEVICE_OBJECT dev;
    PLPT_EXTENSION ext;
    KIRQL irql;
    KAFFINITY affinity;
    ULONG vector;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(LPT_EXTENSION), &name, FILE_DEVICE_PARALLEL_PORT, 0, FALSE, &dev);
    if (!NT_SUCCESS(status)) return status;
    dev->Flags |= DO_BUFFERED_IO;
    ext = (PLPT_EXTENSION)dev->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->DeviceObject = dev;
    ext->PortBase = (PUCHAR)(ULONG_PTR)LPT_PORT_BASE;
    IoInitializeDpcRequest(dev, LptDpcForIsr);

    vector = HalGetInterruptVector(Isa, 0, LPT_IRQ, LPT_IRQ, &irql, &affinity);
    Stats[5] = (LONG)vector;
    Stats[6] = irql;
    status = IoConnectInterrupt(&ext->Interrupt, LptIsr, ext, NULL, vector, irql, irql, Latched, TRUE, affinity, FALSE);
    Stats[7] = status;
    if (NT_SUCCESS(status)) status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        if (ext->Interrupt != NULL) IoDisconnectInterrupt(ext->Interrupt);
        IoDeleteDevice(dev);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = LptCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LptCreateClose;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = LptWrite;
    DriverObject->MajorFunction[IRP_MJ_READ] = LptRead;
    DriverObject->DriverUnload = LptUnload;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
