/*
 * DoubleComplete - a buggy classic driver for the bugcheck tests: its create dispatch completes the IRP and then
 * completes it again, which Windows stops with MULTIPLE_IRP_COMPLETE_REQUESTS (0x44).
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DcUnload;
_Dispatch_type_(IRP_MJ_CREATE) DRIVER_DISPATCH DcCreate;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\DoubleComplete");

NTSTATUS DcCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);   /* the bug: the IRP is no longer ours */
    return STATUS_SUCCESS;
}

VOID DcUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT device;
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->DriverUnload = DcUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DcCreate;
    return IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
}
