/*
 * wdfinterrupt.h - framework interrupt objects: an ISR, its DPC or work
 * item, enable/disable callbacks and synchronized execution with the ISR.
 * (Declarations: simulated devices in DriverLab raise no interrupts yet.)
 */
#ifndef _WDFINTERRUPT_H_
#define _WDFINTERRUPT_H_

WDF_EXTERN_C_START

typedef _Function_class_(EVT_WDF_INTERRUPT_ISR)
_IRQL_requires_same_
BOOLEAN
EVT_WDF_INTERRUPT_ISR(
    _In_ WDFINTERRUPT Interrupt,
    _In_ ULONG MessageID
    );
typedef EVT_WDF_INTERRUPT_ISR *PFN_WDF_INTERRUPT_ISR;

typedef _Function_class_(EVT_WDF_INTERRUPT_SYNCHRONIZE)
_IRQL_requires_same_
BOOLEAN
EVT_WDF_INTERRUPT_SYNCHRONIZE(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFCONTEXT Context
    );
typedef EVT_WDF_INTERRUPT_SYNCHRONIZE *PFN_WDF_INTERRUPT_SYNCHRONIZE;

typedef _Function_class_(EVT_WDF_INTERRUPT_DPC)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
EVT_WDF_INTERRUPT_DPC(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFOBJECT AssociatedObject
    );
typedef EVT_WDF_INTERRUPT_DPC *PFN_WDF_INTERRUPT_DPC;

typedef _Function_class_(EVT_WDF_INTERRUPT_ENABLE)
_IRQL_requires_same_
NTSTATUS
EVT_WDF_INTERRUPT_ENABLE(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE AssociatedDevice
    );
typedef EVT_WDF_INTERRUPT_ENABLE *PFN_WDF_INTERRUPT_ENABLE;

typedef _Function_class_(EVT_WDF_INTERRUPT_DISABLE)
_IRQL_requires_same_
NTSTATUS
EVT_WDF_INTERRUPT_DISABLE(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE AssociatedDevice
    );
typedef EVT_WDF_INTERRUPT_DISABLE *PFN_WDF_INTERRUPT_DISABLE;

typedef _Function_class_(EVT_WDF_INTERRUPT_WORKITEM)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_INTERRUPT_WORKITEM(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFOBJECT AssociatedObject
    );
typedef EVT_WDF_INTERRUPT_WORKITEM *PFN_WDF_INTERRUPT_WORKITEM;

typedef struct _WDF_INTERRUPT_CONFIG {
    ULONG Size;
    /* Lock taken around the ISR (NULL: the framework makes one). */
    WDFSPINLOCK SpinLock;
    WDF_TRI_STATE ShareVector;
    BOOLEAN FloatingSave;
    BOOLEAN AutomaticSerialization;
    PFN_WDF_INTERRUPT_ISR EvtInterruptIsr;
    PFN_WDF_INTERRUPT_DPC EvtInterruptDpc;
    PFN_WDF_INTERRUPT_ENABLE EvtInterruptEnable;
    PFN_WDF_INTERRUPT_DISABLE EvtInterruptDisable;
    PFN_WDF_INTERRUPT_WORKITEM EvtInterruptWorkItem;
    /* Resources, when created in EvtDevicePrepareHardware. */
    struct _CM_PARTIAL_RESOURCE_DESCRIPTOR* InterruptRaw;
    struct _CM_PARTIAL_RESOURCE_DESCRIPTOR* InterruptTranslated;
    /* Passive-level interrupts take this wait lock instead. */
    WDFWAITLOCK WaitLock;
    BOOLEAN PassiveHandling;
    WDF_TRI_STATE ReportInactiveOnPowerDown;
    BOOLEAN CanWakeDevice;
} WDF_INTERRUPT_CONFIG, *PWDF_INTERRUPT_CONFIG;

FORCEINLINE
VOID
WDF_INTERRUPT_CONFIG_INIT(
    _Out_ PWDF_INTERRUPT_CONFIG Configuration,
    _In_ PFN_WDF_INTERRUPT_ISR EvtInterruptIsr,
    _In_opt_ PFN_WDF_INTERRUPT_DPC EvtInterruptDpc
    )
{
    RtlZeroMemory(Configuration, sizeof(WDF_INTERRUPT_CONFIG));
    Configuration->Size = sizeof(WDF_INTERRUPT_CONFIG);
    Configuration->ShareVector = WdfUseDefault;
    Configuration->EvtInterruptIsr = EvtInterruptIsr;
    Configuration->EvtInterruptDpc = EvtInterruptDpc;
    Configuration->ReportInactiveOnPowerDown = WdfUseDefault;
}

