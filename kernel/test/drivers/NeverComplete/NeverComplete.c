/*
 * NeverComplete - a buggy classic driver for the process-exit tests: its device-control dispatch marks the IRP
 * pending and keeps it with NO cancel routine, so nothing ever completes it. On Windows the issuing process
 * cannot finish exiting: taskkill leaves it in the process list while the rest of the system keeps running.
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD NcUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH NcCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH NcDeviceControl;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\NeverComplete");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\NeverComplete");
static PIRP g_Held;

NTSTATUS NcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS NcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoMarkIrpPending(Irp);
    g_Held = Irp;                /* the bug: held with no cancel routine and never completed */
    DbgPrint("NeverComplete: holding IRP %p\n", Irp);
    return STATUS_PENDING;
}

VOID NcUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = NcUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = NcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = NcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NcDeviceControl;
    status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) return status;
    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) IoDeleteDevice(device);
    return status;
}
