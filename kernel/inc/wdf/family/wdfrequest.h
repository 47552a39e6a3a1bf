/*
 * wdfrequest.h - the framework request object (one I/O request, wrapping an
 * IRP in KMDF): its parameters, buffers, completion, cancellation and
 * sending it on to an I/O target.
 */
#ifndef _WDFREQUEST_H_
#define _WDFREQUEST_H_

WDF_EXTERN_C_START

/* The values are the IRP major function codes. */
typedef enum _WDF_REQUEST_TYPE {
    WdfRequestTypeCreate = 0x0,
    WdfRequestTypeCreateNamedPipe = 0x1,
    WdfRequestTypeClose = 0x2,
    WdfRequestTypeRead = 0x3,
    WdfRequestTypeWrite = 0x4,
    WdfRequestTypeQueryInformation = 0x5,
    WdfRequestTypeSetInformation = 0x6,
    WdfRequestTypeQueryEA = 0x7,
    WdfRequestTypeSetEA = 0x8,
    WdfRequestTypeFlushBuffers = 0x9,
    WdfRequestTypeQueryVolumeInformation = 0xa,
    WdfRequestTypeSetVolumeInformation = 0xb,
    WdfRequestTypeDirectoryControl = 0xc,
    WdfRequestTypeFileSystemControl = 0xd,
    WdfRequestTypeDeviceControl = 0xe,
    WdfRequestTypeDeviceControlInternal = 0xf,
    WdfRequestTypeShutdown = 0x10,
    WdfRequestTypeLockControl = 0x11,
    WdfRequestTypeCleanup = 0x12,
    WdfRequestTypeCreateMailSlot = 0x13,
    WdfRequestTypeQuerySecurity = 0x14,
    WdfRequestTypeSetSecurity = 0x15,
    WdfRequestTypePower = 0x16,
    WdfRequestTypeSystemControl = 0x17,
    WdfRequestTypeDeviceChange = 0x18,
    WdfRequestTypeQueryQuota = 0x19,
    WdfRequestTypeSetQuota = 0x1A,
    WdfRequestTypePnp = 0x1B,
    WdfRequestTypeOther = 0x1C,
    WdfRequestTypeUsb = 0x40,
    WdfRequestTypeNoFormat = 0xFF,
    WdfRequestTypeMax,
} WDF_REQUEST_TYPE;

/* Bits of the ActionFlags an EvtIoStop callback receives. */
typedef enum _WDF_REQUEST_STOP_ACTION_FLAGS {
    WdfRequestStopActionInvalid = 0,
    WdfRequestStopActionSuspend = 0x01,
    WdfRequestStopActionPurge = 0x2,
    WdfRequestStopRequestCancelable = 0x10000000,
} WDF_REQUEST_STOP_ACTION_FLAGS;

typedef enum _WDF_REQUEST_SEND_OPTIONS_FLAGS {
    WDF_REQUEST_SEND_OPTION_TIMEOUT = 0x00000001,
    WDF_REQUEST_SEND_OPTION_SYNCHRONOUS = 0x00000002,
    WDF_REQUEST_SEND_OPTION_IGNORE_TARGET_STATE = 0x00000004,
    WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET = 0x00000008,
    WDF_REQUEST_SEND_OPTION_IMPERSONATE_CLIENT = 0x00010000,
    WDF_REQUEST_SEND_OPTION_IMPERSONATION_IGNORE_FAILURE = 0x00020000,
} WDF_REQUEST_SEND_OPTIONS_FLAGS;

typedef enum _WDF_REQUEST_REUSE_FLAGS {
    WDF_REQUEST_REUSE_NO_FLAGS = 0x00000000,
    WDF_REQUEST_REUSE_SET_NEW_IRP = 0x00000001,
} WDF_REQUEST_REUSE_FLAGS;

