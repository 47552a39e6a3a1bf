/*
 * KmdfDpc - a root-enumerated KMDF driver whose device IOCTLs are finished by a framework DPC: EvtIoDeviceControl
 * keeps the request and queues the DPC; the DPC (at DISPATCH_LEVEL) writes what it saw into the output buffer and
 * completes the request. EvtDeviceAdd also shows that a DPC queued at DISPATCH_LEVEL can be taken back before it
 * runs (WdfDpcCancel) and that queueing it twice queues it once.
 */
#include <ntddk.h>
#include <wdf.h>

#define KMDFDPC_DEVICE_NAME L"\\Device\\KmdfDpc"
#define KMDFDPC_DOS_NAME L"\\DosDevices\\KmdfDpc"

#define SAY(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

typedef struct _DEVICE_CONTEXT {
    WDFDPC Dpc;
    WDFREQUEST Pending;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD DpcEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL DpcEvtIoDeviceControl;
EVT_WDF_DPC DpcEvtDpc;

VOID DpcEvtDpc(_In_ WDFDPC Dpc)
{
    WDFDEVICE device = (WDFDEVICE)WdfDpcGetParentObject(Dpc);
    PDEVICE_CONTEXT context = DeviceGetContext(device);
    WDFREQUEST request = context->Pending;
    KIRQL irql = KeGetCurrentIrql();
    PKDPC kdpc = WdfDpcWdmGetDpc(Dpc);
    char *buffer;
    size_t length;
    NTSTATUS status;

    SAY("KmdfDpc: DPC at IRQL %u, KDPC %s\n", (unsigned)irql, kdpc != NULL && kdpc->DeferredRoutine != NULL ? "initialized" : "missing");
    if (request == NULL) {
        SAY("KmdfDpc: DPC ran with no request\n");
        return;
    }
    context->Pending = NULL;
    status = WdfRequestRetrieveOutputBuffer(request, 32, (PVOID *)&buffer, &length);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(request, status);
        return;
    }
    RtlZeroMemory(buffer, 32);
    RtlCopyMemory(buffer, "DPC at IRQL ", 12);
    buffer[12] = (char)('0' + irql);
    buffer[13] = '\n';
    WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, 14);
}

VOID DpcEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
                           _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    PDEVICE_CONTEXT context = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    SAY("KmdfDpc: IOCTL 0x%08X at IRQL %u, queueing the DPC\n", IoControlCode, (unsigned)KeGetCurrentIrql());
    context->Pending = Request;
    WdfDpcEnqueue(context->Dpc);
}

NTSTATUS DpcEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    DECLARE_CONST_UNICODE_STRING(deviceName, KMDFDPC_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KMDFDPC_DOS_NAME);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_DPC_CONFIG dpcConfig;
    PDEVICE_CONTEXT context;
    WDFDEVICE device;
    WDFQUEUE queue;
    KIRQL old;
    BOOLEAN first, second, cancelled;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Driver);

    status = WdfDeviceInitAssignName(DeviceInit, &deviceName);
    if (!NT_SUCCESS(status)) return status;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) return status;
    context = DeviceGetContext(device);
    context->Pending = NULL;

    /* Without a parent the framework refuses the DPC. */
    WDF_DPC_CONFIG_INIT(&dpcConfig, DpcEvtDpc);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    status = WdfDpcCreate(&dpcConfig, &attributes, &context->Dpc);
    SAY("KmdfDpc: WdfDpcCreate without a parent 0x%08X\n", status);

    attributes.ParentObject = device;
    status = WdfDpcCreate(&dpcConfig, &attributes, &context->Dpc);
    if (!NT_SUCCESS(status)) return status;

    /* At DISPATCH_LEVEL the DPC waits in the queue: a second enqueue finds it there, and a cancel takes it out. */
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    first = WdfDpcEnqueue(context->Dpc);
    second = WdfDpcEnqueue(context->Dpc);
    cancelled = WdfDpcCancel(context->Dpc, FALSE);
    KeLowerIrql(old);
    SAY("KmdfDpc: enqueue %u, again %u, cancel %u, cancel again %u\n", first, second, cancelled,
        WdfDpcCancel(context->Dpc, TRUE));

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) return status;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = DpcEvtIoDeviceControl;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, DpcEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
