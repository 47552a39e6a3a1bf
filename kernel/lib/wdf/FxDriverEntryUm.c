/*
 * FxDriverEntryUm.c - the UMDF 2 driver-entry stub, linked into every UMDF
 * image (the part of the real WdfDriverStubUm.lib a driver meets).
 *
 * The host process calls FxDriverEntryUm, not the driver's DriverEntry:
 * it binds the image to the framework (WUDFx02000.dll), which fills in
 * WdfDriverGlobals, then calls DriverEntry. If DriverEntry fails the
 * binding is undone. In user mode the driver object is opaque, so there is
 * no unload routine to chain: the framework calls EvtDriverUnload itself
 * and unbinds (with the bind info it was given) when the host unloads the
 * driver.
 */
#include <windows.h>
#include <wdf.h>
#include <wdfldr.h>

/* The driver's own entry point (Driver.c). */
DRIVER_INITIALIZE DriverEntry;

/* Set by WdfVersionBind; every WDF API wrapper passes it to the framework. */
PWDF_DRIVER_GLOBALS WdfDriverGlobals = NULL;

/* The version this image was compiled against, told to the framework. */
WDF_BIND_INFO WdfBindInfo = {
    sizeof(WDF_BIND_INFO),
    WDF_FRAMEWORK_COMPONENT,
    { UMDF_VERSION_MAJOR, UMDF_VERSION_MINOR, 0 },
    0,
    NULL,
    NULL,
};

DRIVER_INITIALIZE FxDriverEntryUm;

NTSTATUS
FxDriverEntryUm(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    if (DriverObject == NULL || RegistryPath == NULL) {
        return STATUS_INVALID_PARAMETER;
    }

    status = WdfVersionBind(DriverObject, RegistryPath, &WdfBindInfo, &WdfDriverGlobals);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = DriverEntry(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        WdfVersionUnbind(RegistryPath, &WdfBindInfo, WdfDriverGlobals);
    }

    return status;
}