/* Per-type parameters of a request, as WdfRequestGetParameters fills them. */
typedef struct _WDF_REQUEST_PARAMETERS {
    USHORT Size;
    UCHAR MinorFunction;
    WDF_REQUEST_TYPE Type;
    union {
        struct {
            PIO_SECURITY_CONTEXT SecurityContext;
            ULONG Options;
            USHORT POINTER_ALIGNMENT FileAttributes;
            USHORT ShareAccess;
            ULONG POINTER_ALIGNMENT EaLength;
        } Create;
        struct {
            size_t Length;
            ULONG POINTER_ALIGNMENT Key;
            LONGLONG DeviceOffset;
        } Read;
        struct {
            size_t Length;
            ULONG POINTER_ALIGNMENT Key;
            LONGLONG DeviceOffset;
        } Write;
        struct {
            size_t OutputBufferLength;
            size_t POINTER_ALIGNMENT InputBufferLength;
            ULONG POINTER_ALIGNMENT IoControlCode;
            PVOID Type3InputBuffer;
        } DeviceIoControl;
        struct {
            PVOID Arg1;
            PVOID Arg2;
            ULONG POINTER_ALIGNMENT IoControlCode;
            PVOID Arg4;
        } Others;
    } Parameters;
} WDF_REQUEST_PARAMETERS, *PWDF_REQUEST_PARAMETERS;

FORCEINLINE
VOID
WDF_REQUEST_PARAMETERS_INIT(
    _Out_ PWDF_REQUEST_PARAMETERS Parameters
    )
{
    RtlZeroMemory(Parameters, sizeof(WDF_REQUEST_PARAMETERS));
    Parameters->Size = sizeof(WDF_REQUEST_PARAMETERS);
}

/* What a completion routine learns about a request it sent. */
typedef struct _WDF_REQUEST_COMPLETION_PARAMS {
    ULONG Size;
    WDF_REQUEST_TYPE Type;
    IO_STATUS_BLOCK IoStatus;
    union {
        struct {
            WDFMEMORY Buffer;
            size_t Length;
            size_t Offset;
        } Write;
        struct {
            WDFMEMORY Buffer;
            size_t Length;
            size_t Offset;
        } Read;
        struct {
            ULONG IoControlCode;
            struct {
                WDFMEMORY Buffer;
                size_t Offset;
            } Input;
            struct {
                WDFMEMORY Buffer;
                size_t Offset;
                size_t Length;
            } Output;
        } Ioctl;
        struct {
            union {
                PVOID Ptr;
                ULONG_PTR Value;
            } Argument1;
            union {
                PVOID Ptr;
                ULONG_PTR Value;
            } Argument2;
            union {
                PVOID Ptr;
                ULONG_PTR Value;
            } Argument3;
            union {
                PVOID Ptr;
                ULONG_PTR Value;
            } Argument4;
        } Others;
    } Parameters;
} WDF_REQUEST_COMPLETION_PARAMS, *PWDF_REQUEST_COMPLETION_PARAMS;

FORCEINLINE
VOID
WDF_REQUEST_COMPLETION_PARAMS_INIT(
    _Out_ PWDF_REQUEST_COMPLETION_PARAMS Params
    )
{
    RtlZeroMemory(Params, sizeof(WDF_REQUEST_COMPLETION_PARAMS));
    Params->Size = sizeof(WDF_REQUEST_COMPLETION_PARAMS);
    Params->Type = WdfRequestTypeNoFormat;
}

typedef struct _WDF_REQUEST_SEND_OPTIONS {
    ULONG Size;
    /* WDF_REQUEST_SEND_OPTIONS_FLAGS. */
    ULONG Flags;
    /* 100 ns units, negative = relative; used with _OPTION_TIMEOUT. */
    LONGLONG Timeout;
} WDF_REQUEST_SEND_OPTIONS, *PWDF_REQUEST_SEND_OPTIONS;

FORCEINLINE
VOID
WDF_REQUEST_SEND_OPTIONS_INIT(
    _Out_ PWDF_REQUEST_SEND_OPTIONS Options,
    _In_ ULONG Flags
    )
{
    RtlZeroMemory(Options, sizeof(WDF_REQUEST_SEND_OPTIONS));
    Options->Size = sizeof(WDF_REQUEST_SEND_OPTIONS);
    Options->Flags = Flags;
}

FORCEINLINE
VOID
WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(
    _Inout_ PWDF_REQUEST_SEND_OPTIONS Options,
    _In_ LONGLONG Timeout
    )
{
    Options->Flags |= WDF_REQUEST_SEND_OPTION_TIMEOUT;
    Options->Timeout = Timeout;
}

typedef struct _WDF_REQUEST_REUSE_PARAMS {
    ULONG Size;
    ULONG Flags;
    NTSTATUS Status;
    PIRP NewIrp;
} WDF_REQUEST_REUSE_PARAMS, *PWDF_REQUEST_REUSE_PARAMS;

