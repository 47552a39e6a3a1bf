/*
 * wdfiotarget.h - I/O targets: where a driver sends requests (the next
 * driver down its stack, or another device opened by name), synchronously
 * or with a completion routine.
 */
#ifndef _WDFIOTARGET_H_
#define _WDFIOTARGET_H_

WDF_EXTERN_C_START

typedef enum _WDF_IO_TARGET_STATE {
    WdfIoTargetStateUndefined = 0,
    WdfIoTargetStarted,
    WdfIoTargetStopped,
    WdfIoTargetClosedForQueryRemove,
    WdfIoTargetClosed,
    WdfIoTargetDeleted,
} WDF_IO_TARGET_STATE, *PWDF_IO_TARGET_STATE;

typedef enum _WDF_IO_TARGET_OPEN_TYPE {
    WdfIoTargetOpenUndefined = 0,
    WdfIoTargetOpenUseExistingDevice = 1,
    WdfIoTargetOpenByName = 2,
    WdfIoTargetOpenReopen = 3,
    WdfIoTargetOpenLocalTargetByFile = 4,
} WDF_IO_TARGET_OPEN_TYPE;

typedef enum _WDF_IO_TARGET_SENT_IO_ACTION {
    WdfIoTargetSentIoUndefined = 0,
    WdfIoTargetCancelSentIo,
    WdfIoTargetWaitForSentIoToComplete,
    WdfIoTargetLeaveSentIoPending,
} WDF_IO_TARGET_SENT_IO_ACTION;

typedef _Function_class_(EVT_WDF_IO_TARGET_QUERY_REMOVE)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_IO_TARGET_QUERY_REMOVE(
    _In_ WDFIOTARGET IoTarget
    );
typedef EVT_WDF_IO_TARGET_QUERY_REMOVE *PFN_WDF_IO_TARGET_QUERY_REMOVE;

typedef _Function_class_(EVT_WDF_IO_TARGET_REMOVE_CANCELED)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_IO_TARGET_REMOVE_CANCELED(
    _In_ WDFIOTARGET IoTarget
    );
typedef EVT_WDF_IO_TARGET_REMOVE_CANCELED *PFN_WDF_IO_TARGET_REMOVE_CANCELED;

typedef _Function_class_(EVT_WDF_IO_TARGET_REMOVE_COMPLETE)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_IO_TARGET_REMOVE_COMPLETE(
    _In_ WDFIOTARGET IoTarget
    );
typedef EVT_WDF_IO_TARGET_REMOVE_COMPLETE *PFN_WDF_IO_TARGET_REMOVE_COMPLETE;

typedef struct _WDF_IO_TARGET_OPEN_PARAMS {
    ULONG Size;
    WDF_IO_TARGET_OPEN_TYPE Type;
    PFN_WDF_IO_TARGET_QUERY_REMOVE EvtIoTargetQueryRemove;
    PFN_WDF_IO_TARGET_REMOVE_CANCELED EvtIoTargetRemoveCanceled;
    PFN_WDF_IO_TARGET_REMOVE_COMPLETE EvtIoTargetRemoveComplete;
    /* WdfIoTargetOpenUseExistingDevice: */
    PDEVICE_OBJECT TargetDeviceObject;
    PFILE_OBJECT TargetFileObject;
    /* WdfIoTargetOpenByName: */
    UNICODE_STRING TargetDeviceName;
    ACCESS_MASK DesiredAccess;
    ULONG ShareAccess;
    ULONG FileAttributes;
    ULONG CreateDisposition;
    ULONG CreateOptions;
    PVOID EaBuffer;
    ULONG EaBufferLength;
    PLONGLONG AllocationSize;
    /* Out: the FILE_* result of the open. */
    ULONG FileInformation;
    /* WdfIoTargetOpenLocalTargetByFile (UMDF): */
    UNICODE_STRING FileName;
} WDF_IO_TARGET_OPEN_PARAMS, *PWDF_IO_TARGET_OPEN_PARAMS;

FORCEINLINE
VOID
WDF_IO_TARGET_OPEN_PARAMS_INIT_EXISTING_DEVICE(
    _Out_ PWDF_IO_TARGET_OPEN_PARAMS Params,
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    RtlZeroMemory(Params, sizeof(WDF_IO_TARGET_OPEN_PARAMS));
    Params->Size = sizeof(WDF_IO_TARGET_OPEN_PARAMS);
    Params->Type = WdfIoTargetOpenUseExistingDevice;
    Params->TargetDeviceObject = DeviceObject;
}

