/*
 * DongLpt - a classic (NT4-style, non-PnP) driver for the lab's licence dongle on the
 * first parallel port (I/O ports 0x378-0x37A).
 *
 *   \Device\DongLpt0       the kernel device (kernel device numbers start at 0)
 *   \DosDevices\DongLpt1   the Win32 name programs open as \\.\DongLpt1
 *
 * WriteFile sends each byte to the dongle as a challenge; ReadFile returns the answers
 * the dongle gave. The I/O controls in dongioctl.h cover all four transfer methods.
 * A one-second timer DPC polls the status register so the driver notices when the
 * dongle is unplugged, and writes an event-log entry when it is missing.
 *
 * The dongle protocol (see the machine's parallel port): write the challenge byte to
 * the data register, pulse STROBE in the control register, switch the port to input
 * mode and read the answer from the data register.
 */
#include <ntddk.h>
#include "dongioctl.h"     /* shared with the dongtest program (kernel/test/programs/dongtest) */

#define DONG_NT_DEVICE_NAME     L"\\Device\\DongLpt"
#define DONG_WIN32_DEVICE_NAME  L"\\DosDevices\\DongLpt"
#define DONG_MAX_NAME_LENGTH    64
#define DONG_POOL_TAG           'gnoD'
#define DONG_DRIVER_MAJOR       1
#define DONG_DRIVER_MINOR       0

/* Parallel port registers, relative to the port base. */
#define DONG_PORT_BASE          0x378
#define DONG_REG_DATA           0
#define DONG_REG_STATUS         1
#define DONG_REG_CONTROL        2
#define DONG_REGISTER_SPAN      3

#define DONG_CTL_STROBE         0x01
#define DONG_CTL_INIT           0x04    /* nINIT high: printer not held in reset */
#define DONG_CTL_SELECT_IN      0x08
#define DONG_CTL_INPUT          0x20    /* data register reads the dongle's answer */
#define DONG_STATUS_SELECT      0x10    /* a dongle answers on the port */
#define DONG_STATUS_NOTHING     0x7F    /* what an empty port reads */

/* The licence key of the dongles this driver accepts: a dongle answers rotate-left-3(challenge XOR key). */
#define DONG_LICENCE_KEY        0xA5

#define DONG_ANSWER_FIFO_SIZE   256
#define DONG_POLL_INTERVAL_MS   1000

/*
 * Build-time checks of the WDK headers this driver relies on: a wrong value fails the build.
 */
C_ASSERT(sizeof(WCHAR) == 2);
C_ASSERT(sizeof(L"DongLpt") == 8 * sizeof(WCHAR));
C_ASSERT(sizeof(UCHAR) == 1 && sizeof(USHORT) == 2 && sizeof(ULONG) == 4 && sizeof(ULONGLONG) == 8);
C_ASSERT(sizeof(ULONG_PTR) == sizeof(PVOID));
C_ASSERT(sizeof(LARGE_INTEGER) == 8);
C_ASSERT(sizeof(UNICODE_STRING) == 2 * sizeof(USHORT) + sizeof(PWCH));
C_ASSERT(STATUS_SUCCESS == 0);
C_ASSERT(NT_SUCCESS(STATUS_SUCCESS) && NT_SUCCESS(STATUS_PENDING) && NT_SUCCESS(STATUS_OBJECT_NAME_EXISTS));
C_ASSERT(!NT_SUCCESS(STATUS_UNSUCCESSFUL) && !NT_SUCCESS(STATUS_BUFFER_OVERFLOW) && NT_WARNING(STATUS_BUFFER_OVERFLOW));
C_ASSERT(NT_ERROR(STATUS_INVALID_DEVICE_REQUEST) && STATUS_INVALID_DEVICE_REQUEST == (NTSTATUS)0xC0000010L);
C_ASSERT(STATUS_INSUFFICIENT_RESOURCES == (NTSTATUS)0xC000009AL && STATUS_PENDING == 0x103);
C_ASSERT(IRP_MJ_CREATE == 0 && IRP_MJ_READ == 3 && IRP_MJ_WRITE == 4 && IRP_MJ_DEVICE_CONTROL == 14);
C_ASSERT(CTL_CODE(FILE_DEVICE_SERIAL_PORT, 1, METHOD_BUFFERED, FILE_ANY_ACCESS) == 0x001B0004);
C_ASSERT(IOCTL_DONG_GET_VERSION == 0x80002000 && IOCTL_DONG_CHALLENGE == 0x8000E010);
C_ASSERT(METHOD_FROM_CTL_CODE(IOCTL_DONG_QUERY_STATUS) == METHOD_NEITHER);
C_ASSERT(DPFLTR_IHVDRIVER_ID == 77 && DPFLTR_INFO_LEVEL == 3);

