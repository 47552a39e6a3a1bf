/*
 * wdfdevice.h - the framework device object: how EvtDriverDeviceAdd sets up
 * a WDFDEVICE_INIT (I/O type, file object, PnP and power callbacks), creates
 * the device, and what the driver can do with it afterwards (interfaces,
 * links, request dispatching, registry, state).
 */
#ifndef _WDFDEVICE_H_
#define _WDFDEVICE_H_

WDF_EXTERN_C_START

/* How the framework hands read/write/IOCTL buffers to the driver. */
typedef enum _WDF_DEVICE_IO_TYPE {
    WdfDeviceIoUndefined = 0,
    WdfDeviceIoNeither,
    WdfDeviceIoBuffered,
    WdfDeviceIoDirect,
    WdfDeviceIoBufferedOrDirect = 4,
    WdfDeviceIoMaximum,
} WDF_DEVICE_IO_TYPE, *PWDF_DEVICE_IO_TYPE;

/* Where the framework keeps its file object for a handle. */
typedef enum _WDF_FILEOBJECT_CLASS {
    WdfFileObjectInvalid = 0,
    WdfFileObjectNotRequired = 1,
    WdfFileObjectWdfCanUseFsContext = 2,
    WdfFileObjectWdfCanUseFsContext2 = 3,
    WdfFileObjectWdfCannotUseFsContexts = 4,
    WdfFileObjectCanBeOptional = 0x80000000,
} WDF_FILEOBJECT_CLASS, *PWDF_FILEOBJECT_CLASS;

/* The device's power state as the framework reports it to callbacks. */
typedef enum _WDF_POWER_DEVICE_STATE {
    WdfPowerDeviceInvalid = 0,
    WdfPowerDeviceD0,
    WdfPowerDeviceD1,
    WdfPowerDeviceD2,
    WdfPowerDeviceD3,
    WdfPowerDeviceD3Final,
    WdfPowerDevicePrepareForHibernation,
    WdfPowerDeviceMaximum,
} WDF_POWER_DEVICE_STATE, *PWDF_POWER_DEVICE_STATE;

typedef enum _WDF_SPECIAL_FILE_TYPE {
    WdfSpecialFileUndefined = 0,
    WdfSpecialFilePaging = 1,
    WdfSpecialFileHibernation,
    WdfSpecialFileDump,
    WdfSpecialFileBoot,
    WdfSpecialFileMax,
} WDF_SPECIAL_FILE_TYPE, *PWDF_SPECIAL_FILE_TYPE;

typedef enum _WDF_DEVICE_FAILED_ACTION {
    WdfDeviceFailedUndefined = 0,
    WdfDeviceFailedAttemptRestart,
    WdfDeviceFailedNoRestart,
} WDF_DEVICE_FAILED_ACTION;

typedef enum _WDF_RELEASE_HARDWARE_ORDER_ON_FAILURE {
    WdfReleaseHardwareOrderOnFailureInvalid = 0,
    WdfReleaseHardwareOrderOnFailureEarly,
    WdfReleaseHardwareOrderOnFailureAfterDescendants,
} WDF_RELEASE_HARDWARE_ORDER_ON_FAILURE;

/* ---- file object callbacks ---- */

typedef _Function_class_(EVT_WDF_DEVICE_FILE_CREATE)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_FILE_CREATE(
    _In_ WDFDEVICE Device,
    _In_ WDFREQUEST Request,
    _In_ WDFFILEOBJECT FileObject
    );
typedef EVT_WDF_DEVICE_FILE_CREATE *PFN_WDF_DEVICE_FILE_CREATE;

typedef _Function_class_(EVT_WDF_FILE_CLOSE)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_FILE_CLOSE(
    _In_ WDFFILEOBJECT FileObject
    );
typedef EVT_WDF_FILE_CLOSE *PFN_WDF_FILE_CLOSE;

typedef _Function_class_(EVT_WDF_FILE_CLEANUP)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_FILE_CLEANUP(
    _In_ WDFFILEOBJECT FileObject
    );
typedef EVT_WDF_FILE_CLEANUP *PFN_WDF_FILE_CLEANUP;

typedef struct _WDF_FILEOBJECT_CONFIG {
    ULONG Size;
    PFN_WDF_DEVICE_FILE_CREATE EvtDeviceFileCreate;
    PFN_WDF_FILE_CLOSE EvtFileClose;
    PFN_WDF_FILE_CLEANUP EvtFileCleanup;
    /* Forward cleanup/close down the stack after the callbacks. */
    WDF_TRI_STATE AutoForwardCleanupClose;
    WDF_FILEOBJECT_CLASS FileObjectClass;
} WDF_FILEOBJECT_CONFIG, *PWDF_FILEOBJECT_CONFIG;

