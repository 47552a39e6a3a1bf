// KmdfFilter: a KMDF filter driver. The same service can sit below the function driver (a class lower filter)
// and above it (the device's UpperFilters); AddDevice finds out which by looking at what is attached to the PDO
// already. Its default queue sees device-control requests and adds its name to the buffer; below the FDO it passes
// each one on (send and forget), above it it sends it with a completion routine to see how it ended. Everything
// else the framework passes down for a filter by itself.
#include <ntddk.h>
#include <wdf.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KmdfFilterEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KmdfFilterEvtIoDeviceControl;
EVT_WDF_REQUEST_COMPLETION_ROUTINE KmdfFilterRequestCompleted;

typedef struct _FILTER_CONTEXT {
    BOOLEAN Upper;
} FILTER_CONTEXT, *PFILTER_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FILTER_CONTEXT, FilterGetContext)

#define SAY(...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__))
#define POSITION(upper) ((upper) ? "UpperFilter" : "LowerFilter")

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    SAY("KmdfFilter: DriverEntry\n");
    WDF_DRIVER_CONFIG_INIT(&config, KmdfFilterEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}

NTSTATUS
KmdfFilterEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    NTSTATUS status;
    PDEVICE_OBJECT pdo = WdfFdoInitWdmGetPhysicalDevice(DeviceInit);
    PDEVICE_OBJECT top = IoGetAttachedDeviceReference(pdo);
    BOOLEAN upper = (top != pdo); // something (the function driver's FDO) is above the PDO already
    ObDereferenceObject(top);

    UNREFERENCED_PARAMETER(Driver);
    WdfFdoInitSetFilter(DeviceInit);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FILTER_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    FilterGetContext(device)->Upper = upper;
    SAY("KmdfFilter: EvtDeviceAdd as %s\n", POSITION(upper));

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = KmdfFilterEvtIoDeviceControl;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
}

VOID
KmdfFilterEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    const char *name = POSITION(FilterGetContext(device)->Upper);
    WDF_REQUEST_SEND_OPTIONS options;
    PCHAR buffer;
    size_t size, used, add;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    SAY("KmdfFilter: %s passes IOCTL 0x%08X down\n", name, IoControlCode);
    if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(Request, 1, (PVOID*)&buffer, &size))) {
        used = strnlen(buffer, size - 1);
        add = strlen(name);
        if (used + add + 2 <= size) {
            RtlCopyMemory(buffer + used, name, add);
            buffer[used + add] = '>';
            buffer[used + add + 1] = '\0';
        }
    }
    if (FilterGetContext(device)->Upper) {
        // Above the function driver: watch the request come back up, then let it finish as it ended.
        WdfRequestFormatRequestUsingCurrentType(Request);
        WdfRequestSetCompletionRoutine(Request, KmdfFilterRequestCompleted, WDF_NO_CONTEXT);
        if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), WDF_NO_SEND_OPTIONS)) {
            status = WdfRequestGetStatus(Request);
            SAY("KmdfFilter: WdfRequestSend failed 0x%08X\n", status);
            WdfRequestComplete(Request, status);
        }
        return;
    }
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &options)) {
        status = WdfRequestGetStatus(Request);
        SAY("KmdfFilter: WdfRequestSend failed 0x%08X\n", status);
        WdfRequestComplete(Request, status);
    }
}

VOID
KmdfFilterRequestCompleted(_In_ WDFREQUEST Request, _In_ WDFIOTARGET Target, _In_ PWDF_REQUEST_COMPLETION_PARAMS Params,
    _In_ WDFCONTEXT Context)
{
    UNREFERENCED_PARAMETER(Target);
    UNREFERENCED_PARAMETER(Context);
    SAY("KmdfFilter: UpperFilter sees IOCTL 0x%08X complete, status 0x%08X, %lu bytes\n",
        Params->Parameters.Ioctl.IoControlCode, Params->IoStatus.Status, (ULONG)Params->IoStatus.Information);
    WdfRequestCompleteWithInformation(Request, Params->IoStatus.Status, Params->IoStatus.Information);
}
