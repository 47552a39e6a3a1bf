/*
 * wdfdpc.h - framework DPC objects (KMDF only): deferred work that runs at
 * DISPATCH_LEVEL, usually queued from an interrupt's ISR.
 */
#ifndef _WDFDPC_H_
#define _WDFDPC_H_

#if WDF_IS_KMDF

WDF_EXTERN_C_START

typedef _Function_class_(EVT_WDF_DPC)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_DPC(
    _In_ WDFDPC Dpc
    );
typedef EVT_WDF_DPC *PFN_WDF_DPC;

typedef struct _WDF_DPC_CONFIG {
    ULONG Size;
    PFN_WDF_DPC EvtDpcFunc;
    /* A WDM deferred routine called instead of EvtDpcFunc, if set. */
    PKDEFERRED_ROUTINE DriverWdmDpc;
    BOOLEAN AutomaticSerialization;
} WDF_DPC_CONFIG, *PWDF_DPC_CONFIG;

FORCEINLINE
VOID
WDF_DPC_CONFIG_INIT(
    _Out_ PWDF_DPC_CONFIG Config,
    _In_ PFN_WDF_DPC EvtDpcFunc
    )
{
    RtlZeroMemory(Config, sizeof(WDF_DPC_CONFIG));
    Config->Size = sizeof(WDF_DPC_CONFIG);
    Config->EvtDpcFunc = EvtDpcFunc;
    Config->AutomaticSerialization = TRUE;
}

WDF_IMPORT(WdfDpcCreate)
NTSTATUS WdfImp_WdfDpcCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_DPC_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFDPC* Dpc);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfDpcCreate(
    _In_ PWDF_DPC_CONFIG Config,
    _In_ PWDF_OBJECT_ATTRIBUTES Attributes,
    _Out_ WDFDPC* Dpc
    )
{
    return WdfImp_WdfDpcCreate(WdfDriverGlobals, Config, Attributes, Dpc);
}

WDF_IMPORT(WdfDpcEnqueue)
BOOLEAN WdfImp_WdfDpcEnqueue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDPC Dpc);

_IRQL_requires_max_(HIGH_LEVEL)
FORCEINLINE
BOOLEAN
WdfDpcEnqueue(
    _In_ WDFDPC Dpc
    )
{
    return WdfImp_WdfDpcEnqueue(WdfDriverGlobals, Dpc);
}

WDF_IMPORT(WdfDpcCancel)
BOOLEAN WdfImp_WdfDpcCancel(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDPC Dpc, BOOLEAN Wait);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
BOOLEAN
WdfDpcCancel(
    _In_ WDFDPC Dpc,
    _In_ BOOLEAN Wait
    )
{
    return WdfImp_WdfDpcCancel(WdfDriverGlobals, Dpc, Wait);
}

WDF_IMPORT(WdfDpcGetParentObject)
WDFOBJECT WdfImp_WdfDpcGetParentObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDPC Dpc);

_IRQL_requires_max_(HIGH_LEVEL)
FORCEINLINE
WDFOBJECT
WdfDpcGetParentObject(
    _In_ WDFDPC Dpc
    )
{
    return WdfImp_WdfDpcGetParentObject(WdfDriverGlobals, Dpc);
}

WDF_IMPORT(WdfDpcWdmGetDpc)
PKDPC WdfImp_WdfDpcWdmGetDpc(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDPC Dpc);

_IRQL_requires_max_(HIGH_LEVEL)
FORCEINLINE
PKDPC
WdfDpcWdmGetDpc(
    _In_ WDFDPC Dpc
    )
{
    return WdfImp_WdfDpcWdmGetDpc(WdfDriverGlobals, Dpc);
}

WDF_EXTERN_C_END

#endif /* WDF_IS_KMDF */

#endif /* _WDFDPC_H_ */
