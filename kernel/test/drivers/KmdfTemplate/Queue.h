/*++

Module Name:

    queue.h

Abstract:

    The I/O queue context and the queue's event callbacks.

Environment:

    Kernel-mode Driver Framework

--*/

EXTERN_C_START

//
// State kept for each queue the driver creates.
//
typedef struct _QUEUE_CONTEXT {

    ULONG PrivateDeviceData;  // placeholder for the driver's own data

} QUEUE_CONTEXT, *PQUEUE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(QUEUE_CONTEXT, QueueGetContext)

NTSTATUS
KmdfTemplateQueueInitialize(
    _In_ WDFDEVICE Device
    );

//
// Events from the I/O queue object
//
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KmdfTemplateEvtIoDeviceControl;
EVT_WDF_IO_QUEUE_IO_STOP KmdfTemplateEvtIoStop;

EXTERN_C_END
