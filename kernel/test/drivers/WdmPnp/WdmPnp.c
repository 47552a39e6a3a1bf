/*
 * WdmPnp - a small WDM PnP function driver: AddDevice creates an FDO, attaches it to the PDO and registers a
 * device interface; IRP_MN_START_DEVICE goes down first, then the interface is enabled and a property and the
 * hardware key are read; IRP_MN_REMOVE_DEVICE disables the interface, detaches and deletes the FDO.
 */
#include <initguid.h>
#include <ntddk.h>

/* {5b0a3c2e-8f41-4d6a-9c1e-2a7d3b4c5e60} */
DEFINE_GUID(GUID_DEVINTERFACE_WDMPNP, 0x5b0a3c2e, 0x8f41, 0x4d6a, 0x9c, 0x1e, 0x2a, 0x7d, 0x3b, 0x4c, 0x5e, 0x60);

typedef struct _FDO_EXTENSION {
    PDEVICE_OBJECT Lower;
    PDEVICE_OBJECT Pdo;
    UNICODE_STRING Interface;
} FDO_EXTENSION, *PFDO_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE WdmPnpAddDevice;
DRIVER_UNLOAD WdmPnpUnload;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH WdmPnpDispatchPnp;
DRIVER_DISPATCH WdmPnpDispatchPass;
IO_COMPLETION_ROUTINE WdmPnpStartCompleted;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) DriverObject->MajorFunction[i] = WdmPnpDispatchPass;
    DriverObject->MajorFunction[IRP_MJ_PNP] = WdmPnpDispatchPnp;
    DriverObject->DriverExtension->AddDevice = WdmPnpAddDevice;
    DriverObject->DriverUnload = WdmPnpUnload;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "WdmPnp: DriverEntry\n");
    return STATUS_SUCCESS;
}

VOID WdmPnpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "WdmPnp: Unload\n");
}

NTSTATUS WdmPnpAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT fdo;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(FDO_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) return status;
    PFDO_EXTENSION x = (PFDO_EXTENSION)fdo->DeviceExtension;
    x->Pdo = PhysicalDeviceObject;
    status = IoRegisterDeviceInterface(PhysicalDeviceObject, &GUID_DEVINTERFACE_WDMPNP, NULL, &x->Interface);
    if (!NT_SUCCESS(status)) { IoDeleteDevice(fdo); return status; }
    x->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (x->Lower == NULL) { RtlFreeUnicodeString(&x->Interface); IoDeleteDevice(fdo); return STATUS_NO_SUCH_DEVICE; }
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "WdmPnp: AddDevice %wZ\n", &x->Interface);
    return STATUS_SUCCESS;
}

/* START_DEVICE completes on the way up: the event tells the dispatch routine the lower drivers are done. */
NTSTATUS WdmPnpStartCompleted(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static VOID WdmPnpReportStarted(PFDO_EXTENSION x)
{
    WCHAR name[64];
    ULONG length = 0;
    HANDLE key;
    NTSTATUS status = IoGetDeviceProperty(x->Pdo, DevicePropertyHardwareID, sizeof(name), name, &length);
    if (NT_SUCCESS(status)) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "WdmPnp: HardwareID %ws (%lu bytes)\n", name, length);
    status = IoOpenDeviceRegistryKey(x->Pdo, PLUGPLAY_REGKEY_DEVICE, KEY_READ, &key);
    if (NT_SUCCESS(status)) {
        UNICODE_STRING value = RTL_CONSTANT_STRING(L"Setting");
        UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
        PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
        status = ZwQueryValueKey(key, &value, KeyValuePartialInformation, info, sizeof(buffer), &length);
        if (NT_SUCCESS(status) && info->Type == REG_DWORD)
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "WdmPnp: Setting %lu\n", *(PULONG)info->Data);
        ZwClose(key);
    }
}

NTSTATUS WdmPnpDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION x = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    switch (sl->MinorFunction) {
    case IRP_MN_START_DEVICE: {
        KEVENT done;
        KeInitializeEvent(&done, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, WdmPnpStartCompleted, &done, TRUE, TRUE, TRUE);
        status = IoCallDriver(x->Lower, Irp);
        if (status == STATUS_PENDING) KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
        if (NT_SUCCESS(status)) {
            status = IoSetDeviceInterfaceState(&x->Interface, TRUE);
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "WdmPnp: started, interface enabled 0x%08lx\n", status);
            WdmPnpReportStarted(x);
            status = STATUS_SUCCESS;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    case IRP_MN_REMOVE_DEVICE:
        IoSetDeviceInterfaceState(&x->Interface, FALSE);
        RtlFreeUnicodeString(&x->Interface);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(x->Lower, Irp);
        IoDetachDevice(x->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    case IRP_MN_QUERY_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;
    default:
        break;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(x->Lower, Irp);
}

/* Create, close and the rest: create/close succeed here; everything else goes to the PDO. */
NTSTATUS WdmPnpDispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_EXTENSION x = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    UCHAR major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
    if (major == IRP_MJ_CREATE || major == IRP_MJ_CLOSE || major == IRP_MJ_CLEANUP) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(x->Lower, Irp);
}