FORCEINLINE
VOID
WDF_IO_TARGET_OPEN_PARAMS_INIT_CREATE_BY_NAME(
    _Out_ PWDF_IO_TARGET_OPEN_PARAMS Params,
    _In_ PCUNICODE_STRING TargetDeviceName,
    _In_ ACCESS_MASK DesiredAccess
    )
{
    RtlZeroMemory(Params, sizeof(WDF_IO_TARGET_OPEN_PARAMS));
    Params->Size = sizeof(WDF_IO_TARGET_OPEN_PARAMS);
    Params->Type = WdfIoTargetOpenByName;
    RtlCopyMemory(&Params->TargetDeviceName, TargetDeviceName, sizeof(UNICODE_STRING));
    Params->DesiredAccess = DesiredAccess;
    Params->CreateOptions = FILE_NON_DIRECTORY_FILE;
}

FORCEINLINE
VOID
WDF_IO_TARGET_OPEN_PARAMS_INIT_OPEN_BY_NAME(
    _Out_ PWDF_IO_TARGET_OPEN_PARAMS Params,
    _In_ PCUNICODE_STRING TargetDeviceName,
    _In_ ACCESS_MASK DesiredAccess
    )
{
    WDF_IO_TARGET_OPEN_PARAMS_INIT_CREATE_BY_NAME(Params, TargetDeviceName, DesiredAccess);
    Params->FileAttributes = FILE_ATTRIBUTE_NORMAL;
    Params->CreateDisposition = FILE_OPEN;
}

FORCEINLINE
VOID
WDF_IO_TARGET_OPEN_PARAMS_INIT_REOPEN(
    _Out_ PWDF_IO_TARGET_OPEN_PARAMS Params
    )
{
    RtlZeroMemory(Params, sizeof(WDF_IO_TARGET_OPEN_PARAMS));
    Params->Size = sizeof(WDF_IO_TARGET_OPEN_PARAMS);
    Params->Type = WdfIoTargetOpenReopen;
}

WDF_IMPORT(WdfIoTargetCreate)
NTSTATUS WdfImp_WdfIoTargetCreate(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_OBJECT_ATTRIBUTES IoTargetAttributes, WDFIOTARGET* IoTarget);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetCreate(
    _In_ WDFDEVICE Device,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES IoTargetAttributes,
    _Out_ WDFIOTARGET* IoTarget
    )
{
    return WdfImp_WdfIoTargetCreate(WdfDriverGlobals, Device, IoTargetAttributes, IoTarget);
}

WDF_IMPORT(WdfIoTargetOpen)
NTSTATUS WdfImp_WdfIoTargetOpen(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, PWDF_IO_TARGET_OPEN_PARAMS OpenParams);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetOpen(
    _In_ WDFIOTARGET IoTarget,
    _In_ PWDF_IO_TARGET_OPEN_PARAMS OpenParams
    )
{
    return WdfImp_WdfIoTargetOpen(WdfDriverGlobals, IoTarget, OpenParams);
}

