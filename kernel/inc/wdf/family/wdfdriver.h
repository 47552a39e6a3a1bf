/*
 * wdfdriver.h - the framework driver object: created once in DriverEntry
 * with WdfDriverCreate; it owns the EvtDriverDeviceAdd and EvtDriverUnload
 * callbacks and is the parent of every other object the driver creates.
 */
#ifndef _WDFDRIVER_H_
#define _WDFDRIVER_H_

WDF_EXTERN_C_START

typedef enum _WDF_DRIVER_INIT_FLAGS {
    /* A legacy (non-PnP) driver: no EvtDriverDeviceAdd. */
    WdfDriverInitNonPnpDriver = 0x00000001,
    /* Do not take over the driver object's dispatch table. */
    WdfDriverInitNoDispatchOverride = 0x00000002,
    WdfVerifyOn = 0x00000004,
    WdfVerifierOn = 0x00000008,
} WDF_DRIVER_INIT_FLAGS;


typedef _Function_class_(EVT_WDF_DRIVER_DEVICE_ADD)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
EVT_WDF_DRIVER_DEVICE_ADD(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    );
typedef EVT_WDF_DRIVER_DEVICE_ADD *PFN_WDF_DRIVER_DEVICE_ADD;

typedef _Function_class_(EVT_WDF_DRIVER_UNLOAD)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DRIVER_UNLOAD(
    _In_ WDFDRIVER Driver
    );
typedef EVT_WDF_DRIVER_UNLOAD *PFN_WDF_DRIVER_UNLOAD;

typedef struct _WDF_DRIVER_CONFIG {
    /* sizeof(WDF_DRIVER_CONFIG). */
    ULONG Size;

    /* Called for each device PnP reports for this driver. */
    PFN_WDF_DRIVER_DEVICE_ADD EvtDriverDeviceAdd;

    /* Called before the driver image is unloaded. */
    PFN_WDF_DRIVER_UNLOAD EvtDriverUnload;

    /* WDF_DRIVER_INIT_FLAGS. */
    ULONG DriverInitFlags;

    /* Pool tag for the framework's allocations on the driver's behalf
     * (0: derived from the driver's name). */
    ULONG DriverPoolTag;
} WDF_DRIVER_CONFIG, *PWDF_DRIVER_CONFIG;

FORCEINLINE
VOID
WDF_DRIVER_CONFIG_INIT(
    _Out_ PWDF_DRIVER_CONFIG Config,
    _In_opt_ PFN_WDF_DRIVER_DEVICE_ADD EvtDriverDeviceAdd
    )
{
    RtlZeroMemory(Config, sizeof(WDF_DRIVER_CONFIG));
    Config->Size = sizeof(WDF_DRIVER_CONFIG);
    Config->EvtDriverDeviceAdd = EvtDriverDeviceAdd;
}

typedef struct _WDF_DRIVER_VERSION_AVAILABLE_PARAMS {
    ULONG Size;
    ULONG MajorVersion;
    ULONG MinorVersion;
} WDF_DRIVER_VERSION_AVAILABLE_PARAMS, *PWDF_DRIVER_VERSION_AVAILABLE_PARAMS;

FORCEINLINE
VOID
WDF_DRIVER_VERSION_AVAILABLE_PARAMS_INIT(
    _Out_ PWDF_DRIVER_VERSION_AVAILABLE_PARAMS Params,
    _In_ ULONG MajorVersion,
    _In_ ULONG MinorVersion
    )
{
    RtlZeroMemory(Params, sizeof(WDF_DRIVER_VERSION_AVAILABLE_PARAMS));
    Params->Size = sizeof(WDF_DRIVER_VERSION_AVAILABLE_PARAMS);
    Params->MajorVersion = MajorVersion;
    Params->MinorVersion = MinorVersion;
}

/* The driver object WdfDriverCreate made, without passing it around. */
#define WdfGetDriver() (WdfDriverGlobals->Driver)

