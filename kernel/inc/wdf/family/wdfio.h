/*
 * wdfio.h - framework I/O queues: how requests reach the driver (sequential,
 * parallel or manual dispatch), the EvtIo* callbacks, and starting,
 * stopping, draining and purging a queue.
 */
#ifndef _WDFIO_H_
#define _WDFIO_H_

WDF_EXTERN_C_START

typedef enum _WDF_IO_QUEUE_DISPATCH_TYPE {
    WdfIoQueueDispatchInvalid = 0,
    WdfIoQueueDispatchSequential,
    WdfIoQueueDispatchParallel,
    WdfIoQueueDispatchManual,
    WdfIoQueueDispatchMax,
} WDF_IO_QUEUE_DISPATCH_TYPE;

/* Bits of the value WdfIoQueueGetState returns. */
typedef enum _WDF_IO_QUEUE_STATE {
    WdfIoQueueAcceptRequests = 0x01,
    WdfIoQueueDispatchRequests = 0x02,
    WdfIoQueueNoRequests = 0x04,
    WdfIoQueueDriverNoRequests = 0x08,
    WdfIoQueuePnpHeld = 0x10,
} WDF_IO_QUEUE_STATE;

/* No requests waiting in the queue and none held by the driver. */
FORCEINLINE BOOLEAN WDF_IO_QUEUE_IDLE(_In_ WDF_IO_QUEUE_STATE State)
{
    return ((State & WdfIoQueueNoRequests) && (State & WdfIoQueueDriverNoRequests)) ? TRUE : FALSE;
}

/* Accepting and dispatching. */
FORCEINLINE BOOLEAN WDF_IO_QUEUE_READY(_In_ WDF_IO_QUEUE_STATE State)
{
    return ((State & WdfIoQueueDispatchRequests) && (State & WdfIoQueueAcceptRequests)) ? TRUE : FALSE;
}

/* Accepting but not dispatching, and idle. */
FORCEINLINE BOOLEAN WDF_IO_QUEUE_STOPPED(_In_ WDF_IO_QUEUE_STATE State)
{
    return (((State & WdfIoQueueDispatchRequests) == 0) && (State & WdfIoQueueAcceptRequests) &&
            (State & WdfIoQueueDriverNoRequests)) ? TRUE : FALSE;
}

/* Not accepting, and idle. */
FORCEINLINE BOOLEAN WDF_IO_QUEUE_DRAINED(_In_ WDF_IO_QUEUE_STATE State)
{
    return (((State & WdfIoQueueAcceptRequests) == 0) && WDF_IO_QUEUE_IDLE(State)) ? TRUE : FALSE;
}

/* Neither accepting nor dispatching, and idle. */
FORCEINLINE BOOLEAN WDF_IO_QUEUE_PURGED(_In_ WDF_IO_QUEUE_STATE State)
{
    return (((State & WdfIoQueueAcceptRequests) == 0) && ((State & WdfIoQueueDispatchRequests) == 0) &&
            WDF_IO_QUEUE_IDLE(State)) ? TRUE : FALSE;
}

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_DEFAULT)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_IO_DEFAULT(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request
    );
typedef EVT_WDF_IO_QUEUE_IO_DEFAULT *PFN_WDF_IO_QUEUE_IO_DEFAULT;

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_STOP)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_IO_STOP(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ ULONG ActionFlags
    );
typedef EVT_WDF_IO_QUEUE_IO_STOP *PFN_WDF_IO_QUEUE_IO_STOP;

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_RESUME)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_IO_RESUME(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request
    );
typedef EVT_WDF_IO_QUEUE_IO_RESUME *PFN_WDF_IO_QUEUE_IO_RESUME;

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_READ)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_IO_READ(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    );
typedef EVT_WDF_IO_QUEUE_IO_READ *PFN_WDF_IO_QUEUE_IO_READ;

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_WRITE)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_IO_WRITE(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    );
typedef EVT_WDF_IO_QUEUE_IO_WRITE *PFN_WDF_IO_QUEUE_IO_WRITE;

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    );
typedef EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL *PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL;

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    );
typedef EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL *PFN_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL;