typedef struct _DEVICE_EXTENSION {
    PDEVICE_OBJECT DeviceObject;
    ULONG NtDeviceNumber;
    PUCHAR PortBase;

    UNICODE_STRING LinkName;                    /* deleted again at unload */
    WCHAR LinkNameBuffer[DONG_MAX_NAME_LENGTH];

    KSPIN_LOCK Lock;                            /* guards the port registers and everything below */
    KTIMER PollTimer;
    KDPC PollDpc;
    BOOLEAN Present;
    UCHAR LastStatus;
    ULONG Polls;

    LONG OpenCount;
    ULONG BytesWritten;
    ULONG BytesRead;

    UCHAR Answers[DONG_ANSWER_FIFO_SIZE];       /* answers waiting for ReadFile */
    ULONG AnswerHead;
    ULONG AnswerCount;

    UCHAR Memory[DONG_MEMORY_SIZE];             /* what IOCTL_DONG_WRITE_DATA stored */
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DongDriverUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH DongDispatchCreateClose;
_Dispatch_type_(IRP_MJ_CLEANUP) DRIVER_DISPATCH DongDispatchCleanup;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH DongDispatchRead;
_Dispatch_type_(IRP_MJ_WRITE) DRIVER_DISPATCH DongDispatchWrite;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH DongDispatchDeviceControl;
KDEFERRED_ROUTINE DongPollDpc;

static NTSTATUS DongCreateDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ ULONG NtDeviceNumber);
static VOID DongLogError(_In_ PDEVICE_OBJECT DeviceObject, _In_ NTSTATUS ErrorCode, _In_ ULONG UniqueValue);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, DongCreateDevice)
#pragma alloc_text(PAGE, DongDriverUnload)
#pragma alloc_text(PAGE, DongDispatchCreateClose)
#pragma alloc_text(PAGE, DongDispatchCleanup)
#endif

/* ---- talking to the dongle (callers hold the device lock) ---- */

static UCHAR DongReadStatus(_In_ PDEVICE_EXTENSION Ext)
{
    return READ_PORT_UCHAR(Ext->PortBase + DONG_REG_STATUS);
}

static BOOLEAN DongIsPresent(_In_ UCHAR Status)
{
    return (BOOLEAN)(Status != DONG_STATUS_NOTHING && (Status & DONG_STATUS_SELECT) != 0);
}

/* One challenge/answer exchange. */
static UCHAR DongExchange(_In_ PDEVICE_EXTENSION Ext, _In_ UCHAR Challenge)
{
    PUCHAR control = Ext->PortBase + DONG_REG_CONTROL;
    PUCHAR data = Ext->PortBase + DONG_REG_DATA;
    UCHAR idle = DONG_CTL_INIT | DONG_CTL_SELECT_IN;
    UCHAR answer;

    WRITE_PORT_UCHAR(data, Challenge);
    WRITE_PORT_UCHAR(control, idle | DONG_CTL_STROBE);
    KeStallExecutionProcessor(1);
    WRITE_PORT_UCHAR(control, idle);            /* falling edge: the dongle answers */
    WRITE_PORT_UCHAR(control, idle | DONG_CTL_INPUT);
    answer = READ_PORT_UCHAR(data);
    WRITE_PORT_UCHAR(control, idle);
    (VOID)DongReadStatus(Ext);                  /* acknowledges the answer */
    return answer;
}

/* Undo a genuine dongle's scrambling: gives the challenge byte back only when the dongle has our key. */
static UCHAR DongUnscramble(_In_ UCHAR Answer)
{
    UCHAR x = (UCHAR)((Answer >> 3) | (Answer << 5));
    return (UCHAR)(x ^ DONG_LICENCE_KEY);
}

