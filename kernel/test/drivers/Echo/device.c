/*
 * device.c - creating the ECHO device: buffered I/O, a context, the
 * device interface, the queue, and the self-managed I/O callbacks that
 * pause the queue while the device leaves D0.
 */
#include "driver.h"

NTSTATUS
EchoDeviceCreate(
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES deviceAttributes;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    PDEVICE_CONTEXT deviceContext;
    WDFDEVICE device;
    NTSTATUS status;

    PAGED_CODE();

    /* The I/O manager copies user buffers into system buffers for us. */
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    /* Self-managed I/O: the framework tells us when to start and when to
     * quiesce the I/O we manage ourselves (the queue and its timer). */
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDeviceSelfManagedIoInit = EchoEvtDeviceSelfManagedIoStart;
    pnpPowerCallbacks.EvtDeviceSelfManagedIoRestart = EchoEvtDeviceSelfManagedIoRestart;
    pnpPowerCallbacks.EvtDeviceSelfManagedIoSuspend = EchoEvtDeviceSelfManagedIoSuspend;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    deviceContext = DeviceGetContext(device);
    deviceContext->PrivateDeviceData = 0;

    /* Applications find the device through this interface (public.h). */
    status = WdfDeviceCreateDeviceInterface(device,
                                            &GUID_DEVINTERFACE_ECHO,
                                            NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ECHO: WdfDeviceCreateDeviceInterface failed 0x%x\n", status));
        return status;
    }

    status = EchoQueueInitialize(device);

    return status;
}

NTSTATUS
EchoEvtDeviceSelfManagedIoStart(
    _In_ WDFDEVICE Device
    )
{
    KdPrint(("ECHO: EchoEvtDeviceSelfManagedIoStart\n"));

    /* The default queue is power managed; starting it here makes the
     * start explicit and pairs with the stop in the suspend callback. */
    WdfIoQueueStart(WdfDeviceGetDefaultQueue(Device));

    return STATUS_SUCCESS;
}

NTSTATUS
EchoEvtDeviceSelfManagedIoRestart(
    _In_ WDFDEVICE Device
    )
{
    KdPrint(("ECHO: EchoEvtDeviceSelfManagedIoRestart\n"));

    WdfIoQueueStart(WdfDeviceGetDefaultQueue(Device));

    return STATUS_SUCCESS;
}

NTSTATUS
EchoEvtDeviceSelfManagedIoSuspend(
    _In_ WDFDEVICE Device
    )
{
    WDFQUEUE queue;
    PQUEUE_CONTEXT queueContext;

    PAGED_CODE();

    KdPrint(("ECHO: EchoEvtDeviceSelfManagedIoSuspend\n"));

    queue = WdfDeviceGetDefaultQueue(Device);
    queueContext = QueueGetContext(queue);

    /* Stop dispatching and wait for the request the timer still owes a
     * completion to; only then is it safe to stop the timer. */
    WdfIoQueueStopSynchronously(queue);
    WdfTimerStop(queueContext->Timer, TRUE);

    return STATUS_SUCCESS;
}
