/*
 * wdfworkitem.h - framework work items: run EvtWorkItemFunc later at
 * PASSIVE_LEVEL on a system worker thread.
 */
#ifndef _WDFWORKITEM_H_
#define _WDFWORKITEM_H_

WDF_EXTERN_C_START

typedef _Function_class_(EVT_WDF_WORKITEM)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_WORKITEM(
    _In_ WDFWORKITEM WorkItem
    );
typedef EVT_WDF_WORKITEM *PFN_WDF_WORKITEM;

typedef struct _WDF_WORKITEM_CONFIG {
    ULONG Size;
    PFN_WDF_WORKITEM EvtWorkItemFunc;
    BOOLEAN AutomaticSerialization;
} WDF_WORKITEM_CONFIG, *PWDF_WORKITEM_CONFIG;

FORCEINLINE
VOID
WDF_WORKITEM_CONFIG_INIT(
    _Out_ PWDF_WORKITEM_CONFIG Config,
    _In_ PFN_WDF_WORKITEM EvtWorkItemFunc
    )
{
    RtlZeroMemory(Config, sizeof(WDF_WORKITEM_CONFIG));
    Config->Size = sizeof(WDF_WORKITEM_CONFIG);
    Config->EvtWorkItemFunc = EvtWorkItemFunc;
    Config->AutomaticSerialization = TRUE;
}

WDF_IMPORT(WdfWorkItemCreate)
NTSTATUS WdfImp_WdfWorkItemCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_WORKITEM_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFWORKITEM* WorkItem);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfWorkItemCreate(
    _In_ PWDF_WORKITEM_CONFIG Config,
    _In_ PWDF_OBJECT_ATTRIBUTES Attributes,
    _Out_ WDFWORKITEM* WorkItem
    )
{
    return WdfImp_WdfWorkItemCreate(WdfDriverGlobals, Config, Attributes, WorkItem);
}

WDF_IMPORT(WdfWorkItemEnqueue)
VOID WdfImp_WdfWorkItemEnqueue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWORKITEM WorkItem);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfWorkItemEnqueue(
    _In_ WDFWORKITEM WorkItem
    )
{
    WdfImp_WdfWorkItemEnqueue(WdfDriverGlobals, WorkItem);
}

WDF_IMPORT(WdfWorkItemGetParentObject)
WDFOBJECT WdfImp_WdfWorkItemGetParentObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWORKITEM WorkItem);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFOBJECT
WdfWorkItemGetParentObject(
    _In_ WDFWORKITEM WorkItem
    )
{
    return WdfImp_WdfWorkItemGetParentObject(WdfDriverGlobals, WorkItem);
}

WDF_IMPORT(WdfWorkItemFlush)
VOID WdfImp_WdfWorkItemFlush(PWDF_DRIVER_GLOBALS DriverGlobals, WDFWORKITEM WorkItem);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfWorkItemFlush(
    _In_ WDFWORKITEM WorkItem
    )
{
    WdfImp_WdfWorkItemFlush(WdfDriverGlobals, WorkItem);
}

WDF_EXTERN_C_END

#endif /* _WDFWORKITEM_H_ */