typedef _Function_class_(EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request
    );
typedef EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE *PFN_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE;

typedef _Function_class_(EVT_WDF_IO_QUEUE_STATE)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_IO_QUEUE_STATE(
    _In_ WDFQUEUE Queue,
    _In_ WDFCONTEXT Context
    );
typedef EVT_WDF_IO_QUEUE_STATE *PFN_WDF_IO_QUEUE_STATE;

typedef struct _WDF_IO_QUEUE_CONFIG {
    /* sizeof(WDF_IO_QUEUE_CONFIG). */
    ULONG Size;

    WDF_IO_QUEUE_DISPATCH_TYPE DispatchType;

    /* Stop dispatching while the device is not in D0 (default: yes for a
     * power policy owner). */
    WDF_TRI_STATE PowerManaged;

    BOOLEAN AllowZeroLengthRequests;

    /* Receives every request no other queue is configured for. */
    BOOLEAN DefaultQueue;

    PFN_WDF_IO_QUEUE_IO_DEFAULT EvtIoDefault;
    PFN_WDF_IO_QUEUE_IO_READ EvtIoRead;
    PFN_WDF_IO_QUEUE_IO_WRITE EvtIoWrite;
    PFN_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
    PFN_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL EvtIoInternalDeviceControl;
    PFN_WDF_IO_QUEUE_IO_STOP EvtIoStop;
    PFN_WDF_IO_QUEUE_IO_RESUME EvtIoResume;
    PFN_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE EvtIoCanceledOnQueue;

    union {
        struct {
            /* How many requests a parallel queue may have out at once
             * ((ULONG)-1: no limit). */
            ULONG NumberOfPresentedRequests;
        } Parallel;
    } Settings;

    WDFDRIVER Driver;
} WDF_IO_QUEUE_CONFIG, *PWDF_IO_QUEUE_CONFIG;

FORCEINLINE
VOID
WDF_IO_QUEUE_CONFIG_INIT(
    _Out_ PWDF_IO_QUEUE_CONFIG Config,
    _In_ WDF_IO_QUEUE_DISPATCH_TYPE DispatchType
    )
{
    RtlZeroMemory(Config, sizeof(WDF_IO_QUEUE_CONFIG));
    Config->Size = sizeof(WDF_IO_QUEUE_CONFIG);
    Config->PowerManaged = WdfUseDefault;
    Config->DispatchType = DispatchType;
    if (Config->DispatchType == WdfIoQueueDispatchParallel) {
        Config->Settings.Parallel.NumberOfPresentedRequests = (ULONG)-1;
    }
}

FORCEINLINE
VOID
WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(
    _Out_ PWDF_IO_QUEUE_CONFIG Config,
    _In_ WDF_IO_QUEUE_DISPATCH_TYPE DispatchType
    )
{
    WDF_IO_QUEUE_CONFIG_INIT(Config, DispatchType);
    Config->DefaultQueue = TRUE;
}

WDF_IMPORT(WdfIoQueueCreate)
NTSTATUS WdfImp_WdfIoQueueCreate(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_IO_QUEUE_CONFIG Config, PWDF_OBJECT_ATTRIBUTES QueueAttributes, WDFQUEUE* Queue);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoQueueCreate(
    _In_ WDFDEVICE Device,
    _In_ PWDF_IO_QUEUE_CONFIG Config,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES QueueAttributes,
    _Out_opt_ WDFQUEUE* Queue
    )
{
    return WdfImp_WdfIoQueueCreate(WdfDriverGlobals, Device, Config, QueueAttributes, Queue);
}