WDF_IMPORT(WdfDriverCreate)
NTSTATUS WdfImp_WdfDriverCreate(PWDF_DRIVER_GLOBALS DriverGlobals, PDRIVER_OBJECT DriverObject, PCUNICODE_STRING RegistryPath, PWDF_OBJECT_ATTRIBUTES DriverAttributes, PWDF_DRIVER_CONFIG DriverConfig, WDFDRIVER* Driver);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDriverCreate(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PCUNICODE_STRING RegistryPath,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES DriverAttributes,
    _In_ PWDF_DRIVER_CONFIG DriverConfig,
    _Out_opt_ WDFDRIVER* Driver
    )
{
    return WdfImp_WdfDriverCreate(WdfDriverGlobals, DriverObject, RegistryPath, DriverAttributes, DriverConfig, Driver);
}

WDF_IMPORT(WdfDriverGetRegistryPath)
PWSTR WdfImp_WdfDriverGetRegistryPath(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
PWSTR
WdfDriverGetRegistryPath(
    _In_ WDFDRIVER Driver
    )
{
    return WdfImp_WdfDriverGetRegistryPath(WdfDriverGlobals, Driver);
}

WDF_IMPORT(WdfDriverOpenParametersRegistryKey)
NTSTATUS WdfImp_WdfDriverOpenParametersRegistryKey(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver, ACCESS_MASK DesiredAccess, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY* Key);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDriverOpenParametersRegistryKey(
    _In_ WDFDRIVER Driver,
    _In_ ACCESS_MASK DesiredAccess,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES KeyAttributes,
    _Out_ WDFKEY* Key
    )
{
    return WdfImp_WdfDriverOpenParametersRegistryKey(WdfDriverGlobals, Driver, DesiredAccess, KeyAttributes, Key);
}

WDF_IMPORT(WdfDriverRetrieveVersionString)
NTSTATUS WdfImp_WdfDriverRetrieveVersionString(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver, WDFSTRING String);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfDriverRetrieveVersionString(
    _In_ WDFDRIVER Driver,
    _In_ WDFSTRING String
    )
{
    return WdfImp_WdfDriverRetrieveVersionString(WdfDriverGlobals, Driver, String);
}

WDF_IMPORT(WdfDriverIsVersionAvailable)
BOOLEAN WdfImp_WdfDriverIsVersionAvailable(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver, PWDF_DRIVER_VERSION_AVAILABLE_PARAMS VersionAvailableParams);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
BOOLEAN
WdfDriverIsVersionAvailable(
    _In_ WDFDRIVER Driver,
    _In_ PWDF_DRIVER_VERSION_AVAILABLE_PARAMS VersionAvailableParams
    )
{
    return WdfImp_WdfDriverIsVersionAvailable(WdfDriverGlobals, Driver, VersionAvailableParams);
}

#if WDF_IS_KMDF
WDF_IMPORT(WdfDriverWdmGetDriverObject)
PDRIVER_OBJECT WdfImp_WdfDriverWdmGetDriverObject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PDRIVER_OBJECT
WdfDriverWdmGetDriverObject(
    _In_ WDFDRIVER Driver
    )
{
    return WdfImp_WdfDriverWdmGetDriverObject(WdfDriverGlobals, Driver);
}

WDF_IMPORT(WdfWdmDriverGetWdfDriverHandle)
WDFDRIVER WdfImp_WdfWdmDriverGetWdfDriverHandle(PWDF_DRIVER_GLOBALS DriverGlobals, PDRIVER_OBJECT DriverObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFDRIVER
WdfWdmDriverGetWdfDriverHandle(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    return WdfImp_WdfWdmDriverGetWdfDriverHandle(WdfDriverGlobals, DriverObject);
}
#endif

WDF_EXTERN_C_END

#endif /* _WDFDRIVER_H_ */
