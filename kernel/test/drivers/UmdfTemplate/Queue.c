/*++

Module Name:

    queue.c

Abstract:

    The driver's default I/O queue and its event callbacks.

Environment:

    User-mode Driver Framework 2

--*/

#include "driver.h"
#include "queue.tmh"


NTSTATUS
UmdfTemplateQueueInitialize(
    _In_ WDFDEVICE Device
    )
/*++

Routine Description:

    Creates the default queue for the device. Requests the queue has no
    callback for are failed by the framework.

    The queue is parallel: the framework presents each request as it
    arrives, without waiting for earlier ones to complete.

Arguments:

    Device - the framework device object.

Return Value:

    NTSTATUS

--*/
{
    WDFQUEUE queue;
    NTSTATUS status;
    WDF_IO_QUEUE_CONFIG queueConfig;

    //
    // The default queue receives every request that is not sent to a
    // queue configured with WdfDeviceConfigureRequestDispatching.
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(
         &queueConfig,
        WdfIoQueueDispatchParallel
        );

    queueConfig.EvtIoDeviceControl = UmdfTemplateEvtIoDeviceControl;
    queueConfig.EvtIoStop = UmdfTemplateEvtIoStop;

    status = WdfIoQueueCreate(
                 Device,
                 &queueConfig,
                 WDF_NO_OBJECT_ATTRIBUTES,
                 &queue
                 );

    if(!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    return status;
}

VOID
UmdfTemplateEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
/*++

Routine Description:

    Called for each IRP_MJ_DEVICE_CONTROL request (DeviceIoControl).

Arguments:

    Queue -  the queue the request came from.

    Request - the request.

    OutputBufferLength - size of the output buffer, if there is one.

    InputBufferLength - size of the input buffer, if there is one.

    IoControlCode - the IOCTL the application sent.

Return Value:

    VOID

--*/
{
    TraceEvents(TRACE_LEVEL_INFORMATION,
                TRACE_QUEUE,
                "%!FUNC! Queue 0x%p, Request 0x%p OutputBufferLength %d InputBufferLength %d IoControlCode %d",
                Queue, Request, (int) OutputBufferLength, (int) InputBufferLength, IoControlCode);

    WdfRequestComplete(Request, STATUS_SUCCESS);

    return;
}

VOID
UmdfTemplateEvtIoStop(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ ULONG ActionFlags
)
/*++

Routine Description:

    Called for each request the driver still owns when the queue stops
    (the device is leaving D0 or being removed).

Arguments:

    Queue -  the queue the request came from.

    Request - the request.

    ActionFlags - WDF_REQUEST_STOP_ACTION_FLAGS: why the queue is stopping
                  and whether the request is cancelable.

Return Value:

    VOID

--*/
{
    TraceEvents(TRACE_LEVEL_INFORMATION,
                TRACE_QUEUE,
                "%!FUNC! Queue 0x%p, Request 0x%p ActionFlags %d",
                Queue, Request, ActionFlags);

    //
    // A request the driver holds must not stay pending while the device
    // is powered down. Either
    //
    // - acknowledge it with WdfRequestStopAcknowledge (the framework will
    //   present it again, or leave it with the driver, when the queue
    //   restarts), or
    //
    // - complete or cancel it now if the hardware cannot resume it; for
    //   a request that was sent on to an I/O target, WdfRequestCancelSentRequest
    //   asks the target to give it back.
    //
    // This template completes every request in EvtIoDeviceControl, so it
    // never holds one here.
    //

    return;
}
