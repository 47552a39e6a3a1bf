/*
 * wdfpdo.h - bus drivers (KMDF only): building the WDFDEVICE_INIT of a
 * child device (its IDs and text) and reporting it missing or ejecting it.
 */
#ifndef _WDFPDO_H_
#define _WDFPDO_H_

#if WDF_IS_KMDF

WDF_EXTERN_C_START

WDF_IMPORT(WdfPdoInitAllocate)
PWDFDEVICE_INIT WdfImp_WdfPdoInitAllocate(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE ParentDevice);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
PWDFDEVICE_INIT
WdfPdoInitAllocate(
    _In_ WDFDEVICE ParentDevice
    )
{
    return WdfImp_WdfPdoInitAllocate(WdfDriverGlobals, ParentDevice);
}

WDF_IMPORT(WdfPdoInitAssignDeviceID)
NTSTATUS WdfImp_WdfPdoInitAssignDeviceID(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING DeviceID);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfPdoInitAssignDeviceID(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PCUNICODE_STRING DeviceID
    )
{
    return WdfImp_WdfPdoInitAssignDeviceID(WdfDriverGlobals, DeviceInit, DeviceID);
}

WDF_IMPORT(WdfPdoInitAssignInstanceID)
NTSTATUS WdfImp_WdfPdoInitAssignInstanceID(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING InstanceID);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfPdoInitAssignInstanceID(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PCUNICODE_STRING InstanceID
    )
{
    return WdfImp_WdfPdoInitAssignInstanceID(WdfDriverGlobals, DeviceInit, InstanceID);
}

WDF_IMPORT(WdfPdoInitAddHardwareID)
NTSTATUS WdfImp_WdfPdoInitAddHardwareID(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING HardwareID);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfPdoInitAddHardwareID(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PCUNICODE_STRING HardwareID
    )
{
    return WdfImp_WdfPdoInitAddHardwareID(WdfDriverGlobals, DeviceInit, HardwareID);
}

WDF_IMPORT(WdfPdoInitAddCompatibleID)
NTSTATUS WdfImp_WdfPdoInitAddCompatibleID(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING CompatibleID);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfPdoInitAddCompatibleID(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PCUNICODE_STRING CompatibleID
    )
{
    return WdfImp_WdfPdoInitAddCompatibleID(WdfDriverGlobals, DeviceInit, CompatibleID);
}

WDF_IMPORT(WdfPdoInitAddDeviceText)
NTSTATUS WdfImp_WdfPdoInitAddDeviceText(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PCUNICODE_STRING DeviceDescription, PCUNICODE_STRING DeviceLocation, LCID LocaleId);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
NTSTATUS
WdfPdoInitAddDeviceText(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PCUNICODE_STRING DeviceDescription,
    _In_ PCUNICODE_STRING DeviceLocation,
    _In_ LCID LocaleId
    )
{
    return WdfImp_WdfPdoInitAddDeviceText(WdfDriverGlobals, DeviceInit, DeviceDescription, DeviceLocation, LocaleId);
}

WDF_IMPORT(WdfPdoInitSetDefaultLocale)
VOID WdfImp_WdfPdoInitSetDefaultLocale(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, LCID LocaleId);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfPdoInitSetDefaultLocale(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ LCID LocaleId
    )
{
    WdfImp_WdfPdoInitSetDefaultLocale(WdfDriverGlobals, DeviceInit, LocaleId);
}

WDF_IMPORT(WdfPdoMarkMissing)
NTSTATUS WdfImp_WdfPdoMarkMissing(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
NTSTATUS
WdfPdoMarkMissing(
    _In_ WDFDEVICE Device
    )
{
    return WdfImp_WdfPdoMarkMissing(WdfDriverGlobals, Device);
}

WDF_IMPORT(WdfPdoRequestEject)
VOID WdfImp_WdfPdoRequestEject(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfPdoRequestEject(
    _In_ WDFDEVICE Device
    )
{
    WdfImp_WdfPdoRequestEject(WdfDriverGlobals, Device);
}

WDF_IMPORT(WdfPdoGetParent)
WDFDEVICE WdfImp_WdfPdoGetParent(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
WDFDEVICE
WdfPdoGetParent(
    _In_ WDFDEVICE Device
    )
{
    return WdfImp_WdfPdoGetParent(WdfDriverGlobals, Device);
}

WDF_EXTERN_C_END

#endif /* WDF_IS_KMDF */

#endif /* _WDFPDO_H_ */
