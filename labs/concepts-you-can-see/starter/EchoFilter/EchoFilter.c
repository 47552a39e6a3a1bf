/*
 * EchoFilter.c - a WDM upper filter for the Echo device. It sits above Echo's function device object
 * and passes every request down unchanged, printing the ones a program sends, so that you can watch
 * an IRP travel down a device stack.
 *
 * Installed as a service, then named in the device's UpperFilters value:
 *   sc create EchoFilter type= kernel binPath= C:\DriverTest\Drivers\EchoFilter.sys
 *   reg add HKLM\SYSTEM\CurrentControlSet\Enum\<instance path> /v UpperFilters /t REG_MULTI_SZ /d EchoFilter
 */
#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE EchoFilterAddDevice;
DRIVER_UNLOAD EchoFilterUnload;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH EchoFilterDispatchPnp;
DRIVER_DISPATCH EchoFilterDispatchPass;

/* Our device extension: where requests go next. */
typedef struct _FILTER_EXTENSION {
    PDEVICE_OBJECT Lower;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

NTSTATUS EchoFilterAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT filter;
    PFILTER_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(FILTER_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PFILTER_EXTENSION)filter->DeviceExtension;
    /* Attach on top of whatever is on the stack now (Echo's FDO): we become the top. */
    ext->Lower = IoAttachDeviceToDeviceStack(filter, Pdo);
    if (ext->Lower == NULL) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }
    /* A filter takes the buffering method of the device below it. */
    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "EchoFilter: attached above %p\n", ext->Lower);
    return STATUS_SUCCESS;
}

/* Everything but PnP: note it and hand it to the next driver down, untouched. */
NTSTATUS EchoFilterDispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "EchoFilter: IRP major 0x%x passes down\n", sp->MajorFunction);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

/* PnP: pass down too; when the device goes away, leave the stack and delete our device. */
NTSTATUS EchoFilterDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;
    PDEVICE_OBJECT lower = ext->Lower;
    UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
    NTSTATUS status;

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);
    if (minor == IRP_MN_REMOVE_DEVICE) {
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
    }
    return status;
}

VOID EchoFilterUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = EchoFilterDispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP] = EchoFilterDispatchPnp;
    DriverObject->DriverExtension->AddDevice = EchoFilterAddDevice;
    DriverObject->DriverUnload = EchoFilterUnload;
    return STATUS_SUCCESS;
}