FORCEINLINE
VOID
WDF_REQUEST_REUSE_PARAMS_INIT(
    _Out_ PWDF_REQUEST_REUSE_PARAMS Params,
    _In_ ULONG Flags,
    _In_ NTSTATUS Status
    )
{
    RtlZeroMemory(Params, sizeof(WDF_REQUEST_REUSE_PARAMS));
    Params->Size = sizeof(WDF_REQUEST_REUSE_PARAMS);
    Params->Flags = Flags;
    Params->Status = Status;
}

typedef _Function_class_(EVT_WDF_REQUEST_CANCEL)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_REQUEST_CANCEL(
    _In_ WDFREQUEST Request
    );
typedef EVT_WDF_REQUEST_CANCEL *PFN_WDF_REQUEST_CANCEL;

typedef _Function_class_(EVT_WDF_REQUEST_COMPLETION_ROUTINE)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_REQUEST_COMPLETION_ROUTINE(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target,
    _In_ PWDF_REQUEST_COMPLETION_PARAMS Params,
    _In_ WDFCONTEXT Context
    );
typedef EVT_WDF_REQUEST_COMPLETION_ROUTINE *PFN_WDF_REQUEST_COMPLETION_ROUTINE;

WDF_IMPORT(WdfRequestCreate)
NTSTATUS WdfImp_WdfRequestCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_OBJECT_ATTRIBUTES RequestAttributes, WDFIOTARGET IoTarget, WDFREQUEST* Request);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestCreate(
    _In_opt_ PWDF_OBJECT_ATTRIBUTES RequestAttributes,
    _In_opt_ WDFIOTARGET IoTarget,
    _Out_ WDFREQUEST* Request
    )
{
    return WdfImp_WdfRequestCreate(WdfDriverGlobals, RequestAttributes, IoTarget, Request);
}

WDF_IMPORT(WdfRequestReuse)
NTSTATUS WdfImp_WdfRequestReuse(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PWDF_REQUEST_REUSE_PARAMS ReuseParams);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestReuse(
    _In_ WDFREQUEST Request,
    _In_ PWDF_REQUEST_REUSE_PARAMS ReuseParams
    )
{
    return WdfImp_WdfRequestReuse(WdfDriverGlobals, Request, ReuseParams);
}

WDF_IMPORT(WdfRequestSend)
BOOLEAN WdfImp_WdfRequestSend(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, WDFIOTARGET Target, PWDF_REQUEST_SEND_OPTIONS Options);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
BOOLEAN
WdfRequestSend(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target,
    _In_opt_ PWDF_REQUEST_SEND_OPTIONS Options
    )
{
    return WdfImp_WdfRequestSend(WdfDriverGlobals, Request, Target, Options);
}

