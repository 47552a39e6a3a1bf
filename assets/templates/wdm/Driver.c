// $safeprojectname$: a legacy (non-Plug and Play) kernel driver.
// DriverEntry makes one named device object and a symbolic link so user mode can open \\.\$safeprojectname$,
// then points the dispatch table at the routines below.
#include <ntddk.h>

#define NT_DEVICE_NAME  L"\\Device\\$safeprojectname$"
#define DOS_DEVICE_NAME L"\\DosDevices\\$safeprojectname$"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD $safeprojectname$Unload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH $safeprojectname$CreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH $safeprojectname$DeviceControl;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING ntName;
    UNICODE_STRING dosName;
    PDEVICE_OBJECT deviceObject = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "$safeprojectname$: DriverEntry\n");

    RtlInitUnicodeString(&ntName, NT_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&dosName, DOS_DEVICE_NAME);
    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = $safeprojectname$CreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = $safeprojectname$CreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = $safeprojectname$DeviceControl;
    DriverObject->DriverUnload = $safeprojectname$Unload;
    return STATUS_SUCCESS;
}

NTSTATUS
$safeprojectname$CreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
$safeprojectname$DeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    UNREFERENCED_PARAMETER(DeviceObject);
    // No control codes yet: add your IOCTLs here (CTL_CODE in a header shared with the application).
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "$safeprojectname$: IOCTL 0x%08X\n",
               stack->Parameters.DeviceIoControl.IoControlCode);
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
$safeprojectname$Unload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosName;

    RtlInitUnicodeString(&dosName, DOS_DEVICE_NAME);
    IoDeleteSymbolicLink(&dosName);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "$safeprojectname$: Unload\n");
}
