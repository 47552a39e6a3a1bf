// KmdfControl: a non-PnP KMDF driver (started with sc start, stopped with sc stop). It has no device stack: it
// makes a named control device with a symbolic link user mode can open, whose default queue answers one IOCTL.
// The count it answers with starts from the service's Parameters\Start value. It also forwards an IOCTL to a device
// named by the caller through a remote I/O target (WdfIoTargetOpen by name). EvtDriverUnload says goodbye.
#include <ntddk.h>
#include <wdf.h>
#include "Control.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KmdfControlEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KmdfControlEvtIoDeviceControl;
static VOID KmdfControlForward(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request);

static ULONG Served;

#define SAY(...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__))

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDRIVER driver;
    WDFDEVICE device;
    WDFQUEUE queue;
    WDFKEY key;
    PWDFDEVICE_INIT init;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(deviceName, KMDFCONTROL_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KMDFCONTROL_DOS_NAME);
    DECLARE_CONST_UNICODE_STRING(startName, L"Start");
    // System and Administrators only (the SDDL of SDDL_DEVOBJ_SYS_ALL_ADM_ALL).
    DECLARE_CONST_UNICODE_STRING(sddl, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");

    SAY("KmdfControl: DriverEntry\n");
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KmdfControlEvtDriverUnload;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (NT_SUCCESS(WdfDriverOpenParametersRegistryKey(driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key))) {
        if (!NT_SUCCESS(WdfRegistryQueryULong(key, &startName, &Served))) {
            Served = 0;
        }
        WdfRegistryClose(key);
    }

    init = WdfControlDeviceInitAllocate(driver, &sddl);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = WdfDeviceInitAssignName(init, &deviceName);
    if (NT_SUCCESS(status)) {
        status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    }
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init); // still ours: WdfDeviceCreate did not take it
        return status;
    }
    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KmdfControlEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfControlFinishInitializing(device);
    SAY("KmdfControl: control device ready, count starts at %lu\n", Served);
    return STATUS_SUCCESS;
}

VOID
KmdfControlEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    SAY("KmdfControl: EvtDriverUnload after %lu requests\n", Served);
}

VOID
KmdfControlEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    PULONG answer;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    if (IoControlCode == IOCTL_KMDFCONTROL_FORWARD) {
        KmdfControlForward(Queue, Request);
        return;
    }
    if (IoControlCode != IOCTL_KMDFCONTROL_COUNT) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }
    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&answer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    *answer = ++Served;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(ULONG));
}

static VOID
KmdfControlForward(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request)
{
    PKMDFCONTROL_FORWARD forward;
    PVOID output;
    size_t outputLength;
    UCHAR input[128];
    WDFIOTARGET target;
    WDF_IO_TARGET_OPEN_PARAMS open;
    WDF_MEMORY_DESCRIPTOR inputDescriptor, outputDescriptor;
    UNICODE_STRING name;
    ULONG_PTR bytes = 0;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(KMDFCONTROL_FORWARD), (PVOID*)&forward, NULL);
    if (NT_SUCCESS(status)) {
        forward->TargetName[63] = L'\0';
        status = WdfRequestRetrieveOutputBuffer(Request, 1, &output, &outputLength);
    }
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    if (outputLength > sizeof(input)) {
        outputLength = sizeof(input);
    }
    RtlInitUnicodeString(&name, forward->TargetName);
    RtlZeroMemory(input, sizeof(input));

    status = WdfIoTargetCreate(WdfIoQueueGetDevice(Queue), WDF_NO_OBJECT_ATTRIBUTES, &target);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    WDF_IO_TARGET_OPEN_PARAMS_INIT_OPEN_BY_NAME(&open, &name, GENERIC_READ | GENERIC_WRITE);
    status = WdfIoTargetOpen(target, &open);
    SAY("KmdfControl: opened %wZ 0x%08X\n", &name, status);
    if (NT_SUCCESS(status)) {
        // METHOD_BUFFERED: our output buffer is the request's system buffer too, so the target's answer lands
        // in a copy first (input: zeroes) and is copied back once it is done.
        WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&inputDescriptor, input, (ULONG)outputLength);
        WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&outputDescriptor, input, (ULONG)outputLength);
        status = WdfIoTargetSendIoctlSynchronously(target, WDF_NO_HANDLE, forward->IoControlCode,
            &inputDescriptor, &outputDescriptor, WDF_NO_SEND_OPTIONS, &bytes);
        SAY("KmdfControl: IOCTL 0x%08X to %wZ: 0x%08X, %lu bytes\n", forward->IoControlCode, &name, status, (ULONG)bytes);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(output, input, bytes);
        }
    }
    WdfObjectDelete(target); // closes the target's file
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? bytes : 0);
}
