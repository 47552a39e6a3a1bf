// KmdfStack: a KMDF function driver whose behaviour comes from the registry its INF writes.
// DriverEntry reads the service's Parameters key; EvtDeviceAdd reads the device's hardware key
// (Device Parameters, from the INF's .HW AddReg): "Greeting" is printed, "FailAt" makes the device fail
// where it says (1: EvtDeviceAdd, 2: EvtDeviceD0Entry, 3: WdfDeviceSetFailed once started). Every PnP/power
// callback prints its name, so the order the framework calls them in can be seen in the debugger.
#include <ntddk.h>
#include <wdf.h>
#include "Public.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KmdfStackEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD KmdfStackEvtDriverUnload;
EVT_WDF_DEVICE_PREPARE_HARDWARE KmdfStackEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE KmdfStackEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY KmdfStackEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT KmdfStackEvtD0Exit;
EVT_WDF_DEVICE_SURPRISE_REMOVAL KmdfStackEvtSurpriseRemoval;
EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT KmdfStackEvtSelfManagedIoInit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KmdfStackEvtIoDeviceControl;

typedef struct _DEVICE_CONTEXT {
    ULONG FailAt;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

#define SAY(...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__))

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    WDFKEY key;
    ULONG verbose = 0;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(verboseName, L"Verbose");
    DECLARE_CONST_UNICODE_STRING(loadsName, L"Loads");

    SAY("KmdfStack: DriverEntry\n");
    WDF_DRIVER_CONFIG_INIT(&config, KmdfStackEvtDeviceAdd);
    config.EvtDriverUnload = KmdfStackEvtDriverUnload;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // Services\KmdfStack\Parameters: Verbose comes from the INF's service AddReg; Loads counts our loads.
    status = WdfDriverOpenParametersRegistryKey(driver, KEY_READ | KEY_WRITE, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        ULONG loads = 0;
        if (NT_SUCCESS(WdfRegistryQueryULong(key, &verboseName, &verbose))) {
            SAY("KmdfStack: Parameters\\Verbose = %lu\n", verbose);
        }
        (void)WdfRegistryQueryULong(key, &loadsName, &loads);
        status = WdfRegistryAssignULong(key, &loadsName, loads + 1);
        SAY("KmdfStack: Parameters\\Loads = %lu (0x%08X)\n", loads + 1, status);
        WdfRegistryClose(key);
    } else {
        SAY("KmdfStack: no Parameters key 0x%08X\n", status);
    }
    return STATUS_SUCCESS;
}

VOID
KmdfStackEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    SAY("KmdfStack: EvtDriverUnload\n");
}

NTSTATUS
KmdfStackEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    WDFKEY key;
    NTSTATUS status;
    ULONG failAt = 0;
    WCHAR text[64];
    UNICODE_STRING greeting;
    USHORT length = 0;
    DECLARE_CONST_UNICODE_STRING(failAtName, L"FailAt");
    DECLARE_CONST_UNICODE_STRING(greetingName, L"Greeting");
    DECLARE_CONST_UNICODE_STRING(dosName, KMDFSTACK_DOS_NAME);

    WCHAR description[64];
    ULONG descriptionLength = 0;
    WDFMEMORY hardwareIds;

    UNREFERENCED_PARAMETER(Driver);
    SAY("KmdfStack: EvtDeviceAdd\n");
    // The device's properties, before the device object exists (from the INF's models line and devcon).
    status = WdfFdoInitQueryProperty(DeviceInit, DevicePropertyDeviceDescription, sizeof(description), description, &descriptionLength);
    if (NT_SUCCESS(status)) {
        SAY("KmdfStack: DeviceDescription \"%ws\" (%lu bytes)\n", description, descriptionLength);
    }

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = KmdfStackEvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = KmdfStackEvtReleaseHardware;
    pnp.EvtDeviceD0Entry = KmdfStackEvtD0Entry;
    pnp.EvtDeviceD0Exit = KmdfStackEvtD0Exit;
    pnp.EvtDeviceSurpriseRemoval = KmdfStackEvtSurpriseRemoval;
    pnp.EvtDeviceSelfManagedIoInit = KmdfStackEvtSelfManagedIoInit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceAllocAndQueryProperty(device, DevicePropertyHardwareID, NonPagedPoolNx, WDF_NO_OBJECT_ATTRIBUTES, &hardwareIds);
    if (NT_SUCCESS(status)) {
        SAY("KmdfStack: HardwareID \"%ws\"\n", (PWCHAR)WdfMemoryGetBuffer(hardwareIds, NULL));
        WdfObjectDelete(hardwareIds);
    }

    // The hardware key: Enum\<instance>\Device Parameters, where the INF's .HW AddReg put our settings.
    status = WdfDeviceOpenRegistryKey(device, PLUGPLAY_REGKEY_DEVICE, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        (void)WdfRegistryQueryULong(key, &failAtName, &failAt);
        RtlInitEmptyUnicodeString(&greeting, text, sizeof(text));
        if (NT_SUCCESS(WdfRegistryQueryUnicodeString(key, &greetingName, &length, &greeting))) {
            SAY("KmdfStack: Greeting \"%wZ\" (%u bytes)\n", &greeting, length);
        }
        WdfRegistryClose(key);
    } else {
        SAY("KmdfStack: WdfDeviceOpenRegistryKey 0x%08X\n", status);
    }
    DeviceGetContext(device)->FailAt = failAt;
    if (failAt == 1) {
        SAY("KmdfStack: failing EvtDeviceAdd\n");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KmdfStackEvtIoDeviceControl;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
}