/* ---- driver entry and unload ---- */

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);     /* only the Debug build prints it */
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "DongLpt: DriverEntry %wZ\n", RegistryPath));

    DriverObject->DriverUnload = DongDriverUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DongDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DongDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = DongDispatchCleanup;
    DriverObject->MajorFunction[IRP_MJ_READ] = DongDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DongDispatchWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DongDispatchDeviceControl;

    /* One device on the first parallel port. */
    status = DongCreateDevice(DriverObject, 0);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "DongLpt: cannot create the device, 0x%08x\n", status);
        return status;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS DongCreateDevice(PDRIVER_OBJECT DriverObject, ULONG NtDeviceNumber)
{
    NTSTATUS status;
    UNICODE_STRING deviceName, number;
    WCHAR deviceNameBuffer[DONG_MAX_NAME_LENGTH];
    WCHAR numberBuffer[10];
    PDEVICE_OBJECT deviceObject;
    PDEVICE_EXTENSION ext;
    LARGE_INTEGER dueTime;
    KIRQL oldIrql;
    UCHAR portStatus;

    /* \Device\DongLpt<n> */
    deviceName.Buffer = deviceNameBuffer;
    deviceName.Length = 0;
    deviceName.MaximumLength = sizeof(deviceNameBuffer);
    number.Buffer = numberBuffer;
    number.Length = 0;
    number.MaximumLength = sizeof(numberBuffer);
    RtlAppendUnicodeToString(&deviceName, DONG_NT_DEVICE_NAME);
    RtlIntegerToUnicodeString(NtDeviceNumber, 10, &number);
    RtlAppendUnicodeStringToString(&deviceName, &number);

    status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), &deviceName, FILE_DEVICE_DONGLPT,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    deviceObject->Flags |= DO_BUFFERED_IO;
    ext = (PDEVICE_EXTENSION)deviceObject->DeviceExtension;
    RtlZeroMemory(ext, sizeof(DEVICE_EXTENSION));
    ext->DeviceObject = deviceObject;
    ext->NtDeviceNumber = NtDeviceNumber;
    ext->PortBase = (PUCHAR)(ULONG_PTR)DONG_PORT_BASE;
    KeInitializeSpinLock(&ext->Lock);
    KeInitializeDpc(&ext->PollDpc, DongPollDpc, ext);
    KeInitializeTimerEx(&ext->PollTimer, NotificationTimer);

    /* \DosDevices\DongLpt<n+1>, so programs can open \\.\DongLpt1 */
    ext->LinkName.Buffer = ext->LinkNameBuffer;
    ext->LinkName.Length = 0;
    ext->LinkName.MaximumLength = sizeof(ext->LinkNameBuffer);
    number.Length = 0;
    RtlAppendUnicodeToString(&ext->LinkName, DONG_WIN32_DEVICE_NAME);
    RtlIntegerToUnicodeString(NtDeviceNumber + 1, 10, &number);
    RtlAppendUnicodeStringToString(&ext->LinkName, &number);

    status = IoCreateSymbolicLink(&ext->LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    /* Is a dongle plugged in? */
    KeAcquireSpinLock(&ext->Lock, &oldIrql);
    portStatus = DongReadStatus(ext);
    ext->LastStatus = portStatus;
    ext->Present = DongIsPresent(portStatus);
    KeReleaseSpinLock(&ext->Lock, oldIrql);
    if (!ext->Present) {
        DongLogError(deviceObject, IO_ERR_NOT_READY, 1);
    }

    /* Poll the port once a second from now on (a negative due time is relative, in 100 ns units). */
    dueTime.QuadPart = -10000LL * DONG_POLL_INTERVAL_MS;
    KeSetTimerEx(&ext->PollTimer, dueTime, DONG_POLL_INTERVAL_MS, &ext->PollDpc);

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "DongLpt: %wZ -> %wZ, port 0x%x, dongle %s\n",
               &ext->LinkName, &deviceName, DONG_PORT_BASE, ext->Present ? "present" : "missing"));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID DongDriverUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT deviceObject = DriverObject->DeviceObject;

    PAGED_CODE();

    while (deviceObject != NULL) {
        PDEVICE_OBJECT next = deviceObject->NextDevice;
        PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)deviceObject->DeviceExtension;

        /* No timer may fire and no DPC may run once the device is gone. */
        KeCancelTimer(&ext->PollTimer);
        KeRemoveQueueDpc(&ext->PollDpc);
        KeFlushQueuedDpcs();

        IoDeleteSymbolicLink(&ext->LinkName);
        IoDeleteDevice(deviceObject);
        deviceObject = next;
    }
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "DongLpt: unloaded\n"));
}

/* ---- the poll timer ---- */

_Use_decl_annotations_
VOID DongPollDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeferredContext;
    BOOLEAN wasPresent, present;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireSpinLockAtDpcLevel(&ext->Lock);
    ext->Polls++;
    ext->LastStatus = DongReadStatus(ext);
    wasPresent = ext->Present;
    present = DongIsPresent(ext->LastStatus);
    ext->Present = present;
    KeReleaseSpinLockFromDpcLevel(&ext->Lock);

    if (wasPresent && !present) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "DongLpt: the dongle was removed\n");
        DongLogError(ext->DeviceObject, IO_ERR_NOT_READY, 2);
    }
}

