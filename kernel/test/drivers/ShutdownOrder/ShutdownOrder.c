/*
 * ShutdownOrder - a WDM driver that says which shutdown IRPs reach it and in what order: two control devices
 * (\Device\ShutdownOrder registered with IoRegisterShutdownNotification, \Device\ShutdownOrderLast with
 * IoRegisterLastChanceShutdownNotification) get IRP_MJ_SHUTDOWN; the FDO it attaches to its root-enumerated PDO
 * gets the power manager's system power IRP and passes it down. Built with HOLD_POWER_IRP 1 it keeps that IRP
 * pending forever, which Windows ends with DRIVER_POWER_STATE_FAILURE (0x9F).
 */
#include <ntddk.h>
#include <wdmsec.h>

#define HOLD_POWER_IRP 0
#define SAY(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

typedef struct _FDO_EXTENSION {
    PDEVICE_OBJECT Lower;
} FDO_EXTENSION, *PFDO_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE ShutdownOrderAddDevice;
DRIVER_UNLOAD ShutdownOrderUnload;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH ShutdownOrderShutdown;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH ShutdownOrderPower;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH ShutdownOrderPnp;

static PDEVICE_OBJECT g_Control, g_LastChance;

static NTSTATUS CreateControl(PDRIVER_OBJECT DriverObject, PCWSTR name, PDEVICE_OBJECT *device)
{
    UNICODE_STRING deviceName;
    NTSTATUS status;
    RtlInitUnicodeString(&deviceName, name);
    status = IoCreateDeviceSecure(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                                  &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, NULL, device);
    if (NT_SUCCESS(status)) (*device)->Flags &= ~DO_DEVICE_INITIALIZING;
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = ShutdownOrderShutdown;
    DriverObject->MajorFunction[IRP_MJ_POWER] = ShutdownOrderPower;
    DriverObject->MajorFunction[IRP_MJ_PNP] = ShutdownOrderPnp;
    DriverObject->DriverExtension->AddDevice = ShutdownOrderAddDevice;
    DriverObject->DriverUnload = ShutdownOrderUnload;
    status = CreateControl(DriverObject, L"\\Device\\ShutdownOrder", &g_Control);
    if (!NT_SUCCESS(status)) return status;
    status = CreateControl(DriverObject, L"\\Device\\ShutdownOrderLast", &g_LastChance);
    if (!NT_SUCCESS(status)) { IoDeleteDevice(g_Control); return status; }
    IoRegisterShutdownNotification(g_Control);
    IoRegisterLastChanceShutdownNotification(g_LastChance);
    SAY("ShutdownOrder: DriverEntry\n");
    return STATUS_SUCCESS;
}

VOID ShutdownOrderUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoUnregisterShutdownNotification(g_Control);
    IoUnregisterShutdownNotification(g_LastChance);
    IoDeleteDevice(g_LastChance);
    IoDeleteDevice(g_Control);
}

NTSTATUS ShutdownOrderAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT fdo;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(FDO_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) return status;
    PFDO_EXTENSION x = (PFDO_EXTENSION)fdo->DeviceExtension;
    x->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (x->Lower == NULL) { IoDeleteDevice(fdo); return STATUS_NO_SUCH_DEVICE; }
    fdo->Flags |= DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS ShutdownOrderShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    SAY("ShutdownOrder: IRP_MJ_SHUTDOWN (%s)\n", DeviceObject == g_LastChance ? "last chance" : "shutdown");
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS ShutdownOrderPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    if (DeviceObject == g_Control || DeviceObject == g_LastChance) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_NOT_SUPPORTED;
    }
    if (sl->MinorFunction == IRP_MN_SET_POWER && sl->Parameters.Power.Type == SystemPowerState) {
        SAY("ShutdownOrder: IRP_MN_SET_POWER system state %d, action %d\n",
            sl->Parameters.Power.State.SystemState, sl->Parameters.Power.ShutdownType);
#if HOLD_POWER_IRP
        IoMarkIrpPending(Irp);
        return STATUS_PENDING;
#endif
    }
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(((PFDO_EXTENSION)DeviceObject->DeviceExtension)->Lower, Irp);
}

NTSTATUS ShutdownOrderPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    if (DeviceObject == g_Control || DeviceObject == g_LastChance) {
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    PFDO_EXTENSION x = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    PDEVICE_OBJECT lower = x->Lower;
    UCHAR minor = sl->MinorFunction;
    if (minor == IRP_MN_START_DEVICE || minor == IRP_MN_QUERY_REMOVE_DEVICE || minor == IRP_MN_REMOVE_DEVICE) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);
    if (minor == IRP_MN_REMOVE_DEVICE) {
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
    }
    return status;
}