NTSTATUS
KmdfStackEvtPrepareHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST Raw, _In_ WDFCMRESLIST Translated)
{
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Raw);
    UNREFERENCED_PARAMETER(Translated);
    SAY("KmdfStack: EvtDevicePrepareHardware\n");
    return STATUS_SUCCESS;
}

NTSTATUS
KmdfStackEvtReleaseHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST Translated)
{
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Translated);
    SAY("KmdfStack: EvtDeviceReleaseHardware\n");
    return STATUS_SUCCESS;
}

NTSTATUS
KmdfStackEvtD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE PreviousState)
{
    SAY("KmdfStack: EvtDeviceD0Entry, previous state %d\n", PreviousState);
    if (DeviceGetContext(Device)->FailAt == 2) {
        SAY("KmdfStack: failing EvtDeviceD0Entry\n");
        return STATUS_DEVICE_POWER_FAILURE;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
KmdfStackEvtD0Exit(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE TargetState)
{
    UNREFERENCED_PARAMETER(Device);
    SAY("KmdfStack: EvtDeviceD0Exit, target state %d\n", TargetState);
    return STATUS_SUCCESS;
}

// A device reported failed is surprise-removed: the framework tells the driver before it powers the device down.
VOID
KmdfStackEvtSurpriseRemoval(_In_ WDFDEVICE Device)
{
    UNREFERENCED_PARAMETER(Device);
    SAY("KmdfStack: EvtDeviceSurpriseRemoval\n");
}

NTSTATUS
KmdfStackEvtSelfManagedIoInit(_In_ WDFDEVICE Device)
{
    SAY("KmdfStack: EvtDeviceSelfManagedIoInit\n");
    if (DeviceGetContext(Device)->FailAt == 3) {
        SAY("KmdfStack: reporting the device failed\n");
        WdfDeviceSetFailed(Device, WdfDeviceFailedNoRestart);
    }
    return STATUS_SUCCESS;
}

// The request goes to the drivers below first (a synchronous send); then we answer it with what they wrote.
VOID
KmdfStackEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    WDF_REQUEST_SEND_OPTIONS options;
    PCHAR buffer;
    size_t size;
    size_t used;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(InputBufferLength);
    if (IoControlCode != IOCTL_KMDFSTACK_WHO_SEES) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }
    status = WdfRequestRetrieveOutputBuffer(Request, KMDFSTACK_PATH_MAX, (PVOID*)&buffer, &size);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    used = strnlen(buffer, size - 1);
    if (used + sizeof("KmdfStack>") <= size) {
        RtlCopyMemory(buffer + used, "KmdfStack>", sizeof("KmdfStack>"));
    }
    SAY("KmdfStack: IOCTL seen, sending it down\n");

    WdfRequestFormatRequestUsingCurrentType(Request);
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SYNCHRONOUS);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &options)) {
        status = WdfRequestGetStatus(Request);
        SAY("KmdfStack: WdfRequestSend failed 0x%08X\n", status);
        WdfRequestComplete(Request, status);
        return;
    }
    // A root-enumerated device's bus (the PnP manager) does not handle our IOCTL: its status says so.
    status = WdfRequestGetStatus(Request);
    SAY("KmdfStack: the stack below answered 0x%08X\n", status);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, strnlen(buffer, size - 1) + 1);
    UNREFERENCED_PARAMETER(OutputBufferLength);
}
