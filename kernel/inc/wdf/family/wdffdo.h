/*
 * wdffdo.h - function and filter drivers: what an FDO's EvtDriverDeviceAdd
 * may ask of its WDFDEVICE_INIT before WdfDeviceCreate.
 */
#ifndef _WDFFDO_H_
#define _WDFFDO_H_

WDF_EXTERN_C_START

/* Makes the device a filter: requests it has no queue for pass down. */
WDF_IMPORT(WdfFdoInitSetFilter)
VOID WdfImp_WdfFdoInitSetFilter(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfFdoInitSetFilter(
    _In_ PWDFDEVICE_INIT DeviceInit
    )
{
    WdfImp_WdfFdoInitSetFilter(WdfDriverGlobals, DeviceInit);
}

WDF_IMPORT(WdfFdoInitOpenRegistryKey)
NTSTATUS WdfImp_WdfFdoInitOpenRegistryKey(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, ULONG DeviceInstanceKeyType, ACCESS_MASK DesiredAccess, PWDF_OBJECT_ATTRIBUTES KeyAttributes, WDFKEY* Key);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfFdoInitOpenRegistryKey(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ ULONG DeviceInstanceKeyType,
    _In_ ACCESS_MASK DesiredAccess,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES KeyAttributes,
    _Out_ WDFKEY* Key
    )
{
    return WdfImp_WdfFdoInitOpenRegistryKey(WdfDriverGlobals, DeviceInit, DeviceInstanceKeyType, DesiredAccess, KeyAttributes, Key);
}

WDF_IMPORT(WdfFdoInitQueryProperty)
NTSTATUS WdfImp_WdfFdoInitQueryProperty(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfFdoInitQueryProperty(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ DEVICE_REGISTRY_PROPERTY DeviceProperty,
    _In_ ULONG BufferLength,
    _Out_writes_bytes_opt_(BufferLength) PVOID PropertyBuffer,
    _Out_ PULONG ResultLength
    )
{
    return WdfImp_WdfFdoInitQueryProperty(WdfDriverGlobals, DeviceInit, DeviceProperty, BufferLength, PropertyBuffer, ResultLength);
}

WDF_IMPORT(WdfFdoInitAllocAndQueryProperty)
NTSTATUS WdfImp_WdfFdoInitAllocAndQueryProperty(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, DEVICE_REGISTRY_PROPERTY DeviceProperty, POOL_TYPE PoolType, PWDF_OBJECT_ATTRIBUTES PropertyMemoryAttributes, WDFMEMORY* PropertyMemory);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfFdoInitAllocAndQueryProperty(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ DEVICE_REGISTRY_PROPERTY DeviceProperty,
    _In_ POOL_TYPE PoolType,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES PropertyMemoryAttributes,
    _Out_ WDFMEMORY* PropertyMemory
    )
{
    return WdfImp_WdfFdoInitAllocAndQueryProperty(WdfDriverGlobals, DeviceInit, DeviceProperty, PoolType, PropertyMemoryAttributes, PropertyMemory);
}

#if WDF_IS_KMDF
WDF_IMPORT(WdfFdoInitWdmGetPhysicalDevice)
PDEVICE_OBJECT WdfImp_WdfFdoInitWdmGetPhysicalDevice(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
PDEVICE_OBJECT
WdfFdoInitWdmGetPhysicalDevice(
    _In_ PWDFDEVICE_INIT DeviceInit
    )
{
    return WdfImp_WdfFdoInitWdmGetPhysicalDevice(WdfDriverGlobals, DeviceInit);
}

WDF_IMPORT(WdfFdoInitSetDefaultChildListConfig)
VOID WdfImp_WdfFdoInitSetDefaultChildListConfig(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PWDF_CHILD_LIST_CONFIG Config, PWDF_OBJECT_ATTRIBUTES DefaultChildListAttributes);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfFdoInitSetDefaultChildListConfig(
    _Inout_ PWDFDEVICE_INIT DeviceInit,
    _In_ PWDF_CHILD_LIST_CONFIG Config,
    _In_opt_ PWDF_OBJECT_ATTRIBUTES DefaultChildListAttributes
    )
{
    WdfImp_WdfFdoInitSetDefaultChildListConfig(WdfDriverGlobals, DeviceInit, Config, DefaultChildListAttributes);
}

WDF_IMPORT(WdfFdoGetDefaultChildList)
WDFCHILDLIST WdfImp_WdfFdoGetDefaultChildList(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Fdo);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFCHILDLIST
WdfFdoGetDefaultChildList(
    _In_ WDFDEVICE Fdo
    )
{
    return WdfImp_WdfFdoGetDefaultChildList(WdfDriverGlobals, Fdo);
}
#endif

WDF_EXTERN_C_END

#endif /* _WDFFDO_H_ */
