/*
 * wdftimer.h - framework timers: one-shot or periodic, calling EvtTimerFunc
 * at DISPATCH_LEVEL (or PASSIVE_LEVEL with that execution level).
 */
#ifndef _WDFTIMER_H_
#define _WDFTIMER_H_

WDF_EXTERN_C_START

/* TolerableDelay value: the system may coalesce the timer freely. */
#define TolerableDelayUnlimited ((ULONG)-1)

typedef _Function_class_(EVT_WDF_TIMER)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_TIMER(
    _In_ WDFTIMER Timer
    );
typedef EVT_WDF_TIMER *PFN_WDF_TIMER;

typedef struct _WDF_TIMER_CONFIG {
    ULONG Size;
    PFN_WDF_TIMER EvtTimerFunc;
    /* Milliseconds between calls; 0 for a one-shot timer. */
    ULONG Period;
    /* Serialize EvtTimerFunc with the parent's other callbacks. */
    BOOLEAN AutomaticSerialization;
    /* Milliseconds the expiry may be delayed to save power. */
    ULONG TolerableDelay;
    BOOLEAN UseHighResolutionTimer;
} WDF_TIMER_CONFIG, *PWDF_TIMER_CONFIG;

FORCEINLINE
VOID
WDF_TIMER_CONFIG_INIT(
    _Out_ PWDF_TIMER_CONFIG Config,
    _In_ PFN_WDF_TIMER EvtTimerFunc
    )
{
    RtlZeroMemory(Config, sizeof(WDF_TIMER_CONFIG));
    Config->Size = sizeof(WDF_TIMER_CONFIG);
    Config->EvtTimerFunc = EvtTimerFunc;
    Config->Period = 0;
    Config->AutomaticSerialization = TRUE;
    Config->TolerableDelay = 0;
}

FORCEINLINE
VOID
WDF_TIMER_CONFIG_INIT_PERIODIC(
    _Out_ PWDF_TIMER_CONFIG Config,
    _In_ PFN_WDF_TIMER EvtTimerFunc,
    _In_ LONG Period
    )
{
    RtlZeroMemory(Config, sizeof(WDF_TIMER_CONFIG));
    Config->Size = sizeof(WDF_TIMER_CONFIG);
    Config->EvtTimerFunc = EvtTimerFunc;
    Config->Period = (ULONG)Period;
    Config->AutomaticSerialization = TRUE;
    Config->TolerableDelay = 0;
}

/* The attributes must name a ParentObject (a device, queue, or other). */
WDF_IMPORT(WdfTimerCreate)
NTSTATUS WdfImp_WdfTimerCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDF_TIMER_CONFIG Config, PWDF_OBJECT_ATTRIBUTES Attributes, WDFTIMER* Timer);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfTimerCreate(
    _In_ PWDF_TIMER_CONFIG Config,
    _In_ PWDF_OBJECT_ATTRIBUTES Attributes,
    _Out_ WDFTIMER* Timer
    )
{
    return WdfImp_WdfTimerCreate(WdfDriverGlobals, Config, Attributes, Timer);
}

/* DueTime: 100 ns units, negative = relative (see WDF_REL_TIMEOUT_IN_MS).
 * Returns TRUE if the timer was already queued. */
WDF_IMPORT(WdfTimerStart)
BOOLEAN WdfImp_WdfTimerStart(PWDF_DRIVER_GLOBALS DriverGlobals, WDFTIMER Timer, LONGLONG DueTime);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
BOOLEAN
WdfTimerStart(
    _In_ WDFTIMER Timer,
    _In_ LONGLONG DueTime
    )
{
    return WdfImp_WdfTimerStart(WdfDriverGlobals, Timer, DueTime);
}

WDF_IMPORT(WdfTimerStop)
BOOLEAN WdfImp_WdfTimerStop(PWDF_DRIVER_GLOBALS DriverGlobals, WDFTIMER Timer, BOOLEAN Wait);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
BOOLEAN
WdfTimerStop(
    _In_ WDFTIMER Timer,
    _In_ BOOLEAN Wait
    )
{
    return WdfImp_WdfTimerStop(WdfDriverGlobals, Timer, Wait);
}

WDF_IMPORT(WdfTimerGetParentObject)
WDFOBJECT WdfImp_WdfTimerGetParentObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFTIMER Timer);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFOBJECT
WdfTimerGetParentObject(
    _In_ WDFTIMER Timer
    )
{
    return WdfImp_WdfTimerGetParentObject(WdfDriverGlobals, Timer);
}

WDF_EXTERN_C_END

#endif /* _WDFTIMER_H_ */