WDF_IMPORT(WdfIoQueueGetState)
WDF_IO_QUEUE_STATE WdfImp_WdfIoQueueGetState(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, PULONG QueueRequests, PULONG DriverRequests);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDF_IO_QUEUE_STATE
WdfIoQueueGetState(
    _In_ WDFQUEUE Queue,
    _Out_opt_ PULONG QueueRequests,
    _Out_opt_ PULONG DriverRequests
    )
{
    return WdfImp_WdfIoQueueGetState(WdfDriverGlobals, Queue, QueueRequests, DriverRequests);
}

WDF_IMPORT(WdfIoQueueStart)
VOID WdfImp_WdfIoQueueStart(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfIoQueueStart(
    _In_ WDFQUEUE Queue
    )
{
    WdfImp_WdfIoQueueStart(WdfDriverGlobals, Queue);
}

WDF_IMPORT(WdfIoQueueStop)
VOID WdfImp_WdfIoQueueStop(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, PFN_WDF_IO_QUEUE_STATE StopComplete, WDFCONTEXT Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfIoQueueStop(
    _In_ WDFQUEUE Queue,
    _In_opt_ PFN_WDF_IO_QUEUE_STATE StopComplete,
    _In_opt_ WDFCONTEXT Context
    )
{
    WdfImp_WdfIoQueueStop(WdfDriverGlobals, Queue, StopComplete, Context);
}

WDF_IMPORT(WdfIoQueueStopSynchronously)
VOID WdfImp_WdfIoQueueStopSynchronously(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfIoQueueStopSynchronously(
    _In_ WDFQUEUE Queue
    )
{
    WdfImp_WdfIoQueueStopSynchronously(WdfDriverGlobals, Queue);
}

WDF_IMPORT(WdfIoQueueGetDevice)
WDFDEVICE WdfImp_WdfIoQueueGetDevice(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFDEVICE
WdfIoQueueGetDevice(
    _In_ WDFQUEUE Queue
    )
{
    return WdfImp_WdfIoQueueGetDevice(WdfDriverGlobals, Queue);
}

WDF_IMPORT(WdfIoQueueRetrieveNextRequest)
NTSTATUS WdfImp_WdfIoQueueRetrieveNextRequest(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, WDFREQUEST* OutRequest);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoQueueRetrieveNextRequest(
    _In_ WDFQUEUE Queue,
    _Out_ WDFREQUEST* OutRequest
    )
{
    return WdfImp_WdfIoQueueRetrieveNextRequest(WdfDriverGlobals, Queue, OutRequest);
}

WDF_IMPORT(WdfIoQueueRetrieveRequestByFileObject)
NTSTATUS WdfImp_WdfIoQueueRetrieveRequestByFileObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, WDFFILEOBJECT FileObject, WDFREQUEST* OutRequest);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoQueueRetrieveRequestByFileObject(
    _In_ WDFQUEUE Queue,
    _In_ WDFFILEOBJECT FileObject,
    _Out_ WDFREQUEST* OutRequest
    )
{
    return WdfImp_WdfIoQueueRetrieveRequestByFileObject(WdfDriverGlobals, Queue, FileObject, OutRequest);
}

WDF_IMPORT(WdfIoQueueFindRequest)
NTSTATUS WdfImp_WdfIoQueueFindRequest(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, WDFREQUEST FoundRequest, WDFFILEOBJECT FileObject, PWDF_REQUEST_PARAMETERS Parameters, WDFREQUEST* OutRequest);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoQueueFindRequest(
    _In_ WDFQUEUE Queue,
    _In_opt_ WDFREQUEST FoundRequest,
    _In_opt_ WDFFILEOBJECT FileObject,
    _Inout_opt_ PWDF_REQUEST_PARAMETERS Parameters,
    _Out_ WDFREQUEST* OutRequest
    )
{
    return WdfImp_WdfIoQueueFindRequest(WdfDriverGlobals, Queue, FoundRequest, FileObject, Parameters, OutRequest);
}

WDF_IMPORT(WdfIoQueueRetrieveFoundRequest)
NTSTATUS WdfImp_WdfIoQueueRetrieveFoundRequest(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, WDFREQUEST FoundRequest, WDFREQUEST* OutRequest);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoQueueRetrieveFoundRequest(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST FoundRequest,
    _Out_ WDFREQUEST* OutRequest
    )
{
    return WdfImp_WdfIoQueueRetrieveFoundRequest(WdfDriverGlobals, Queue, FoundRequest, OutRequest);
}

WDF_IMPORT(WdfIoQueueDrainSynchronously)
VOID WdfImp_WdfIoQueueDrainSynchronously(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfIoQueueDrainSynchronously(
    _In_ WDFQUEUE Queue
    )
{
    WdfImp_WdfIoQueueDrainSynchronously(WdfDriverGlobals, Queue);
}

WDF_IMPORT(WdfIoQueueDrain)
VOID WdfImp_WdfIoQueueDrain(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, PFN_WDF_IO_QUEUE_STATE DrainComplete, WDFCONTEXT Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfIoQueueDrain(
    _In_ WDFQUEUE Queue,
    _In_opt_ PFN_WDF_IO_QUEUE_STATE DrainComplete,
    _In_opt_ WDFCONTEXT Context
    )
{
    WdfImp_WdfIoQueueDrain(WdfDriverGlobals, Queue, DrainComplete, Context);
}

WDF_IMPORT(WdfIoQueuePurgeSynchronously)
VOID WdfImp_WdfIoQueuePurgeSynchronously(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfIoQueuePurgeSynchronously(
    _In_ WDFQUEUE Queue
    )
{
    WdfImp_WdfIoQueuePurgeSynchronously(WdfDriverGlobals, Queue);
}

WDF_IMPORT(WdfIoQueuePurge)
VOID WdfImp_WdfIoQueuePurge(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, PFN_WDF_IO_QUEUE_STATE PurgeComplete, WDFCONTEXT Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfIoQueuePurge(
    _In_ WDFQUEUE Queue,
    _In_opt_ PFN_WDF_IO_QUEUE_STATE PurgeComplete,
    _In_opt_ WDFCONTEXT Context
    )
{
    WdfImp_WdfIoQueuePurge(WdfDriverGlobals, Queue, PurgeComplete, Context);
}

WDF_IMPORT(WdfIoQueueReadyNotify)
NTSTATUS WdfImp_WdfIoQueueReadyNotify(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, PFN_WDF_IO_QUEUE_STATE QueueReady, WDFCONTEXT Context);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoQueueReadyNotify(
    _In_ WDFQUEUE Queue,
    _In_opt_ PFN_WDF_IO_QUEUE_STATE QueueReady,
    _In_opt_ WDFCONTEXT Context
    )
{
    return WdfImp_WdfIoQueueReadyNotify(WdfDriverGlobals, Queue, QueueReady, Context);
}

WDF_IMPORT(WdfIoQueueStopAndPurge)
VOID WdfImp_WdfIoQueueStopAndPurge(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue, PFN_WDF_IO_QUEUE_STATE StopAndPurgeComplete, WDFCONTEXT Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfIoQueueStopAndPurge(
    _In_ WDFQUEUE Queue,
    _In_opt_ PFN_WDF_IO_QUEUE_STATE StopAndPurgeComplete,
    _In_opt_ WDFCONTEXT Context
    )
{
    WdfImp_WdfIoQueueStopAndPurge(WdfDriverGlobals, Queue, StopAndPurgeComplete, Context);
}

WDF_IMPORT(WdfIoQueueStopAndPurgeSynchronously)
VOID WdfImp_WdfIoQueueStopAndPurgeSynchronously(PWDF_DRIVER_GLOBALS DriverGlobals, WDFQUEUE Queue);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfIoQueueStopAndPurgeSynchronously(
    _In_ WDFQUEUE Queue
    )
{
    WdfImp_WdfIoQueueStopAndPurgeSynchronously(WdfDriverGlobals, Queue);
}

WDF_EXTERN_C_END

#endif /* _WDFIO_H_ */