/* ---- event log ---- */

/* An entry for the System log: the error code and the device name as insertion string. */
static VOID DongLogError(PDEVICE_OBJECT DeviceObject, NTSTATUS ErrorCode, ULONG UniqueValue)
{
    static const WCHAR name[] = L"DongLpt";
    PIO_ERROR_LOG_PACKET entry;
    UCHAR size = (UCHAR)(sizeof(IO_ERROR_LOG_PACKET) + sizeof(name));

    C_ASSERT(sizeof(IO_ERROR_LOG_PACKET) + sizeof(name) <= ERROR_LOG_MAXIMUM_SIZE);

    entry = (PIO_ERROR_LOG_PACKET)IoAllocateErrorLogEntry(DeviceObject, size);
    if (entry == NULL) {
        return;     /* the log is full: nothing else to do */
    }
    RtlZeroMemory(entry, size);
    entry->ErrorCode = ErrorCode;
    entry->UniqueErrorValue = UniqueValue;
    entry->FinalStatus = STATUS_DEVICE_NOT_CONNECTED;
    entry->NumberOfStrings = 1;
    entry->StringOffset = (USHORT)sizeof(IO_ERROR_LOG_PACKET);
    RtlCopyMemory((PUCHAR)entry + entry->StringOffset, name, sizeof(name));
    IoWriteErrorLogEntry(entry);
}

/* ---- dispatch routines ---- */

static NTSTATUS DongComplete(_Inout_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, NT_SUCCESS(Status) ? IO_PARALLEL_INCREMENT : IO_NO_INCREMENT);
    return Status;
}

_Use_decl_annotations_
NTSTATUS DongDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    PAGED_CODE();

    if (stack->MajorFunction == IRP_MJ_CREATE) {
        InterlockedIncrement(&ext->OpenCount);
    } else {
        InterlockedDecrement(&ext->OpenCount);
    }
    return DongComplete(Irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
NTSTATUS DongDispatchCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    return DongComplete(Irp, STATUS_SUCCESS, 0);    /* nothing is ever left pending */
}

/* WriteFile: every byte is a challenge; the answers queue up for ReadFile. */
_Use_decl_annotations_
NTSTATUS DongDispatchWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buffer = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG length = stack->Parameters.Write.Length, i;
    KIRQL oldIrql;

    if (length == 0) {
        return DongComplete(Irp, STATUS_SUCCESS, 0);
    }
    KeAcquireSpinLock(&ext->Lock, &oldIrql);
    if (!ext->Present) {
        KeReleaseSpinLock(&ext->Lock, oldIrql);
        return DongComplete(Irp, STATUS_DEVICE_NOT_CONNECTED, 0);
    }
    for (i = 0; i < length; i++) {
        UCHAR answer = DongExchange(ext, buffer[i]);
        ULONG tail = (ext->AnswerHead + ext->AnswerCount) % DONG_ANSWER_FIFO_SIZE;
        ext->Answers[tail] = answer;
        if (ext->AnswerCount < DONG_ANSWER_FIFO_SIZE) {
            ext->AnswerCount++;
        } else {
            ext->AnswerHead = (ext->AnswerHead + 1) % DONG_ANSWER_FIFO_SIZE;   /* drop the oldest */
        }
    }
    ext->BytesWritten += length;
    KeReleaseSpinLock(&ext->Lock, oldIrql);
    return DongComplete(Irp, STATUS_SUCCESS, length);
}

/* ReadFile: the queued answers, oldest first. */
_Use_decl_annotations_
NTSTATUS DongDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buffer = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG length = stack->Parameters.Read.Length, done = 0;
    KIRQL oldIrql;

    KeAcquireSpinLock(&ext->Lock, &oldIrql);
    while (done < length && ext->AnswerCount > 0) {
        buffer[done++] = ext->Answers[ext->AnswerHead];
        ext->AnswerHead = (ext->AnswerHead + 1) % DONG_ANSWER_FIFO_SIZE;
        ext->AnswerCount--;
    }
    ext->BytesRead += done;
    KeReleaseSpinLock(&ext->Lock, oldIrql);
    return DongComplete(Irp, STATUS_SUCCESS, done);
}