FORCEINLINE
VOID
WDF_FILEOBJECT_CONFIG_INIT(
    _Out_ PWDF_FILEOBJECT_CONFIG FileEventCallbacks,
    _In_opt_ PFN_WDF_DEVICE_FILE_CREATE EvtDeviceFileCreate,
    _In_opt_ PFN_WDF_FILE_CLOSE EvtFileClose,
    _In_opt_ PFN_WDF_FILE_CLEANUP EvtFileCleanup
    )
{
    RtlZeroMemory(FileEventCallbacks, sizeof(WDF_FILEOBJECT_CONFIG));
    FileEventCallbacks->Size = sizeof(WDF_FILEOBJECT_CONFIG);
    FileEventCallbacks->EvtDeviceFileCreate = EvtDeviceFileCreate;
    FileEventCallbacks->EvtFileClose = EvtFileClose;
    FileEventCallbacks->EvtFileCleanup = EvtFileCleanup;
    FileEventCallbacks->FileObjectClass = WdfFileObjectWdfCanUseFsContext;
    FileEventCallbacks->AutoForwardCleanupClose = WdfUseDefault;
}

/* ---- PnP and power callbacks ---- */

typedef _Function_class_(EVT_WDF_DEVICE_D0_ENTRY)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_D0_ENTRY(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    );
typedef EVT_WDF_DEVICE_D0_ENTRY *PFN_WDF_DEVICE_D0_ENTRY;

typedef _Function_class_(EVT_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    );
typedef EVT_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED *PFN_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED;

typedef _Function_class_(EVT_WDF_DEVICE_D0_EXIT)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_D0_EXIT(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    );
typedef EVT_WDF_DEVICE_D0_EXIT *PFN_WDF_DEVICE_D0_EXIT;

typedef _Function_class_(EVT_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    );
typedef EVT_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED *PFN_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED;

typedef _Function_class_(EVT_WDF_DEVICE_PREPARE_HARDWARE)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_PREPARE_HARDWARE(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    );
typedef EVT_WDF_DEVICE_PREPARE_HARDWARE *PFN_WDF_DEVICE_PREPARE_HARDWARE;

typedef _Function_class_(EVT_WDF_DEVICE_RELEASE_HARDWARE)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_RELEASE_HARDWARE(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    );
typedef EVT_WDF_DEVICE_RELEASE_HARDWARE *PFN_WDF_DEVICE_RELEASE_HARDWARE;