WDF_IMPORT(WdfRequestGetStatus)
NTSTATUS WdfImp_WdfRequestGetStatus(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestGetStatus(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestGetStatus(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestMarkCancelable)
VOID WdfImp_WdfRequestMarkCancelable(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PFN_WDF_REQUEST_CANCEL EvtRequestCancel);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestMarkCancelable(
    _In_ WDFREQUEST Request,
    _In_ PFN_WDF_REQUEST_CANCEL EvtRequestCancel
    )
{
    WdfImp_WdfRequestMarkCancelable(WdfDriverGlobals, Request, EvtRequestCancel);
}

WDF_IMPORT(WdfRequestMarkCancelableEx)
NTSTATUS WdfImp_WdfRequestMarkCancelableEx(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PFN_WDF_REQUEST_CANCEL EvtRequestCancel);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestMarkCancelableEx(
    _In_ WDFREQUEST Request,
    _In_ PFN_WDF_REQUEST_CANCEL EvtRequestCancel
    )
{
    return WdfImp_WdfRequestMarkCancelableEx(WdfDriverGlobals, Request, EvtRequestCancel);
}

WDF_IMPORT(WdfRequestUnmarkCancelable)
NTSTATUS WdfImp_WdfRequestUnmarkCancelable(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestUnmarkCancelable(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestUnmarkCancelable(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestIsCanceled)
BOOLEAN WdfImp_WdfRequestIsCanceled(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
BOOLEAN
WdfRequestIsCanceled(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestIsCanceled(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestCancelSentRequest)
BOOLEAN WdfImp_WdfRequestCancelSentRequest(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
BOOLEAN
WdfRequestCancelSentRequest(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestCancelSentRequest(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestComplete)
VOID WdfImp_WdfRequestComplete(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, NTSTATUS Status);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestComplete(
    _In_ WDFREQUEST Request,
    _In_ NTSTATUS Status
    )
{
    WdfImp_WdfRequestComplete(WdfDriverGlobals, Request, Status);
}

WDF_IMPORT(WdfRequestCompleteWithInformation)
VOID WdfImp_WdfRequestCompleteWithInformation(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, NTSTATUS Status, ULONG_PTR Information);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestCompleteWithInformation(
    _In_ WDFREQUEST Request,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    WdfImp_WdfRequestCompleteWithInformation(WdfDriverGlobals, Request, Status, Information);
}

WDF_IMPORT(WdfRequestSetInformation)
VOID WdfImp_WdfRequestSetInformation(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, ULONG_PTR Information);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestSetInformation(
    _In_ WDFREQUEST Request,
    _In_ ULONG_PTR Information
    )
{
    WdfImp_WdfRequestSetInformation(WdfDriverGlobals, Request, Information);
}

WDF_IMPORT(WdfRequestGetInformation)
ULONG_PTR WdfImp_WdfRequestGetInformation(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
ULONG_PTR
WdfRequestGetInformation(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestGetInformation(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestGetParameters)
VOID WdfImp_WdfRequestGetParameters(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PWDF_REQUEST_PARAMETERS Parameters);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestGetParameters(
    _In_ WDFREQUEST Request,
    _Out_ PWDF_REQUEST_PARAMETERS Parameters
    )
{
    WdfImp_WdfRequestGetParameters(WdfDriverGlobals, Request, Parameters);
}

WDF_IMPORT(WdfRequestGetCompletionParams)
VOID WdfImp_WdfRequestGetCompletionParams(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PWDF_REQUEST_COMPLETION_PARAMS Params);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestGetCompletionParams(
    _In_ WDFREQUEST Request,
    _Out_ PWDF_REQUEST_COMPLETION_PARAMS Params
    )
{
    WdfImp_WdfRequestGetCompletionParams(WdfDriverGlobals, Request, Params);
}

WDF_IMPORT(WdfRequestSetCompletionRoutine)
VOID WdfImp_WdfRequestSetCompletionRoutine(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PFN_WDF_REQUEST_COMPLETION_ROUTINE CompletionRoutine, WDFCONTEXT CompletionContext);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestSetCompletionRoutine(
    _In_ WDFREQUEST Request,
    _In_opt_ PFN_WDF_REQUEST_COMPLETION_ROUTINE CompletionRoutine,
    _In_opt_ WDFCONTEXT CompletionContext
    )
{
    WdfImp_WdfRequestSetCompletionRoutine(WdfDriverGlobals, Request, CompletionRoutine, CompletionContext);
}

WDF_IMPORT(WdfRequestFormatRequestUsingCurrentType)
VOID WdfImp_WdfRequestFormatRequestUsingCurrentType(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestFormatRequestUsingCurrentType(
    _In_ WDFREQUEST Request
    )
{
    WdfImp_WdfRequestFormatRequestUsingCurrentType(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestRetrieveInputMemory)
NTSTATUS WdfImp_WdfRequestRetrieveInputMemory(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, WDFMEMORY* Memory);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRetrieveInputMemory(
    _In_ WDFREQUEST Request,
    _Out_ WDFMEMORY* Memory
    )
{
    return WdfImp_WdfRequestRetrieveInputMemory(WdfDriverGlobals, Request, Memory);
}

WDF_IMPORT(WdfRequestRetrieveOutputMemory)
NTSTATUS WdfImp_WdfRequestRetrieveOutputMemory(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, WDFMEMORY* Memory);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRetrieveOutputMemory(
    _In_ WDFREQUEST Request,
    _Out_ WDFMEMORY* Memory
    )
{
    return WdfImp_WdfRequestRetrieveOutputMemory(WdfDriverGlobals, Request, Memory);
}

WDF_IMPORT(WdfRequestRetrieveInputBuffer)
NTSTATUS WdfImp_WdfRequestRetrieveInputBuffer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, size_t MinimumRequiredLength, PVOID* Buffer, size_t* Length);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRetrieveInputBuffer(
    _In_ WDFREQUEST Request,
    _In_ size_t MinimumRequiredLength,
    _Outptr_result_bytebuffer_(*Length) PVOID* Buffer,
    _Out_opt_ size_t* Length
    )
{
    return WdfImp_WdfRequestRetrieveInputBuffer(WdfDriverGlobals, Request, MinimumRequiredLength, Buffer, Length);
}

WDF_IMPORT(WdfRequestRetrieveOutputBuffer)
NTSTATUS WdfImp_WdfRequestRetrieveOutputBuffer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, size_t MinimumRequiredSize, PVOID* Buffer, size_t* Length);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRetrieveOutputBuffer(
    _In_ WDFREQUEST Request,
    _In_ size_t MinimumRequiredSize,
    _Outptr_result_bytebuffer_(*Length) PVOID* Buffer,
    _Out_opt_ size_t* Length
    )
{
    return WdfImp_WdfRequestRetrieveOutputBuffer(WdfDriverGlobals, Request, MinimumRequiredSize, Buffer, Length);
}

WDF_IMPORT(WdfRequestGetFileObject)
WDFFILEOBJECT WdfImp_WdfRequestGetFileObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFFILEOBJECT
WdfRequestGetFileObject(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestGetFileObject(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestGetIoQueue)
WDFQUEUE WdfImp_WdfRequestGetIoQueue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFQUEUE
WdfRequestGetIoQueue(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestGetIoQueue(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestForwardToIoQueue)
NTSTATUS WdfImp_WdfRequestForwardToIoQueue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, WDFQUEUE DestinationQueue);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestForwardToIoQueue(
    _In_ WDFREQUEST Request,
    _In_ WDFQUEUE DestinationQueue
    )
{
    return WdfImp_WdfRequestForwardToIoQueue(WdfDriverGlobals, Request, DestinationQueue);
}

WDF_IMPORT(WdfRequestRequeue)
NTSTATUS WdfImp_WdfRequestRequeue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRequeue(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestRequeue(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestStopAcknowledge)
VOID WdfImp_WdfRequestStopAcknowledge(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, BOOLEAN Requeue);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestStopAcknowledge(
    _In_ WDFREQUEST Request,
    _In_ BOOLEAN Requeue
    )
{
    WdfImp_WdfRequestStopAcknowledge(WdfDriverGlobals, Request, Requeue);
}

WDF_IMPORT(WdfRequestGetRequestorMode)
KPROCESSOR_MODE WdfImp_WdfRequestGetRequestorMode(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
KPROCESSOR_MODE
WdfRequestGetRequestorMode(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestGetRequestorMode(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestIsFrom32BitProcess)
BOOLEAN WdfImp_WdfRequestIsFrom32BitProcess(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
BOOLEAN
WdfRequestIsFrom32BitProcess(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestIsFrom32BitProcess(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestAllocateTimer)
NTSTATUS WdfImp_WdfRequestAllocateTimer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestAllocateTimer(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestAllocateTimer(WdfDriverGlobals, Request);
}

#if WDF_IS_KMDF
WDF_IMPORT(WdfRequestCompleteWithPriorityBoost)
VOID WdfImp_WdfRequestCompleteWithPriorityBoost(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, NTSTATUS Status, CCHAR PriorityBoost);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestCompleteWithPriorityBoost(
    _In_ WDFREQUEST Request,
    _In_ NTSTATUS Status,
    _In_ CCHAR PriorityBoost
    )
{
    WdfImp_WdfRequestCompleteWithPriorityBoost(WdfDriverGlobals, Request, Status, PriorityBoost);
}

WDF_IMPORT(WdfRequestRetrieveInputWdmMdl)
NTSTATUS WdfImp_WdfRequestRetrieveInputWdmMdl(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PMDL* Mdl);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRetrieveInputWdmMdl(
    _In_ WDFREQUEST Request,
    _Outptr_ PMDL* Mdl
    )
{
    return WdfImp_WdfRequestRetrieveInputWdmMdl(WdfDriverGlobals, Request, Mdl);
}

WDF_IMPORT(WdfRequestRetrieveOutputWdmMdl)
NTSTATUS WdfImp_WdfRequestRetrieveOutputWdmMdl(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PMDL* Mdl);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRetrieveOutputWdmMdl(
    _In_ WDFREQUEST Request,
    _Outptr_ PMDL* Mdl
    )
{
    return WdfImp_WdfRequestRetrieveOutputWdmMdl(WdfDriverGlobals, Request, Mdl);
}

WDF_IMPORT(WdfRequestRetrieveUnsafeUserInputBuffer)
NTSTATUS WdfImp_WdfRequestRetrieveUnsafeUserInputBuffer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, size_t MinimumRequiredLength, PVOID* InputBuffer, size_t* Length);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRetrieveUnsafeUserInputBuffer(
    _In_ WDFREQUEST Request,
    _In_ size_t MinimumRequiredLength,
    _Outptr_result_bytebuffer_(*Length) PVOID* InputBuffer,
    _Out_opt_ size_t* Length
    )
{
    return WdfImp_WdfRequestRetrieveUnsafeUserInputBuffer(WdfDriverGlobals, Request, MinimumRequiredLength, InputBuffer, Length);
}

WDF_IMPORT(WdfRequestRetrieveUnsafeUserOutputBuffer)
NTSTATUS WdfImp_WdfRequestRetrieveUnsafeUserOutputBuffer(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, size_t MinimumRequiredLength, PVOID* OutputBuffer, size_t* Length);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestRetrieveUnsafeUserOutputBuffer(
    _In_ WDFREQUEST Request,
    _In_ size_t MinimumRequiredLength,
    _Outptr_result_bytebuffer_(*Length) PVOID* OutputBuffer,
    _Out_opt_ size_t* Length
    )
{
    return WdfImp_WdfRequestRetrieveUnsafeUserOutputBuffer(WdfDriverGlobals, Request, MinimumRequiredLength, OutputBuffer, Length);
}

WDF_IMPORT(WdfRequestProbeAndLockUserBufferForRead)
NTSTATUS WdfImp_WdfRequestProbeAndLockUserBufferForRead(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PVOID Buffer, size_t Length, WDFMEMORY* MemoryObject);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestProbeAndLockUserBufferForRead(
    _In_ WDFREQUEST Request,
    _In_reads_bytes_(Length) PVOID Buffer,
    _In_ size_t Length,
    _Out_ WDFMEMORY* MemoryObject
    )
{
    return WdfImp_WdfRequestProbeAndLockUserBufferForRead(WdfDriverGlobals, Request, Buffer, Length, MemoryObject);
}

WDF_IMPORT(WdfRequestProbeAndLockUserBufferForWrite)
NTSTATUS WdfImp_WdfRequestProbeAndLockUserBufferForWrite(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PVOID Buffer, size_t Length, WDFMEMORY* MemoryObject);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfRequestProbeAndLockUserBufferForWrite(
    _In_ WDFREQUEST Request,
    _In_reads_bytes_(Length) PVOID Buffer,
    _In_ size_t Length,
    _Out_ WDFMEMORY* MemoryObject
    )
{
    return WdfImp_WdfRequestProbeAndLockUserBufferForWrite(WdfDriverGlobals, Request, Buffer, Length, MemoryObject);
}

WDF_IMPORT(WdfRequestWdmGetIrp)
PIRP WdfImp_WdfRequestWdmGetIrp(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PIRP
WdfRequestWdmGetIrp(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestWdmGetIrp(WdfDriverGlobals, Request);
}

WDF_IMPORT(WdfRequestWdmFormatUsingStackLocation)
VOID WdfImp_WdfRequestWdmFormatUsingStackLocation(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request, PIO_STACK_LOCATION Stack);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfRequestWdmFormatUsingStackLocation(
    _In_ WDFREQUEST Request,
    _In_ PIO_STACK_LOCATION Stack
    )
{
    WdfImp_WdfRequestWdmFormatUsingStackLocation(WdfDriverGlobals, Request, Stack);
}
#else
WDF_IMPORT(WdfRequestGetRequestorProcessId)
ULONG WdfImp_WdfRequestGetRequestorProcessId(PWDF_DRIVER_GLOBALS DriverGlobals, WDFREQUEST Request);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
ULONG
WdfRequestGetRequestorProcessId(
    _In_ WDFREQUEST Request
    )
{
    return WdfImp_WdfRequestGetRequestorProcessId(WdfDriverGlobals, Request);
}
#endif

WDF_EXTERN_C_END

#endif /* _WDFREQUEST_H_ */
