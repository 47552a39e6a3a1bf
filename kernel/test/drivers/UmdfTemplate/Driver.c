/*++

Module Name:

    driver.c

Abstract:

    The driver's entry point and its driver-wide callbacks.

Environment:

    User-mode Driver Framework 2

--*/

#include "driver.h"
#include "driver.tmh"

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Called by the UMDF host process (WUDFHost.exe) when it loads the
    driver. Starts WPP tracing and creates the framework driver object.

Arguments:

    DriverObject - the driver object the host created for this driver.

    RegistryPath - the driver's service key in the registry.

Return Value:

    STATUS_SUCCESS, or the error that kept the driver from initializing.

--*/
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;

    //
    // Start tracing first so that everything after it can log.
    //
    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    //
    // The cleanup callback stops tracing when the driver object goes away.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = UmdfTemplateEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config,
                           UmdfTemplateEvtDeviceAdd
                           );

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             WDF_NO_HANDLE
                             );

    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");

    return status;
}

NTSTATUS
UmdfTemplateEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
/*++
Routine Description:

    Called by the framework when PnP finds a device this driver serves.
    Creates the device object for it.

Arguments:

    Driver - the framework driver object created in DriverEntry.

    DeviceInit - the framework's device-initialization data.

Return Value:

    NTSTATUS

--*/
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    status = UmdfTemplateCreateDevice(DeviceInit);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");

    return status;
}

VOID
UmdfTemplateEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
/*++
Routine Description:

    Releases what DriverEntry set up, here the WPP tracing session,
    when the framework deletes the driver object.

Arguments:

    DriverObject - the framework driver object.

Return Value:

    VOID.

--*/
{
    UNREFERENCED_PARAMETER(DriverObject);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    //
    // Stop WPP tracing
    //
    WPP_CLEANUP(DriverObject);
}