typedef _Function_class_(EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP *PFN_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP;

typedef _Function_class_(EVT_WDF_DEVICE_SELF_MANAGED_IO_FLUSH)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_SELF_MANAGED_IO_FLUSH(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_SELF_MANAGED_IO_FLUSH *PFN_WDF_DEVICE_SELF_MANAGED_IO_FLUSH;

typedef _Function_class_(EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT *PFN_WDF_DEVICE_SELF_MANAGED_IO_INIT;

typedef _Function_class_(EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND *PFN_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND;

typedef _Function_class_(EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART *PFN_WDF_DEVICE_SELF_MANAGED_IO_RESTART;

typedef _Function_class_(EVT_WDF_DEVICE_SURPRISE_REMOVAL)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_SURPRISE_REMOVAL(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_SURPRISE_REMOVAL *PFN_WDF_DEVICE_SURPRISE_REMOVAL;

typedef _Function_class_(EVT_WDF_DEVICE_QUERY_REMOVE)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_QUERY_REMOVE(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_QUERY_REMOVE *PFN_WDF_DEVICE_QUERY_REMOVE;

typedef _Function_class_(EVT_WDF_DEVICE_QUERY_STOP)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_QUERY_STOP(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_QUERY_STOP *PFN_WDF_DEVICE_QUERY_STOP;

typedef _Function_class_(EVT_WDF_DEVICE_USAGE_NOTIFICATION)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_USAGE_NOTIFICATION(
    _In_ WDFDEVICE Device,
    _In_ WDF_SPECIAL_FILE_TYPE NotificationType,
    _In_ BOOLEAN IsInNotificationPath
    );
typedef EVT_WDF_DEVICE_USAGE_NOTIFICATION *PFN_WDF_DEVICE_USAGE_NOTIFICATION;

typedef _Function_class_(EVT_WDF_DEVICE_USAGE_NOTIFICATION_EX)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_USAGE_NOTIFICATION_EX(
    _In_ WDFDEVICE Device,
    _In_ WDF_SPECIAL_FILE_TYPE NotificationType,
    _In_ BOOLEAN IsInNotificationPath
    );
typedef EVT_WDF_DEVICE_USAGE_NOTIFICATION_EX *PFN_WDF_DEVICE_USAGE_NOTIFICATION_EX;

typedef _Function_class_(EVT_WDF_DEVICE_RELATIONS_QUERY)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_RELATIONS_QUERY(
    _In_ WDFDEVICE Device,
    _In_ DEVICE_RELATION_TYPE RelationType
    );
typedef EVT_WDF_DEVICE_RELATIONS_QUERY *PFN_WDF_DEVICE_RELATIONS_QUERY;

typedef struct _WDF_PNPPOWER_EVENT_CALLBACKS {
    /* sizeof(WDF_PNPPOWER_EVENT_CALLBACKS). */
    ULONG Size;
    PFN_WDF_DEVICE_D0_ENTRY EvtDeviceD0Entry;
    PFN_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED EvtDeviceD0EntryPostInterruptsEnabled;
    PFN_WDF_DEVICE_D0_EXIT EvtDeviceD0Exit;
    PFN_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED EvtDeviceD0ExitPreInterruptsDisabled;
    PFN_WDF_DEVICE_PREPARE_HARDWARE EvtDevicePrepareHardware;
    PFN_WDF_DEVICE_RELEASE_HARDWARE EvtDeviceReleaseHardware;
    PFN_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP EvtDeviceSelfManagedIoCleanup;
    PFN_WDF_DEVICE_SELF_MANAGED_IO_FLUSH EvtDeviceSelfManagedIoFlush;
    PFN_WDF_DEVICE_SELF_MANAGED_IO_INIT EvtDeviceSelfManagedIoInit;
    PFN_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND EvtDeviceSelfManagedIoSuspend;
    PFN_WDF_DEVICE_SELF_MANAGED_IO_RESTART EvtDeviceSelfManagedIoRestart;
    PFN_WDF_DEVICE_SURPRISE_REMOVAL EvtDeviceSurpriseRemoval;
    PFN_WDF_DEVICE_QUERY_REMOVE EvtDeviceQueryRemove;
    PFN_WDF_DEVICE_QUERY_STOP EvtDeviceQueryStop;
    PFN_WDF_DEVICE_USAGE_NOTIFICATION EvtDeviceUsageNotification;
    PFN_WDF_DEVICE_RELATIONS_QUERY EvtDeviceRelationsQuery;
    PFN_WDF_DEVICE_USAGE_NOTIFICATION_EX EvtDeviceUsageNotificationEx;
} WDF_PNPPOWER_EVENT_CALLBACKS, *PWDF_PNPPOWER_EVENT_CALLBACKS;

FORCEINLINE
VOID
WDF_PNPPOWER_EVENT_CALLBACKS_INIT(
    _Out_ PWDF_PNPPOWER_EVENT_CALLBACKS Callbacks
    )
{
    RtlZeroMemory(Callbacks, sizeof(WDF_PNPPOWER_EVENT_CALLBACKS));
    Callbacks->Size = sizeof(WDF_PNPPOWER_EVENT_CALLBACKS);
}

/* ---- power policy (wake) callbacks ---- */

typedef _Function_class_(EVT_WDF_DEVICE_ARM_WAKE_FROM_S0)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_ARM_WAKE_FROM_S0(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_ARM_WAKE_FROM_S0 *PFN_WDF_DEVICE_ARM_WAKE_FROM_S0;

typedef _Function_class_(EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0 *PFN_WDF_DEVICE_DISARM_WAKE_FROM_S0;

typedef _Function_class_(EVT_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED *PFN_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED;

typedef _Function_class_(EVT_WDF_DEVICE_ARM_WAKE_FROM_SX)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_ARM_WAKE_FROM_SX(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_ARM_WAKE_FROM_SX *PFN_WDF_DEVICE_ARM_WAKE_FROM_SX;

typedef _Function_class_(EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON(
    _In_ WDFDEVICE Device,
    _In_ BOOLEAN DeviceWakeEnabled,
    _In_ BOOLEAN ChildrenArmedForWake
    );
typedef EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON *PFN_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON;

typedef _Function_class_(EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX *PFN_WDF_DEVICE_DISARM_WAKE_FROM_SX;

typedef _Function_class_(EVT_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED *PFN_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED;

typedef struct _WDF_POWER_POLICY_EVENT_CALLBACKS {
    ULONG Size;
    PFN_WDF_DEVICE_ARM_WAKE_FROM_S0 EvtDeviceArmWakeFromS0;
    PFN_WDF_DEVICE_DISARM_WAKE_FROM_S0 EvtDeviceDisarmWakeFromS0;
    PFN_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED EvtDeviceWakeFromS0Triggered;
    PFN_WDF_DEVICE_ARM_WAKE_FROM_SX EvtDeviceArmWakeFromSx;
    PFN_WDF_DEVICE_DISARM_WAKE_FROM_SX EvtDeviceDisarmWakeFromSx;
    PFN_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED EvtDeviceWakeFromSxTriggered;
    PFN_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON EvtDeviceArmWakeFromSxWithReason;
} WDF_POWER_POLICY_EVENT_CALLBACKS, *PWDF_POWER_POLICY_EVENT_CALLBACKS;

FORCEINLINE
VOID
WDF_POWER_POLICY_EVENT_CALLBACKS_INIT(
    _Out_ PWDF_POWER_POLICY_EVENT_CALLBACKS Callbacks
    )
{
    RtlZeroMemory(Callbacks, sizeof(WDF_POWER_POLICY_EVENT_CALLBACKS));
    Callbacks->Size = sizeof(WDF_POWER_POLICY_EVENT_CALLBACKS);
}

/* ---- device state shown in Device Manager ---- */

typedef struct _WDF_DEVICE_STATE {
    ULONG Size;
    WDF_TRI_STATE Disabled;
    WDF_TRI_STATE DontDisplayInUI;
    WDF_TRI_STATE Failed;
    WDF_TRI_STATE NotDisableable;
    WDF_TRI_STATE Removed;
    WDF_TRI_STATE ResourcesChanged;
} WDF_DEVICE_STATE, *PWDF_DEVICE_STATE;

FORCEINLINE
VOID
WDF_DEVICE_STATE_INIT(
    _Out_ PWDF_DEVICE_STATE PnpDeviceState
    )
{
    RtlZeroMemory(PnpDeviceState, sizeof(WDF_DEVICE_STATE));
    PnpDeviceState->Size = sizeof(WDF_DEVICE_STATE);
    /* "No change" for every field until the driver sets one. */
    PnpDeviceState->Disabled = WdfUseDefault;
    PnpDeviceState->DontDisplayInUI = WdfUseDefault;
    PnpDeviceState->Failed = WdfUseDefault;
    PnpDeviceState->NotDisableable = WdfUseDefault;
    PnpDeviceState->Removed = WdfUseDefault;
    PnpDeviceState->ResourcesChanged = WdfUseDefault;
}

/* Separate buffering methods for read/write and for IOCTLs. */
typedef struct _WDF_IO_TYPE_CONFIG {
    ULONG Size;
    WDF_DEVICE_IO_TYPE ReadWriteIoType;
    WDF_DEVICE_IO_TYPE DeviceControlIoType;
    ULONG DirectTransferThreshold;
} WDF_IO_TYPE_CONFIG, *PWDF_IO_TYPE_CONFIG;

FORCEINLINE
VOID
WDF_IO_TYPE_CONFIG_INIT(
    _Out_ PWDF_IO_TYPE_CONFIG IoTypeConfig
    )
{
    RtlZeroMemory(IoTypeConfig, sizeof(WDF_IO_TYPE_CONFIG));
    IoTypeConfig->Size = sizeof(WDF_IO_TYPE_CONFIG);
    IoTypeConfig->ReadWriteIoType = WdfDeviceIoBuffered;
    IoTypeConfig->DeviceControlIoType = WdfDeviceIoBuffered;
}

#if WDF_IS_KMDF
/* Lets a KMDF driver see an IRP before the framework does. */
typedef _Function_class_(EVT_WDFDEVICE_WDM_IRP_PREPROCESS)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS
EVT_WDFDEVICE_WDM_IRP_PREPROCESS(
    _In_ WDFDEVICE Device,
    _Inout_ PIRP Irp
    );
typedef EVT_WDFDEVICE_WDM_IRP_PREPROCESS *PFN_WDFDEVICE_WDM_IRP_PREPROCESS;
#endif

/* ---- WDFDEVICE_INIT, before WdfDeviceCreate ---- */

WDF_IMPORT(WdfDeviceInitFree)
VOID WdfImp_WdfDeviceInitFree(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitFree(
    _In_ PWDFDEVICE_INIT DeviceInit
    )
{
    WdfImp_WdfDeviceInitFree(WdfDriverGlobals, DeviceInit);
}

WDF_IMPORT(WdfDeviceInitSetPnpPowerEventCallbacks)
VOID WdfImp_WdfDeviceInitSetPnpPowerEventCallbacks(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_PNPPOWER_EVENT_CALLBACKS PnpPowerEventCallbacks);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetPnpPowerEventCallbacks(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PWDF_PNPPOWER_EVENT_CALLBACKS PnpPowerEventCallbacks
    )
{
    WdfImp_WdfDeviceInitSetPnpPowerEventCallbacks(WdfDriverGlobals, DeviceInit, PnpPowerEventCallbacks);
}

WDF_IMPORT(WdfDeviceInitSetPowerPolicyEventCallbacks)
VOID WdfImp_WdfDeviceInitSetPowerPolicyEventCallbacks(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_POWER_POLICY_EVENT_CALLBACKS PowerPolicyEventCallbacks);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetPowerPolicyEventCallbacks(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PWDF_POWER_POLICY_EVENT_CALLBACKS PowerPolicyEventCallbacks
    )
{
    WdfImp_WdfDeviceInitSetPowerPolicyEventCallbacks(WdfDriverGlobals, DeviceInit, PowerPolicyEventCallbacks);
}

WDF_IMPORT(WdfDeviceInitSetPowerPolicyOwnership)
VOID WdfImp_WdfDeviceInitSetPowerPolicyOwnership(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, BOOLEAN IsPowerPolicyOwner);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetPowerPolicyOwnership(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ BOOLEAN IsPowerPolicyOwner
    )
{
    WdfImp_WdfDeviceInitSetPowerPolicyOwnership(WdfDriverGlobals, DeviceInit, IsPowerPolicyOwner);
}

WDF_IMPORT(WdfDeviceInitSetIoType)
VOID WdfImp_WdfDeviceInitSetIoType(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, WDF_DEVICE_IO_TYPE IoType);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetIoType(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ WDF_DEVICE_IO_TYPE IoType
    )
{
    WdfImp_WdfDeviceInitSetIoType(WdfDriverGlobals, DeviceInit, IoType);
}

WDF_IMPORT(WdfDeviceInitSetIoTypeEx)
VOID WdfImp_WdfDeviceInitSetIoTypeEx(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_IO_TYPE_CONFIG IoTypeConfig);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetIoTypeEx(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PWDF_IO_TYPE_CONFIG IoTypeConfig
    )
{
    WdfImp_WdfDeviceInitSetIoTypeEx(WdfDriverGlobals, DeviceInit, IoTypeConfig);
}

WDF_IMPORT(WdfDeviceInitSetExclusive)
VOID WdfImp_WdfDeviceInitSetExclusive(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, BOOLEAN IsExclusive);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetExclusive(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ BOOLEAN IsExclusive
    )
{
    WdfImp_WdfDeviceInitSetExclusive(WdfDriverGlobals, DeviceInit, IsExclusive);
}

WDF_IMPORT(WdfDeviceInitSetFileObjectConfig)
VOID WdfImp_WdfDeviceInitSetFileObjectConfig(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_FILEOBJECT_CONFIG FileObjectConfig, PWDF_OBJECT_ATTRIBUTES FileObjectAttributes);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetFileObjectConfig(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PWDF_FILEOBJECT_CONFIG FileObjectConfig,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES FileObjectAttributes
    )
{
    WdfImp_WdfDeviceInitSetFileObjectConfig(WdfDriverGlobals, DeviceInit, FileObjectConfig, FileObjectAttributes);
}

WDF_IMPORT(WdfDeviceInitSetRequestAttributes)
VOID WdfImp_WdfDeviceInitSetRequestAttributes(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_OBJECT_ATTRIBUTES RequestAttributes);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetRequestAttributes(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PWDF_OBJECT_ATTRIBUTES RequestAttributes
    )
{
    WdfImp_WdfDeviceInitSetRequestAttributes(WdfDriverGlobals, DeviceInit, RequestAttributes);
}

WDF_IMPORT(WdfDeviceInitSetReleaseHardwareOrderOnFailure)
VOID WdfImp_WdfDeviceInitSetReleaseHardwareOrderOnFailure(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, WDF_RELEASE_HARDWARE_ORDER_ON_FAILURE ReleaseHardwareOrderOnFailure);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetReleaseHardwareOrderOnFailure(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ WDF_RELEASE_HARDWARE_ORDER_ON_FAILURE ReleaseHardwareOrderOnFailure
    )
{
    WdfImp_WdfDeviceInitSetReleaseHardwareOrderOnFailure(WdfDriverGlobals, DeviceInit, ReleaseHardwareOrderOnFailure);
}

#if WDF_IS_KMDF
WDF_IMPORT(WdfDeviceInitSetPowerNotPageable)
VOID WdfImp_WdfDeviceInitSetPowerNotPageable(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetPowerNotPageable(
    _In_ PWDFDEVICE_INIT DeviceInit
    )
{
    WdfImp_WdfDeviceInitSetPowerNotPageable(WdfDriverGlobals, DeviceInit);
}

WDF_IMPORT(WdfDeviceInitSetPowerPageable)
VOID WdfImp_WdfDeviceInitSetPowerPageable(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetPowerPageable(
    _In_ PWDFDEVICE_INIT DeviceInit
    )
{
    WdfImp_WdfDeviceInitSetPowerPageable(WdfDriverGlobals, DeviceInit);
}

WDF_IMPORT(WdfDeviceInitSetPowerInrush)
VOID WdfImp_WdfDeviceInitSetPowerInrush(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetPowerInrush(
    _In_ PWDFDEVICE_INIT DeviceInit
    )
{
    WdfImp_WdfDeviceInitSetPowerInrush(WdfDriverGlobals, DeviceInit);
}

WDF_IMPORT(WdfDeviceInitSetDeviceType)
VOID WdfImp_WdfDeviceInitSetDeviceType(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, DEVICE_TYPE DeviceType);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetDeviceType(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ DEVICE_TYPE DeviceType
    )
{
    WdfImp_WdfDeviceInitSetDeviceType(WdfDriverGlobals, DeviceInit, DeviceType);
}

WDF_IMPORT(WdfDeviceInitAssignName)
NTSTATUS WdfImp_WdfDeviceInitAssignName(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING DeviceName);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceInitAssignName(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_opt_ PCUNICODE_STRING DeviceName
    )
{
    return WdfImp_WdfDeviceInitAssignName(WdfDriverGlobals, DeviceInit, DeviceName);
}

WDF_IMPORT(WdfDeviceInitAssignSDDLString)
NTSTATUS WdfImp_WdfDeviceInitAssignSDDLString(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING SDDLString);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceInitAssignSDDLString(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_opt_ PCUNICODE_STRING SDDLString
    )
{
    return WdfImp_WdfDeviceInitAssignSDDLString(WdfDriverGlobals, DeviceInit, SDDLString);
}

WDF_IMPORT(WdfDeviceInitSetDeviceClass)
VOID WdfImp_WdfDeviceInitSetDeviceClass(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, CONST GUID* DeviceClassGuid);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetDeviceClass(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ CONST GUID* DeviceClassGuid
    )
{
    WdfImp_WdfDeviceInitSetDeviceClass(WdfDriverGlobals, DeviceInit, DeviceClassGuid);
}

WDF_IMPORT(WdfDeviceInitSetCharacteristics)
VOID WdfImp_WdfDeviceInitSetCharacteristics(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, ULONG DeviceCharacteristics, BOOLEAN OrInValues);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceInitSetCharacteristics(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ ULONG DeviceCharacteristics,
    _In_ BOOLEAN OrInValues
    )
{
    WdfImp_WdfDeviceInitSetCharacteristics(WdfDriverGlobals, DeviceInit, DeviceCharacteristics, OrInValues);
}

WDF_IMPORT(WdfDeviceInitAssignWdmIrpPreprocessCallback)
NTSTATUS WdfImp_WdfDeviceInitAssignWdmIrpPreprocessCallback(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PFN_WDFDEVICE_WDM_IRP_PREPROCESS EvtDeviceWdmIrpPreprocess, UCHAR MajorFunction, PUCHAR MinorFunctions, ULONG NumMinorFunctions);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceInitAssignWdmIrpPreprocessCallback(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PFN_WDFDEVICE_WDM_IRP_PREPROCESS EvtDeviceWdmIrpPreprocess,
    _In_ UCHAR MajorFunction,
    _In_reads_opt_(NumMinorFunctions) PUCHAR MinorFunctions,
    _In_ ULONG NumMinorFunctions
    )
{
    return WdfImp_WdfDeviceInitAssignWdmIrpPreprocessCallback(WdfDriverGlobals, DeviceInit, EvtDeviceWdmIrpPreprocess, MajorFunction, MinorFunctions, NumMinorFunctions);
}
#endif

/* ---- the device ---- */

WDF_IMPORT(WdfDeviceCreate)
NTSTATUS WdfImp_WdfDeviceCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT* DeviceInit, PWDF_OBJECT_ATTRIBUTES DeviceAttributes, WDFDEVICE* Device);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceCreate(
    _Inout_ PWDFDEVICE_INIT* DeviceInit,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES DeviceAttributes,
    _Out_ WDFDEVICE* Device
    )
{
    return WdfImp_WdfDeviceCreate(WdfDriverGlobals, DeviceInit, DeviceAttributes, Device);
}

WDF_IMPORT(WdfDeviceCreateDeviceInterface)
NTSTATUS WdfImp_WdfDeviceCreateDeviceInterface(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, CONST GUID* InterfaceClassGUID, PCUNICODE_STRING ReferenceString);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceCreateDeviceInterface(
    _In_ WDFDEVICE Device,
    _In_ CONST GUID* InterfaceClassGUID,
    _In_opt_ PCUNICODE_STRING ReferenceString
    )
{
    return WdfImp_WdfDeviceCreateDeviceInterface(WdfDriverGlobals, Device, InterfaceClassGUID, ReferenceString);
}

WDF_IMPORT(WdfDeviceSetDeviceInterfaceState)
VOID WdfImp_WdfDeviceSetDeviceInterfaceState(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, CONST GUID* InterfaceClassGUID, PCUNICODE_STRING ReferenceString, BOOLEAN IsInterfaceEnabled);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfDeviceSetDeviceInterfaceState(
    _In_ WDFDEVICE Device,
    _In_ CONST GUID* InterfaceClassGUID,
    _In_opt_ PCUNICODE_STRING ReferenceString,
    _In_ BOOLEAN IsInterfaceEnabled
    )
{
    WdfImp_WdfDeviceSetDeviceInterfaceState(WdfDriverGlobals, Device, InterfaceClassGUID, ReferenceString, IsInterfaceEnabled);
}

WDF_IMPORT(WdfDeviceRetrieveDeviceInterfaceString)
NTSTATUS WdfImp_WdfDeviceRetrieveDeviceInterfaceString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, CONST GUID* InterfaceClassGUID, PCUNICODE_STRING ReferenceString, WDFSTRING String);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceRetrieveDeviceInterfaceString(
    _In_ WDFDEVICE Device,
    _In_ CONST GUID* InterfaceClassGUID,
    _In_opt_ PCUNICODE_STRING ReferenceString,
    _In_ WDFSTRING String
    )
{
    return WdfImp_WdfDeviceRetrieveDeviceInterfaceString(WdfDriverGlobals, Device, InterfaceClassGUID, ReferenceString, String);
}

WDF_IMPORT(WdfDeviceCreateSymbolicLink)
NTSTATUS WdfImp_WdfDeviceCreateSymbolicLink(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PCUNICODE_STRING SymbolicLinkName);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceCreateSymbolicLink(
    _In_ WDFDEVICE Device,
    _In_ PCUNICODE_STRING SymbolicLinkName
    )
{
    return WdfImp_WdfDeviceCreateSymbolicLink(WdfDriverGlobals, Device, SymbolicLinkName);
}

WDF_IMPORT(WdfDeviceConfigureRequestDispatching)
NTSTATUS WdfImp_WdfDeviceConfigureRequestDispatching(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, WDFQUEUE Queue, WDF_REQUEST_TYPE RequestType);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceConfigureRequestDispatching(
    _In_ WDFDEVICE Device,
    _In_ WDFQUEUE Queue,
    _In_ WDF_REQUEST_TYPE RequestType
    )
{
    return WdfImp_WdfDeviceConfigureRequestDispatching(WdfDriverGlobals, Device, Queue, RequestType);
}

WDF_IMPORT(WdfDeviceGetDefaultQueue)
WDFQUEUE WdfImp_WdfDeviceGetDefaultQueue(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFQUEUE
WdfDeviceGetDefaultQueue(
    _In_ WDFDEVICE Device
    )
{
    return WdfImp_WdfDeviceGetDefaultQueue(WdfDriverGlobals, Device);
}

WDF_IMPORT(WdfDeviceGetDriver)
WDFDRIVER WdfImp_WdfDeviceGetDriver(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFDRIVER
WdfDeviceGetDriver(
    _In_ WDFDEVICE Device
    )
{
    return WdfImp_WdfDeviceGetDriver(WdfDriverGlobals, Device);
}

WDF_IMPORT(WdfDeviceGetIoTarget)
WDFIOTARGET WdfImp_WdfDeviceGetIoTarget(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFIOTARGET
WdfDeviceGetIoTarget(
    _In_ WDFDEVICE Device
    )
{
    return WdfImp_WdfDeviceGetIoTarget(WdfDriverGlobals, Device);
}

WDF_IMPORT(WdfDeviceGetDeviceState)
VOID WdfImp_WdfDeviceGetDeviceState(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_DEVICE_STATE DeviceState);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfDeviceGetDeviceState(
    _In_ WDFDEVICE Device,
    _Out_ PWDF_DEVICE_STATE DeviceState
    )
{
    WdfImp_WdfDeviceGetDeviceState(WdfDriverGlobals, Device, DeviceState);
}

WDF_IMPORT(WdfDeviceSetDeviceState)
VOID WdfImp_WdfDeviceSetDeviceState(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PWDF_DEVICE_STATE DeviceState);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfDeviceSetDeviceState(
    _In_ WDFDEVICE Device,
    _In_ PWDF_DEVICE_STATE DeviceState
    )
{
    WdfImp_WdfDeviceSetDeviceState(WdfDriverGlobals, Device, DeviceState);
}

WDF_IMPORT(WdfDeviceSetFailed)
VOID WdfImp_WdfDeviceSetFailed(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, WDF_DEVICE_FAILED_ACTION FailedAction);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfDeviceSetFailed(
    _In_ WDFDEVICE Device,
    _In_ WDF_DEVICE_FAILED_ACTION FailedAction
    )
{
    WdfImp_WdfDeviceSetFailed(WdfDriverGlobals, Device, FailedAction);
}

WDF_IMPORT(WdfDeviceQueryProperty)
NTSTATUS WdfImp_WdfDeviceQueryProperty(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceQueryProperty(
    _In_ WDFDEVICE Device,
    _In_ DEVICE_REGISTRY_PROPERTY DeviceProperty,
    _In_ ULONG BufferLength,
    _Out_writes_bytes_opt_(BufferLength) PVOID PropertyBuffer,
    _Out_ PULONG ResultLength
    )
{
    return WdfImp_WdfDeviceQueryProperty(WdfDriverGlobals, Device, DeviceProperty, BufferLength, PropertyBuffer, ResultLength);
}

WDF_IMPORT(WdfDeviceAllocAndQueryProperty)
NTSTATUS WdfImp_WdfDeviceAllocAndQueryProperty(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, DEVICE_REGISTRY_PROPERTY DeviceProperty, POOL_TYPE PoolType, PWDF_OBJECT_ATTRIBUTES PropertyMemoryAttributes, WDFMEMORY* PropertyMemory);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceAllocAndQueryProperty(
    _In_ WDFDEVICE Device,
    _In_ DEVICE_REGISTRY_PROPERTY DeviceProperty,
    _In_ POOL_TYPE PoolType,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES PropertyMemoryAttributes,
    _Out_ WDFMEMORY* PropertyMemory
    )
{
    return WdfImp_WdfDeviceAllocAndQueryProperty(WdfDriverGlobals, Device, DeviceProperty, PoolType, PropertyMemoryAttributes, PropertyMemory);
}

WDF_IMPORT(WdfDeviceOpenRegistryKey)
NTSTATUS WdfImp_WdfDeviceOpenRegistryKey(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, ULONG DeviceInstanceKeyType, ACCESS_MASK DesiredAccess, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY* Key);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceOpenRegistryKey(
    _In_ WDFDEVICE Device,
    _In_ ULONG DeviceInstanceKeyType,
    _In_ ACCESS_MASK DesiredAccess,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES KeyAttributes,
    _Out_ WDFKEY* Key
    )
{
    return WdfImp_WdfDeviceOpenRegistryKey(WdfDriverGlobals, Device, DeviceInstanceKeyType, DesiredAccess, KeyAttributes, Key);
}

#if WDF_IS_KMDF
WDF_IMPORT(WdfDeviceGetFileObject)
WDFFILEOBJECT WdfImp_WdfDeviceGetFileObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PFILE_OBJECT FileObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFFILEOBJECT
WdfDeviceGetFileObject(
    _In_ WDFDEVICE Device,
    _In_ PFILE_OBJECT FileObject
    )
{
    return WdfImp_WdfDeviceGetFileObject(WdfDriverGlobals, Device, FileObject);
}

WDF_IMPORT(WdfDeviceWdmGetDeviceObject)
PDEVICE_OBJECT WdfImp_WdfDeviceWdmGetDeviceObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PDEVICE_OBJECT
WdfDeviceWdmGetDeviceObject(
    _In_ WDFDEVICE Device
    )
{
    return WdfImp_WdfDeviceWdmGetDeviceObject(WdfDriverGlobals, Device);
}

WDF_IMPORT(WdfDeviceWdmGetAttachedDevice)
PDEVICE_OBJECT WdfImp_WdfDeviceWdmGetAttachedDevice(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PDEVICE_OBJECT
WdfDeviceWdmGetAttachedDevice(
    _In_ WDFDEVICE Device
    )
{
    return WdfImp_WdfDeviceWdmGetAttachedDevice(WdfDriverGlobals, Device);
}

WDF_IMPORT(WdfDeviceWdmGetPhysicalDevice)
PDEVICE_OBJECT WdfImp_WdfDeviceWdmGetPhysicalDevice(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PDEVICE_OBJECT
WdfDeviceWdmGetPhysicalDevice(
    _In_ WDFDEVICE Device
    )
{
    return WdfImp_WdfDeviceWdmGetPhysicalDevice(WdfDriverGlobals, Device);
}

WDF_IMPORT(WdfWdmDeviceGetWdfDeviceHandle)
WDFDEVICE WdfImp_WdfWdmDeviceGetWdfDeviceHandle(PWDF_DRIVER_GLOBALS DriverGlobals, PDEVICE_OBJECT DeviceObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFDEVICE
WdfWdmDeviceGetWdfDeviceHandle(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    return WdfImp_WdfWdmDeviceGetWdfDeviceHandle(WdfDriverGlobals, DeviceObject);
}

WDF_IMPORT(WdfDeviceWdmDispatchPreprocessedIrp)
NTSTATUS WdfImp_WdfDeviceWdmDispatchPreprocessedIrp(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device, PIRP Irp);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfDeviceWdmDispatchPreprocessedIrp(
    _In_ WDFDEVICE Device,
    _In_ PIRP Irp
    )
{
    return WdfImp_WdfDeviceWdmDispatchPreprocessedIrp(WdfDriverGlobals, Device, Irp);
}
#endif

WDF_EXTERN_C_END

#endif /* _WDFDEVICE_H_ */