/* A range check shared by the two direct-I/O controls. */
static NTSTATUS DongCheckTransfer(_In_ PIRP Irp, _In_ PIO_STACK_LOCATION Stack, _Out_ PULONG Offset, _Out_ PULONG Length)
{
    PDONG_TRANSFER transfer = (PDONG_TRANSFER)Irp->AssociatedIrp.SystemBuffer;

    *Offset = 0;
    *Length = 0;
    if (Stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(DONG_TRANSFER) || Irp->MdlAddress == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    *Offset = transfer->Offset;
    *Length = MmGetMdlByteCount(Irp->MdlAddress);
    if (*Offset > DONG_MEMORY_SIZE || *Length > DONG_MEMORY_SIZE - *Offset) {
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS DongDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLength = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
    ULONG offset, length;
    PUCHAR mapped;
    KIRQL oldIrql;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_DONG_GET_VERSION: {                  /* METHOD_BUFFERED, output only */
        PDONG_VERSION version = (PDONG_VERSION)Irp->AssociatedIrp.SystemBuffer;
        if (outLength < sizeof(DONG_VERSION)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        version->Major = DONG_DRIVER_MAJOR;
        version->Minor = DONG_DRIVER_MINOR;
        version->PortBase = (ULONG)(ULONG_PTR)ext->PortBase;
        information = sizeof(DONG_VERSION);
        break;
    }

    case IOCTL_DONG_WRITE_DATA:                     /* METHOD_IN_DIRECT: the data is in the MDL */
        status = DongCheckTransfer(Irp, stack, &offset, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }
        mapped = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (mapped == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        KeAcquireSpinLock(&ext->Lock, &oldIrql);
        RtlCopyMemory(&ext->Memory[offset], mapped, length);
        ext->BytesWritten += length;
        KeReleaseSpinLock(&ext->Lock, oldIrql);
        information = length;
        break;

    case IOCTL_DONG_READ_DATA:                      /* METHOD_OUT_DIRECT: fill the MDL */
        status = DongCheckTransfer(Irp, stack, &offset, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }
        mapped = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (mapped == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        KeAcquireSpinLock(&ext->Lock, &oldIrql);
        RtlCopyMemory(mapped, &ext->Memory[offset], length);
        ext->BytesRead += length;
        KeReleaseSpinLock(&ext->Lock, oldIrql);
        information = length;
        break;

    case IOCTL_DONG_QUERY_STATUS: {                 /* METHOD_NEITHER: the caller's own pointer */
        PDONG_STATUS user = (PDONG_STATUS)Irp->UserBuffer;
        DONG_STATUS snapshot;
        if (outLength < sizeof(DONG_STATUS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&ext->Lock, &oldIrql);
        snapshot.Present = ext->Present;
        snapshot.OpenCount = (ULONG)ext->OpenCount;
        snapshot.BytesWritten = ext->BytesWritten;
        snapshot.BytesRead = ext->BytesRead;
        KeReleaseSpinLock(&ext->Lock, oldIrql);
        __try {
            if (Irp->RequestorMode != KernelMode) {
                ProbeForWrite(user, sizeof(DONG_STATUS), TYPE_ALIGNMENT(ULONG));
            }
            RtlCopyMemory(user, &snapshot, sizeof(DONG_STATUS));
            information = sizeof(DONG_STATUS);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            status = GetExceptionCode();
        }
        break;
    }

    case IOCTL_DONG_CHALLENGE: {                    /* METHOD_BUFFERED, both ways: one ULONG in, one out */
        PULONG io = (PULONG)Irp->AssociatedIrp.SystemBuffer;
        ULONG challenge, echoed = 0, i;
        if (inLength < sizeof(ULONG) || outLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        challenge = *io;
        KeAcquireSpinLock(&ext->Lock, &oldIrql);
        if (!ext->Present) {
            KeReleaseSpinLock(&ext->Lock, oldIrql);
            status = STATUS_DEVICE_NOT_CONNECTED;
            break;
        }
        /* Each byte goes through the dongle (least significant first); only a genuine one gives it back. */
        for (i = 0; i < sizeof(ULONG); i++) {
            UCHAR answer = DongExchange(ext, (UCHAR)(challenge >> (8 * i)));
            echoed |= (ULONG)DongUnscramble(answer) << (8 * i);
        }
        KeReleaseSpinLock(&ext->Lock, oldIrql);
        *io = DongResponse(echoed);     /* the contract in dongioctl.h */
        information = sizeof(ULONG);
        break;
    }

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return DongComplete(Irp, status, information);
}