WDF_IMPORT(WdfIoTargetCloseForQueryRemove)
VOID WdfImp_WdfIoTargetCloseForQueryRemove(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfIoTargetCloseForQueryRemove(
    _In_ WDFIOTARGET IoTarget
    )
{
    WdfImp_WdfIoTargetCloseForQueryRemove(WdfDriverGlobals, IoTarget);
}

WDF_IMPORT(WdfIoTargetClose)
VOID WdfImp_WdfIoTargetClose(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfIoTargetClose(
    _In_ WDFIOTARGET IoTarget
    )
{
    WdfImp_WdfIoTargetClose(WdfDriverGlobals, IoTarget);
}

WDF_IMPORT(WdfIoTargetStart)
NTSTATUS WdfImp_WdfIoTargetStart(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetStart(
    _In_ WDFIOTARGET IoTarget
    )
{
    return WdfImp_WdfIoTargetStart(WdfDriverGlobals, IoTarget);
}

WDF_IMPORT(WdfIoTargetStop)
VOID WdfImp_WdfIoTargetStop(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDF_IO_TARGET_SENT_IO_ACTION Action);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfIoTargetStop(
    _In_ WDFIOTARGET IoTarget,
    _In_ WDF_IO_TARGET_SENT_IO_ACTION Action
    )
{
    WdfImp_WdfIoTargetStop(WdfDriverGlobals, IoTarget, Action);
}

WDF_IMPORT(WdfIoTargetGetState)
WDF_IO_TARGET_STATE WdfImp_WdfIoTargetGetState(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDF_IO_TARGET_STATE
WdfIoTargetGetState(
    _In_ WDFIOTARGET IoTarget
    )
{
    return WdfImp_WdfIoTargetGetState(WdfDriverGlobals, IoTarget);
}

WDF_IMPORT(WdfIoTargetGetDevice)
WDFDEVICE WdfImp_WdfIoTargetGetDevice(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFDEVICE
WdfIoTargetGetDevice(
    _In_ WDFIOTARGET IoTarget
    )
{
    return WdfImp_WdfIoTargetGetDevice(WdfDriverGlobals, IoTarget);
}

WDF_IMPORT(WdfIoTargetSendReadSynchronously)
NTSTATUS WdfImp_WdfIoTargetSendReadSynchronously(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, PWDF_MEMORY_DESCRIPTOR OutputBuffer, PLONGLONG DeviceOffset, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesRead);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetSendReadSynchronously(
    _In_ WDFIOTARGET IoTarget,
    _In_opt_ WDFREQUEST Request,
    _In_opt_ PWDF_MEMORY_DESCRIPTOR OutputBuffer,
    _In_opt_ PLONGLONG DeviceOffset,
    _In_opt_ PWDF_REQUEST_SEND_OPTIONS RequestOptions,
    _Out_opt_ PULONG_PTR BytesRead
    )
{
    return WdfImp_WdfIoTargetSendReadSynchronously(WdfDriverGlobals, IoTarget, Request, OutputBuffer, DeviceOffset, RequestOptions, BytesRead);
}

WDF_IMPORT(WdfIoTargetFormatRequestForRead)
NTSTATUS WdfImp_WdfIoTargetFormatRequestForRead(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, WDFMEMORY OutputBuffer, PWDFMEMORY_OFFSET OutputBufferOffset, PLONGLONG DeviceOffset);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetFormatRequestForRead(
    _In_ WDFIOTARGET IoTarget,
    _In_ WDFREQUEST Request,
    _In_opt_ WDFMEMORY OutputBuffer,
    _In_opt_ PWDFMEMORY_OFFSET OutputBufferOffset,
    _In_opt_ PLONGLONG DeviceOffset
    )
{
    return WdfImp_WdfIoTargetFormatRequestForRead(WdfDriverGlobals, IoTarget, Request, OutputBuffer, OutputBufferOffset, DeviceOffset);
}

WDF_IMPORT(WdfIoTargetSendWriteSynchronously)
NTSTATUS WdfImp_WdfIoTargetSendWriteSynchronously(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, PWDF_MEMORY_DESCRIPTOR InputBuffer, PLONGLONG DeviceOffset, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesWritten);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetSendWriteSynchronously(
    _In_ WDFIOTARGET IoTarget,
    _In_opt_ WDFREQUEST Request,
    _In_opt_ PWDF_MEMORY_DESCRIPTOR InputBuffer,
    _In_opt_ PLONGLONG DeviceOffset,
    _In_opt_ PWDF_REQUEST_SEND_OPTIONS RequestOptions,
    _Out_opt_ PULONG_PTR BytesWritten
    )
{
    return WdfImp_WdfIoTargetSendWriteSynchronously(WdfDriverGlobals, IoTarget, Request, InputBuffer, DeviceOffset, RequestOptions, BytesWritten);
}

WDF_IMPORT(WdfIoTargetFormatRequestForWrite)
NTSTATUS WdfImp_WdfIoTargetFormatRequestForWrite(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, WDFMEMORY InputBuffer, PWDFMEMORY_OFFSET InputBufferOffset, PLONGLONG DeviceOffset);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetFormatRequestForWrite(
    _In_ WDFIOTARGET IoTarget,
    _In_ WDFREQUEST Request,
    _In_opt_ WDFMEMORY InputBuffer,
    _In_opt_ PWDFMEMORY_OFFSET InputBufferOffset,
    _In_opt_ PLONGLONG DeviceOffset
    )
{
    return WdfImp_WdfIoTargetFormatRequestForWrite(WdfDriverGlobals, IoTarget, Request, InputBuffer, InputBufferOffset, DeviceOffset);
}

WDF_IMPORT(WdfIoTargetSendIoctlSynchronously)
NTSTATUS WdfImp_WdfIoTargetSendIoctlSynchronously(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, ULONG IoctlCode, PWDF_MEMORY_DESCRIPTOR InputBuffer, PWDF_MEMORY_DESCRIPTOR OutputBuffer, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesReturned);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetSendIoctlSynchronously(
    _In_ WDFIOTARGET IoTarget,
    _In_opt_ WDFREQUEST Request,
    _In_ ULONG IoctlCode,
    _In_opt_ PWDF_MEMORY_DESCRIPTOR InputBuffer,
    _In_opt_ PWDF_MEMORY_DESCRIPTOR OutputBuffer,
    _In_opt_ PWDF_REQUEST_SEND_OPTIONS RequestOptions,
    _Out_opt_ PULONG_PTR BytesReturned
    )
{
    return WdfImp_WdfIoTargetSendIoctlSynchronously(WdfDriverGlobals, IoTarget, Request, IoctlCode, InputBuffer, OutputBuffer, RequestOptions, BytesReturned);
}

WDF_IMPORT(WdfIoTargetFormatRequestForIoctl)
NTSTATUS WdfImp_WdfIoTargetFormatRequestForIoctl(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, ULONG IoctlCode, WDFMEMORY InputBuffer, PWDFMEMORY_OFFSET InputBufferOffset, WDFMEMORY OutputBuffer, PWDFMEMORY_OFFSET OutputBufferOffset);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetFormatRequestForIoctl(
    _In_ WDFIOTARGET IoTarget,
    _In_ WDFREQUEST Request,
    _In_ ULONG IoctlCode,
    _In_opt_ WDFMEMORY InputBuffer,
    _In_opt_ PWDFMEMORY_OFFSET InputBufferOffset,
    _In_opt_ WDFMEMORY OutputBuffer,
    _In_opt_ PWDFMEMORY_OFFSET OutputBufferOffset
    )
{
    return WdfImp_WdfIoTargetFormatRequestForIoctl(WdfDriverGlobals, IoTarget, Request, IoctlCode, InputBuffer, InputBufferOffset, OutputBuffer, OutputBufferOffset);
}

#if WDF_IS_KMDF
WDF_IMPORT(WdfIoTargetSendInternalIoctlSynchronously)
NTSTATUS WdfImp_WdfIoTargetSendInternalIoctlSynchronously(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, ULONG IoctlCode, PWDF_MEMORY_DESCRIPTOR InputBuffer, PWDF_MEMORY_DESCRIPTOR OutputBuffer, PWDF_REQUEST_SEND_OPTIONS RequestOptions, PULONG_PTR BytesReturned);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetSendInternalIoctlSynchronously(
    _In_ WDFIOTARGET IoTarget,
    _In_opt_ WDFREQUEST Request,
    _In_ ULONG IoctlCode,
    _In_opt_ PWDF_MEMORY_DESCRIPTOR InputBuffer,
    _In_opt_ PWDF_MEMORY_DESCRIPTOR OutputBuffer,
    _In_opt_ PWDF_REQUEST_SEND_OPTIONS RequestOptions,
    _Out_opt_ PULONG_PTR BytesReturned
    )
{
    return WdfImp_WdfIoTargetSendInternalIoctlSynchronously(WdfDriverGlobals, IoTarget, Request, IoctlCode, InputBuffer, OutputBuffer, RequestOptions, BytesReturned);
}

WDF_IMPORT(WdfIoTargetFormatRequestForInternalIoctl)
NTSTATUS WdfImp_WdfIoTargetFormatRequestForInternalIoctl(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget, WDFREQUEST Request, ULONG IoctlCode, WDFMEMORY InputBuffer, PWDFMEMORY_OFFSET InputBufferOffset, WDFMEMORY OutputBuffer, PWDFMEMORY_OFFSET OutputBufferOffset);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfIoTargetFormatRequestForInternalIoctl(
    _In_ WDFIOTARGET IoTarget,
    _In_ WDFREQUEST Request,
    _In_ ULONG IoctlCode,
    _In_opt_ WDFMEMORY InputBuffer,
    _In_opt_ PWDFMEMORY_OFFSET InputBufferOffset,
    _In_opt_ WDFMEMORY OutputBuffer,
    _In_opt_ PWDFMEMORY_OFFSET OutputBufferOffset
    )
{
    return WdfImp_WdfIoTargetFormatRequestForInternalIoctl(WdfDriverGlobals, IoTarget, Request, IoctlCode, InputBuffer, InputBufferOffset, OutputBuffer, OutputBufferOffset);
}

WDF_IMPORT(WdfIoTargetWdmGetTargetDeviceObject)
PDEVICE_OBJECT WdfImp_WdfIoTargetWdmGetTargetDeviceObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PDEVICE_OBJECT
WdfIoTargetWdmGetTargetDeviceObject(
    _In_ WDFIOTARGET IoTarget
    )
{
    return WdfImp_WdfIoTargetWdmGetTargetDeviceObject(WdfDriverGlobals, IoTarget);
}

WDF_IMPORT(WdfIoTargetWdmGetTargetFileObject)
PFILE_OBJECT WdfImp_WdfIoTargetWdmGetTargetFileObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFIOTARGET IoTarget);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PFILE_OBJECT
WdfIoTargetWdmGetTargetFileObject(
    _In_ WDFIOTARGET IoTarget
    )
{
    return WdfImp_WdfIoTargetWdmGetTargetFileObject(WdfDriverGlobals, IoTarget);
}
#endif

WDF_EXTERN_C_END

#endif /* _WDFIOTARGET_H_ */