WDF_IMPORT(WdfInterruptCreate)
NTSTATUS WdfImp_WdfInterruptCreate(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_INTERRUPT_CONFIG Configuration, PWDF_OBJECT_ATTRIBUTES Attributes, WDFINTERRUPT* Interrupt);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfInterruptCreate(
    _In_ WDFDEVICE Device,
    _In_ PWDF_INTERRUPT_CONFIG Configuration,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES Attributes,
    _Out_ WDFINTERRUPT* Interrupt
    )
{
    return WdfImp_WdfInterruptCreate(WdfDriverGlobals, Device, Configuration, Attributes, Interrupt);
}

WDF_IMPORT(WdfInterruptQueueDpcForIsr)
BOOLEAN WdfImp_WdfInterruptQueueDpcForIsr(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);

FORCEINLINE
BOOLEAN
WdfInterruptQueueDpcForIsr(
    _In_ WDFINTERRUPT Interrupt
    )
{
    return WdfImp_WdfInterruptQueueDpcForIsr(WdfDriverGlobals, Interrupt);
}

WDF_IMPORT(WdfInterruptQueueWorkItemForIsr)
BOOLEAN WdfImp_WdfInterruptQueueWorkItemForIsr(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);

FORCEINLINE
BOOLEAN
WdfInterruptQueueWorkItemForIsr(
    _In_ WDFINTERRUPT Interrupt
    )
{
    return WdfImp_WdfInterruptQueueWorkItemForIsr(WdfDriverGlobals, Interrupt);
}

WDF_IMPORT(WdfInterruptSynchronize)
BOOLEAN WdfImp_WdfInterruptSynchronize(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt, PFN_WDF_INTERRUPT_SYNCHRONIZE Callback, WDFCONTEXT Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
BOOLEAN
WdfInterruptSynchronize(
    _In_ WDFINTERRUPT Interrupt,
    _In_ PFN_WDF_INTERRUPT_SYNCHRONIZE Callback,
    _In_ WDFCONTEXT Context
    )
{
    return WdfImp_WdfInterruptSynchronize(WdfDriverGlobals, Interrupt, Callback, Context);
}

WDF_IMPORT(WdfInterruptAcquireLock)
VOID WdfImp_WdfInterruptAcquireLock(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfInterruptAcquireLock(
    _In_ WDFINTERRUPT Interrupt
    )
{
    WdfImp_WdfInterruptAcquireLock(WdfDriverGlobals, Interrupt);
}

WDF_IMPORT(WdfInterruptReleaseLock)
VOID WdfImp_WdfInterruptReleaseLock(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfInterruptReleaseLock(
    _In_ WDFINTERRUPT Interrupt
    )
{
    WdfImp_WdfInterruptReleaseLock(WdfDriverGlobals, Interrupt);
}

WDF_IMPORT(WdfInterruptEnable)
VOID WdfImp_WdfInterruptEnable(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfInterruptEnable(
    _In_ WDFINTERRUPT Interrupt
    )
{
    WdfImp_WdfInterruptEnable(WdfDriverGlobals, Interrupt);
}

WDF_IMPORT(WdfInterruptDisable)
VOID WdfImp_WdfInterruptDisable(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfInterruptDisable(
    _In_ WDFINTERRUPT Interrupt
    )
{
    WdfImp_WdfInterruptDisable(WdfDriverGlobals, Interrupt);
}

WDF_IMPORT(WdfInterruptGetDevice)
WDFDEVICE WdfImp_WdfInterruptGetDevice(PWDF_DRIVER_GLOBALS DriverGlobals, WDFINTERRUPT Interrupt);

FORCEINLINE
WDFDEVICE
WdfInterruptGetDevice(
    _In_ WDFINTERRUPT Interrupt
    )
{
    return WdfImp_WdfInterruptGetDevice(WdfDriverGlobals, Interrupt);
}

WDF_EXTERN_C_END

#endif /* _WDFINTERRUPT_H_ */
