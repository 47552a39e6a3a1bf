/*
 * wdfcontrol.h - control devices (KMDF only): a device object that is not
 * part of a PnP stack, e.g. for a legacy driver or a side channel. The
 * driver builds its WDFDEVICE_INIT itself and says when it is ready.
 */
#ifndef _WDFCONTROL_H_
#define _WDFCONTROL_H_

#if WDF_IS_KMDF

WDF_EXTERN_C_START

typedef enum _WDF_DEVICE_SHUTDOWN_FLAGS {
    WdfDeviceShutdown = 0x01,
    WdfDeviceLastChanceShutdown = 0x02,
} WDF_DEVICE_SHUTDOWN_FLAGS;

typedef _Function_class_(EVT_WDF_DEVICE_SHUTDOWN_NOTIFICATION)
_IRQL_requires_same_
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
EVT_WDF_DEVICE_SHUTDOWN_NOTIFICATION(
    _In_ WDFDEVICE Device
    );
typedef EVT_WDF_DEVICE_SHUTDOWN_NOTIFICATION *PFN_WDF_DEVICE_SHUTDOWN_NOTIFICATION;

WDF_IMPORT(WdfControlDeviceInitAllocate)
PWDFDEVICE_INIT WdfImp_WdfControlDeviceInitAllocate(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDRIVER Driver, CONST UNICODE_STRING* SDDLString);

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
PWDFDEVICE_INIT
WdfControlDeviceInitAllocate(
    _In_ WDFDRIVER Driver,
    _In_ CONST UNICODE_STRING* SDDLString
    )
{
    return WdfImp_WdfControlDeviceInitAllocate(WdfDriverGlobals, Driver, SDDLString);
}

WDF_IMPORT(WdfControlDeviceInitSetShutdownNotification)
VOID WdfImp_WdfControlDeviceInitSetShutdownNotification(PWDF_DRIVER_GLOBALS DriverGlobals, PWDFDEVICE_INIT DeviceInit, PFN_WDF_DEVICE_SHUTDOWN_NOTIFICATION Notification, UCHAR Flags);

_IRQL_requires_max_(PASSIVE_LEVEL)
FORCEINLINE
VOID
WdfControlDeviceInitSetShutdownNotification(
    _In_ PWDFDEVICE_INIT DeviceInit,
    _In_ PFN_WDF_DEVICE_SHUTDOWN_NOTIFICATION Notification,
    _In_ UCHAR Flags
    )
{
    WdfImp_WdfControlDeviceInitSetShutdownNotification(WdfDriverGlobals, DeviceInit, Notification, Flags);
}

WDF_IMPORT(WdfControlFinishInitializing)
VOID WdfImp_WdfControlFinishInitializing(PWDF_DRIVER_GLOBALS DriverGlobals, WDFDEVICE Device);

_IRQL_requires_max_(DISPATCH_LEVEL)
FORCEINLINE
VOID
WdfControlFinishInitializing(
    _In_ WDFDEVICE Device
    )
{
    WdfImp_WdfControlFinishInitializing(WdfDriverGlobals, Device);
}

WDF_EXTERN_C_END

#endif /* WDF_IS_KMDF */

#endif /* _WDFCONTROL_H_ */
